package com.example.inventory;

import software.amazon.awssdk.http.urlconnection.UrlConnectionFactory;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.Proxy;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where SnapStart priming sends its callbacks: a responder on the loopback interface of the function's own JVM that
 * answers every request as Step Functions answers SendTaskSuccess and SendTaskFailure, {@code 200 {}}. Connections
 * to it go through the same JDK HTTP client as the real ones, so its request path is loaded too; nothing leaves the
 * sandbox, no real service is called and the sandbox's network is not needed. Each answer closes its connection
 * ({@code Connection: close}), so no connection is kept for the snapshot; {@link #close()} stops the responder.
 */
final class PrimingEndpoint implements UrlConnectionFactory, AutoCloseable {
    private static final byte[] ANSWER = ("HTTP/1.1 200 OK\r\nContent-Type: application/x-amz-json-1.0\r\n"
            + "Content-Length: 2\r\nConnection: close\r\n\r\n{}").getBytes(StandardCharsets.US_ASCII);

    private final ServerSocket server;
    private final AtomicInteger requests = new AtomicInteger();

    PrimingEndpoint() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread responder = new Thread(this::respond, "snapstart-priming");
        responder.setDaemon(true);
        responder.start();
    }

    /** How many requests were answered. */
    int requests() {
        return requests.get();
    }

    /** Any Step Functions URI, sent to this responder instead. */
    @Override
    public HttpURLConnection createConnection(URI uri) {
        try {
            URL local = new URL("http", server.getInetAddress().getHostAddress(), server.getLocalPort(),
                    uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath());
            return (HttpURLConnection) local.openConnection(Proxy.NO_PROXY);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void respond() {
        while (!server.isClosed()) {
            try (Socket connection = server.accept()) {
                connection.setTcpNoDelay(true);
                InputStream in = new BufferedInputStream(connection.getInputStream());
                int length = 0;
                for (String header = line(in); header != null && !header.isEmpty(); header = line(in)) {
                    if (header.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                        length = Integer.parseInt(header.substring(header.indexOf(':') + 1).trim());
                    }
                }
                in.readNBytes(length);
                OutputStream out = connection.getOutputStream();
                out.write(ANSWER);
                out.flush();
                requests.incrementAndGet();
            } catch (IOException | RuntimeException e) {
                // A request the client gave up on, or the responder closing: the next one is answered anyway.
            }
        }
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c == -1) {
                return line.length() == 0 ? null : line.toString();
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
