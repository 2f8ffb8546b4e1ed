package com.example.callback.run;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.SfnException;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs orders through the deployed state machine and shows what happened, or one execution's history.
 *
 * <pre>mvn -q -B compile exec:java@orders -Dorders.args="[--count N | --orders FILE] [--state-machine ARN]
 *     [--stack NAME] [--timeout SECONDS] | --history EXECUTION_ARN | --stop-running"</pre>
 *
 * <p>Credentials and region come from the SDK's standard chains; {@code AWS_ENDPOINT_URL_SFN} points it elsewhere
 * (LocalStack, a stub). Exit codes: 0 every execution as expected, 1 some did otherwise, 2 some did not finish in
 * time, 64 bad arguments, 130 interrupted.
 */
public final class RunOrders {
    static final int OK = 0;
    static final int UNEXPECTED = 1;
    static final int NOT_FINISHED = 2;
    static final int USAGE = 64;
    static final int INTERRUPTED = 130;

    private static final Gson STRICT = new GsonBuilder().setStrictness(Strictness.STRICT).create();

    static final String USAGE_TEXT = """
            usage: [--count N | --orders FILE] [--state-machine ARN] [--stack NAME] [--timeout SECONDS]
                   --history EXECUTION_ARN
                   --stop-running [--state-machine ARN] [--stack NAME]
              --count N            run N sample orders, cycling through in-stock, out-of-stock, invalid and the
                                   console's default input (default 4: one of each)
              --orders FILE        run the orders of a JSON array instead (each element, a JSON object, is one
                                   execution input)
              --state-machine ARN  the state machine (default: `pulumi stack output stateMachineArn`)
              --stack NAME         the stack to read that output from (default: the selected stack)
              --timeout SECONDS    how long to wait for the executions (default 120)
              --history ARN        print one execution's event history, step by step
              --stop-running       stop every running execution of the state machine (before `pulumi destroy`)""";

    private final PrintStream out;
    private final PrintStream err;
    private final Supplier<SfnClient> clients;
    private final Function<String, String> stackOutput;
    private final Duration firstPoll;
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile ExecutionRunner runner;
    private volatile boolean cancelled;

    RunOrders(PrintStream out, PrintStream err, Supplier<SfnClient> clients, Function<String, String> stackOutput,
              Duration firstPoll) {
        this.out = out;
        this.err = err;
        this.clients = clients;
        this.stackOutput = stackOutput;
        this.firstPoll = firstPoll;
    }

