package io.github.inventorycallback.function.snapstart;

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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where SnapStart priming sends its callbacks: a responder on the loopback interface of the function's own JVM that
 * answers every request as Step Functions answers SendTaskSuccess and SendTaskFailure, {@code 200 {}}, keeping
 * connections alive as Step Functions does. Connections to it go through the same JDK HTTP client as the real ones,
 * so its request path, keep-alive included, is loaded too; nothing leaves the sandbox, no real service is called and
 * the sandbox's network is not needed. {@link #close()} first takes back every connection the JDK keeps idle for
 * reuse (each is used once more and answered with {@code Connection: close}), so none is in the snapshot.
 */
public final class PrimingEndpoint implements UrlConnectionFactory, AutoCloseable {
    private static final String ANSWER = "HTTP/1.1 200 OK\r\nContent-Type: application/x-amz-json-1.0\r\n"
            + "Content-Length: 2\r\n";

    private final ServerSocket server;
    private final AtomicInteger requests = new AtomicInteger();
    private final ExecutorService connections = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "snapstart-priming");
        thread.setDaemon(true);
        return thread;
    });
    /** Once set, every answer closes its connection. */
    private volatile boolean closing;
    /** Requests answered on a connection that had served one before: the JDK reused an idle connection. */
    private final AtomicInteger reused = new AtomicInteger();
    /** Connections not yet closed by either side. */
    private final AtomicInteger open = new AtomicInteger();
    /** Of those, the ones answered with {@code Connection: close}: they end by themselves, their thread closes them. */
    private final AtomicInteger closingConnections = new AtomicInteger();
    private volatile int openAtClose = -1;

    public PrimingEndpoint() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        connections.execute(this::accept);
    }

    /** Connections still open when {@link #close()} had taken back the idle ones: 0, or the snapshot keeps some. */
    public int openAtClose() {
        return openAtClose;
    }

    /** How many requests were answered. */
    public int requests() {
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

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket connection = server.accept();
                open.incrementAndGet();
                connections.execute(() -> serve(connection));
            } catch (IOException | RuntimeException e) {
                return;
            }
        }
    }

    /** The requests of one connection, until the client or a closing answer ends it. */
    private void serve(Socket connection) {
        boolean close = false;
        try (connection) {
            connection.setTcpNoDelay(true);
            InputStream in = new BufferedInputStream(connection.getInputStream());
            OutputStream out = connection.getOutputStream();
            for (int served = 0; ; served++) {
                if (read(in) == null) {
                    return;
                }
                close = closing;
                if (served > 0) {
                    reused.incrementAndGet();
                }
                // Counted before it is answered: the client may go on (and read the counts) as soon as it has its
                // answer.
                requests.incrementAndGet();
                if (close) {
                    closingConnections.incrementAndGet();
                }
                out.write((ANSWER + (close ? "Connection: close\r\n" : "") + "\r\n{}")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                if (close) {
                    return;
                }
            }
        } catch (IOException | RuntimeException e) {
            // The client went away: nothing to answer.
        } finally {
            open.decrementAndGet();
            if (close) {
                closingConnections.decrementAndGet();
            }
        }
    }

    /**
     * Takes back the connections the JDK keeps idle for reuse: each request reuses one, and its answer closes it.
     * Done when a request needs a new connection (none idle was left), or after more requests than there can be
     * idle connections ({@code http.maxConnections}).
     */
    private void closeIdleConnections() throws IOException {
        closing = true;
        int limit = Integer.getInteger("http.maxConnections", 5) + 1;
        for (int i = 0; i < limit; i++) {
            int before = reused.get();
            HttpURLConnection connection = createConnection(URI.create("http://localhost/"));
            connection.setRequestMethod("POST");
            connection.setDoOutput(true);
            connection.getOutputStream().close();
            try (InputStream answer = connection.getInputStream()) {
                answer.readAllBytes();
            }
            if (reused.get() == before) {
                return;
            }
        }
    }
    /** One HTTP/1.1 request: its request line and its body. */
    public record Request(String requestLine, byte[] body) {
    }

    /** Reads the next request of a connection, or null when the client has closed it. */
    public static Request read(InputStream in) throws IOException {
        String requestLine = line(in);
        if (requestLine == null || requestLine.isEmpty()) {
            return null;
        }
        int length = 0;
        for (String header = line(in); header != null && !header.isEmpty(); header = line(in)) {
            if (header.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(header.substring(header.indexOf(':') + 1).trim());
            }
        }
        return new Request(requestLine, in.readNBytes(length));
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
        try {
            closeIdleConnections();
            // The connections answered with Connection: close need nothing more from the client, only their threads
            // to close them: wait for that, however busy the machine (the bound only keeps a hang from lasting). What
            // is still open then was never taken back.
            long hang = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (closingConnections.get() > 0 && System.nanoTime() < hang) {
                Thread.sleep(1);
            }
            openAtClose = open.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            server.close();
            connections.shutdownNow();
        }
    }
}
