// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.cluster;

import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.japi.function.Function;

import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * A sharded entity in its home datacenter, used like Pekko's {@code EntityRef}: tell, or ask with a timeout.
 * Messages told through one reference from one actor or thread arrive in the order they were told.
 *
 * @param <C> the commands the entity accepts
 */
public interface HomeRef<C> {

    void tell(C command);

    <R> CompletionStage<R> ask(Function<ActorRef<R>, C> request, Duration timeout);
}
