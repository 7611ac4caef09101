// SPDX-License-Identifier: AGPL-3.0-only
package io.switchboard.server.ops.admin;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/**
 * One admin connection over a plain socket, for the tests that need what an HTTP client library hides: requests sent
 * a line at a time, connections left idle, a server that closes. Every read has a deadline.
 */
final class RawHttp implements AutoCloseable {
    /** Generous: a healthy admin port answers in milliseconds; only a hung one waits this long. */
    static final Duration READ_DEADLINE = Duration.ofSeconds(10);

    record Response(int status, String head, String body) {
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    RawHttp(int port) throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        socket.setSoTimeout((int) READ_DEADLINE.toMillis());
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    RawHttp send(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        return this;
    }

    /** One GET on this connection, kept alive; the response read whole. */
    Response get(String path, String... headers) throws IOException {
        StringBuilder request = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: admin\r\n");
        for (String header : headers) {
            request.append(header).append("\r\n");
        }
        send(request.append("\r\n").toString());
        return read();
    }

    /** Reads one response: status line, headers, then Content-Length bytes of body. */
    Response read() throws IOException {
        String head = readHead();
        int length = 0;
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).strip());
            }
        }
        byte[] body = in.readNBytes(length);
        return new Response(Integer.parseInt(head.substring(9, 12)), head,
                new String(body, StandardCharsets.UTF_8));
    }

    /** Whether the server closed the connection: reads (and drops) bytes until end of stream, within the deadline. */
    boolean closedByServer() throws IOException {
        try {
            while (in.read() >= 0) {
                // what the server wrote before closing (a 408, say) does not matter here
            }
            return true;
        } catch (SocketException e) {
            return true; // reset: closed too
        }
    }

    private String readHead() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the server closed the connection after " + head.size() + " bytes: " + head);
            }
            head.write(b);
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
                    ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
