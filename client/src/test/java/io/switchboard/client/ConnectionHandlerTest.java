// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.client;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.timeout.IdleStateHandler;
import io.switchboard.protocol.node.Node;
import io.switchboard.transport.PipelineNames;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class ConnectionHandlerTest {

    private static EmbeddedChannel channel(long pingSeconds, CompletableFuture<Node> firstReply) {
        EmbeddedChannel channel = new EmbeddedChannel();
        channel.pipeline().addLast(PipelineNames.IDLE_STATE_HANDLER,
                new IdleStateHandler(2 * pingSeconds, pingSeconds, 0, TimeUnit.SECONDS));
        channel.pipeline().addLast(PipelineNames.SESSION_HANDLER, new ConnectionHandler(null, firstReply));
        return channel;
    }

    private static long writerIdleMillis(EmbeddedChannel channel) {
        return ((IdleStateHandler) channel.pipeline().get(PipelineNames.IDLE_STATE_HANDLER))
                .getWriterIdleTimeInMillis();
    }

    @Test
    void aShorterPingIntervalAnnouncedAtLoginIsAdopted() {
        CompletableFuture<Node> reply = new CompletableFuture<>();
        EmbeddedChannel channel = channel(60, reply);
        channel.writeInbound(Node.builder("success").attr("user", "15551230001@s.switchboard").attr("ping", "20")
                .build());
        assertThat(reply).isDone();
        assertThat(writerIdleMillis(channel)).isEqualTo(20_000);
    }

    @Test
    void aLongerAnnouncedIntervalKeepsTheClientsOwn() {
        EmbeddedChannel channel = channel(60, new CompletableFuture<>());
        channel.writeInbound(Node.builder("success").attr("ping", "300").build());
        assertThat(writerIdleMillis(channel)).isEqualTo(60_000);
    }
}
