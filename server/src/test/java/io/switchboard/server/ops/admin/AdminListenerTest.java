// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.ops.admin;

import io.switchboard.server.ops.admin.AdminRoute.Access;
import io.switchboard.server.ops.admin.AdminRoute.Lane;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admin port's bounds over real sockets on 127.0.0.1: slow and unfinished requests, idle connections past the
 * cap and oversized requests are cut off, and meanwhile {@code /health} and {@code /metrics} keep answering.
 */
@Timeout(60)
class AdminListenerTest {
    private static final String TOKEN = "0123456789abcdef0123";
    private static final AdminBounds TEST = AdminBounds.DEFAULT.withRequestTimeout(Duration.ofSeconds(60));

    private final List<AutoCloseable> closing = new ArrayList<>();
    private final CountDownLatch slowMayAnswer = new CountDownLatch(1);

    @AfterEach
    void close() throws Exception {
        slowMayAnswer.countDown();
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
    }

    private AdminListener start(AdminBounds bounds, Optional<String> token) throws IOException {
        AdminRouter router = new AdminRouter.Builder(token.map(BearerToken::new))
                .route("/health", new AdminRoute("GET", Access.OPEN, Lane.PROBE,
                        request -> AdminResponse.json(200, "{\"status\":\"ready\"}")))
                .route("/metrics", new AdminRoute("GET", Access.TOKEN_IF_CONFIGURED, Lane.PROBE,
                        request -> AdminResponse.of(200, "text/plain; version=0.0.4; charset=utf-8", "up 1.0\n")))
                .route("/entity", new AdminRoute("GET", Access.TOKEN_REQUIRED, Lane.OPERATOR,
                        request -> AdminResponse.json(200, "{\"id\":\"" + request.query().get("id") + "\"}")))
                .route("/slow", new AdminRoute("GET", Access.OPEN, Lane.OPERATOR, request -> {
                    try {
                        slowMayAnswer.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return AdminResponse.text(200, "late");
                }))
                .build();
        AdminListener listener = AdminListener.bind("127.0.0.1", 0, bounds, router);
        closing.add(listener);
        return listener;
    }

    private RawHttp connect(AdminListener listener) throws IOException {
        RawHttp connection = new RawHttp(listener.port());
        closing.add(connection);
        return connection;
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + RawHttp.READ_DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    @Test
    void slowlorisConnectionsDoNotHoldUpHealthAndMetricsAndAreClosedAtTheirDeadline() throws Exception {
        AdminListener listener = start(TEST.withRequestTimeout(Duration.ofSeconds(3)), Optional.empty());
        List<RawHttp> slow = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            slow.add(connect(listener).send("GET /health HTTP/1.1\r\n"));
        }
        ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();
        closing.add(trickle::shutdownNow);
        trickle.scheduleAtFixedRate(() -> slow.forEach(connection -> {
            try {
                connection.send("X-Slow: one more line\r\n");
            } catch (IOException closedAlready) {
                // the server hung up: that is the point
            }
        }), 1, 1, TimeUnit.SECONDS);

        RawHttp probe = connect(listener);
        for (int i = 0; i < 3; i++) {
            assertThat(probe.get("/health").status()).isEqualTo(200);
            RawHttp.Response metrics = probe.get("/metrics");
            assertThat(metrics.status()).isEqualTo(200);
            assertThat(metrics.body()).isEqualTo("up 1.0\n");
        }
        for (RawHttp connection : slow) {
            RawHttp.Response timedOut = connection.read();
            assertThat(timedOut.status()).isEqualTo(408);
            assertThat(connection.closedByServer()).isTrue();
        }
        assertThat(probe.get("/health").status()).as("the probe's keep-alive connection is still served")
                .isEqualTo(200);
    }

    @Test
    void aConnectionPastTheCapIsClosedAtOnceAndServiceResumesWhenSlotsFree() throws Exception {
        AdminListener listener = start(TEST.withMaxConnections(4), Optional.empty());
        List<RawHttp> idle = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            idle.add(connect(listener));
        }
        await("four connections open", () -> listener.connections() == 4);

        RawHttp extra = connect(listener);
        assertThat(extra.closedByServer()).isTrue();
        assertThat(listener.refusedConnections()).isEqualTo(1);
        assertThat(idle.get(0).get("/health").status()).as("those inside the cap are served").isEqualTo(200);

        idle.get(1).close();
        idle.get(2).close();
        await("two slots free", () -> listener.connections() == 2);
        assertThat(connect(listener).get("/health").status()).isEqualTo(200);
    }

    @Test
    void anIdleKeepAliveConnectionIsClosedAfterTheIdleTimeout() throws Exception {
        AdminListener listener = start(TEST.withIdleTimeout(Duration.ofSeconds(1)), Optional.empty());
        RawHttp connection = connect(listener);
        assertThat(connection.get("/health").status()).isEqualTo(200);
        assertThat(connection.closedByServer()).isTrue();
        await("the slot is free again", () -> listener.connections() == 0);
    }

