package io.github.inventorycallback.function.snapstart;

import io.github.inventorycallback.contract.CallbackBody;
import io.github.inventorycallback.function.batch.BatchRunner;
import io.github.inventorycallback.function.batch.InventoryService;
import io.github.inventorycallback.function.callback.CallbackClients;
import io.github.inventorycallback.function.callback.StepFunctionsCallback;
import io.github.inventorycallback.function.log.Log;
import io.github.inventorycallback.function.log.LogLine;
import io.github.inventorycallback.function.order.MockInventory;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import org.crac.Resource;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.endpoints.SfnEndpointProvider;

import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * SnapStart's checkpoint hooks. Before Lambda snapshots the initialised function, {@link #beforeCheckpoint} runs
 * representative batches through the whole request path — the SQS event read, an order checked, SendTaskSuccess and
 * SendTaskFailure built, marshalled, signed with session credentials fetched as under SnapStart, sent over the JDK's
 * connections and their answers parsed, the response written — against {@link PrimingEndpoint}, so no request leaves
 * the function's JVM and the network is not needed, until the JIT has compiled what they run; it loads the JDK's
 * TLS context (its CA certificates) and, where the network reaches Step Functions' endpoint, shakes hands with it over
 * TLS without sending a request. What that loads and compiles is in the snapshot, so the first batch after a
 * restore does not pay for it. {@link #afterRestore} replaces the real client if it has sent anything before
 * the snapshot, so no connection, credentials or clock skew from before it is used after it. (Nothing else of the
 * function outlives a snapshot badly: its retries draw their jitter from SecureRandom, see {@link FullJitterBackoff},
 * and its deadlines are taken per invocation.) The runtime runs these hooks only when it initialises a
 * SnapStart version; on demand they never run.
 */
public final class SnapStartPriming implements Resource {
    /** Not a real token: the priming client answers every call locally. */
    public static final String TOKEN = "snapstart-priming";
    /** Where the runtime puts each invocation's X-Ray trace header for the SDK. */
    public static final String TRACE_HEADER_PROPERTY = "com.amazonaws.xray.traceHeader";
    /** The SDK's system properties for {@code AWS_CONTAINER_CREDENTIALS_FULL_URI} and its token, read first. */
    static final String CREDENTIALS_URI_PROPERTY = "aws.containerCredentialsFullUri";
    static final String AUTHORIZATION_TOKEN_PROPERTY = "aws.containerAuthorizationToken";
    /**
     * Priming batches before the JIT is first asked whether it has caught up, of {@link #RECORDS} records answered
     * in parallel, like the event source mapping's. Under the runtime's C1-only JIT a method is compiled once its
     * calls pass a threshold, about 200, that grows with the compiler's backlog; at first every method of the path is
     * new and the backlog long, so most methods run once per callback are past 200 calls after these 100 batches
     * and not yet compiled.
     */
    public static final int FIRST_BATCHES = 100;
    /**
     * Then rounds of this many batches, each once the JIT has caught up with the last, until a round leaves it
     * nothing worth compiling: with the backlog gone, the thresholds are back to normal and a round compiles what
     * the first batches only queued or skipped (about 1,000 methods, compiled after the restore otherwise).
     */
    static final int ROUND_BATCHES = 20;
    /** A round that takes the JIT this long or less has left it nothing worth compiling. */
    static final long SETTLED_COMPILE_MILLIS = 2;
    /**
     * Never more batches than this, however long the JIT goes on: java21's settled after 260 to 300 here (2.5 s of
     * priming at publish time); java25's C2 goes on compiling, and stops the priming here (about 5 s).
     */
    static final int MAX_BATCHES = 400;
    /** The longest wait for the JIT to catch up, in its 10 ms pauses: a JIT that never rests costs 1 s a look. */
    static final int MAX_PAUSES = 100;
    public static final int RECORDS = 10;
    /**
     * TLS handshakes with Step Functions' endpoint before the snapshot: the first loads the handshake's code, the
     * others get some of it compiled. Over a TLS stub, the restored first batch (ten new connections) took 117 ms
     * after 3, 87 ms after 30 and 83 ms after 100 (192 ms after none); a handshake in a warm JVM takes about 2 ms
     * of CPU.
     */
    public static final int HANDSHAKES = 30;
    /** How long a handshake may take to connect, and then to complete. */
    static final int HANDSHAKE_TIMEOUT_MILLIS = 2000;
    /**
     * The priming's own stock, whatever the function checks orders against: one SKU it can fill and none it knows
     * besides, so the path of SendTaskFailure is primed too, and nothing of the priming reaches the inventory.
     */
    static final String PRIMING_SKU = "priming-sku";

    private final BatchRunner batches;
    private final StepFunctionsCallback callback;
    private final Region region;
    private final String namespace;
    private final Log log;
    private final Jit jit;
    /** Batches the last priming ran. */
    private volatile int primedBatches;
    /** Requests the last priming sent through the SDK, all answered locally. */
    private volatile int primedRequests;
    /** TLS handshakes the last priming completed with Step Functions' endpoint (0 without a network to it). */
    private volatile int tlsHandshakes;
    /** Connections of the priming still open when it ended (0: none goes into the snapshot). */
    private volatile int openConnections = -1;

    /**
     * @param batches  the function's batch runner, told when priming has loaded the request path
     * @param callback the function's callback, renewed after a restore if it has sent anything
     */
    public SnapStartPriming(BatchRunner batches, StepFunctionsCallback callback, Region region, String namespace,
                            Log log) {
        this(batches, callback, region, namespace, log, Jit.RUNNING);
    }

    /** @param jit how the priming learns that the JIT has caught up: a seam, so that tests decide it */
    SnapStartPriming(BatchRunner batches, StepFunctionsCallback callback, Region region, String namespace, Log log,
                     Jit jit) {
        this.batches = batches;
        this.callback = callback;
        this.region = region;
        this.namespace = namespace;
        this.log = log;
        this.jit = jit;
    }

    /** The JIT, as far as priming needs to know it. */
    interface Jit {
        /** This JVM's: its total compilation time, polled every 10 ms. */
        Jit RUNNING = new Jit() {
            private final CompilationMXBean compiler = ManagementFactory.getCompilationMXBean();

            @Override
            public long compileMillis() {
                return compiler.isCompilationTimeMonitoringSupported() ? compiler.getTotalCompilationTime() : 0;
            }

            @Override
            public void pause() throws InterruptedException {
                Thread.sleep(10);
            }
        };

        /** The time the JIT has spent compiling so far, in ms: what it does grows this, and nothing else does. */
        long compileMillis();

        /** Waits a little before the next look at {@link #compileMillis()}. */
        void pause() throws InterruptedException;

        /**
         * Waits until the JIT has caught up: its compile time has not moved for three pauses (a method being compiled
         * moves it within one). At most {@code maxPauses}, so a JIT that never rests cannot hold the priming.
         *
         * @return its compile time then
         */
        default long awaitCaughtUp(int maxPauses) throws InterruptedException {
            long last = compileMillis();
            for (int pauses = 0, still = 0; still < 3 && pauses < maxPauses; pauses++) {
                pause();
                long now = compileMillis();
                still = now == last ? still + 1 : 0;
                last = now;
            }
            return last;
        }
    }

    int primedBatches() {
        return primedBatches;
    }

    int primedRequests() {
        return primedRequests;
    }

    int tlsHandshakes() {
        return tlsHandshakes;
    }

    int openConnections() {
        return openConnections;
    }

    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) throws IOException {
        long start = System.nanoTime();
        // The TLS context: the first HTTPS connection would otherwise parse the JDK's CA certificates after a
        // restore. An unconnected socket needs no network.
        HttpsURLConnection.getDefaultSSLSocketFactory().createSocket().close();
        tlsHandshakes = handshakes(stepFunctionsEndpoint(region), HANDSHAKES, HANDSHAKE_TIMEOUT_MILLIS);
        var endpoint = new PrimingEndpoint();
        // What the SDK reads from the environment, as Lambda sets it, while the priming runs (set back after it): each
        // invocation's X-Ray trace header, which the runtime sets for the SDK to send; and the container credentials
        // endpoint, which under SnapStart the function asks for its credentials: the responder, with a throwaway
        // token, so that Lambda's own token is sent nowhere.
        Map<String, String> previous = setProperties(Map.of(
                TRACE_HEADER_PROPERTY, "Root=1-00000000-000000000000000000000000;Sampled=0",
                CREDENTIALS_URI_PROPERTY, endpoint.credentialsUri(),
                AUTHORIZATION_TOKEN_PROPERTY, PrimingEndpoint.THROWAWAY));
        // The function's client as it is built (its HTTP client, retries and SnapStart's credentials provider alike),
        // on the loopback endpoint.
        try (endpoint;
             var credentials = ContainerCredentialsProvider.create();
             SfnClient client = CallbackClients.builder(region).endpointOverride(endpoint.uri())
                     .credentialsProvider(credentials).build()) {
            // Its own runner and threads, and no log lines: nothing of the priming is counted as an order.
            var priming = new BatchRunner(new InventoryService(new MockInventory(Map.of(PRIMING_SKU, Long.MAX_VALUE)),
                    new StepFunctionsCallback(client), line -> { }, namespace), RECORDS, line -> { });
            try {
                primedBatches = primeUntilCompiled(priming, event().getBytes(StandardCharsets.UTF_8));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("priming was interrupted", e);
            } finally {
                priming.shutdown();
            }
            primedRequests = endpoint.requests();
        } finally {
            setProperties(previous);
        }
        batches.primed();
        // The priming's garbage is collected now, not during the first batch after a restore, and the snapshot is
        // smaller for it.
        System.gc();
        openConnections = endpoint.openAtClose();
        log.line(LogLine.info("primed for SnapStart").with("batches", primedBatches).with("requests", primedRequests)
                .with("tlsHandshakes", tlsHandshakes)
                .with("openConnections", openConnections)
                .with("ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).toString());
    }

    /**
     * The endpoint the function's client calls: the SDK's own resolution, {@code AWS_ENDPOINT_URL_SFN} and
     * {@code AWS_ENDPOINT_URL} included.
     */
    static URI stepFunctionsEndpoint(Region region) {
        try (SfnClient client = CallbackClients.builder(region)
                .credentialsProvider(AnonymousCredentialsProvider.create()).build()) {
            return client.serviceClientConfiguration().endpointOverride().orElseGet(() -> SfnEndpointProvider
                    .defaultProvider().resolveEndpoint(p -> p.region(region)).join().url());
        }
    }

    /**
     * TLS handshakes with the endpoint, one after another, each on a new connection that is closed when it is done:
     * no request is sent. After a restore every callback opens a new connection, and the first batch would otherwise
     * run the whole handshake (key exchange, the server's certificate chain checked against the JDK's CA
     * certificates) for the first time, ten times at once. Each handshake uses a TLS context of its own, as the SDK's
     * HTTP client builds its own, so no TLS session of the priming's can be resumed by the function's client. Where
     * the endpoint cannot be reached (a VPC without a route to it) or is plain HTTP, there is none: the first that
     * fails ends them.
     *
     * @return how many completed
     */
    static int handshakes(URI endpoint, int count, int timeoutMillis) {
        if (!"https".equals(endpoint.getScheme())) {
            return 0;
        }
        String host = endpoint.getHost();
        int port = endpoint.getPort() < 0 ? 443 : endpoint.getPort();
        for (int done = 0; done < count; done++) {
            try (Socket plain = new Socket()) {
                plain.connect(new InetSocketAddress(host, port), timeoutMillis);
                plain.setSoTimeout(timeoutMillis);
                SSLContext context = SSLContext.getInstance("TLS");
                context.init(null, null, null);
                try (var tls = (SSLSocket) context.getSocketFactory().createSocket(plain, host, port, true)) {
                    SSLParameters parameters = tls.getSSLParameters();
                    parameters.setEndpointIdentificationAlgorithm("HTTPS");
                    tls.setSSLParameters(parameters);
                    tls.startHandshake();
                }
            } catch (IOException | GeneralSecurityException e) {
                return done;
            }
        }
        return count;
    }

    /**
     * Sets each system property to its value, or clears it where the value is null.
     *
     * @return each property's value before
     */
    private static Map<String, String> setProperties(Map<String, String> values) {
        Map<String, String> before = new HashMap<>();
        values.forEach((name, value) -> {
            before.put(name, System.getProperty(name));
            if (value == null) {
                System.clearProperty(name);
            } else {
                System.setProperty(name, value);
            }
        });
        return before;
    }

    /**
     * {@link #FIRST_BATCHES}, then rounds of {@link #ROUND_BATCHES} once the JIT has caught up, until a round gives it
     * at most {@link #SETTLED_COMPILE_MILLIS} of work, or {@link #MAX_BATCHES}.
     *
     * @return the batches run
     */
    private int primeUntilCompiled(BatchRunner priming, byte[] event) throws IOException, InterruptedException {
        int batch = 0;
        for (; batch < FIRST_BATCHES; batch++) {
            priming.handle(new ByteArrayInputStream(event), new ByteArrayOutputStream(), new PrimingContext());
        }
        while (batch < MAX_BATCHES) {
            long before = jit.awaitCaughtUp(MAX_PAUSES);
            for (int round = 0; round < ROUND_BATCHES; round++, batch++) {
                priming.handle(new ByteArrayInputStream(event), new ByteArrayOutputStream(), new PrimingContext());
            }
            if (jit.awaitCaughtUp(MAX_PAUSES) - before <= SETTLED_COMPILE_MILLIS) {
                break;
            }
        }
        return batch;
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        callback.renewIfUsed();
    }

    /** A batch of orders the priming's stock can fill and orders it cannot. */
    private static String event() {
        StringBuilder records = new StringBuilder();
        for (int i = 0; i < RECORDS; i++) {
            // Every other order one the stock cannot fill: SendTaskFailure's path as well as SendTaskSuccess's.
            String ordered = i % 2 == 1 ? "priming-unknown-sku" : PRIMING_SKU;
            records.append(i == 0 ? "" : ", ").append(record("priming-" + i, ordered));
        }
        return "{\"Records\": [" + records + "]}";
    }

    private static String record(String id, String sku) {
        // The body the state machine sends (the contract's names), for an order of one unit of this SKU.
        var order = new com.google.gson.JsonObject();
        order.addProperty("orderId", id);
        var item = new com.google.gson.JsonObject();
        item.addProperty("sku", sku);
        item.addProperty("quantity", 1);
        var items = new com.google.gson.JsonArray();
        items.add(item);
        order.add("items", items);
        var message = new com.google.gson.JsonObject();
        message.addProperty(CallbackBody.MESSAGE_TITLE, CallbackBody.TITLE);
        message.addProperty(CallbackBody.TASK_TOKEN, TOKEN);
        message.add(CallbackBody.INPUT, order);
        String body = message.toString();
        return "{\"messageId\": \"" + id + "\", \"receiptHandle\": \"" + id + "\", \"body\": "
                + new com.google.gson.JsonPrimitive(body) + ", \"attributes\": {\"ApproximateReceiveCount\": \"1\"},"
                + " \"messageAttributes\": {}, \"md5OfBody\": \"\", \"eventSource\": \"aws:sqs\"}";
    }

    /** The invocation context of the priming batch: ten seconds, no logger. */
    private static final class PrimingContext implements Context {
        private final long deadline = System.currentTimeMillis() + 10_000;

        @Override
        public String getAwsRequestId() {
            return TOKEN;
        }

        @Override
        public String getLogGroupName() {
            return null;
        }

        @Override
        public String getLogStreamName() {
            return null;
        }

        @Override
        public String getFunctionName() {
            return null;
        }

        @Override
        public String getFunctionVersion() {
            return null;
        }

        @Override
        public String getInvokedFunctionArn() {
            return null;
        }

        @Override
        public CognitoIdentity getIdentity() {
            return null;
        }

        @Override
        public ClientContext getClientContext() {
            return null;
        }

        @Override
        public int getRemainingTimeInMillis() {
            return (int) Math.max(0, deadline - System.currentTimeMillis());
        }

        @Override
        public int getMemoryLimitInMB() {
            return 0;
        }

        @Override
        public LambdaLogger getLogger() {
            return null;
        }
    }
}
