// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A bind failure during the start (a port taken after the check) still names the listener and what to do. */
class ListenerPortsTest {

    private static Config config(int clientPort, int adminPort) {
        return ConfigFactory.parseMap(Map.of("switchboard.transport.host", "127.0.0.1",
                "switchboard.transport.port", clientPort, "switchboard.admin.host", "127.0.0.1",
                "switchboard.admin.port", adminPort));
    }

    @Test
    void aNativeBindErrorDuringTheStartNamesTheBusyListener() throws Exception {
        try (ServerSocket busy = new ServerSocket()) {
            busy.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            ListenerPorts ports = ListenerPorts.of(config(0, busy.getLocalPort()));
            assertThat(ports.explainStartFailure(new IllegalStateException("start failed",
                    new IOException("bind(..) failed with error(-98): Address already in use"))))
                    .contains("the admin port 127.0.0.1:" + busy.getLocalPort() + " is in use (another server"
                            + " running?); stop it or pass --admin-port N");
        }
    }

    @Test
    void aBindErrorWhoseCulpritLeftAgainNamesBothListeners() {
        ListenerPorts ports = ListenerPorts.of(config(0, 0));
        assertThat(ports.explainStartFailure(new java.net.BindException("Address already in use")))
                .hasValueSatisfying(line -> assertThat(line).startsWith("a port was taken while the server started"));
    }

    @Test
    void otherStartFailuresAreNotExplainedAsPorts() {
        assertThat(ListenerPorts.of(config(0, 0)).explainStartFailure(new IOException("disk full"))).isEmpty();
    }

    @Test
    void ipv6AddressesAreBracketed() {
        assertThat(ListenerPorts.hostPort("::1", 5222)).isEqualTo("[::1]:5222");
    }
}
