// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.bench.harness;

import io.switchboard.bench.E2eeSizes;

/**
 * Prints the on-wire size of a "hello" chat message in plaintext and end-to-end encrypted (the first, prekey,
 * message of a session and a steady-state one), and of a group "hello" under a sender key: exact bytes, no timing.
 *
 * <p>Run: {@code java -cp bench/target/benchmarks.jar io.switchboard.bench.harness.E2eeWireSize}.
 */
public final class E2eeWireSize {

    private E2eeWireSize() {
    }

    public static void main(String[] args) throws Exception {
        E2eeSizes.print(System.out);
    }
}
