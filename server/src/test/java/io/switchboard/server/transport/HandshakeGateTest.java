// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.transport;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class HandshakeGateTest {

    @Test
    void connectionsPastTheLimitWaitAndAreAdmittedInArrivalOrderAsSlotsFree() {
        HandshakeGate gate = new HandshakeGate(2, 10);
        List<Integer> admitted = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int n = i;
            assertThat(gate.arrive(() -> admitted.add(n))).isTrue();
        }
        assertThat(admitted).containsExactly(0, 1);
        assertThat(gate.inFlight()).isEqualTo(2);
        assertThat(gate.queued()).isEqualTo(3);

        gate.release();
        assertThat(admitted).containsExactly(0, 1, 2);
        gate.release();
        gate.release();
        assertThat(admitted).containsExactly(0, 1, 2, 3, 4);
        assertThat(gate.queued()).isZero();
        assertThat(gate.inFlight()).isEqualTo(2);
    }

    @Test
    void aConnectionArrivingToAFullQueueIsRefusedAndHoldsNothing() {
        HandshakeGate gate = new HandshakeGate(1, 1);
        assertThat(gate.arrive(() -> { })).isTrue();
        assertThat(gate.arrive(() -> { })).isTrue();
        assertThat(gate.arrive(() -> { })).as("the queue holds one").isFalse();
        assertThat(gate.refused()).isEqualTo(1);
        assertThat(gate.inFlight()).isEqualTo(1);
        assertThat(gate.queued()).isEqualTo(1);
    }

    @Test
    void underConcurrentArrivalsAndReleasesTheLimitHoldsAndEveryConnectionIsAdmittedOnce() throws Exception {
        int limit = 4;
        int connections = 20_000;
        HandshakeGate gate = new HandshakeGate(limit, connections);
        AtomicInteger holding = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        List<Integer> admittedIds = Collections.synchronizedList(new ArrayList<>());
        ExecutorService handshakes = Executors.newFixedThreadPool(4);
        CountDownLatch allDone = new CountDownLatch(connections);
        ExecutorService arrivals = Executors.newFixedThreadPool(4);
        try {
            for (int i = 0; i < connections; i++) {
                int id = i;
                arrivals.execute(() -> gate.arrive(() -> {
                    most.accumulateAndGet(holding.incrementAndGet(), Math::max);
                    admittedIds.add(id);
                    // The handshake finishes on another thread, as it would on the channel's event loop.
                    handshakes.execute(() -> {
                        holding.decrementAndGet();
                        gate.release();
                        allDone.countDown();
                    });
                }));
            }
            assertThat(allDone.await(60, TimeUnit.SECONDS)).as("every connection admitted and done").isTrue();
        } finally {
            arrivals.shutdownNow();
            handshakes.shutdownNow();
        }
        assertThat(most.get()).isLessThanOrEqualTo(limit);
        assertThat(admittedIds).hasSize(connections).doesNotHaveDuplicates();
        assertThat(gate.inFlight()).isZero();
        assertThat(gate.queued()).isZero();
    }
}
