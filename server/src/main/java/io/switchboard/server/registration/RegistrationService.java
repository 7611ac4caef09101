// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.registration;

import io.switchboard.protocol.id.UserId;
import io.switchboard.server.config.ServerSettings.RegistrationSettings;
import io.switchboard.server.limits.Rate;
import io.switchboard.server.limits.SourceKey;
import io.switchboard.server.limits.TokenBucket;
import io.switchboard.server.store.Account;
import io.switchboard.server.store.AccountStore;
import io.switchboard.server.store.LimitStore;
import io.switchboard.server.store.PendingCode;
import io.switchboard.server.store.RegistrationStore;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Registration by phone number: a 6-digit code goes to the number through the {@link CodeSender}; the right code
 * within its lifetime binds the account to the client's Noise static key. Codes expire; a number gets
 * {@code max-attempts} wrong guesses an hour, however many codes it asks for (a new code does not give it more);
 * code requests are limited per number and per source address (a /64 for IPv6). Every one of these limits is a
 * token bucket kept in the store, so a restart does not reset it. The store keeps only a hash of the code.
 */
public final class RegistrationService {

    /** Registration binds the first device; multi-device is a later issue. */
    public static final int PRIMARY_DEVICE = 1;

    private final RegistrationStore codes;
    private final AccountStore accounts;
    private final CodeSender sender;
    private final RegistrationSettings settings;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final LimitStore limits;
    private final Rate codesPerNumber;
    private final Rate codesPerAddress;
    private final Rate guessesPerNumber;

    public RegistrationService(RegistrationStore codes, AccountStore accounts, LimitStore limits, CodeSender sender,
                               RegistrationSettings settings, Clock clock) {
        this.codes = codes;
        this.accounts = accounts;
        this.limits = limits;
        this.sender = sender;
        this.settings = settings;
        this.clock = clock;
        this.codesPerNumber = Rate.of(settings.codesPerNumberPerHour(), Duration.ofHours(1));
        this.codesPerAddress = Rate.of(settings.codesPerAddressPerHour(), Duration.ofHours(1));
        this.guessesPerNumber = Rate.of(settings.maxAttempts(), Duration.ofHours(1));
    }

    /**
     * A code was issued.
     *
     * @param expiresInSeconds how long it stays valid
     * @param code             the code itself, which only dev mode may hand back to the client
     */
    public record CodeIssued(long expiresInSeconds, String code) {
    }

    /**
     * Issues a new code for {@code user}, requested from {@code sourceAddress}.
     *
     * @return completes with the issued code, or exceptionally with a {@link RegistrationException} (429, 503)
     */
    public CompletableFuture<CodeIssued> requestCode(UserId user, SourceKey source) {
        long now = clock.millis();
        return limits.take("code-address:" + source.value(), codesPerAddress, now).thenCompose(address -> {
            if (!address.allowed()) {
                return failed(RegistrationException.RATE_LIMITED, "too many codes requested from this address; try"
                        + " again in " + seconds(address.waitMillis()) + " s");
            }
            return limits.take("code-number:" + user.digits(), codesPerNumber, now);
        }).thenCompose(number -> {
            if (!number.allowed()) {
                return failed(RegistrationException.RATE_LIMITED, "too many codes requested for this number; try"
                        + " again in " + seconds(number.waitMillis()) + " s");
            }
            return issue(user);
        });
    }

    private CompletableFuture<CodeIssued> issue(UserId user) {
        String code = String.format("%06d", random.nextInt(1_000_000));
        long expiresAt = clock.millis() + settings.codeTtl().toMillis();
        return codes.saveCode(user, hash(user, code), expiresAt).thenApply(saved -> {
            try {
                sender.send(user, code);
            } catch (CodeSender.CodeDeliveryException e) {
                throw new CompletionException(new RegistrationException(RegistrationException.NOT_SENT,
                        "the code could not be sent; try again later"));
            }
            return new CodeIssued(settings.codeTtl().toSeconds(), code);
        });
    }

    /**
     * Checks {@code code} and, when right, binds {@code user}'s account to {@code staticPublicKey}.
     *
     * @return completes with the account, or exceptionally with a {@link RegistrationException} (401, 403, 404, 410)
     */
    public CompletableFuture<Account> verify(UserId user, String code, byte[] staticPublicKey) {
        String guesses = "guess-number:" + user.digits();
        return limits.peek(guesses, guessesPerNumber, clock.millis()).thenCompose(wait -> wait > 0
                ? failed(RegistrationException.LOCKED, locked(wait))
                : codes.pendingCode(user)).thenCompose(pending -> {
            if (pending.isEmpty()) {
                return failed(RegistrationException.NO_PENDING_CODE, "no code was requested for this number");
            }
            PendingCode p = pending.get();
            if (clock.millis() > p.expiresAt()) {
                return failed(RegistrationException.EXPIRED, "the code has expired; request a new one");
            }
            if (!MessageDigest.isEqual(p.codeHash().getBytes(StandardCharsets.US_ASCII),
                    hash(user, code).getBytes(StandardCharsets.US_ASCII))) {
                return limits.take(guesses, guessesPerNumber, clock.millis()).thenCompose(this::wrongGuess);
            }
            // Both go to the store's single writer back to back, so they usually share one forced commit; the
            // account is reported bound only when both are done.
            CompletableFuture<Void> cleared = codes.clearCode(user);
            CompletableFuture<Account> bound = accounts.bind(user, PRIMARY_DEVICE, staticPublicKey);
            return cleared.thenCombine(bound, (c, account) -> account);
        });
    }

    /** A wrong guess took one of the number's guesses for the hour: say how many are left, or that it is locked. */
    private CompletableFuture<Account> wrongGuess(TokenBucket.Taken taken) {
        int left = (int) Math.floor(taken.bucket().tokens());
        if (!taken.allowed() || left == 0) {
            return failed(RegistrationException.LOCKED, locked(taken.bucket().waitMillis(guessesPerNumber)));
        }
        return failed(RegistrationException.WRONG_CODE, "wrong code; " + left + " attempts left");
    }

    private String locked(long waitMillis) {
        return "too many wrong codes for this number (" + settings.maxAttempts() + " an hour); try again in "
                + seconds(waitMillis) + " s";
    }

    private static long seconds(long millis) {
        return Math.max(1, (millis + 999) / 1000);
    }

    private static String hash(UserId user, String code) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest((user.digits() + ":" + code)
                    .getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static <T> CompletableFuture<T> failed(int code, String message) {
        return CompletableFuture.failedFuture(new RegistrationException(code, message));
    }
}