    @Test
    void withATokenEveryEndpointButHealthNeedsIt() throws Exception {
        AdminListener listener = start(TEST, Optional.of(TOKEN));
        RawHttp connection = connect(listener);

        RawHttp.Response none = connection.get("/metrics");
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.body()).endsWith("\n").doesNotContain(TOKEN).hasLineCount(1);
        assertThat(none.head()).containsIgnoringCase("www-authenticate: Bearer");
        assertThat(connection.get("/metrics", "Authorization: Bearer wrong-token-0123456789").status())
                .isEqualTo(401);
        assertThat(connection.get("/metrics", "Authorization: Bearer " + TOKEN.substring(1)).status())
                .isEqualTo(401);
        assertThat(connection.get("/metrics", "Authorization: Bearer " + TOKEN).status()).isEqualTo(200);
        assertThat(connection.get("/health").status()).isEqualTo(200);
        assertThat(connection.get("/entity?id=1555").status()).isEqualTo(401);
        RawHttp.Response entity = connection.get("/entity?id=1555", "Authorization: Bearer " + TOKEN);
        assertThat(entity.status()).isEqualTo(200);
        assertThat(entity.body()).isEqualTo("{\"id\":\"1555\"}");
    }

    @Test
    void entityIsForbiddenWithoutAConfiguredToken() throws Exception {
        AdminListener listener = start(TEST, Optional.empty());
        RawHttp connection = connect(listener);

        RawHttp.Response entity = connection.get("/entity?id=1555");
        assertThat(entity.status()).isEqualTo(403);
        assertThat(entity.body()).contains("--admin-token").hasLineCount(1);
        assertThat(connection.get("/metrics").status()).as("open without a token").isEqualTo(200);
    }

    @Test
    void oversizedRequestsAreRefusedAndClosed() throws Exception {
        AdminListener listener = start(TEST, Optional.empty());
        int max = AdminBounds.DEFAULT.maxRequestBytes();

        RawHttp longLine = connect(listener).send("GET /health?" + "x".repeat(max) + " HTTP/1.1\r\n\r\n");
        assertThat(longLine.read().status()).isEqualTo(414);
        assertThat(longLine.closedByServer()).isTrue();

        RawHttp manyHeaders = connect(listener).send("GET /health HTTP/1.1\r\nX-Big: " + "y".repeat(max)
                + "\r\n\r\n");
        assertThat(manyHeaders.read().status()).isEqualTo(431);
        assertThat(manyHeaders.closedByServer()).isTrue();

        RawHttp body = connect(listener).send("POST /health HTTP/1.1\r\nHost: admin\r\nContent-Length: "
                + (max + 1) + "\r\n\r\n" + "z".repeat(max + 1));
        assertThat(body.read().status()).isEqualTo(413);
        assertThat(body.closedByServer()).isTrue();
    }

    @Test
    void aRequestThatArrivesOverManyReadsIsAnswered() throws Exception {
        AdminListener listener = start(TEST, Optional.empty());
        RawHttp connection = connect(listener);
        connection.send("GET /health?pad=" + "p".repeat(3_000) + " HTTP/1.1\r\n").send("Host: a\r\n")
                .send("X-Pad: " + "q".repeat(6_000) + "\r\n");

        assertThat(connection.send("\r\n").read().status()).isEqualTo(200);
        assertThat(connection.get("/health").status()).isEqualTo(200);
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws Exception {
        AdminListener listener = start(TEST, Optional.empty());
        RawHttp connection = connect(listener).send("GET /metrics HTTP/1.1\r\nHost: a\r\n\r\n"
                + "GET /nothing HTTP/1.1\r\nHost: a\r\n\r\nDELETE /health HTTP/1.1\r\nHost: a\r\n\r\n"
                + "GET /health HTTP/1.1\r\nHost: a\r\n\r\n");

        assertThat(connection.read().status()).isEqualTo(200);
        assertThat(connection.read().status()).isEqualTo(404);
        RawHttp.Response delete = connection.read();
        assertThat(delete.status()).isEqualTo(405);
        assertThat(delete.head()).containsIgnoringCase("allow: GET");
        assertThat(connection.read().body()).isEqualTo("{\"status\":\"ready\"}");
    }

    @Test
    void busyOperatorCallsNeitherDelayProbesNorQueueWithoutEnd() throws Exception {
        AdminListener listener = start(TEST, Optional.empty());
        List<RawHttp> stuck = new ArrayList<>();
        for (int i = 0; i < 6; i++) { // two threads and a queue of four
            stuck.add(connect(listener).send("GET /slow HTTP/1.1\r\nHost: a\r\n\r\n"));
        }
        await("both operator threads and their queue taken", () -> listener.connections() == 6);

        RawHttp.Response refused = connect(listener).get("/slow");
        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.body()).contains("retry");
        assertThat(connect(listener).get("/health").status()).isEqualTo(200);

        slowMayAnswer.countDown();
        for (RawHttp connection : stuck) {
            assertThat(connection.read().body()).isEqualTo("late\n");
        }
    }
}
