package io.github.inventorycallback.stack.run;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The operator's command line: runs orders through the deployed state machine (the default command), shows one
 * execution's history, stops the running executions, and lists or redrives the dead-letter queue.
 *
 * <pre>./orders [--count N | --orders FILE] [--timeout SECONDS] | history ARN | stop | dlq list | dlq redrive
 *     | versions [--delete]</pre>
 *
 * <p>The stack's resources come from {@code pulumi stack output} ({@code --stack NAME}), or from the options that
 * name them. Credentials and region come from the SDK's standard chains; {@code AWS_ENDPOINT_URL_SFN},
 * {@code AWS_ENDPOINT_URL_SQS} and {@code AWS_ENDPOINT_URL_LAMBDA} point it elsewhere (LocalStack, a stub). A stack
 * whose config sets {@code aws:endpoints} (a local stack, on moto) is called at those endpoints instead, in its
 * {@code aws:region} ({@link StackEndpoints}).
 */
@Command(name = "orders", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        version = "inventory-callback orders 1.0.0",
        description = {"Runs orders through the deployed state machine and shows the path each took (the default"
                + " command: 4 sample orders, one of each outcome).", ""},
        subcommands = {HistoryCommand.class, StopCommand.class, DeadLetters.class, FunctionVersions.class,
                CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                " " + ExitCodes.OK + ":every execution ended as expected (or the command did what it says)",
                " " + ExitCodes.UNEXPECTED + ":some ended otherwise, or AWS refused a call",
                " " + ExitCodes.NOT_FINISHED + ":some did not finish (or start) within --timeout; they are listed",
                ExitCodes.USAGE + ":bad arguments",
                ExitCodes.INTERRUPTED + ":interrupted (Ctrl-C); what was started is listed"})
public final class RunOrders implements Callable<Integer> {
    /** The longest --timeout a command follows its work for: a day. */
    static final int MAX_TIMEOUT_SECONDS = 86_400;

    @Mixin
    StateMachineOption target;

    @Option(names = "--count", paramLabel = "N", defaultValue = "4",
            description = "run N sample orders, cycling through in-stock, out-of-stock, invalid and the console's"
                    + " default input (default: ${DEFAULT-VALUE}, one of each)")
    int count;

