// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.cli.chat;

import io.switchboard.client.SwitchboardClient;
import io.switchboard.protocol.id.UserId;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Finds out, when a 1:1 chat is opened, whether its number is on Switchboard, so that the chat says so before the
 * server refuses the first message with 404. Uses {@link SwitchboardClient#isRegistered}: free once a session with
 * the peer exists, otherwise the bundle fetch the first message would make anyway. Presence cannot tell (a
 * registered user never seen and a number never registered both look unavailable). Each peer is asked once per
 * run; one opened while offline is asked after the next login. Called from the UI thread and the SDK's loop.
 */
final class PeerLookup {
    private final SwitchboardClient sdk;
    private final Consumer<ChatEvent> events;
    private final Set<UserId> asked = ConcurrentHashMap.newKeySet();
    private final Set<UserId> waiting = ConcurrentHashMap.newKeySet();

    PeerLookup(SwitchboardClient sdk, Consumer<ChatEvent> events) {
        this.sdk = sdk;
        this.events = events;
    }

    /** Asks about {@code peer} now, or after the next login. */
    void check(UserId peer) {
        if (!sdk.isLoggedIn()) {
            waiting.add(peer);
            return;
        }
        if (!asked.add(peer)) {
            return;
        }
        sdk.isRegistered(peer).whenComplete((registered, error) -> {
            if (error != null) {
                asked.remove(peer);  // a lost connection or a rate limit says nothing: ask again next time
                waiting.add(peer);
            } else if (!registered) {
                events.accept(new ChatEvent.NotOnSwitchboard(peer));
            }
        });
    }

    /** Logged in: asks about the peers opened while offline. */
    void onLogin() {
        for (UserId peer : Set.copyOf(waiting)) {
            waiting.remove(peer);
            check(peer);
        }
    }
}
