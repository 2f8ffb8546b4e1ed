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
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;

import javax.net.ssl.HttpsURLConnection;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * SnapStart's checkpoint hooks. Before Lambda snapshots the initialised function, {@link #beforeCheckpoint} runs a
 * representative batch through the whole request path — the SQS event read, an order checked, SendTaskSuccess and
 * SendTaskFailure built, marshalled, signed and their answers parsed, the response written — against
 * {@link PrimingEndpoint}, so no request leaves the function's JVM and the network is not needed; and it loads the JDK's
 * TLS context (its CA certificates). What that loads and compiles is in the snapshot, so the first batch after a
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
    /**
     * Priming batches, of {@link #RECORDS} records answered in parallel, like the event source mapping's. Under the
     * runtime's C1-only JIT a method is compiled after about 200 calls: 20 batches (200 callbacks) brought the methods
     * run once per callback just to that count and left those run a few times per batch to the batches after the
     * restore; 100 cut the restored first batch by a quarter (250 and 400 bought nothing more, docs/benchmarks.md)
     * and take about 1.3 s at publish time.
     */
    public static final int BATCHES = 100;
    public static final int RECORDS = 10;
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
    /** Requests the last priming sent through the SDK, all answered locally. */
    private volatile int primedRequests;
    /** Connections of the priming still open when it ended (0: none goes into the snapshot). */
    private volatile int openConnections = -1;

    /**
     * @param batches  the function's batch runner, told when priming has loaded the request path
     * @param callback the function's callback, renewed after a restore if it has sent anything
     */
    public SnapStartPriming(BatchRunner batches, StepFunctionsCallback callback, Region region, String namespace,
                            Log log) {
        this.batches = batches;
        this.callback = callback;
        this.region = region;
        this.namespace = namespace;
        this.log = log;
    }

    int primedRequests() {
        return primedRequests;
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
        String trace = System.getProperty(TRACE_HEADER_PROPERTY);
        // The runtime sets each invocation's X-Ray trace header for the SDK to send; so does priming.
        System.setProperty(TRACE_HEADER_PROPERTY, "Root=1-00000000-000000000000000000000000;Sampled=0");
        var endpoint = new PrimingEndpoint();
        try (endpoint;
             SfnClient client = CallbackClients.builder(region, UrlConnectionHttpClient.create(endpoint))
                     .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(TOKEN, TOKEN)))
                     .build()) {
            // Its own runner and threads, and no log lines: nothing of the priming is counted as an order.
            var priming = new BatchRunner(new InventoryService(new MockInventory(Map.of(PRIMING_SKU, Long.MAX_VALUE)),
                    new StepFunctionsCallback(client), line -> { }, namespace), RECORDS, line -> { });
            try {
                byte[] event = event().getBytes(StandardCharsets.UTF_8);
                // Enough batches for the JIT to compile the path's methods, as the first hundred real ones would.
                for (int batch = 0; batch < BATCHES; batch++) {
                    priming.handle(new ByteArrayInputStream(event), new ByteArrayOutputStream(),
                            new PrimingContext());
                }
            } finally {
                priming.shutdown();
            }
            primedRequests = endpoint.requests();
        } finally {
            if (trace == null) {
                System.clearProperty(TRACE_HEADER_PROPERTY);
            } else {
                System.setProperty(TRACE_HEADER_PROPERTY, trace);
            }
        }
        batches.primed();
        // The priming's garbage is collected now, not during the first batch after a restore, and the snapshot is
        // smaller for it.
        System.gc();
        openConnections = endpoint.openAtClose();
        log.line(LogLine.info("primed for SnapStart").with("requests", primedRequests)
                .with("openConnections", openConnections)
                .with("ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).toString());
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