    @Option(names = "--orders", paramLabel = "FILE",
            description = "run the orders of a JSON array instead; each element, a JSON object, is one execution"
                    + " input")
    Path ordersFile;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "120",
            description = "how long to wait for the executions to start and finish (default: ${DEFAULT-VALUE})")
    int timeoutSeconds;

    final PrintStream out;
    final PrintStream err;
    final Supplier<SfnClient> stepFunctions;
    final Supplier<SqsClient> queues;
    final Supplier<LambdaClient> functions;
    final StackOutputs outputs;
    final Duration firstPoll;
    /** The clock --timeout is kept on (System.nanoTime): a seam, so that tests decide when it is up. */
    final LongSupplier nanoTime;
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile ExecutionRunner runner;
    private volatile boolean cancelled;
    /** The region of the resource the command works on, or null for the SDK's chain (AWS_REGION, the profile). */
    private volatile String region;
    /** The stack's outputs, and its endpoints once read: a local stack's are called instead of AWS. */
    private final CommandStack stack;

    /** One output of a stack: {@code pulumi stack output NAME [--stack STACK]}; and where its AWS is. */
    @FunctionalInterface
    interface StackOutputs {
        String get(String stack, String name);

        /** Where the stack's provider calls AWS: {@link StackEndpoints#NONE} unless its config sets endpoints. */
        default StackEndpoints endpoints(String stack) {
            return StackEndpoints.NONE;
        }

        /** The same, read once per command. */
        default StackEndpoints endpointsOf(String stack) {
            return endpoints(stack);
        }
    }

    RunOrders(PrintStream out, PrintStream err, Supplier<SfnClient> stepFunctions, Supplier<SqsClient> queues,
              StackOutputs outputs, Duration firstPoll) {
        this(out, err, stepFunctions, queues, RunOrders::lambdaClient, outputs, firstPoll, System::nanoTime);
    }

    RunOrders(PrintStream out, PrintStream err, Supplier<SfnClient> stepFunctions, Supplier<SqsClient> queues,
              Supplier<LambdaClient> functions, StackOutputs outputs, Duration firstPoll, LongSupplier nanoTime) {
        this.out = out;
        this.err = err;
        this.stepFunctions = stepFunctions;
        this.queues = queues;
        this.functions = functions;
        this.stack = new CommandStack(outputs, err);
        this.outputs = stack;
        this.firstPoll = firstPoll;
        this.nanoTime = nanoTime;
    }

    private static LambdaClient lambdaClient() {
        return LambdaClient.builder().httpClient(UrlConnectionHttpClient.create()).build();
    }

    public static void main(String[] args) {
        var app = new RunOrders[1];
        app[0] = new RunOrders(System.out, System.err,
                () -> app[0].inRegion(SfnClient.builder(), "sfn", "stepfunctions")
                        .httpClient(UrlConnectionHttpClient.create()).build(),
                () -> app[0].inRegion(SqsClient.builder(), "sqs").httpClient(UrlConnectionHttpClient.create()).build(),
                () -> app[0].inRegion(LambdaClient.builder(), "lambda").httpClient(UrlConnectionHttpClient.create())
                        .build(),
                PulumiStackOutput.cli(), Duration.ofMillis(500), System::nanoTime);
        run(app[0], args);
    }

    /**
     * The builder in the region of the resource the command was given, if it named one; for a stack whose config sets
     * {@code aws:endpoints}, at the stack's endpoint for the service, in the stack's region.
     */
    <B extends software.amazon.awssdk.awscore.client.builder.AwsClientBuilder<B, ?>> B inRegion(B builder,
                                                                                            String... services) {
        String chosen = region;
        StackEndpoints local = stack.endpoints();
        if (local != null && local.local()) {
            return local.apply(builder, services);
        }
        return chosen == null ? builder : builder.region(software.amazon.awssdk.regions.Region.of(chosen));
    }

    /** Checks an ARN or URL before any call and calls its region from now on, saying where the region came from. */
    String resource(String what, String value, Pattern form, String described) {
        String named = AwsNames.region(what, value, form, described);
        if (named != null && !named.equals(region)) {
            region = named;
            err.println("region " + named + " (from " + what + ")");
        }
        return value.trim();
    }

    private static void run(RunOrders app, String[] args) {
        // Ctrl-C: stop polling and list what was started, since those executions go on running in AWS.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.cancel();
            app.awaitFinish(Duration.ofSeconds(5));
        }));
        int exit = app.run(args);
        if (exit != ExitCodes.OK) {
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

    /** Parses and runs one command line; returns the exit code. */
    int run(String... args) {
        // Maven passes -Dorders.args="" as one empty argument.
        String[] words = java.util.Arrays.stream(args).filter(a -> !a.isBlank()).toArray(String[]::new);
        var commandLine = new CommandLine(this)
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .setParameterExceptionHandler((e, arguments) -> {
                    err.println(e.getMessage());
                    e.getCommandLine().usage(err);
                    return ExitCodes.USAGE;
                })
                .setExecutionExceptionHandler((e, command, parsed) -> {
                    if (e instanceof IllegalArgumentException) {
                        err.println(e.getMessage());
                        return ExitCodes.USAGE;
                    }
                    if (e instanceof AwsServiceException aws && aws.awsErrorDetails() != null) {
                        err.println("AWS refused: " + aws.awsErrorDetails().errorCode() + ": "
                                + aws.awsErrorDetails().errorMessage());
                    } else if (e instanceof SdkClientException) {
                        err.println("cannot call AWS: " + oneLine(e.getMessage()));
                    } else {
                        throw e;
                    }
                    listStarted();
                    return ExitCodes.UNEXPECTED;
                });
        // A stack named with --stack, to whichever command: its AWS is the one called, even when every resource is
        // named on the command line (history takes an ARN only).
        commandLine.setExecutionStrategy(parsed -> {
            for (var command = parsed; command != null; command = command.subcommand()) {
                String stack = command.matchedOptionValue("--stack", null);
                if (stack != null) {
                    outputs.endpointsOf(stack);
                }
            }
            return new CommandLine.RunLast().execute(parsed);
        });
        try {
            return commandLine.execute(words);
        } finally {
            finished.countDown();
        }
    }

    /** The SDK's client errors in one line: its region and credential chains would list every provider they tried. */
    static String oneLine(String message) {
        String text = String.valueOf(message);
        if (text.startsWith("Unable to load region")) {
            return "no AWS region: name the resource by its ARN, set AWS_REGION, or set a region in your AWS profile";
        }
        if (text.startsWith("Unable to load credentials")) {
            return "no AWS credentials: run `aws configure` or `aws sso login`, or set AWS_PROFILE or"
                    + " AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY";
        }
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }

    /** Rejects an option's value outside its range, naming the option and the range. */
    static void inRange(String option, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(option + " must be a whole number from " + min + " to " + max
                    + ", got '" + value + "'");
        }
    }

    /** The state machine: named by --state-machine, else the stack's output; its region is the one called. */
    String stateMachine(StateMachineOption target) {
        return target.stateMachine != null
                ? resource("--state-machine", target.stateMachine, AwsNames.STATE_MACHINE, STATE_MACHINE_FORM)
                : resource("the stack's stateMachineArn", output(target, "stateMachineArn"), AwsNames.STATE_MACHINE,
                        STATE_MACHINE_FORM);
    }

    static final String STATE_MACHINE_FORM = "a state machine ARN, arn:aws:states:REGION:ACCOUNT:stateMachine:NAME";

    String output(StateMachineOption target, String name) {
        return outputs.get(target.stack.name, name);
    }

    @Override
    public Integer call() throws InterruptedException {
        inRange("--count", count, 1, 1000);
        inRange("--timeout", timeoutSeconds, 1, MAX_TIMEOUT_SECONDS);
        List<Order> orders = ordersFile != null ? Order.fromFile(ordersFile) : Order.samples(count);
        String stateMachine = stateMachine(target);
        try (SfnClient sfn = stepFunctions.get()) {
            runner = new ExecutionRunner(sfn, new Progress(err, System.console() != null),
                    Duration.ofSeconds(timeoutSeconds), firstPoll, Duration.ofSeconds(5), nanoTime);
            if (cancelled) {
                runner.cancel();
            }
            out.println("Running " + orders.size() + " orders through " + stateMachine);
            ExecutionRunner.Result result = runner.run(stateMachine, orders);
            Report.print(out, result.outcomes());
            return Verdict.exitCode(result, err);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("interrupted");
            return ExitCodes.INTERRUPTED;
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
}
