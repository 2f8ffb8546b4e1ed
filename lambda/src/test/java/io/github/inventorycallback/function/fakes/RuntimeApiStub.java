package io.github.inventorycallback.function.fakes;

import io.github.inventorycallback.function.snapstart.PrimingEndpoint;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Lambda Runtime API on 127.0.0.1, as the runtime interface client sees it inside a Lambda sandbox: it hands
 * out queued invocations ({@code /invocation/next}), takes their responses and errors, init errors, and under
 * SnapStart holds the client at {@code /restore/next} until {@link #restore()} (where Lambda would snapshot the JVM,
 * and later resume it). Every arrival is time-stamped with {@link System#nanoTime()} in this JVM.
 */
public final class RuntimeApiStub implements AutoCloseable {
    private static final String BASE = "/2018-06-01/runtime";

    /** What the function answered to one invocation, when the runtime client took the invocation and when it answered. */
    public record Answer(String requestId, boolean error, String body, long takenNanos, long nanos) {
    }

    private record Invocation(String requestId, String event) {
    }

    private final ServerSocket server;
    private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "runtime-api");
        thread.setDaemon(true);
        return thread;
    });
    private final BlockingQueue<Invocation> pending = new LinkedBlockingQueue<>();
    private final Map<String, CompletableFuture<Answer>> answers = new ConcurrentHashMap<>();
    private final Map<String, Long> taken = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final CompletableFuture<Long> checkpoint = new CompletableFuture<>();
    private final CompletableFuture<Void> restored = new CompletableFuture<>();
    private final List<Long> restoreRequests = new CopyOnWriteArrayList<>();
    public final CompletableFuture<String> initError = new CompletableFuture<>();
    public final List<String> restoreErrors = new CopyOnWriteArrayList<>();

    // Plain HTTP/1.1 on a socket rather than the JDK's HttpServer: that one rewrites header names to
    // "Lambda-runtime-aws-request-id", and the runtime client's native HTTP client looks them up by their exact case.
    public RuntimeApiStub() throws IOException {
        this(0);
    }

    /**
     * On a given port: a JVM restored from a snapshot still has the Runtime API's address it was started with, so
     * every restore of one image needs its Runtime API where the first one was.
     */
    public RuntimeApiStub(int port) throws IOException {
        server = bind(port);
        threads.execute(() -> {
            while (!server.isClosed()) {
                try {
                    Socket connection = server.accept();
                    threads.execute(() -> serve(connection));
                } catch (IOException e) {
                    return;
                }
            }
        });
    }

    /**
     * Binds a port again soon after the last stub on it closed: its connections take a moment to close after its
     * threads are interrupted, and bind fails while one is open.
     */
    private static ServerSocket bind(int port) throws IOException {
        long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            var socket = new ServerSocket();
            socket.setReuseAddress(true);
            try {
                socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
                return socket;
            } catch (BindException e) {
                socket.close();
                if (port == 0 || System.nanoTime() > giveUp) {
                    throw e;
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /** The value of {@code AWS_LAMBDA_RUNTIME_API}. */
    public String address() {
        return "127.0.0.1:" + server.getLocalPort();
    }

    /** Queues an invocation; the future completes when the function answers it. */
    public CompletableFuture<Answer> invoke(String event) {
        String requestId = "req-" + ids.incrementAndGet();
        var answer = new CompletableFuture<Answer>();
        answers.put(requestId, answer);
        pending.add(new Invocation(requestId, event));
        return answer;
    }

    /** Completes with the time the client asked for {@code /restore/next}: init and the checkpoint hooks are done. */
    public CompletableFuture<Long> checkpointReached() {
        return checkpoint;
    }

    /** This Runtime API's port. */
    public int port() {
        return server.getLocalPort();
    }

    /** When each {@code /restore/next} request arrived ({@link System#nanoTime()}), in order. */
    public List<Long> restoreRequests() {
        return List.copyOf(restoreRequests);
    }

    /** Lets the client waiting at {@code /restore/next} go on, as a restored snapshot would; returns the time. */
    public long restore() {
        long now = System.nanoTime();
        restored.complete(null);
        return now;
    }

    /** Requests on one kept-alive connection, one after the other. */
    private void serve(Socket connection) {
        try {
            // Each answer is one write, sent at once (no Nagle delay waiting for the client's acknowledgement).
            connection.setTcpNoDelay(true);
        } catch (IOException e) {
            return;
        }
        try (connection; var in = new BufferedInputStream(connection.getInputStream());
             OutputStream out = connection.getOutputStream()) {
            for (var request = PrimingEndpoint.read(in); request != null; request = PrimingEndpoint.read(in)) {
                String path = request.requestLine().split(" ")[1].substring(BASE.length());
                respond(out, handle(path, new String(request.body(), StandardCharsets.UTF_8), System.nanoTime()));
            }
        } catch (IOException e) {
            // The client went away (the benchmark stops it after its answer).
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private record Response(int status, Map<String, String> headers, String body) {
    }

    private Response handle(String path, String body, long now) throws InterruptedException {
        if (path.equals("/invocation/next")) {
            Invocation next = pending.take();
            taken.put(next.requestId(), System.nanoTime());
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Lambda-Runtime-Aws-Request-Id", next.requestId());
            headers.put("Lambda-Runtime-Deadline-Ms", Long.toString(System.currentTimeMillis() + 30_000));
            headers.put("Lambda-Runtime-Invoked-Function-Arn",
                    "arn:aws:lambda:us-east-1:123456789012:function:bench-Inventory");
            headers.put("Lambda-Runtime-Trace-Id", "Root=1-00000000-000000000000000000000000;Sampled=0");
            headers.put("Content-Type", "application/json");
            return new Response(200, headers, next.event());
        }
        if (path.equals("/restore/next")) {
            restoreRequests.add(now);
            checkpoint.complete(now);
            try {
                restored.get(10, TimeUnit.MINUTES);
            } catch (ExecutionException | TimeoutException e) {
                return new Response(500, Map.of(), String.valueOf(e));
            }
            return new Response(200, Map.of(), "");
        }
        if (path.equals("/init/error")) {
            initError.complete(body);
        } else if (path.equals("/restore/error")) {
            restoreErrors.add(body);
        } else if (path.startsWith("/invocation/") && (path.endsWith("/response") || path.endsWith("/error"))) {
            String requestId = path.substring("/invocation/".length(), path.lastIndexOf('/'));
            var answer = answers.get(requestId);
            if (answer != null) {
                answer.complete(new Answer(requestId, path.endsWith("/error"), body,
                        taken.getOrDefault(requestId, now), now));
            }
        } else {
            return new Response(404, Map.of(), "");
        }
        return new Response(202, Map.of(), "");
    }

    private static void respond(OutputStream out, Response response) throws IOException {
        byte[] bytes = response.body().getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder("HTTP/1.1 ").append(response.status()).append(' ')
                .append(response.status() < 300 ? "OK" : "Error").append("\r\n");
        response.headers().forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        head.append("Content-Length: ").append(bytes.length).append("\r\n\r\n");
        byte[] headBytes = head.toString().getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[headBytes.length + bytes.length];
        System.arraycopy(headBytes, 0, all, 0, headBytes.length);
        System.arraycopy(bytes, 0, all, headBytes.length, bytes.length);
        out.write(all);
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
