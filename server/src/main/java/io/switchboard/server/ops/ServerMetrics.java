// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.switchboard.protocol.ErrorCode;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.ToIntFunction;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;

/**
 * A node's meters, in one {@link PrometheusMeterRegistry} scraped by {@link AdminServer}: connections, logins,
 * registrations, stanzas in and out by tag, one-check latency, the store's commits and batch size, connection
 * errors by code, the cluster as this node sees it with the shards and entities it hosts per type, and the JVM
 * (memory, GC, threads).
 *
 * <p>The methods sessions call on every stanza look up a meter created at construction and increment it: no
 * allocation beyond Micrometer's own, no lock. Stanza tags are bounded to {@link #KNOWN_TAGS}; any other tag counts
 * as {@code other}, so a client cannot grow the registry. Thread-safe.
 */
public final class ServerMetrics implements AutoCloseable {
    /** The stanza tags counted by name; every other tag is {@code other}. */
    static final Set<String> KNOWN_TAGS = Set.of("message", "ack", "receipt", "iq", "error", "failure", "success",
            "notification", "presence", "chatstate");
    private static final String OTHER = "other";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final AtomicLong connections = new AtomicLong();
    private final List<Object> keptForMeters = new CopyOnWriteArrayList<>();
    private final Counter logins;
    private final Counter registrations;
    private final Counter slowConsumers;
    private final Map<String, Counter> stanzasIn;
    private final Map<String, Counter> stanzasOut;
    private final Timer oneCheck;
    private final Timer storeCommit;
    private final JvmGcMetrics gc = new JvmGcMetrics();

