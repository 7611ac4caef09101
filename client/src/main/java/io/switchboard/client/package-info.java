// SPDX-License-Identifier: AGPL-3.0-only
/**
 * The Java client SDK. {@link io.switchboard.client.SwitchboardClient} registers, logs in, sends with
 * client-generated ids until acked, receives, acknowledges and reconnects; it runs on
 * {@link io.switchboard.client.SwitchboardConnection}, one handshaken connection, and keeps its state in a
 * {@link io.switchboard.client.ClientDirectory}.
 *
 * <h2>End-to-end encryption</h2>
 *
 * <p>On by default (PROTOCOL.md §14): {@code verify} publishes this device's keys (identity, signed prekey, Kyber
 * last-resort prekey, 50 one-time keys of each kind) before it completes, each login tops the pool up, and the
 * server's "pool low" notice is answered with more. {@code send} starts a session from the recipient's bundle when
 * there is none (PQXDH) and sends ciphertext only; {@code sendToGroup} encrypts once under this device's sender key
 * for the group. Listeners get plain text as before; a message that arrives unencrypted is acknowledged and
 * dropped unless {@code acceptUnencrypted(true)} (nothing proves who wrote it). libsignal's state lives under
 * {@code signal/} in the client directory. A peer that registers again is reported to {@code onIdentityChange};
 * {@code safetyNumber} gives the 60 digits to compare.
 *
 * <h2>Groups</h2>
 *
 * <p>A group (PROTOCOL.md §13) is a {@link io.switchboard.protocol.id.GroupId}; up to 1,024 members, its creator the
 * first admin. {@code createGroup}, {@code addMembers}, {@code removeMembers}, {@code promoteMembers},
 * {@code demoteMembers}, {@code setGroupSubject}, {@code setGroupDescription}, {@code setAnnounceOnly},
 * {@code groupInfo} and {@code joinGroup} answer with the group as it now is, a
 * {@link io.switchboard.client.GroupInfo}; a refusal fails the future with a
 * {@link io.switchboard.client.StanzaErrorException} carrying the server's code (403 not an admin, 404 no such
 * group or code, 406 full). Input the server would refuse (a subject over 100 characters, a description over 512,
 * more than 1,024 members named) is refused at once with an {@link java.lang.IllegalArgumentException}.
 *
 * <pre>{@code
 * GroupInfo climbing = client.createGroup("Climbing", List.of(bob, carol)).get();
 * client.sendToGroup(climbing.id(), "Saturday at ten?").get();    // one check, as for send()
 * client.onMessage(m -> m.group().ifPresent(g -> show(g, m.from(), m.text())));
 * client.onGroupNotification(n -> refresh(n.group()));              // someone added, renamed, left, ...
 * }</pre>
 *
 * <p>{@code sendToGroup} and {@code markGroupRead} go through the same outbox as 1:1 messages: resent with the same
 * id after a reconnect until the server acks them. A group message arrives with {@code group} set and the sender in
 * {@code from}; the sender of a group message gets one delivery and one read receipt, when every member has it or
 * has read it, with {@code group} set and no {@code from}; {@code groupReceipts} gives the detail per member.
 * Changes arrive as {@link io.switchboard.client.GroupNotification}s, in the group's order. Messages, receipts and
 * notifications are all acknowledged after the listeners return, and a redelivered one reaches them only once.
 */
package io.switchboard.client;
