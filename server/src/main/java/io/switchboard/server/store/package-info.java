// SPDX-License-Identifier: AGPL-3.0-only
/**
 * Durable storage: mailboxes with group commit and duplicate suppression, groups (metadata, members with delivery
 * cursors, one log per group) written in the same commits, accounts keyed by Noise static key, and pending
 * registration codes, on JDBC with HikariCP and a Flyway schema ({@code db/migration}) shared by the embedded
 * database (SQLite, one node) and PostgreSQL (one node or a cluster). {@link io.switchboard.server.store.Stores} opens
 * it all. A write's future completes only after its commit is forced to disk.
 *
 * <p>Imports neither Netty nor Pekko: entities call it with records and pipe its futures back to themselves.
 */
package io.switchboard.server.store;