    public static void main(String[] args) {
        var app = new RunOrders(System.out, System.err,
                () -> SfnClient.builder().httpClient(UrlConnectionHttpClient.create()).build(),
                RunOrders::pulumiStackOutput, Duration.ofMillis(500));
        // Ctrl-C: stop polling and list what was started, since those executions go on running in AWS.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.cancel();
            app.awaitFinish(Duration.ofSeconds(5));
        }));
        int exit = app.run(args);
        if (exit != OK) {
            System.exit(exit);
        }
    }

    void cancel() {
        cancelled = true;
        ExecutionRunner current = runner;
        if (current != null) {
            current.cancel();
        }
    }

    void awaitFinish(Duration limit) {
        try {
            finished.await(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    int run(String... args) {
        try {
            return execute(Arguments.parse(args));
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.println(USAGE_TEXT);
            return USAGE;
        } catch (SfnException e) {
            err.println("Step Functions refused: " + e.awsErrorDetails().errorCode() + ": "
                    + e.awsErrorDetails().errorMessage());
            listStarted();
            return UNEXPECTED;
        } catch (SdkClientException e) {
            // No region or credentials, or no connection: the SDK's message says which.
            err.println("cannot call Step Functions: " + e.getMessage());
            listStarted();
            return UNEXPECTED;
        } finally {
            finished.countDown();
        }
    }

    private int execute(Arguments arguments) {
        if (arguments.help) {
            out.println(USAGE_TEXT);
            return OK;
        }
        String stateMachine = arguments.history != null || arguments.stateMachine != null ? arguments.stateMachine
                : stackOutput.apply(arguments.stack);
        List<Order> orders = arguments.ordersFile != null ? fromFile(arguments.ordersFile)
                : Order.samples(arguments.count);
        try (SfnClient sfn = clients.get()) {
            if (arguments.stopRunning) {
                StopRunning.stopAll(sfn, stateMachine, out);
                return OK;
            }
            if (arguments.history != null) {
                int events = HistoryPrinter.print(sfn, arguments.history, out);
                out.println(events + " events");
                return OK;
            }
            runner = new ExecutionRunner(sfn, new Progress(err, System.console() != null), arguments.timeout,
                    firstPoll, Duration.ofSeconds(5));
            if (cancelled) {
                runner.cancel();
            }
            out.println("Running " + orders.size() + " orders through " + stateMachine);
            ExecutionRunner.Result result = runner.run(stateMachine, orders);
            Report.print(out, result.outcomes());
            return verdict(result);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("interrupted");
            return INTERRUPTED;
        }
    }

    private void listStarted() {
        ExecutionRunner current = runner;
        List<String> started = current == null ? List.of() : current.started();
        if (!started.isEmpty()) {
            err.println(started.size() + " executions were started before that and keep running in Step Functions:");
            started.forEach(arn -> err.println("  " + arn));
        }
    }

    private int verdict(ExecutionRunner.Result result) {
        List<String> unfinished = result.outcomes().stream().filter(o -> o.status().equals("RUNNING"))
                .map(ExecutionRunner.Outcome::executionArn).toList();
        if (result.cancelled()) {
            err.println("Interrupted. " + result.outcomes().size() + " executions were started and keep running"
                    + " in Step Functions:");
            result.outcomes().forEach(outcome -> err.println("  " + outcome.executionArn()));
            return INTERRUPTED;
        }
        if (result.timedOut()) {
            err.println(unfinished.size() + " executions did not finish within " + result.timeout().toSeconds()
                    + " s (raise --timeout, or look at them with --history):");
            unfinished.forEach(arn -> err.println("  " + arn));
            return NOT_FINISHED;
        }
        long unexpected = result.outcomes().stream().filter(o -> !o.asExpected()).count();
        if (unexpected > 0) {
            err.println(unexpected + " executions ended differently from what their orders expect");
            return UNEXPECTED;
        }
        return OK;
    }

    /**
     * A non-empty JSON array of objects, read strictly. Each element must be an object: the state machine keeps the
     * inventory's answer under {@code $.inventory} and a caught error under {@code $.error}, which Step Functions
     * cannot add to a string, number, array or null, so such an execution would fail with
     * {@code States.ResultPathMatchFailure} instead of reaching Notify Success or Notify Failure.
     */
    static List<Order> fromFile(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("--orders " + file + ": the file does not exist");
        }
        JsonElement json;
        try (JsonReader reader = new JsonReader(Files.newBufferedReader(file))) {
            // JsonParser would read leniently whatever the reader says: single quotes, bare words, ",," as null.
            json = STRICT.fromJson(reader, JsonElement.class);
            // A second value after the array is malformed in strict mode: peek() throws.
            reader.peek();
        } catch (IOException | JsonParseException e) {
            Matcher where = Pattern.compile("at line \\d+ column \\d+").matcher(String.valueOf(e.getMessage()));
            throw new IllegalArgumentException("--orders " + file + ": not valid JSON"
                    + (where.find() ? " " + where.group() : "") + " (strict JSON: double quotes, no missing or"
                    + " trailing values, one array)");
        }
        if (!json.isJsonArray() || json.getAsJsonArray().isEmpty()) {
            throw new IllegalArgumentException("--orders " + file + ": must hold a non-empty JSON array of orders");
        }
        List<Order> orders = new ArrayList<>();
        for (JsonElement order : json.getAsJsonArray()) {
            if (!order.isJsonObject()) {
                throw new IllegalArgumentException("--orders " + file + ": order " + (orders.size() + 1) + " is "
                        + order + ", not a JSON object; nothing was started");
            }
            orders.add(new Order("file-" + (orders.size() + 1), order.toString(), null, null));
        }
        return orders;
    }

    /** {@code pulumi stack output stateMachineArn}, run in the project directory. */
    static String pulumiStackOutput(String stack) {
        List<String> command = new ArrayList<>(List.of("pulumi", "stack", "output", "stateMachineArn"));
        if (stack != null) {
            command.addAll(List.of("--stack", stack));
        }
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes()).trim();
            if (process.waitFor() != 0 || !output.startsWith("arn:")) {
                throw new IllegalArgumentException("could not read the state machine from `" + String.join(" ", command)
                        + "`: " + output + "\npass --state-machine ARN instead");
            }
            return output;
        } catch (IOException e) {
            throw new IllegalArgumentException("could not run `pulumi` (" + e.getMessage()
                    + "); pass --state-machine ARN instead");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalArgumentException("interrupted while running pulumi");
        }
    }

    /** The command line, checked. */
    static final class Arguments {
        int count = Order.SAMPLES.size();
        Path ordersFile;
        String stateMachine;
        String stack;
        String history;
        Duration timeout = Duration.ofSeconds(120);
        boolean help;
        boolean stopRunning;

        static Arguments parse(String... args) {
            var parsed = new Arguments();
            for (int i = 0; i < args.length; i++) {
                String flag = args[i];
                if (flag.isBlank()) {
                    continue;
                }
                if (flag.equals("--help") || flag.equals("-h")) {
                    parsed.help = true;
                    continue;
                }
                if (flag.equals("--stop-running")) {
                    parsed.stopRunning = true;
                    continue;
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(flag + " needs a value");
                }
                String value = args[++i];
                switch (flag) {
                    case "--count" -> parsed.count = number(flag, value, 1, 1000);
                    case "--orders" -> parsed.ordersFile = Path.of(value);
                    case "--state-machine" -> parsed.stateMachine = value;
                    case "--stack" -> parsed.stack = value;
                    case "--history" -> parsed.history = value;
                    case "--timeout" -> parsed.timeout = Duration.ofSeconds(number(flag, value, 1, 86_400));
                    default -> throw new IllegalArgumentException("unknown option " + flag);
                }
            }
            return parsed;
        }

        private static int number(String flag, String value, int min, int max) {
            try {
                int number = Integer.parseInt(value);
                if (number >= min && number <= max) {
                    return number;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException(flag + " must be a whole number from " + min + " to " + max
                    + ", got '" + value + "'");
        }
    }
}
