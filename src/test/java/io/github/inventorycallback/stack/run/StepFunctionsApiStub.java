package io.github.inventorycallback.stack.run;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local Step Functions API (AWS JSON 1.0) for StartExecution (refusing a name AWS refuses), DescribeExecution,
 * GetExecutionHistory, ListExecutions and StopExecution, on 127.0.0.1. Executions play the deployed workflow: Check
 * Inventory, then Notify Success, or Notify Failure with OutOfStock (any plum) or InvalidOrder (any quantity 0) kept
 * under $.error.
 */
final class StepFunctionsApiStub implements AutoCloseable {
    static final String STATE_MACHINE = "arn:aws:states:us-east-1:123456789012:stateMachine:dev-InventoryStateMachine";

    private final HttpServer server;
    private final Map<String, Execution> executions = new ConcurrentHashMap<>();
    final List<String> started = new CopyOnWriteArrayList<>();
    final List<String> stopped = new CopyOnWriteArrayList<>();
    final AtomicInteger throttleDescribes = new AtomicInteger();
    final AtomicInteger throttleStarts = new AtomicInteger();
    /** StartExecution refuses every execution after this many (ExecutionLimitExceeded). */
    volatile int startLimit = Integer.MAX_VALUE;
    volatile int describesUntilDone = 2;
    volatile boolean neverFinish;
    volatile boolean alwaysSucceed;
    volatile int historyPageSize = 3;
    /** When set, DescribeExecution answers HTTP 400 with this error type (an error the SDK does not retry). */
    volatile String describeFault;
    final AtomicInteger describeCalls = new AtomicInteger();
    /** Runs while each DescribeExecution call is in flight, before it is answered (e.g. a test's clock moves on). */
    volatile Runnable whileDescribing = () -> { };

    private static final class Execution {
        final String arn;
        final String name;
        final String input;
        final double startDate = System.currentTimeMillis() / 1000.0;
        int describes;
        double stopDate;
        /** StopExecution's error and cause; null while not stopped. */
        String stopError;
        String stopCause;

        Execution(String arn, String name, String input) {
            this.arn = arn;
            this.name = name;
            this.input = input;
        }
    }

