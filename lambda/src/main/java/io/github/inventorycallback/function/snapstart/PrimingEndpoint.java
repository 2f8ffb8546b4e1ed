package io.github.inventorycallback.function.snapstart;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.Proxy;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where SnapStart priming sends its callbacks: a responder on the loopback interface of the function's own JVM that
 * answers every request as Step Functions answers SendTaskSuccess and SendTaskFailure, {@code 200 {}}, and hands out
 * throwaway session credentials as Lambda's container credentials endpoint does ({@link #credentialsUri()}). The
 * priming's client reaches it through the same SDK HTTP client and JDK connection code as the function's real one
 * (only its endpoint is overridden), so that path, proxy selection and keep-alive included, is loaded and compiled
 * too; nothing leaves the sandbox, no real service is called and the sandbox's network is not needed. Each
 * connection serves {@value #REQUESTS_PER_CONNECTION} requests and is then closed, so opening one is compiled as well:
 * after a restore every callback opens one. {@link #close()} first takes back every connection the JDK keeps idle for
 * reuse (each is used once more and answered with {@code Connection: close}), so none is in the snapshot.
 */
public final class PrimingEndpoint implements AutoCloseable {
    /**
     * Requests a connection serves before it is closed: enough for the JDK's reuse of an idle connection to be
     * compiled, few enough for opening one to be (a few hundred connections in a priming).
     */
    static final int REQUESTS_PER_CONNECTION = 10;
    /** Not a real key: credentials that sign only the priming's own requests. */
    static final String THROWAWAY = "snapstart-priming";
    private static final String CREDENTIALS_PATH = "/snapstart-priming-credentials";
    private static final String ANSWER = "HTTP/1.1 200 OK\r\nContent-Type: application/x-amz-json-1.0\r\n"
            + "Content-Length: 2\r\n";

    private final ServerSocket server;
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger credentialRequests = new AtomicInteger();
    private final AtomicInteger connectionsAccepted = new AtomicInteger();
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

    /** How many Step Functions requests were answered (the credentials' not counted). */
    public int requests() {
        return requests.get();
    }

    /** How many times credentials were handed out. */
    public int credentialRequests() {
        return credentialRequests.get();
    }

    /** How many connections clients opened. */
    public int connectionsAccepted() {
        return connectionsAccepted.get();
    }

    /** The endpoint the priming's Step Functions client is given instead of the real one. */
    public URI uri() {
        return URI.create("http://" + server.getInetAddress().getHostAddress() + ":" + server.getLocalPort());
    }

    /**
     * Where the priming's credentials provider asks for credentials, as the function's own asks Lambda's container
     * endpoint under SnapStart ({@code AWS_CONTAINER_CREDENTIALS_FULL_URI}).
     */
    public String credentialsUri() {
        return uri() + CREDENTIALS_PATH;
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket connection = server.accept();
                open.incrementAndGet();
                connectionsAccepted.incrementAndGet();
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
                Request request = read(in);
                if (request == null) {
                    return;
                }
                close = closing || served + 1 == REQUESTS_PER_CONNECTION;
                if (served > 0) {
                    reused.incrementAndGet();
                }
                // Counted before it is answered: the client may go on (and read the counts) as soon as it has its
                // answer.
                boolean credentials = request.requestLine().startsWith("GET " + CREDENTIALS_PATH + " ");
                (credentials ? credentialRequests : requests).incrementAndGet();
                if (close) {
                    closingConnections.incrementAndGet();
                }
                String connectionHeader = close ? "Connection: close\r\n" : "";
                out.write((credentials ? credentialsAnswer(connectionHeader)
                        : ANSWER + connectionHeader + "\r\n{}").getBytes(StandardCharsets.US_ASCII));
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

    /** Session credentials as the container endpoint returns them, valid for an hour, good for nothing here. */
    private static String credentialsAnswer(String connectionHeader) {
        String body = "{\"AccessKeyId\": \"" + THROWAWAY + "\", \"SecretAccessKey\": \"" + THROWAWAY
                + "\", \"Token\": \"" + THROWAWAY + "\", \"Expiration\": \""
                + Instant.now().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS) + "\"}";
        return "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\n"
                + connectionHeader + "\r\n" + body;
    }

    /** A connection to this responder, as the JDK makes them for the priming's client. */
    private HttpURLConnection connection() throws IOException {
        return (HttpURLConnection) uri().toURL().openConnection(Proxy.NO_PROXY);
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
            HttpURLConnection connection = connection();
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
