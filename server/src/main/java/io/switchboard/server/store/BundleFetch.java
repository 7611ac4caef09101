// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.store;

import java.util.Optional;

/**
 * The result of a bundle fetch: the bundle (empty when the user has uploaded no keys) and whether this fetch left
 * the owner's one-time pool low for the first time since its last upload, so the owner should be told to upload
 * more. Only one fetch per shortage says so.
 */
public record BundleFetch(Optional<KeyBundle> bundle, boolean ownerRunsLow) {
}
