package io.github.inventorycallback.function.fakes;

import io.github.inventorycallback.function.callback.CallbackClients;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * A local Step Functions endpoint speaking the AWS JSON 1.0 protocol of SendTaskSuccess / SendTaskFailure, on
 * 127.0.0.1. Faults are scripted per token: throttling, 5xx, a permanent error, or latency. Like the real service,
 * a token answers once: later calls get TaskTimedOut.
 */
public final class StepFunctionsStub implements AutoCloseable {

    /** What one call for a token gets instead of a normal answer. */
    public enum Fault {
        THROTTLE(400, "ThrottlingException", "Rate exceeded"),
        SERVER_ERROR(500, "InternalFailure", "We encountered an internal error"),
        TASK_TIMED_OUT(400, "com.amazonaws.swf.service.v2.model#TaskTimedOut", "Task Timed Out"),
        TASK_DOES_NOT_EXIST(400, "com.amazonaws.swf.service.v2.model#TaskDoesNotExist", "Task does not exist"),
        INVALID_TOKEN(400, "com.amazonaws.swf.service.v2.model#InvalidToken", "Invalid token"),
        INVALID_OUTPUT(400, "com.amazonaws.swf.service.v2.model#InvalidOutput", "Invalid output");

        public final int status;
        public final String type;
        public final String message;

        Fault(int status, String type, String message) {
            this.status = status;
            this.type = type;
            this.message = message;
        }
    }

    /** An answer Step Functions accepted. */
    public record Answer(String token, boolean success, String output, String error, String cause) {
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(32);
    private final Map<String, Deque<Fault>> scripts = new ConcurrentHashMap<>();
    private final Map<String, Fault> permanent = new ConcurrentHashMap<>();
    private final Map<String, Answer> accepted = new ConcurrentHashMap<>();
    public final List<String> callsAfterAnswered = new CopyOnWriteArrayList<>();
    public final List<String> refusedTokens = new CopyOnWriteArrayList<>();
    public final AtomicInteger calls = new AtomicInteger();
    private final Map<String, AtomicInteger> callsByToken = new ConcurrentHashMap<>();
    /** The access key each call was signed with (SigV4's Credential), by task token. */
    public final Map<String, String> accessKeys = new ConcurrentHashMap<>();
    /** The SDK's amz-sdk-invocation-id of each call: a random UUID per call, drawn in the caller's JVM. */
    public final Map<String, String> invocationIds = new ConcurrentHashMap<>();
    private volatile long latencyMillis;
    private volatile boolean closeConnections;
    private volatile IntConsumer inFlight = call -> { };

    public StepFunctionsStub() throws IOException {
        this(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64));
    }

    private StepFunctionsStub(HttpServer server) {
        this.server = server;
        server.createContext("/", this::handle);
        server.setExecutor(threads);
        server.start();
    }

    /** The same stub over TLS, as Step Functions is reached: each new connection is a TLS handshake. */
    public static StepFunctionsStub overTls(TlsCertificate certificate) throws IOException,
            java.security.GeneralSecurityException {
        var server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.setHttpsConfigurator(new HttpsConfigurator(certificate.serverContext()));
        return new StepFunctionsStub(server);
    }

    /** The function's client (its retries and HTTP settings), pointed at a stub. */
    public static SfnClient client(URI endpoint) {
        return CallbackClients.builder(Region.US_EAST_1)
                .endpointOverride(endpoint)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .build();
    }

    public URI endpoint() {
        return URI.create((server instanceof HttpsServer ? "https" : "http") + "://127.0.0.1:"
                + server.getAddress().getPort());
    }

    /** Whether each answer closes its connection, so every call opens a new one (as after a restore). */
    public StepFunctionsStub closeConnections(boolean close) {
        this.closeConnections = close;
        return this;
    }

    public StepFunctionsStub latency(long millis) {
        this.latencyMillis = millis;
        return this;
    }

    /**
     * Runs on the stub's thread while a call is in flight, before it is answered, with the call's number (1 for the
     * first): what a test does "during the third attempt", such as letting the caller's deadline pass.
     */
    public StepFunctionsStub whileInFlight(IntConsumer action) {
        this.inFlight = action;
        return this;
    }

    /** The next calls for this token get these faults, in order; then calls succeed. */
    public StepFunctionsStub script(String token, Fault... faults) {
        scripts.put(token, new ConcurrentLinkedDeque<>(List.of(faults)));
        return this;
    }

    /** Every call for this token gets this error (e.g. the execution already timed out). */
    public StepFunctionsStub always(String token, Fault fault) {
        permanent.put(token, fault);
        return this;
    }

    /** Calls for this token get normal answers again: an outage set with {@link #always} is over. */
    public StepFunctionsStub recover(String token) {
        permanent.remove(token);
        return this;
    }

    /** How many calls named this token so far. */
    public int calls(String token) {
        AtomicInteger count = callsByToken.get(token);
        return count == null ? 0 : count.get();
    }

    public Map<String, Answer> accepted() {
        return Map.copyOf(accepted);
    }

    private void handle(HttpExchange exchange) throws IOException {
        int call = calls.incrementAndGet();
        try (exchange) {
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            JsonObject request = JsonParser.parseString(
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)).getAsJsonObject();
            String token = request.get("taskToken").getAsString();
            callsByToken.computeIfAbsent(token, t -> new AtomicInteger()).incrementAndGet();
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            if (authorization != null && authorization.contains("Credential=")) {
                String credential = authorization.substring(authorization.indexOf("Credential=") + "Credential=".length());
                accessKeys.put(token, credential.substring(0, credential.indexOf('/')));
            }
            String invocationId = exchange.getRequestHeaders().getFirst("amz-sdk-invocation-id");
            if (invocationId != null) {
                invocationIds.put(token, invocationId);
            }
            if (latencyMillis > 0) {
                Thread.sleep(latencyMillis);
            }
            inFlight.accept(call);
            Fault fault = faultFor(token);
            if (fault != null) {
                if (fault.type.contains("#")) {
                    refusedTokens.add(token);
                }
                reply(exchange, fault.status, "{\"__type\":\"" + fault.type + "\",\"message\":\"" + fault.message + "\"}");
                return;
            }
            boolean success = "AWSStepFunctions.SendTaskSuccess".equals(target);
            Answer answer = success
                    ? new Answer(token, true, request.get("output").getAsString(), null, null)
                    : new Answer(token, false, null, string(request, "error"), string(request, "cause"));
            if (accepted.putIfAbsent(token, answer) != null) {
                callsAfterAnswered.add(token);
                reply(exchange, 400, "{\"__type\":\"" + Fault.TASK_TIMED_OUT.type + "\",\"message\":\"Task Timed Out\"}");
                return;
            }
            reply(exchange, 200, "{}");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Fault faultFor(String token) {
        Fault always = permanent.get(token);
        if (always != null) {
            return always;
        }
        Deque<Fault> script = scripts.get(token);
        return script == null ? null : script.pollFirst();
    }

    private static String string(JsonObject request, String key) {
        return request.has(key) ? request.get(key).getAsString() : null;
    }

    private void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.0");
        if (closeConnections) {
            exchange.getResponseHeaders().add("Connection", "close");
        }
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
