// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.transport;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class HandshakeAdmissionTest {

    /** Stands in for the Noise handshake handler: records what reaches it. */
    private static final class Recorder extends ChannelInboundHandlerAdapter {
        final List<Object> frames = new ArrayList<>();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            frames.add(msg);
        }
    }

    @Test
    void message1ReadBeforeAdmissionWaitsAndReachesTheHandshakeOnAdmission() {
        HandshakeGate gate = new HandshakeGate(1, 10);
        gate.arrive(() -> { }); // another connection holds the only slot
        Recorder handshake = new Recorder();
        EmbeddedChannel channel = new EmbeddedChannel(new HandshakeAdmission(gate, () -> handshake));

        byte[] message1 = new byte[32];
        channel.writeInbound((Object) message1);
        assertThat(handshake.frames).as("not admitted yet").isEmpty();
        assertThat(gate.queued()).isEqualTo(1);

        gate.release();
        assertThat(handshake.frames).containsExactly(message1);
        assertThat(channel.config().isAutoRead()).isTrue();
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void aSecondFrameBeforeTheServerAnsweredClosesTheConnection() {
        HandshakeGate gate = new HandshakeGate(1, 10);
        gate.arrive(() -> { });
        EmbeddedChannel channel = new EmbeddedChannel(new HandshakeAdmission(gate, Recorder::new));

        channel.writeInbound((Object) new byte[32]);
        channel.writeInbound((Object) new byte[32]);

        assertThat(channel.isOpen()).isFalse();
    }
}
