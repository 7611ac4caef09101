// SPDX-License-Identifier: AGPL-3.0-only
/**
 * The Java client SDK. {@link io.switchboard.client.SwitchboardClient} registers, logs in, sends with
 * client-generated ids until acked, receives, acknowledges and reconnects; it runs on
 * {@link io.switchboard.client.SwitchboardConnection}, one handshaken connection, and keeps its state in a
 * {@link io.switchboard.client.ClientDirectory}.
 */
package io.switchboard.client;
