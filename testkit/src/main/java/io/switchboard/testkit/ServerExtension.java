// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.testkit;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A real server process ({@link ServerProcess}) as a JUnit 5 extension. Registered on a static field it starts
 * once before the class's first test and stops after its last, so the tests share it (each with users of its own);
 * on an instance field it starts before each test and stops after it, for tests that kill, freeze or restart their
 * server. Its data directory is a fresh temporary one, deleted once the server has stopped. When a test fails, the
 * end of the server's output goes to standard error, so the report shows what the server saw.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final ServerExtension server = ServerExtension.create().config("switchboard.dev = true");
 * }</pre>
 *
 * <p>Configured by copies ({@link #config}, {@link #args}, {@link #jvmOptions} return a new extension), so a
 * shared constant cannot be changed by one test class under another.
 */
public final class ServerExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        AfterEachCallback, TestWatcher {
    private static final int OUTPUT_LINES_ON_FAILURE = 200;

    private final List<String> jvmOptions;
    private final List<String> args;
    private final String config;
    private Path root;
    private ServerProcess process;
    private boolean perClass;
    /** What the last stopped server printed: a failed test is reported after its per-test server stopped. */
    private String lastOutput = "";

    private ServerExtension(List<String> jvmOptions, List<String> args, String config) {
        this.jvmOptions = List.copyOf(jvmOptions);
        this.args = List.copyOf(args);
        this.config = config;
    }

    /** A dev-mode server on an embedded store, with {@link ServerProcess}'s default heap and GC. */
    public static ServerExtension create() {
        return new ServerExtension(List.of("-Xmx512m", "-XX:+UseSerialGC"), List.of(), "");
    }

    /** This extension with {@code hocon} added to the configuration file the server is started with. */
    public ServerExtension config(String hocon) {
        return new ServerExtension(jvmOptions, args, config + hocon + "\n");
    }

    /** This extension with more {@code switchboard server} options. */
    public ServerExtension args(String... more) {
        List<String> all = new ArrayList<>(args);
        all.addAll(List.of(more));
        return new ServerExtension(jvmOptions, all, config);
    }

    /** This extension with these JVM options (heap, GC) in place of the default ones. */
    public ServerExtension jvmOptions(String... options) {
        return new ServerExtension(List.of(options), args, config);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        perClass = true;
        start();
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        if (!perClass) {
            start();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        if (!perClass) {
            stop();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (perClass) {
            stop();
        }
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        String output = process != null ? process.output() : lastOutput;
        if (!output.isEmpty()) {
            List<String> lines = output.lines().toList();
            System.err.println("--- last lines of the server's output, for " + context.getDisplayName() + " ---");
            lines.subList(Math.max(0, lines.size() - OUTPUT_LINES_ON_FAILURE), lines.size())
                    .forEach(System.err::println);
        }
    }

    /** The process, for what a test does to it (kill -9, freeze, restart, its pid and output). */
    public ServerProcess process() {
        return running();
    }

    /** The client port. */
    public int port() {
        return running().port();
    }

    /** The admin HTTP port ({@code /metrics}, {@code /health}). */
    public int adminPort() {
        return running().adminPort();
    }

    /** Where clients connect. */
    public InetSocketAddress address() {
        return new InetSocketAddress("127.0.0.1", port());
    }

    /** {@code 127.0.0.1:PORT}, as the CLI's {@code --server} takes it. */
    public String hostAndPort() {
        return "127.0.0.1:" + port();
    }

    /** A directory beside the server's data, for the test's own files (client directories); deleted with it. */
    public Path scratch(String name) throws IOException {
        running();
        return Files.createDirectories(root.resolve(name));
    }

    private ServerProcess running() {
        if (process == null) {
            throw new IllegalStateException("the server is not running: register the extension with"
                    + " @RegisterExtension, and use it from tests or @BeforeAll/@BeforeEach methods");
        }
        return process;
    }

    private void start() throws IOException {
        root = Files.createTempDirectory("switchboard-server");
        List<String> all = new ArrayList<>(args);
        if (!config.isEmpty()) {
            Path conf = root.resolve("test.conf");
            Files.writeString(conf, config);
            all.addAll(List.of("--config", conf.toString()));
        }
        process = ServerProcess.start(jvmOptions, root.resolve("data"), all.toArray(new String[0]));
    }

    private void stop() throws InterruptedException {
        ServerProcess stopping = process;
        process = null;
        try {
            if (stopping != null) {
                stopping.close();
                lastOutput = stopping.output();
            }
        } finally {
            delete(root);
        }
    }

    private static void delete(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
