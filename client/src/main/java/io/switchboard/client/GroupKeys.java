// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.client;

import io.switchboard.protocol.id.GroupId;
import io.switchboard.protocol.id.UserId;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Which sender key this device sends with in each group, and which members already have it: one file per group
 * under {@code signal/groups/}, the distribution id on the first line and one member address per line after it,
 * replaced atomically. When a member is removed or leaves, the group's key is retired: the next message goes out
 * under a fresh distribution id that only the members of that moment receive, so a removed member cannot read it.
 * Confined to the client's event loop.
 */
final class GroupKeys {

    /** The sender key to use for a group and the members that have it. */
    record Current(UUID distribution, Set<UserId> holders) {
    }

    private final Path dir;

    GroupKeys(Path dir) throws IOException {
        this.dir = Files.createDirectories(dir);
    }

    /** The group's current sender key, made if there is none or the last one was retired. */
    Current current(GroupId group) {
        Path file = dir.resolve(group.value());
        try {
            if (Files.exists(file)) {
                List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
                Set<UserId> holders = new TreeSet<>();
                lines.subList(1, lines.size()).forEach(line -> holders.add(UserId.fromAddress(line)));
                return new Current(UUID.fromString(lines.get(0)), holders);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        Current fresh = new Current(UUID.randomUUID(), new TreeSet<>());
        save(group, fresh);
        return fresh;
    }

    /** Records that {@code members} now hold {@code current}'s key. */
    void delivered(GroupId group, Current current, Set<UserId> members) {
        Set<UserId> holders = new TreeSet<>(current.holders());
        holders.addAll(members);
        save(group, new Current(current.distribution(), holders));
    }

    /** Retires the group's key: the next message makes a new one (a member left or was removed). */
    void retire(GroupId group) {
        try {
            Files.deleteIfExists(dir.resolve(group.value()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot retire the sender key of " + group, e);
        }
    }

    private void save(GroupId group, Current current) {
        List<String> lines = new ArrayList<>();
        lines.add(current.distribution().toString());
        current.holders().forEach(u -> lines.add(u.address()));
        try {
            AtomicFiles.write(dir.resolve(group.value()), (String.join("\n", lines) + "\n")
                    .getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the sender key of " + group, e);
        }
    }
}
