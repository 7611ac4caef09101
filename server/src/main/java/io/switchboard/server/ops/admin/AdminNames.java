// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.ops.admin;

/** The admin pipeline's handler names, in the order bytes travel through them (see {@link AdminInitializer}). */
final class AdminNames {
    static final String DEADLINES = "deadlines";
    static final String HTTP = "http";
    static final String ONE_AT_A_TIME = "one-at-a-time";
    static final String AGGREGATOR = "aggregator";
    static final String REQUESTS = "requests";

    private AdminNames() {
    }
}
