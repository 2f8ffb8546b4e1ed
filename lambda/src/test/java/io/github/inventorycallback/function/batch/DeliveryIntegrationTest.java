package io.github.inventorycallback.function.batch;

import io.github.inventorycallback.function.callback.CallbackClients;
import io.github.inventorycallback.function.callback.StepFunctionsCallback;
import io.github.inventorycallback.function.fakes.EventSourceMapping;
import io.github.inventorycallback.function.fakes.LocalOrdersQueue;
import io.github.inventorycallback.function.fakes.StepFunctionsStub;
import io.github.inventorycallback.function.order.MockInventory;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.github.inventorycallback.function.fakes.Events.order;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Nothing lost: a few hundred orders through a real SQS-compatible server (ElasticMQ on 127.0.0.1) and a local
 * Step Functions stub with faults, the handler driven the way Lambda's event source mapping drives it.
 *
 * <p>This test runs in real time, as the function does: SQS's visibility timeout, the callbacks' backoffs and each
 * invocation's deadline are the machine's. So its verdict rests on counts and order, not durations: every order
 * ends exactly once, and on the receive its faults allow. On a machine slow enough that an invocation's time runs
 * out before an order is answered (which the function logs), that order is answered on a later receive, as it
 * would be on Lambda; only then does the test accept the later receive. The timings it prints are measurements,
 * not verdicts. (The deadlines and backoffs themselves are checked without real time in BatchRunnerFaultsTest and
 * StepFunctionsCallbackTest.)
 */
class DeliveryIntegrationTest {
    private static final int MAX_RECEIVE_COUNT = 5;
    /**
     * Short, so redelivery and dead-lettering happen within the test. (Deployed, it is at least the function
     * timeout; here the driver is one poller that receives nothing while the handler runs.)
     */
    private static final int VISIBILITY_SECONDS = 3;
    /** The stack's default function timeout. */
    private static final int FUNCTION_TIMEOUT_MILLIS = 10_000;

    /** Per message body: the receive on which the handler acknowledged it. */
    private static final Map<String, Integer> acknowledgedOn = new HashMap<>();
    /** Per message body: its SQS message id, which the function's log lines name. */
    private static final Map<String, String> messageIds = new HashMap<>();
    /** Per message body of an order in an outage: its token. The outage lasts until the order's second receive. */
    private static final Map<String, String> outages = new HashMap<>();
    /** Per outage token: the calls its first receive made before giving up. */
    private static final Map<String, Integer> outageCalls = new HashMap<>();
    private static final List<String> logLines = new CopyOnWriteArrayList<>();
    /** Per message body: when it was first received, and when last received or acknowledged (System.nanoTime). */
    private static final Map<String, long[]> seen = new HashMap<>();

    private static LocalOrdersQueue queues;
    private static SqsClient sqs;
    private static StepFunctionsStub stepFunctions;
    private static String ordersUrl;

    /** What each order should end as. */
    enum Expected { SUCCESS, OUT_OF_STOCK, INVALID_ORDER, REFUSED_BY_STEP_FUNCTIONS, DEAD_LETTER }

    @BeforeAll
    static void start() throws Exception {
        queues = new LocalOrdersQueue(VISIBILITY_SECONDS, MAX_RECEIVE_COUNT);
        sqs = queues.sqs;
        ordersUrl = queues.ordersUrl;
        stepFunctions = new StepFunctionsStub().latency(5);
    }

    @AfterAll
    static void stop() {
        stepFunctions.close();
        queues.close();
    }

