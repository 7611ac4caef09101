// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.store;

/** What a home belongs to; {@link #code} is the value stored in the {@code home} table. */
public enum HomeKind {
    USER(1),
    GROUP(2);

    private final int code;

    HomeKind(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
