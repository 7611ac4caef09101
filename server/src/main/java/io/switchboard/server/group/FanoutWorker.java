// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.group;

import io.switchboard.protocol.id.UserId;
import io.switchboard.server.cluster.Homes;
import io.switchboard.server.store.GroupLogEntry;
import io.switchboard.server.user.UserEntity;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

import java.util.List;

/**
 * A child of a group entity that tells one batch of members' user entities about one log entry, so a message to
 * 1,024 members is handed out by several workers at once while the group entity goes on with the next. A member's
 * batches always go to the same worker, so its entries arrive in log order (a user entity that sees a gap reads the
 * store anyway).
 */
final class FanoutWorker {

    /** Tell {@code members} about {@code entry}; {@code previousSeqs[i]} is the entry fanned out to member i before. */
    record Batch(GroupLogEntry entry, List<UserId> members, long[] previousSeqs, long[] joinedSeqs)
            implements NoSerializationVerificationNeeded {
    }

    private FanoutWorker() {
    }

    static Behavior<Batch> create(Homes homes) {
        return Behaviors.receiveMessage(batch -> {
            for (int i = 0; i < batch.members().size(); i++) {
                UserId member = batch.members().get(i);
                homes.ref(UserEntity.TYPE_KEY, member.digits()).tell(new UserEntity.GroupDeliver(
                        batch.entry(), batch.previousSeqs()[i], batch.joinedSeqs()[i]));
            }
            return Behaviors.same();
        });
    }
}
