// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.loadgen.connections;

import java.util.List;
import java.util.Locale;

/**
 * The figures of a {@code connect} run, and of its {@code reconnect} phase if one ran.
 *
 * @param connections  idle logged-in connections held at the end of the login phase (all workers)
 * @param workers      worker processes
 * @param sources      source addresses the client sockets were bound to
 * @param registration the accounts registered in this run (none when every key was reused)
 * @param login        the login phase after the warm-up
 * @param memory       the server's memory before and after the login phase
 * @param reconnect    the reconnect phase, or {@code null} if none ran
 * @param timeline     connected clients once a second, from the start of the run
 */
public record ConnectionsResult(int connections, int workers, List<String> sources, Registration registration,
        Login login, Memory memory, Reconnect reconnect, List<Sample> timeline) {

    /**
     * @param registered accounts registered in this run (full handshake, code request, verify, close)
     * @param reused     accounts whose keys an earlier run stored
     * @param failed     registrations that failed
     * @param seconds    wall time of the registration phase
     */
    public record Registration(int registered, int reused, int failed, double seconds) {
        public double perSecond() {
            return registered == 0 ? 0 : registered / seconds;
        }
    }

    /**
     * @param connections    connections logged in during the phase (after the warm-up's)
     * @param seconds        wall time from the command to the last worker's last login
     * @param connectFailed  attempts that failed (connect refused or timed out, handshake failed) and were retried
     * @param refused        logins the server refused
     * @param serverCpuMillis CPU time the server process used during the phase
     * @param clientCpuMillis CPU time the worker processes used during the phase
     */
    public record Login(int connections, double seconds, int connectFailed, int refused, long serverCpuMillis,
            long clientCpuMillis) {
        public double perSecond() {
            return connections / seconds;
        }

        /** Server CPU per login, microseconds. */
        public double serverCpuMicros() {
            return serverCpuMillis * 1000.0 / connections;
        }

        /** Client (load generator) CPU per login, microseconds. */
        public double clientCpuMicros() {
            return clientCpuMillis * 1000.0 / connections;
        }
    }

    /**
     * The server's memory per added connection. With a pre-touched heap ({@code -XX:+AlwaysPreTouch}, the
     * default) the heap is resident from the start, so RSS grows only by native memory (direct buffers, malloc):
     * the cost of a connection is then the heap's growth after a full GC plus the RSS growth. Without it, RSS growth
     * includes heap pages touched for the first time, garbage included, and is the whole figure on its own.
     *
     * @param baselineConnections connections open at the first measurement (the warm-up's)
     * @param addedConnections    connections added between the two measurements
     * @param heapPreTouched      whether the server's heap was resident from the start
     * @param rssBefore           server RSS, bytes, after a full GC
     * @param rssAfter            the same with every connection open
     * @param heapBefore          heap in use after a full GC, bytes
     * @param heapAfter           the same with every connection open
     * @param topClasses          the classes whose heap grew most, per added connection
     */
    public record Memory(int baselineConnections, int addedConnections, boolean heapPreTouched, long rssBefore,
            long rssAfter, long heapBefore, long heapAfter, List<ClassShare> topClasses) {
        public double rssPerConnection() {
            return (rssAfter - rssBefore) / (double) addedConnections;
        }

        public double heapPerConnection() {
            return (heapAfter - heapBefore) / (double) addedConnections;
        }

        /** Native memory per connection: RSS growth beyond the heap's. */
        public double nativePerConnection() {
            return heapPreTouched ? rssPerConnection() : rssPerConnection() - heapPerConnection();
        }

        /** Server memory per idle authenticated connection, heap and native together. */
        public double totalPerConnection() {
            return heapPreTouched ? heapPerConnection() + rssPerConnection() : rssPerConnection();
        }
    }

    /** One class's heap growth per connection. */
    public record ClassShare(String className, double instancesPerConnection, double bytesPerConnection) {
    }

    /**
     * Times from the drop (SIGTERM sent, or the clients' close) until that share of the clients had logged in
     * again; {@code -1} if never reached within the timeout.
     *
     * @param mode                  how the connections were dropped
     * @param back                  clients logged in again at the end
     * @param failedAttempts        reconnect attempts that failed (refused, timed out) and were retried
     * @param refused               logins the server refused during the phase (retried unless 400 or 401)
     * @param serverStoppedMillis   for a restart, when the old server process had exited; else {@code -1}
     * @param serverListeningMillis for a restart, when the new server process was listening; else {@code -1}
     */
    public record Reconnect(String mode, int back, int failedAttempts, int refused, long serverStoppedMillis,
            long serverListeningMillis, long to50Millis, long to99Millis, long to100Millis) {
        /** Time to 100 % counted from when the server listened again (from the drop, if it did not restart). */
        public long to100AfterListeningMillis() {
            return to100Millis < 0 ? -1 : to100Millis - Math.max(0, serverListeningMillis);
        }
    }

    /** Connected clients at {@code second} seconds into the run, during {@code phase}. */
    public record Sample(int second, String phase, int connected) {
    }

    /** A plain-text summary, one figure a line. */
    public String summary() {
        StringBuilder s = new StringBuilder();
        s.append(line("connections held (one server process)", "%d over %d workers, sources %s", connections,
                workers, String.join(",", sources)));
        s.append(line("registration", "%d new in %.1f s (%.0f/s), %d reused, %d failed", registration.registered,
                registration.seconds, registration.perSecond(), registration.reused, registration.failed));
        s.append(line("connect+login (Noise XX)", "%d in %.2f s = %.0f/s (%d retried attempts, %d refused)",
                login.connections, login.seconds, login.perSecond(), login.connectFailed, login.refused));
        s.append(line("  CPU per login", "server %.0f µs, clients %.0f µs", login.serverCpuMicros(),
                login.clientCpuMicros()));
        s.append(line("server RSS after full GC" + (memory.heapPreTouched ? " (heap pre-touched)" : ""),
                "%.1f MiB -> %.1f MiB: %.2f KiB per connection", memory.rssBefore / 1048576.0,
                memory.rssAfter / 1048576.0, memory.rssPerConnection() / 1024));
        s.append(line("server heap after full GC", "%.1f MiB -> %.1f MiB: %.2f KiB per connection",
                memory.heapBefore / 1048576.0, memory.heapAfter / 1048576.0, memory.heapPerConnection() / 1024));
        s.append(line("per idle connection", "%.2f KiB (%.2f heap + %.2f native)",
                memory.totalPerConnection() / 1024, memory.heapPerConnection() / 1024,
                memory.nativePerConnection() / 1024));
        for (ClassShare c : memory.topClasses) {
            s.append(line("  heap: " + c.className, "%.2f instances, %.0f bytes per connection",
                    c.instancesPerConnection, c.bytesPerConnection));
        }
        if (reconnect != null) {
            s.append(line("reconnect (" + reconnect.mode + ")",
                    "%d back; 50%% %d ms, 99%% %d ms, 100%% %d ms; %d failed attempts, %d refused logins",
                    reconnect.back, reconnect.to50Millis, reconnect.to99Millis, reconnect.to100Millis,
                    reconnect.failedAttempts, reconnect.refused));
            if (reconnect.serverListeningMillis >= 0) {
                s.append(line("  server restart", "old one exited after %d ms, new one listening after %d ms; "
                        + "all back %d ms after that", reconnect.serverStoppedMillis, reconnect.serverListeningMillis,
                        reconnect.to100AfterListeningMillis()));
            }
        }
        return s.toString();
    }

    private static String line(String label, String format, Object... args) {
        return String.format(Locale.ROOT, "%-40s " + format + "%n", prepend(label, args));
    }

    private static Object[] prepend(String label, Object[] args) {
        Object[] all = new Object[args.length + 1];
        all[0] = label;
        System.arraycopy(args, 0, all, 1, args.length);
        return all;
    }
}
