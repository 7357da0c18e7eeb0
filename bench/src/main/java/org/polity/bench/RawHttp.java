package org.polity.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Flow;

/**
 * One HTTP/1.1 keep-alive connection on a plain blocking socket, as load generators such as wrk use: the request
 * is written as prepared bytes and the answer is read to its end (Content-Length or chunked) and dropped, keeping
 * only the status. The JDK's {@code HttpClient} spent about three times the server's CPU on the same two cores in
 * {@code scripts/bench reads} (1,500 against 532 ticks for the directory), so the generator, not the server, set
 * the figure; this one spends a fraction of that. Not for anything but loopback benchmarks: no TLS, no redirects,
 * no proxies.
 */
final class RawHttp implements AutoCloseable {
    private final int timeoutMillis;
    private Socket socket;
    private OutputStream out;
    private InputStream in;
    private String connectedTo;
    private HttpRequest lastRequest;
    private byte[] lastBytes;

    RawHttp(int timeoutMillis) {
        this.timeoutMillis = timeoutMillis;
    }

    /** Sends {@code request} and returns its status, or 0 after an I/O error (the connection is then dropped). */
    int send(HttpRequest request) {
        if (request != lastRequest) { // the reads send one request object over and over
            lastBytes = bytes(request);
            lastRequest = request;
        }
        byte[] bytes = lastBytes;
        URI uri = request.uri();
        String authority = uri.getHost() + ":" + uri.getPort();
        for (int attempt = 0; attempt < 2; attempt++) {
            try {
                if (socket == null || !authority.equals(connectedTo)) {
                    connect(uri, authority);
                }
                out.write(bytes);
                out.flush();
                return readResponse(request.method().equals("HEAD"));
            } catch (IOException e) {
                close();
                // A keep-alive connection the server closed between requests: one new connection, then give up.
            }
        }
        return 0;
    }

    private void connect(URI uri, String authority) throws IOException {
        close();
        Socket s = new Socket();
        s.setTcpNoDelay(true);
        s.setSoTimeout(timeoutMillis);
        s.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), timeoutMillis);
        socket = s;
        out = s.getOutputStream();
        in = new BufferedInputStream(s.getInputStream(), 64 * 1024);
        connectedTo = authority;
    }

    private int readResponse(boolean head) throws IOException {
        String statusLine = line();
        if (statusLine == null || !statusLine.startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP answer: " + statusLine);
        }
        int status = Integer.parseInt(statusLine.substring(9, 12));
        long length = -1;
        boolean chunked = false;
        boolean closing = false;
        for (String header = line(); header != null && !header.isEmpty(); header = line()) {
            int colon = header.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = header.substring(colon + 1).trim();
            switch (name) {
                case "content-length" -> length = Long.parseLong(value);
                case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                case "connection" -> closing = value.equalsIgnoreCase("close");
                default -> { }
            }
        }
        if (!head && status != 204 && status != 304) {
            if (chunked) {
                for (long size = Long.parseLong(line().split(";")[0].trim(), 16); size > 0;
                        size = Long.parseLong(line().split(";")[0].trim(), 16)) {
                    skip(size);
                    line();
                }
                for (String trailer = line(); trailer != null && !trailer.isEmpty(); trailer = line()) {
                    // trailers, if any
                }
            } else if (length >= 0) {
                skip(length);
            } else {
                closing = true; // read to the end of the connection
                while (in.read() >= 0) {
                    // drain
                }
            }
        }
        if (closing) {
            close();
        }
        return status;
    }

    private void skip(long n) throws IOException {
        while (n > 0) {
            long skipped = in.skip(n);
            if (skipped <= 0) {
                if (in.read() < 0) {
                    throw new IOException("the answer ended early");
                }
                skipped = 1;
            }
            n -= skipped;
        }
    }

    /** One header line without its CRLF, or null at the end of the stream. */
    private String line() throws IOException {
        StringBuilder b = new StringBuilder(64);
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                int end = b.length();
                if (end > 0 && b.charAt(end - 1) == '\r') {
                    b.setLength(end - 1);
                }
                return b.toString();
            }
            b.append((char) c);
        }
        return b.length() == 0 ? null : b.toString();
    }

    /** The request as bytes on the wire: its method, path, headers (with Host and Content-Length) and body. */
    static byte[] bytes(HttpRequest request) {
        byte[] body = body(request);
        URI uri = request.uri();
        String target = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        StringBuilder head = new StringBuilder(512);
        head.append(request.method()).append(' ').append(target.isEmpty() ? "/" : target).append(" HTTP/1.1\r\n");
        head.append("Host: ").append(uri.getRawAuthority()).append("\r\n");
        for (Map.Entry<String, List<String>> header : request.headers().map().entrySet()) {
            for (String value : header.getValue()) {
                head.append(header.getKey()).append(": ").append(value).append("\r\n");
            }
        }
        if (body.length > 0 || !request.method().equals("GET")) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        head.append("\r\n");
        byte[] h = head.toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = new byte[h.length + body.length];
        System.arraycopy(h, 0, all, 0, h.length);
        System.arraycopy(body, 0, all, h.length, body.length);
        return all;
    }

    /** The body a request's publisher gives (the bench's are byte arrays or none, published at once). */
    static byte[] body(HttpRequest request) {
        if (request.bodyPublisher().isEmpty()) {
            return new byte[0];
        }
        ByteArrayOutputStream collected = new ByteArrayOutputStream();
        request.bodyPublisher().get().subscribe(new Flow.Subscriber<ByteBuffer>() {
            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                subscription.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(ByteBuffer item) {
                byte[] chunk = new byte[item.remaining()];
                item.get(chunk);
                collected.writeBytes(chunk);
            }

            @Override
            public void onError(Throwable throwable) {
                throw new IllegalStateException(throwable);
            }

            @Override
            public void onComplete() {
            }
        });
        return collected.toByteArray();
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        socket = null;
        connectedTo = null;
    }
}