    StepFunctionsApiStub() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 32);
        server.createContext("/", this::handle);
        server.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** A new client of this API, over the HTTP client `./orders` uses, with placeholder credentials. */
    SfnClient client() {
        return SfnClient.builder()
                .endpointOverride(endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String operation = exchange.getRequestHeaders().getFirst("X-Amz-Target").replace("AWSStepFunctions.", "");
            JsonObject request = JsonParser.parseString(
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)).getAsJsonObject();
            switch (operation) {
                case "StartExecution" -> {
                    if (throttleStarts.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                        reply(exchange, 400, error("ThrottlingException", "Rate exceeded"));
                    } else if (!validName(request.get("name").getAsString())) {
                        reply(exchange, 400, error("InvalidName", "Invalid Name: '" + request.get("name").getAsString()
                                + "'"));
                    } else if (started.size() >= startLimit) {
                        reply(exchange, 400, error("ExecutionLimitExceeded", "Execution limit exceeded"));
                    } else {
                        reply(exchange, 200, start(request));
                    }
                }
                case "DescribeExecution" -> {
                    describeCalls.incrementAndGet();
                    whileDescribing.run();
                    if (describeFault != null) {
                        reply(exchange, 400, error(describeFault, "not allowed"));
                    } else if (throttleDescribes.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                        reply(exchange, 400, error("ThrottlingException", "Rate exceeded"));
                    } else {
                        reply(exchange, 200, describe(executions.get(request.get("executionArn").getAsString())));
                    }
                }
                case "GetExecutionHistory" -> reply(exchange, 200, history(request));
                case "ListExecutions" -> reply(exchange, 200, listRunning(request));
                case "StopExecution" -> reply(exchange, 200, stop(request));
                default -> reply(exchange, 400, error("UnknownOperationException", operation));
            }
        }
    }

    /**
     * StartExecution's rule for a name: 1 to 80 characters, none of them white space, a bracket, a wildcard,
     * {@code " # % \ ^ | ~ ` $ & , ; : /} or a control character.
     */
    static boolean validName(String name) {
        return name.length() >= 1 && name.length() <= 80
                && name.chars().noneMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c)
                        || "<>{}[]?*\"#%\\^|~`$&,;:/".indexOf(c) >= 0);
    }

    private JsonObject start(JsonObject request) {
        String name = request.get("name").getAsString();
        String arn = request.get("stateMachineArn").getAsString().replace(":stateMachine:", ":execution:") + ":" + name;
        executions.put(arn, new Execution(arn, name, request.get("input").getAsString()));
        started.add(arn);
        JsonObject response = new JsonObject();
        response.addProperty("executionArn", arn);
        response.addProperty("startDate", executions.get(arn).startDate);
        return response;
    }

    /** Running executions, two per page, in start order (statusFilter RUNNING only). */
    private synchronized JsonObject listRunning(JsonObject request) {
        if (!"RUNNING".equals(request.get("statusFilter").getAsString())) {
            throw new IllegalArgumentException("the stub lists running executions only");
        }
        List<Execution> running = started.stream().map(executions::get)
                .filter(e -> request.get("stateMachineArn").getAsString().equals(STATE_MACHINE) && isRunning(e))
                .toList();
        int from = request.has("nextToken") ? Integer.parseInt(request.get("nextToken").getAsString()) : 0;
        int to = Math.min(running.size(), from + 2);
        JsonArray page = new JsonArray();
        for (Execution execution : running.subList(from, to)) {
            JsonObject item = new JsonObject();
            item.addProperty("executionArn", execution.arn);
            item.addProperty("stateMachineArn", STATE_MACHINE);
            item.addProperty("name", execution.name);
            item.addProperty("status", "RUNNING");
            item.addProperty("startDate", execution.startDate);
            page.add(item);
        }
        JsonObject response = new JsonObject();
        response.add("executions", page);
        if (to < running.size()) {
            response.addProperty("nextToken", String.valueOf(to));
        }
        return response;
    }

    private synchronized JsonObject stop(JsonObject request) {
        Execution execution = executions.get(request.get("executionArn").getAsString());
        execution.stopError = request.get("error").getAsString();
        execution.stopCause = request.get("cause").getAsString();
        execution.stopDate = System.currentTimeMillis() / 1000.0;
        stopped.add(execution.arn);
        JsonObject response = new JsonObject();
        response.addProperty("stopDate", execution.stopDate);
        return response;
    }

    private boolean isRunning(Execution execution) {
        return execution.stopError == null && (neverFinish || execution.describes < describesUntilDone);
    }

    /** What each stopped execution was stopped with ("error: cause"). */
    String stoppedWith(String arn) {
        Execution execution = executions.get(arn);
        return execution.stopError == null ? null : execution.stopError + ": " + execution.stopCause;
    }

    private synchronized JsonObject describe(Execution execution) {
        execution.describes++;
        boolean done = !neverFinish && execution.describes >= describesUntilDone;
        JsonObject response = new JsonObject();
        response.addProperty("executionArn", execution.arn);
        response.addProperty("stateMachineArn", STATE_MACHINE);
        response.addProperty("name", execution.name);
        response.addProperty("startDate", execution.startDate);
        response.addProperty("input", execution.input);
        if (execution.stopError != null) {
            // As StopExecution leaves it: ABORTED, with the error and cause it was given, and no output.
            response.addProperty("status", "ABORTED");
            response.addProperty("stopDate", execution.stopDate);
            response.addProperty("error", execution.stopError);
            response.addProperty("cause", execution.stopCause);
            return response;
        }
        response.addProperty("status", done ? "SUCCEEDED" : "RUNNING");
        if (done) {
            if (execution.stopDate == 0) {
                execution.stopDate = execution.startDate + 0.120 + 0.010 * execution.name.length();
            }
            response.addProperty("stopDate", execution.stopDate);
            response.addProperty("output", output(execution).toString());
        }
        return response;
    }

    /** What the workflow's Catch would keep: null when the order is in stock. */
    private String errorFor(Execution execution) {
        if (alwaysSucceed) {
            return null;
        }
        JsonElement input = JsonParser.parseString(execution.input);
        JsonElement items = input.isJsonObject() ? input.getAsJsonObject().get("items") : null;
        if (items == null) {
            return null;
        }
        for (JsonElement item : items.getAsJsonArray()) {
            if (item.getAsJsonObject().get("quantity").getAsInt() == 0) {
                return "InvalidOrder";
            }
        }
        for (JsonElement item : items.getAsJsonArray()) {
            if (item.getAsJsonObject().get("sku").getAsString().equals("plum")) {
                return "OutOfStock";
            }
        }
        return null;
    }

    private JsonObject output(Execution execution) {
        JsonObject output = JsonParser.parseString(execution.input).getAsJsonObject();
        String error = errorFor(execution);
        if (error == null) {
            output.add("inventory", JsonParser.parseString("{\"status\": \"IN_STOCK\"}"));
            output.addProperty("notification", "Callback Task started by Step Functions succeeded");
        } else {
            JsonObject caught = new JsonObject();
            caught.addProperty("Error", error);
            caught.addProperty("Cause", "sample cause");
            output.add("error", caught);
            output.addProperty("notification", "Callback Task started by Step Functions failed");
        }
        return output;
    }

    private JsonObject history(JsonObject request) {
        Execution execution = executions.get(request.get("executionArn").getAsString());
        boolean success = errorFor(execution) == null;
        String notify = success ? "Notify Success" : "Notify Failure";
        List<JsonObject> events = new ArrayList<>();
        events.add(event("ExecutionStarted", "executionStartedEventDetails", Map.of("input", execution.input)));
        events.add(event("TaskStateEntered", "stateEnteredEventDetails",
                Map.of("name", "Check Inventory", "input", execution.input)));
        events.add(event("TaskScheduled", "taskScheduledEventDetails", Map.of("resourceType", "sqs",
                "resource", "sendMessage.waitForTaskToken", "region", "us-east-1", "parameters", "{\"QueueUrl\": \"q\"}")));
        events.add(success
                ? event("TaskSucceeded", "taskSucceededEventDetails", Map.of("resourceType", "sqs",
                        "resource", "sendMessage.waitForTaskToken", "output", "{\"status\": \"IN_STOCK\"}"))
                : event("TaskFailed", "taskFailedEventDetails", Map.of("resourceType", "sqs",
                        "resource", "sendMessage.waitForTaskToken", "error", errorFor(execution), "cause", "sample cause")));
        events.add(event("TaskStateExited", "stateExitedEventDetails", Map.of("name", "Check Inventory",
                "output", execution.input)));
        events.add(event("PassStateEntered", "stateEnteredEventDetails", Map.of("name", notify,
                "input", execution.input)));
        events.add(event("PassStateExited", "stateExitedEventDetails", Map.of("name", notify,
                "output", output(execution).toString())));
        events.add(event("ExecutionSucceeded", "executionSucceededEventDetails",
                Map.of("output", output(execution).toString())));

        int from = request.has("nextToken") ? Integer.parseInt(request.get("nextToken").getAsString()) : 0;
        int to = Math.min(events.size(), from + historyPageSize);
        JsonArray page = new JsonArray();
        for (int i = from; i < to; i++) {
            JsonObject event = events.get(i);
            event.addProperty("id", i + 1);
            event.addProperty("previousEventId", i);
            event.addProperty("timestamp", execution.startDate + i * 0.015);
            page.add(event);
        }
        JsonObject response = new JsonObject();
        response.add("events", page);
        if (to < events.size()) {
            response.addProperty("nextToken", String.valueOf(to));
        }
        return response;
    }

    private static JsonObject event(String type, String detailsName, Map<String, String> details) {
        JsonObject event = new JsonObject();
        event.addProperty("type", type);
        JsonObject body = new JsonObject();
        details.forEach(body::addProperty);
        event.add(detailsName, body);
        return event;
    }

    private static JsonObject error(String type, String message) {
        JsonObject error = new JsonObject();
        error.addProperty("__type", type);
        error.addProperty("message", message);
        return error;
    }

    private static void reply(HttpExchange exchange, int status, JsonObject body) throws IOException {
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.0");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