    public ServerMetrics() {
        Gauge.builder("switchboard.connections", connections, AtomicLong::get)
                .description("Open client connections").register(registry);
        logins = Counter.builder("switchboard.logins")
                .description("Sessions that became active (by key login or by registering)").register(registry);
        registrations = Counter.builder("switchboard.registrations")
                .description("Numbers registered (code verified)").register(registry);
        slowConsumers = Counter.builder("switchboard.slow.consumers")
                .description("Connections cut off because they stopped reading (bytes queued, none written)")
                .register(registry);
        stanzasIn = countersByTag("switchboard.stanzas.in", "Stanzas received from clients, by tag");
        stanzasOut = countersByTag("switchboard.stanzas.out", "Stanzas written to clients, by tag");
        // Buckets from 100 µs to 10 s: a durable ack takes at least one commit, and past the ask timeout it is a nack.
        oneCheck = Timer.builder("switchboard.one.check")
                .description("From receiving a message to writing its ack (the sender's one check)")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(100_000))
                .maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry);
        storeCommit = Timer.builder("switchboard.store.commit")
                .description("One mailbox group commit: the batch's statements and the commit forced to disk")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(100_000))
                .maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry);
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
    }

    private Map<String, Counter> countersByTag(String name, String description) {
        Set<String> tags = new java.util.HashSet<>(KNOWN_TAGS);
        tags.add(OTHER);
        return tags.stream().collect(Collectors.toUnmodifiableMap(Function.identity(), tag -> Counter.builder(name)
                .description(description).tag("type", tag).register(registry)));
    }

    /**
     * Publishes the store's group-commit counters and their ratio, the average batch size.
     *
     * @param commits         transactions committed so far
     * @param writesCommitted mailbox writes committed so far
     */
    /**
     * Publishes the entries waiting in all mailboxes, counted by the store when scraped ({@code count} may block
     * briefly; a failed count reads as NaN rather than failing the scrape).
     */
    public void bindMailboxDepth(java.util.function.Supplier<java.util.concurrent.CompletableFuture<Long>> count) {
        Gauge.builder("switchboard.mailbox.depth", () -> {
            try {
                return count.get().get(2, TimeUnit.SECONDS).doubleValue();
            } catch (Exception e) {
                return Double.NaN;
            }
        }).description("Messages and receipts waiting in all mailboxes").register(registry);
    }

    public void bindStore(LongSupplier commits, LongSupplier writesCommitted) {
        functionCounter("switchboard.store.commits", commits, "Mailbox transactions committed");
        functionCounter("switchboard.store.writes.committed", writesCommitted, "Mailbox appends and deletes committed");
        Gauge.builder("switchboard.store.batch.size.average", () -> {
            long n = commits.getAsLong();
            return n == 0 ? 0.0 : (double) writesCommitted.getAsLong() / n;
        }).description("Mailbox writes per commit since start").register(registry);
    }

    /** Publishes the cluster as this node sees it: members that are up, and members it cannot reach. */
    public void bindCluster(java.util.function.IntSupplier up, java.util.function.IntSupplier unreachable) {
        Gauge.builder("switchboard.cluster.members.up", () -> up.getAsInt())
                .description("Cluster members with status Up, this node included").register(registry);
        Gauge.builder("switchboard.cluster.members.unreachable", () -> unreachable.getAsInt())
                .description("Cluster members this node's failure detector cannot reach").register(registry);
    }

    /**
     * Publishes, per entity type, the shards and entities this node hosts ({@code type} label: the type's name).
     * The functions are read on every scrape, so they must answer from memory (see {@link LocalShards}).
     */
    public void bindLocalShards(List<String> types, ToIntFunction<String> shards, ToIntFunction<String> entities) {
        keptForMeters.add(shards);
        keptForMeters.add(entities);
        for (String type : types) {
            Gauge.builder("switchboard.shards", shards, s -> s.applyAsInt(type))
                    .description("Shards of this entity type hosted by this node").tag("type", type)
                    .register(registry);
            Gauge.builder("switchboard.entities", entities, e -> e.applyAsInt(type))
                    .description("Entities of this type running on this node").tag("type", type)
                    .register(registry);
        }
    }

    /** Publishes the handshake gate: handshakes in progress, connections waiting for one, and those refused. */
    public void bindHandshakes(java.util.function.IntSupplier inFlight, java.util.function.IntSupplier queued,
                               LongSupplier refused) {
        Gauge.builder("switchboard.handshakes.in.flight", () -> inFlight.getAsInt())
                .description("Noise handshakes in progress").register(registry);
        Gauge.builder("switchboard.handshakes.queued", () -> queued.getAsInt())
                .description("Connections waiting for a handshake slot").register(registry);
        functionCounter("switchboard.handshakes.refused", refused,
                "Connections refused because the handshake queue was full");
    }

    /**
     * Publishes connections closed before login by admission control, as
     * {@code switchboard_handshakes_refusals_total{reason=…}} with one of a few fixed reasons ({@code queue_full},
     * {@code per_address_cap}, {@code queue_timeout}, {@code first_message_timeout}, {@code handshake_timeout}).
     */
    public void bindAdmissionRefusals(java.util.List<String> reasons, ToLongFunction<String> count) {
        for (String reason : reasons) {
            FunctionCounter.builder("switchboard.handshakes.refusals", reason, r -> count.applyAsLong(r))
                    .description("Connections closed before login by admission control, by reason")
                    .tag("reason", reason).register(registry);
        }
    }

    /**
     * Publishes connection errors counted by the transport, one counter per {@link ErrorCode} plus
     * {@code code="unexpected"} for failures that are not protocol errors.
     */
    public void bindConnectionErrors(ToLongFunction<ErrorCode> count, LongSupplier unexpected) {
        for (ErrorCode code : ErrorCode.values()) {
            FunctionCounter.builder("switchboard.connection.errors", code, c -> count.applyAsLong(c))
                    .description("Connections closed for an error, by wire code")
                    .tag("code", Integer.toString(code.code())).register(registry);
        }
        keptForMeters.add(unexpected);
        FunctionCounter.builder("switchboard.connection.errors", unexpected, s -> s.getAsLong())
                .description("Connections closed for an error, by wire code")
                .tag("code", "unexpected").register(registry);
    }

    // A function counter holds its object only weakly: a method reference nobody else keeps would be collected and
    // the counter would read NaN from then on, so the metrics keep every such supplier themselves.
    private void functionCounter(String name, LongSupplier value, String description) {
        keptForMeters.add(value);
        FunctionCounter.builder(name, value, s -> s.getAsLong()).description(description).register(registry);
    }

    public void connectionOpened() {
        connections.incrementAndGet();
    }

    public void connectionClosed() {
        connections.decrementAndGet();
    }

    public void loggedIn() {
        logins.increment();
    }

    public void registered() {
        registrations.increment();
    }

    /** A request refused (or, for typing, dropped) by a rate limit; {@code limit} is one of a few fixed names. */
    public void rateLimited(String limit) {
        registry.counter("switchboard.rate.limited", "limit", limit).increment();
    }

    /** A chat message refused (413) because its recipient's mailbox was full or its sender past its quota. */
    public void storedBoundRefused() {
        registry.counter("switchboard.messages.bounded").increment();
    }

    /** A connection was cut off as a slow consumer: it stopped reading with too much queued for it. */
    public void slowConsumerCutOff() {
        slowConsumers.increment();
    }

    public void stanzaIn(String tag) {
        byTag(stanzasIn, tag).increment();
    }

    public void stanzaOut(String tag) {
        byTag(stanzasOut, tag).increment();
    }

    /** A message's ack was written {@code nanos} after the message arrived. */
    public void oneCheck(long nanos) {
        oneCheck.record(nanos, TimeUnit.NANOSECONDS);
    }

    /** One mailbox commit took {@code nanos} (called on the store's writer thread). */
    public void storeCommit(long nanos) {
        storeCommit.record(nanos, TimeUnit.NANOSECONDS);
    }

    private static Counter byTag(Map<String, Counter> counters, String tag) {
        Counter c = counters.get(tag);
        return c != null ? c : counters.get(OTHER);
    }

    /** Every meter in the Prometheus text format 0.0.4. */
    public String scrape() {
        return registry.scrape();
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
