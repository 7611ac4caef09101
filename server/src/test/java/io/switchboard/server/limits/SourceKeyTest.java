// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.limits;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;

import static org.assertj.core.api.Assertions.assertThat;

class SourceKeyTest {

    @Test
    void anIpv4AddressIsItsOwnKeyWhateverThePort() throws Exception {
        InetAddress address = InetAddress.getByName("192.0.2.7");
        assertThat(SourceKey.of(new InetSocketAddress(address, 53412)))
                .isEqualTo(SourceKey.of(new InetSocketAddress(address, 1)))
                .isEqualTo(new SourceKey("192.0.2.7"));
    }

    @Test
    void ipv6AddressesInOneSlash64ShareAKey() throws Exception {
        SourceKey one = SourceKey.of(InetAddress.getByName("2001:db8:0:1::1"));
        SourceKey other = SourceKey.of(InetAddress.getByName("2001:db8:0:1:ffff:ffff:ffff:ffff"));
        assertThat(one).isEqualTo(other).isEqualTo(new SourceKey("2001:db8:0:1::/64"));
        assertThat(SourceKey.of(InetAddress.getByName("2001:db8:0:2::1"))).isNotEqualTo(one);
    }

    @Test
    void aRemoteAddressAsTheChannelPrintsItIsParsedWithoutTheName() {
        assertThat(SourceKey.ofRemote("/127.0.0.1:53412")).isEqualTo(new SourceKey("127.0.0.1"));
        assertThat(SourceKey.ofRemote("/[2001:db8:0:1:0:0:0:5]:53412")).isEqualTo(new SourceKey("2001:db8:0:1::/64"));
        assertThat(SourceKey.ofRemote("unknown")).as("never looked up in DNS").isEqualTo(new SourceKey("unknown"));
        assertThat(SourceKey.ofRemote("localhost/127.0.0.1:5")).isEqualTo(new SourceKey("127.0.0.1"));
    }

    @Test
    void aRateDescribesItselfForPeople() {
        assertThat(new Rate(50, 200).describe()).isEqualTo("200 at once, then 50 a second");
        assertThat(Rate.of(3, java.time.Duration.ofHours(1)).describe()).isEqualTo("3 at once, then 3 an hour");
    }

    @Test
    void anIpv4MappedAddressCountsAsIpv4() throws Exception {
        assertThat(SourceKey.of(InetAddress.getByName("::ffff:192.0.2.7"))).isEqualTo(new SourceKey("192.0.2.7"));
    }
}
