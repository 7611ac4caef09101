// SPDX-License-Identifier: AGPL-3.0-only
/**
 * The Switchboard server: transport, sessions, user entities, registration, stores; {@link
 * io.switchboard.server.ServerNode} wires them.
 *
 * <p>One 1:1 message, one method per line (change this table in the commit that changes the path):
 *
 * <pre>
 * client    SwitchboardClient.send(to, text)       -&gt; &lt;message id=.. to=..&gt;, resent until &lt;ack&gt;
 * protocol  NodeEncoder -&gt; FrameCodec -&gt; NoiseTransport   bytes on the wire, and back
 * transport FrameDecoder -&gt; NoiseTransportHandler -&gt; NodeFrameDecoder   (transport module)
 * session   SessionHandler.channelRead            -&gt; Session.onStanza(node)
 * session   Session.onMessage -&gt; SendRate.refused  over the sender's rate? 429 retry-after (AccountLimits.message)
 * session   Session.onMessage                      check sender, stamp time, MessageContent.payloadOf(body or enc)
 *                                                  -&gt; ask UserEntity(to) Store (payload, registration origin)
 * user      UserMailbox.onStore -&gt; MailboxBound.admit   mailbox full (count, bytes)? 413, not stored
 * user      UserMailbox.append                     MailboxStore.append (group commit, fsync; dedupe by
 *                                                  sender, device, epoch, id; same id other content: 409;
 *                                                  sender past its quota: 413, AccountUsageWriter.charge)
 * user      UserMailbox.onAppended                 reply Stored, then Gateway ! Push to each live session
 * session   Session.store callback (event loop)    write &lt;ack class=message&gt;   (one check)
 * session   Gateway.onPush -&gt; Session.push        write &lt;message from id t&gt; to the recipient
 * session   Session.onAck                          -&gt; UserEntity(recipient) ! Acked
 * user      UserMailbox.onAcked                    ask UserEntity(sender) Store receipt, then delete (two checks;
 *                                                  the delete gives the bytes back: AccountUsageWriter.release)
 * </pre>
 *
 * <p>One group message (docs/PROTOCOL.md §13):
 *
 * <pre>
 * session   Session.onMessage -&gt; GroupStanzas.onMessage   to='ID@g.switchboard' -&gt; ask GroupEntity(ID) Send
 * group     GroupBehavior.onSend                   member? announce-only? -&gt; next seq -&gt; GroupStore.append (one row)
 * group     GroupBehavior.onWritten                reply Sent (one check), fan out in batches of 16
 * group     FanoutWorker                           UserEntity(member) ! GroupDeliver(entry, previous seq)
 * user      UserGroupFeed.onDeliver                in order? push : read the gap from the group log
 * session   Gateway.PushGroup -&gt; Session.pushGroup  write &lt;message from=group participant=sender&gt;
 * session   GroupStanzas.onAck                     -&gt; UserEntity(member) ! GroupAcked
 * user      UserGroupFeed.onAcked                  -&gt; GroupEntity ! MemberDelivered(cursor)
 * group     GroupReceipts.advanced                 last member? -&gt; UserEntity(sender) Store "delivered to all"
 * </pre>
 *
 * Packages: {@code transport} (client port, pipeline), {@code session} (per-connection state machine, the node's
 * gateway actor), {@code user} (sharded user entity), {@code group} (sharded group entity and its fanout workers),
 * {@code cluster} (home datacenters: which datacenter runs each user's and group's entity, and references that
 * send there), {@code ops} (admin port, metrics, cluster view), {@code registration}, {@code limits} (the one
 * token bucket behind every rate limit, keyed by account or source address), {@code keys} (the key directory of end-to-end encryption: public keys in, bundles out,
 * one-time keys served once), {@code store} (JDBC; knows neither
 * Netty nor Pekko), {@code config}.
 */
package io.switchboard.server;
