// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.transport;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageDecoder;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.protocol.node.NodeDecoder;
import io.switchboard.protocol.node.NodeLimits;
import io.switchboard.protocol.node.TokenDictionary;

import java.util.List;

/**
 * Decodes each decrypted payload ({@code byte[]}) into exactly one {@link io.switchboard.protocol.node.Node} with
 * the protocol's codec and limits. A malformed node ({@code MALFORMED_NODE}) or one past a limit
 * ({@code LIMIT_EXCEEDED}) is raised for the {@link ConnectionErrorHandler}. Stateless, so one instance serves every
 * channel.
 */
@Sharable
public final class NodeFrameDecoder extends MessageToMessageDecoder<byte[]> {
    private final NodeDecoder decoder;

    public NodeFrameDecoder(NodeLimits limits) {
        super(byte[].class);
        this.decoder = new NodeDecoder(TokenDictionary.standard(), limits);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, byte[] payload, List<Object> out) throws ProtocolException {
        out.add(decoder.decode(payload));
    }
}
