// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.transport;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageEncoder;
import io.switchboard.protocol.node.Node;
import io.switchboard.protocol.node.NodeEncoder;
import io.switchboard.protocol.node.TokenDictionary;

import java.util.List;

/**
 * Encodes each outbound {@link Node} into its binary form ({@code byte[]}), to be encrypted below. A node no peer
 * could read (more than 65,535 items in a list, an unpaired surrogate) fails its write and sends nothing; the
 * connection stays up, since the fault is local. Stateless, so one instance serves every channel.
 */
@Sharable
public final class NodeFrameEncoder extends MessageToMessageEncoder<Node> {
    private final NodeEncoder encoder = new NodeEncoder(TokenDictionary.standard());

    public NodeFrameEncoder() {
        super(Node.class);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, Node node, List<Object> out) {
        out.add(encoder.encode(node));
    }
}
