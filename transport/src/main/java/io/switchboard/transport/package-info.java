// SPDX-License-Identifier: AGPL-3.0-only
/**
 * Netty adapters for the protocol, shared by server and client: the connection header, frames, Noise handshake
 * and transport cipher, and nodes, each a handler named in the order bytes travel.
 */
package io.switchboard.transport;