    @Test
    void everyOrderIsAnsweredOnceOrDeadLetteredNoneLost() {
        Map<String, Expected> orders = new LinkedHashMap<>();
        Map<String, String> bodies = new LinkedHashMap<>();
        addOrders(orders, bodies);

        send(bodies.values());
        var service = new InventoryService(new MockInventory(Map.of("apple", 1_000_000L, "pear", 0L)),
                new StepFunctionsCallback(StepFunctionsStub.client(stepFunctions.endpoint())), logLines::add);
        BatchRunner handler = new BatchRunner(service, 10, logLines::add);
        int invocations = pollUntilEmpty(handler);
        List<String> deadLettered = queues.drainDeadLetters();

        Map<String, Expected> outcomes = new HashMap<>();
        stepFunctions.accepted().forEach((token, answer) -> outcomes.put(token, answer.success() ? Expected.SUCCESS
                : answer.error().equals("OutOfStock") ? Expected.OUT_OF_STOCK : Expected.INVALID_ORDER));
        for (String token : new HashSet<>(stepFunctions.refusedTokens)) {
            assertEquals(null, outcomes.put(token, Expected.REFUSED_BY_STEP_FUNCTIONS), token + " answered and refused");
        }
        bodies.forEach((key, body) -> {
            if (deadLettered.contains(body)) {
                assertEquals(null, outcomes.put(key, Expected.DEAD_LETTER), key + " answered and dead-lettered");
            }
        });

        // A call the function gave up on when its time ran out may still reach Step Functions; the next receive's
        // answer is then refused (TaskTimedOut) and acknowledged. Any other second answer is a fault.
        assertEquals(List.of(), stepFunctions.callsAfterAnswered.stream()
                .filter(token -> !ranOutOfTime(bodies.get(token))).toList(), "no token may be answered twice");
        // Equal maps: every order has exactly its expected outcome, and nothing else was answered or dead-lettered.
        assertEquals(orders, outcomes, "each order's outcome (invocations: " + invocations + ")");
        assertEquals(orders.size(), outcomes.size());
        assertEquals(new HashSet<>(deadLettered).size(), deadLettered.size(), "dead letters are unique");
        assertTrue(logLines.stream().anyMatch(l -> l.contains("cannot be answered")), "unanswerable ones are logged");

        // Transient failures are retried inside the invocation; only an outage that outlasts it waits for SQS's
        // redelivery, once.
        orders.keySet().stream().filter(k -> k.startsWith("throttled-") || k.startsWith("ok-"))
                .forEach(k -> assertAnsweredOn(1, bodies.get(k), k + ": answered on its first receive"));
        orders.keySet().stream().filter(k -> k.startsWith("outage-")).forEach(k -> {
            assertAnsweredOn(2, bodies.get(k), k + ": answered on the receive after the outage");
            int calls = outageCalls.get(k);
            assertTrue(calls == CallbackClients.MAX_CALLBACK_ATTEMPTS
                    || calls < CallbackClients.MAX_CALLBACK_ATTEMPTS && ranOutOfTime(bodies.get(k)),
                    k + ": its first receive gave up after " + calls + " calls");
        });
        System.out.printf("delivery timing, from an order's first receive (visibility timeout %d s, %d receives):"
                        + " five throttles answered within %d ms; an outage longer than %d attempts answered within"
                        + " %d ms; unanswerable ones received for the last time within %d ms%n",
                VISIBILITY_SECONDS, MAX_RECEIVE_COUNT, slowest(bodies, "throttled-"),
                CallbackClients.MAX_CALLBACK_ATTEMPTS, slowest(bodies, "outage-"), slowest(bodies, "tokenless-"));
    }

    /**
     * The order was acknowledged on receive {@code expected}, or later only if its time ran out on a receive before:
     * on a slow machine, not a verdict on the function.
     */
    private static void assertAnsweredOn(int expected, String body, String message) {
        int receive = acknowledgedOn.getOrDefault(body, 0);
        assertTrue(receive == expected || receive > expected && ranOutOfTime(body),
                message + ": receive " + receive + ", log: " + linesOf(body));
    }

    /** Whether an invocation's time ran out before this message was answered, as the function logged it. */
    private static boolean ranOutOfTime(String body) {
        return linesOf(body).stream().anyMatch(line -> line.contains("time ran out") || line.contains("NoTimeLeft")
                || line.contains("ApiCallTimeoutException"));
    }

    private static List<String> linesOf(String body) {
        String id = "\"messageId\":\"" + messageIds.get(body) + "\"";
        return logLines.stream().filter(line -> line.contains(id)).toList();
    }

    /** The longest time, among orders of that kind, from first receive to answer or last receive (ms). */
    private static long slowest(Map<String, String> bodies, String prefix) {
        return bodies.entrySet().stream().filter(e -> e.getKey().startsWith(prefix)).map(e -> seen.get(e.getValue()))
                .mapToLong(times -> (times[1] - times[0]) / 1_000_000).max().orElseThrow();
    }

