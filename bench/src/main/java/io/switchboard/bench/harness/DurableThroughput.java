// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.bench.harness;

import io.switchboard.client.SwitchboardClient;
import org.HdrHistogram.Recorder;
import org.HdrHistogram.Histogram;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * 1:1 throughput with durable acks: P sender/recipient pairs, each sender keeps W messages in flight for D seconds.
 * Reports acks per second (one check: durable on the server) and the send-to-ack and send-to-delivery latency
 * percentiles (HdrHistogram; sender and recipient live in this process, so one clock times both).
 * Usage: {@code DurableThroughput [pairs=50] [window=20] [seconds=20]}.
 */
public final class DurableThroughput {

    public static void main(String[] args) throws Exception {
        int pairs = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        int window = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        Path dir = Files.createTempDirectory("sb-throughput");
        try (HarnessClients harness = HarnessClients.start(dir, List.of("-Xmx1g", "-XX:+UseParallelGC"))) {
            harness.register(2 * pairs, 0, 32);
            Recorder ackLatency = new Recorder(3);
            Recorder deliveryLatency = new Recorder(3);
            ConcurrentHashMap<String, Long> sentAt = new ConcurrentHashMap<>();
            AtomicLong acked = new AtomicLong();
            AtomicLong delivered = new AtomicLong();
            for (int p = 0; p < pairs; p++) {
                harness.clients.get(2 * p + 1).onMessage(m -> {
                    Long t0 = sentAt.remove(m.text());
                    if (t0 != null) {
                        deliveryLatency.recordValue((System.nanoTime() - t0) / 1000);
                        delivered.incrementAndGet();
                    }
                });
            }
            long warmupEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
            long end = warmupEnd + TimeUnit.SECONDS.toNanos(seconds);
            List<Thread> senders = new ArrayList<>();
            for (int p = 0; p < pairs; p++) {
                SwitchboardClient sender = harness.clients.get(2 * p);
                var recipient = harness.users.get(2 * p + 1);
                int pair = p;
                Thread t = new Thread(() -> {
                    Semaphore inFlight = new Semaphore(window);
                    long i = 0;
                    while (System.nanoTime() < end) {
                        inFlight.acquireUninterruptibly();
                        String text = pair + ":" + i++;
                        long t0 = System.nanoTime();
                        sentAt.put(text, t0);
                        CompletableFuture<?> ack = sender.send(recipient, text);
                        ack.whenComplete((ok, failure) -> {
                            inFlight.release();
                            if (failure == null && t0 > warmupEnd) {
                                ackLatency.recordValue((System.nanoTime() - t0) / 1000);
                                acked.incrementAndGet();
                            }
                        });
                    }
                });
                t.start();
                senders.add(t);
            }
            Thread.sleep(TimeUnit.NANOSECONDS.toMillis(warmupEnd - System.nanoTime()));
            ackLatency.reset();
            deliveryLatency.reset();
            long deliveredAtStart = delivered.get();
            for (Thread t : senders) {
                t.join();
            }
            Histogram acks = ackLatency.getIntervalHistogram();
            Histogram deliveries = deliveryLatency.getIntervalHistogram();
            System.out.printf("pairs %d, window %d, %d s: %.0f durable acks/s, %.0f deliveries/s%n", pairs, window,
                    seconds, acked.get() / (double) seconds, (delivered.get() - deliveredAtStart) / (double) seconds);
            System.out.printf("send->ack (one check) ms: p50 %.2f  p99 %.2f  p99.9 %.2f  max %.2f%n",
                    acks.getValueAtPercentile(50) / 1000.0, acks.getValueAtPercentile(99) / 1000.0,
                    acks.getValueAtPercentile(99.9) / 1000.0, acks.getMaxValue() / 1000.0);
            System.out.printf("send->delivered ms: p50 %.2f  p99 %.2f  p99.9 %.2f  max %.2f%n",
                    deliveries.getValueAtPercentile(50) / 1000.0, deliveries.getValueAtPercentile(99) / 1000.0,
                    deliveries.getValueAtPercentile(99.9) / 1000.0, deliveries.getMaxValue() / 1000.0);
        }
    }
}
