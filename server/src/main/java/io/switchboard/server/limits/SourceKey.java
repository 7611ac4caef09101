// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.limits;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.HexFormat;

/**
 * Where unauthenticated work comes from, as a limiter key: an IPv4 address, or the /64 prefix of an IPv6 one (one
 * subscriber usually holds a whole /64, so counting single IPv6 addresses would let it cycle through 2^64 keys).
 * The port never counts.
 *
 * @param value "127.0.0.1", "2001:db8:0:1::/64", or "unknown"
 */
public record SourceKey(String value) {

    private static final SourceKey UNKNOWN = new SourceKey("unknown");

    /** The key of a connection's remote address. */
    public static SourceKey of(SocketAddress remote) {
        if (remote instanceof InetSocketAddress inet && inet.getAddress() != null) {
            return of(inet.getAddress());
        }
        return UNKNOWN;
    }

    /**
     * The key of a remote address as {@code SocketAddress.toString()} renders it ("/192.0.2.7:53412",
     * "/[2001:db8::1]:53412"); anything that is not an address literal is "unknown" (never looked up in DNS).
     */
    public static SourceKey ofRemote(String remote) {
        String host = remote.startsWith("/") ? remote.substring(1) : remote.substring(remote.indexOf('/') + 1);
        if (host.startsWith("[") && host.indexOf(']') > 0) {
            host = host.substring(1, host.indexOf(']'));
        } else if (host.indexOf(':') == host.lastIndexOf(':') && host.indexOf(':') > 0) {
            host = host.substring(0, host.indexOf(':'));
        } else if (host.lastIndexOf(':') > 0 && host.chars().filter(ch -> ch == ':').count() == 8) {
            host = host.substring(0, host.lastIndexOf(':'));
        }
        boolean ipv4 = host.matches("\\d{1,3}(\\.\\d{1,3}){3}");
        boolean ipv6 = host.indexOf(':') >= 0 && host.matches("[0-9A-Fa-f:.]+");
        if (!ipv4 && !ipv6) {
            return UNKNOWN;  // a literal never goes to DNS; anything else is not asked there either
        }
        try {
            return of(InetAddress.getByName(host));
        } catch (java.net.UnknownHostException e) {
            return UNKNOWN;
        }
    }

    /** The key of an address: itself for IPv4, its /64 for IPv6 (an IPv4-mapped IPv6 address counts as IPv4). */
    public static SourceKey of(InetAddress address) {
        if (address instanceof Inet6Address) {
            byte[] bytes = address.getAddress();
            HexFormat hex = HexFormat.of();
            StringBuilder prefix = new StringBuilder();
            for (int i = 0; i < 8; i += 2) {
                prefix.append(Integer.toHexString(Integer.parseInt(hex.formatHex(bytes, i, i + 2), 16))).append(':');
            }
            return new SourceKey(prefix.append(":/64").toString());
        }
        return new SourceKey(address.getHostAddress());
    }
}