    private static void addOrders(Map<String, Expected> orders, Map<String, String> bodies) {
        for (int i = 0; i < 150; i++) {
            add(orders, bodies, "ok-" + i, Expected.SUCCESS, "{\"orderId\": \"o-" + i
                    + "\", \"items\": [{\"sku\": \"apple\", \"quantity\": " + (i + 1) + "}]}");
        }
        for (int i = 0; i < 40; i++) {
            add(orders, bodies, "short-" + i, Expected.OUT_OF_STOCK, "{\"items\": [{\"sku\": \"pear\", \"quantity\": 1}]}");
        }
        for (int i = 0; i < 30; i++) {
            add(orders, bodies, "invalid-" + i, Expected.INVALID_ORDER, "{\"items\": [{\"sku\": \"apple\", \"quantity\": 0}]}");
        }
        for (int i = 0; i < 20; i++) {
            String token = "throttled-" + i;
            // Five throttles in a row: retried with backoff within the invocation.
            stepFunctions.script(token, repeat(StepFunctionsStub.Fault.THROTTLE, 5));
            add(orders, bodies, token, Expected.SUCCESS, "{}");
        }
        for (int i = 0; i < 20; i++) {
            String token = "outage-" + i;
            // Every call fails until the order is received again (pollUntilEmpty ends it then): the first receive
            // spends its attempts and gives up, SQS redelivers once.
            stepFunctions.always(token, StepFunctionsStub.Fault.SERVER_ERROR);
            add(orders, bodies, token, Expected.OUT_OF_STOCK, "{\"items\": [{\"sku\": \"kiwi\", \"quantity\": 1}]}");
            outages.put(bodies.get(token), token);
        }
        for (int i = 0; i < 10; i++) {
            String token = "expired-" + i;
            stepFunctions.always(token, i % 2 == 0 ? StepFunctionsStub.Fault.TASK_TIMED_OUT
                    : StepFunctionsStub.Fault.TASK_DOES_NOT_EXIST);
            add(orders, bodies, token, Expected.REFUSED_BY_STEP_FUNCTIONS, "{}");
        }
        for (int i = 0; i < 10; i++) {
            orders.put("garbage-" + i, Expected.DEAD_LETTER);
            bodies.put("garbage-" + i, "Callback Task started by Step Functions #" + i);
        }
        for (int i = 0; i < 10; i++) {
            orders.put("tokenless-" + i, Expected.DEAD_LETTER);
            bodies.put("tokenless-" + i, "{\"MessageTitle\": \"no token\", \"Input\": {\"orderId\": \"lost-" + i + "\"}}");
        }
    }

    private static void add(Map<String, Expected> orders, Map<String, String> bodies, String token, Expected expected,
                            String input) {
        orders.put(token, expected);
        bodies.put(token, order(token, input));
    }

    private static StepFunctionsStub.Fault[] repeat(StepFunctionsStub.Fault fault, int times) {
        var faults = new StepFunctionsStub.Fault[times];
        Arrays.fill(faults, fault);
        return faults;
    }

    private static void send(Collection<String> bodies) {
        List<String> all = new ArrayList<>(bodies);
        for (int from = 0; from < all.size(); from += 10) {
            List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
            for (int i = from; i < Math.min(from + 10, all.size()); i++) {
                entries.add(SendMessageBatchRequestEntry.builder().id("e" + i).messageBody(all.get(i)).build());
            }
            var result = sqs.sendMessageBatch(r -> r.queueUrl(ordersUrl).entries(entries));
            assertEquals(List.of(), result.failed());
        }
    }

    /** The event source mapping, one invocation at a time, until the queue is empty. */
    private static int pollUntilEmpty(BatchRunner handler) {
        var mapping = new EventSourceMapping(sqs, ordersUrl, 10, FUNCTION_TIMEOUT_MILLIS,
                new EventSourceMapping.Listener() {
                    @Override
                    public void received(Message message, int receiveCount) {
                        seen.computeIfAbsent(message.body(), b -> new long[] {System.nanoTime(), 0})[1] =
                                System.nanoTime();
                        messageIds.put(message.body(), message.messageId());
                        String outage = outages.get(message.body());
                        if (outage != null && receiveCount == 2) {
                            outageCalls.put(outage, stepFunctions.calls(outage));
                            stepFunctions.recover(outage);
                        }
                    }

                    @Override
                    public void acknowledged(Message message, int receiveCount) {
                        acknowledgedOn.put(message.body(), receiveCount);
                        seen.get(message.body())[1] = System.nanoTime();
                    }
                });
        // Only a hang reaches this bound: the queue drains in well under a minute here, a few on a busy machine.
        long deadline = System.nanoTime() + Duration.ofSeconds(600).toNanos();
        int invocations = 0;
        while (System.nanoTime() < deadline) {
            if (mapping.pollOnce(handler)) {
                invocations++;
            } else if (mapping.queueIsEmpty()) {
                return invocations;
            }
        }
        throw new AssertionError("the queue did not drain within 600 s");
    }
}
