// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.cli;

import com.typesafe.config.Config;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Optional;

/**
 * The server's two listeners (client and admin) as the configuration names them. Checks each can be bound before
 * the node starts, so a busy port costs a second and one line naming the listener, its address and the option to
 * change, instead of a native bind error after the store and the actor system came up.
 */
final class ListenerPorts {

    /** One listener: what the user calls it, where it binds, and the options that move it. */
    record Listener(String name, String host, int port, String hostOption, String portOption) {
        String address() {
            return hostPort(host, port);
        }
    }

    private final List<Listener> listeners;

    private ListenerPorts(List<Listener> listeners) {
        this.listeners = listeners;
    }

    static ListenerPorts of(Config config) {
        return new ListenerPorts(List.of(
                new Listener("client", config.getString("switchboard.transport.host"),
                        config.getInt("switchboard.transport.port"), "--host", "--port"),
                new Listener("admin", config.getString("switchboard.admin.host"),
                        config.getInt("switchboard.admin.port"), "--admin-host", "--admin-port")));
    }

    Listener client() {
        return listeners.get(0);
    }

    Listener admin() {
        return listeners.get(1);
    }

    /** {@code host:port}, with an IPv6 literal in brackets. */
    static String hostPort(String host, int port) {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    /**
     * Binds each fixed port once and closes it again; port 0 needs no check.
     *
     * @return the first problem as one line a user can act on, if any
     */
    Optional<String> firstProblem() {
        for (Listener listener : listeners) {
            Optional<String> problem = check(listener);
            if (problem.isPresent()) {
                return problem;
            }
        }
        return Optional.empty();
    }

    /**
     * Explains a bind failure that happened during the start anyway (another process took a port after the
     * check): names the listener whose port is busy now, or both when neither is any more.
     */
    Optional<String> explainStartFailure(Throwable failure) {
        if (!isBindFailure(failure)) {
            return Optional.empty();
        }
        return Optional.of(firstProblem().orElse("a port was taken while the server started (client "
                + client().address() + ", admin " + admin().address() + "); stop the other program or pass --port N"
                + " or --admin-port N"));
    }

    private static Optional<String> check(Listener listener) {
        if (listener.port() == 0) {
            return Optional.empty();
        }
        InetSocketAddress address = new InetSocketAddress(listener.host(), listener.port());
        if (address.isUnresolved()) {
            return Optional.of("the " + listener.name() + " host '" + listener.host() + "' cannot be resolved; pass "
                    + listener.hostOption() + " ADDR (e.g. 127.0.0.1)");
        }
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);  // as the real listeners do: a closed socket in TIME_WAIT is no conflict
            socket.bind(address);
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of(describe(listener, e));
        }
    }

    private static String describe(Listener listener, IOException e) {
        String what = "the " + listener.name() + " port " + listener.address();
        String message = String.valueOf(e.getMessage());
        if (message.contains("in use")) {
            return what + " is in use (another server running?); stop it or pass " + listener.portOption() + " N";
        }
        if (message.contains("assign requested address")) {
            return "the " + listener.name() + " address " + listener.host() + " is not an address of this machine;"
                    + " pass " + listener.hostOption() + " ADDR (e.g. 127.0.0.1 or 0.0.0.0)";
        }
        if (message.contains("Permission denied")) {
            return what + " needs privileges this user lacks (ports below 1024 do); pass " + listener.portOption()
                    + " N with N above 1023";
        }
        return "cannot listen on " + what + " (" + message + "); pass " + listener.hostOption() + " ADDR or "
                + listener.portOption() + " N";
    }

    private static boolean isBindFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String message = String.valueOf(t.getMessage());
            // Netty's native transport reports EADDRINUSE as "bind(..) failed with error(-98)", not a BindException.
            if (t instanceof BindException || message.contains("Address already in use")
                    || message.contains("error(-98)")) {
                return true;
            }
        }
        return false;
    }
}
