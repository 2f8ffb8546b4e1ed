package io.github.inventorycallback.local;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;

/**
 * The Lambda Runtime API of one execution environment, on 127.0.0.1: the runtime interface client asks it for the
 * next invocation, and posts the function's response, its error, or an init error.
 *
 * <p>A plain HTTP/1.1 server on a socket, not the JDK's {@code com.sun.net.httpserver}: that one writes header names
 * as {@code Lambda-runtime-aws-request-id}, and the runtime client's native HTTP client then crashes the JVM
 * (SIGSEGV in {@code NativeClient.next}, seen with client 2.10.1): it looks the headers up by their exact case.
 */
final class RuntimeApi implements AutoCloseable {
    static final String BASE = "/2018-06-01/runtime";

    /** What the function answered: its response, its error (the runtime client's JSON), or an init error. */
    record Answer(Kind kind, String body) {
        enum Kind { RESPONSE, ERROR, INIT_ERROR }
    }

    /** One invocation for the environment. */
    record Invocation(String requestId, String event, long timeoutMillis, String functionArn) {
    }

    private final ServerSocket server;
    private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "runtime-api");
        thread.setDaemon(true);
        return thread;
    });
    private final BlockingQueue<Invocation> pending = new LinkedBlockingQueue<>();
    private final Consumer<Invocation> taken;
    private volatile Invocation current;
    private volatile CompletableFuture<Answer> answer = new CompletableFuture<>();
    private volatile String initError;

    /**
     * @param port  0 for any free port
     * @param taken told when the runtime client takes an invocation (its timeout starts then)
     */
    RuntimeApi(int port, Consumer<Invocation> taken) {
        this.taken = taken;
        try {
            server = new ServerSocket();
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
        } catch (BindException e) {
            throw new IllegalStateException("cannot serve the Lambda Runtime API on 127.0.0.1:" + port
                    + ": the port is already taken (" + e.getMessage() + ")");
        } catch (IOException e) {
            throw new IllegalStateException("cannot serve the Lambda Runtime API on 127.0.0.1:" + port + ": " + e);
        }
        threads.execute(this::accept);
    }

    /** The value of {@code AWS_LAMBDA_RUNTIME_API}. */
    String address() {
        return "127.0.0.1:" + server.getLocalPort();
    }

    /** Hands the invocation to the next {@code /invocation/next}; the future completes with the function's answer. */
    CompletableFuture<Answer> invoke(Invocation invocation) {
        answer = new CompletableFuture<>();
        pending.add(invocation);
        return answer;
    }

    /** What the runtime client posted to {@code /init/error}, or null. */
    String initError() {
        return initError;
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket connection = server.accept();
                threads.execute(() -> serve(connection));
            } catch (IOException e) {
                return;
            }
        }
    }

    /** Requests on one kept-alive connection, one after the other. */
    private void serve(Socket connection) {
        try (connection; var in = new BufferedInputStream(connection.getInputStream());
             OutputStream out = connection.getOutputStream()) {
            connection.setTcpNoDelay(true);
            for (Request request = read(in); request != null; request = read(in)) {
                respond(out, handle(request));
            }
        } catch (IOException e) {
            // The runtime client went away (its JVM was stopped).
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private record Request(String method, String path, byte[] body) {
    }

    private record Response(int status, Map<String, String> headers, String body) {
    }

    private Response handle(Request request) throws InterruptedException {
        String path = request.path().startsWith(BASE) ? request.path().substring(BASE.length()) : request.path();
        String body = new String(request.body(), StandardCharsets.UTF_8);
        if (path.equals("/invocation/next") && request.method().equals("GET")) {
            Invocation next = pending.take();
            current = next;
            taken.accept(next);
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Lambda-Runtime-Aws-Request-Id", next.requestId());
            // The deadline counts from now, when the function gets the event, as the timeout does.
            headers.put("Lambda-Runtime-Deadline-Ms", Long.toString(System.currentTimeMillis() + next.timeoutMillis()));
            headers.put("Lambda-Runtime-Invoked-Function-Arn", next.functionArn());
            headers.put("Lambda-Runtime-Trace-Id", "Root=1-00000000-000000000000000000000000;Sampled=0");
            headers.put("Content-Type", "application/json");
            return new Response(200, headers, next.event());
        }
        if (path.equals("/init/error") && request.method().equals("POST")) {
            initError = body;
            answer.complete(new Answer(Answer.Kind.INIT_ERROR, body));
            return new Response(202, Map.of(), "{\"status\":\"OK\"}");
        }
        if (path.startsWith("/invocation/") && request.method().equals("POST")
                && (path.endsWith("/response") || path.endsWith("/error"))) {
            String requestId = path.substring("/invocation/".length(), path.lastIndexOf('/'));
            Invocation now = current;
            if (now == null || !now.requestId().equals(requestId)) {
                return new Response(400, Map.of(), "{\"errorMessage\":\"unknown request id " + requestId + "\"}");
            }
            answer.complete(new Answer(path.endsWith("/error") ? Answer.Kind.ERROR : Answer.Kind.RESPONSE, body));
            return new Response(202, Map.of(), "{\"status\":\"OK\"}");
        }
        return new Response(404, Map.of(), "{\"errorMessage\":\"no such resource: " + request.path() + "\"}");
    }

    /** One request: its line, headers (Content-Length or chunked) and body; null at the end of the connection. */
    private static Request read(InputStream in) throws IOException {
        String requestLine = line(in);
        if (requestLine == null || requestLine.isEmpty()) {
            return null;
        }
        String[] parts = requestLine.split(" ");
        int length = 0;
        boolean chunked = false;
        for (String header = line(in); header != null && !header.isEmpty(); header = line(in)) {
            String lower = header.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                length = Integer.parseInt(header.substring(header.indexOf(':') + 1).trim());
            } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                chunked = true;
            }
        }
        byte[] body = chunked ? chunks(in) : in.readNBytes(length);
        return new Request(parts[0], parts.length > 1 ? parts[1] : "/", body);
    }

    private static byte[] chunks(InputStream in) throws IOException {
        var body = new ByteArrayOutputStream();
        for (String size = line(in); size != null; size = line(in)) {
            int length = Integer.parseInt(size.split(";")[0].trim(), 16);
            if (length == 0) {
                while (true) {
                    String trailer = line(in);
                    if (trailer == null || trailer.isEmpty()) {
                        return body.toByteArray();
                    }
                }
            }
            body.write(in.readNBytes(length));
            line(in);
        }
        return body.toByteArray();
    }

    private static String line(InputStream in) throws IOException {
        var bytes = new ByteArrayOutputStream();
        for (int b = in.read(); b != -1; b = in.read()) {
            if (b == '\n') {
                String text = bytes.toString(StandardCharsets.US_ASCII);
                return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
            }
            bytes.write(b);
        }
        return bytes.size() == 0 ? null : bytes.toString(StandardCharsets.US_ASCII);
    }

    private static void respond(OutputStream out, Response response) throws IOException {
        byte[] body = response.body().getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder("HTTP/1.1 ").append(response.status())
                .append(response.status() < 300 ? " OK" : " Error").append("\r\n");
        response.headers().forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
        var all = new ByteArrayOutputStream();
        all.write(head.toString().getBytes(StandardCharsets.US_ASCII));
        all.write(body);
        // One write: the answer goes out at once, with no Nagle delay.
        out.write(all.toByteArray());
        out.flush();
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
        threads.shutdownNow();
    }
}
