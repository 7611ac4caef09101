// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.ops.admin;

/**
 * What {@link AdminRequestHandler} tells {@link RequestDeadlineHandler}, which sits before the HTTP codec and so sees
 * bytes, not requests. Fired with {@code pipeline().fireUserEventTriggered}, which starts at the head and reaches the
 * deadline handler first; it consumes them.
 */
enum AdminEvents {
    /** A whole request was read: stop the request clock; the answer is bounded by the answer timeout instead. */
    REQUEST_READ,
    /** The answer was written and the connection stays open: start the idle clock for the next request. */
    ANSWERED
}
