package io.github.inventorycallback.local;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * The deployed function, run on this machine as Lambda runs it, against a local AWS (moto on 127.0.0.1): reads the
 * function and its SQS event source mapping from that AWS, checks the jar is the deployed code, and polls the queue
 * with up to {@code maximumConcurrency} execution environments, each a JVM under AWS's runtime interface client.
 * Runs until Ctrl-C or SIGTERM; then stops polling, lets invocations in flight finish for a few seconds and stops
 * every JVM it started. What was not answered stays in the queue, as on Lambda.
 */
@Command(name = "local-lambda", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        version = "inventory-callback local-lambda 1.0.0",
        description = {"Runs the deployed function as Lambda runs it, polling its SQS queue, against a local AWS.", ""})
public final class LocalLambda implements Callable<Integer> {
    /** Lambda's SQS poller starts with five concurrent batches when the mapping sets no maximum concurrency. */
    static final int DEFAULT_CONCURRENCY = 5;

    @Option(names = "--endpoint", required = true, paramLabel = "URL",
            description = "the local AWS, e.g. http://127.0.0.1:5000 (Lambda, SQS, and the function's own calls)")
    String endpoint;

    @Option(names = "--region", paramLabel = "REGION", defaultValue = "${env:AWS_REGION:-us-east-1}",
            description = "the region the function was deployed to (default: AWS_REGION, else ${DEFAULT-VALUE})")
    String region;

    @Option(names = "--function", required = true, paramLabel = "NAME", description = "the function, e.g. dev-Inventory")
    String function;

    @Option(names = "--jar", paramLabel = "PATH", defaultValue = "lambda/target/inventory-function.jar",
            description = "the function's jar; it must be the deployed code (default: ${DEFAULT-VALUE})")
    Path jar;

    @Option(names = "--deployed-package", paramLabel = "PATH",
            description = "the package that was uploaded, when it is not the jar itself (Pulumi re-zips a jar);"
                    + " default: the pulumi-asset-* files of $TMPDIR and of /tmp")
    Path deployedPackage;

    @Option(names = "--work-dir", paramLabel = "DIR",
            description = "where the jar is unzipped as the task root (default: TMPDIR/inventory-callback-local/NAME)")
    Path workDir;

    @Option(names = "--java", paramLabel = "PATH", description = "the java to run the function with (default: this one)")
    String java;

    private final PrintStream out;
    private final PrintStream err;
    private volatile Runnable shutdown = () -> { };
    private final CountDownLatch done = new CountDownLatch(1);

    LocalLambda(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        var app = new LocalLambda(System.out, System.err);
        Runtime.getRuntime().addShutdownHook(new Thread(app::stop, "local-lambda-stop"));
        System.exit(app.run(args));
    }

    int run(String... args) {
        return new CommandLine(this)
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .setExecutionExceptionHandler((e, command, parsed) -> {
                    if (e instanceof IllegalArgumentException || e instanceof IllegalStateException
                            || e instanceof java.io.UncheckedIOException) {
                        err.println("local-lambda: " + e.getMessage());
                        return 2;
                    }
                    if (e instanceof SdkClientException) {
                        err.println("local-lambda: cannot reach the local AWS at " + endpoint + " ("
                                + e.getMessage().lines().findFirst().orElse("") + "): start it first");
                        return 2;
                    }
                    throw e;
                })
                .execute(args);
    }

    @Override
    public Integer call() throws Exception {
        URI uri = endpoint(endpoint);
        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create(JavaRuntime.ACCESS_KEY,
                JavaRuntime.ACCESS_KEY));
        SqsClient sqs = SqsClient.builder().endpointOverride(uri).region(Region.of(region))
                .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build();
        DeployedFunction deployed;
        try (LambdaClient lambda = LambdaClient.builder().endpointOverride(uri).region(Region.of(region))
                .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build()) {
            deployed = DeployedFunction.read(lambda, sqs, function);
        }
        var f = deployed.function();
        var m = deployed.mapping();
        List<Path> candidates = deployedPackage != null ? List.of(deployedPackage) : DeployedCode.pulumiAssets();
        var verified = DeployedCode.verify(jar, f.codeSha256(), f.codeSize(), candidates);
        Path work = workDir != null ? workDir
                : Path.of(System.getProperty("java.io.tmpdir"), "inventory-callback-local", f.name());
        Path root = TaskRoot.unzip(jar, work.resolve("task"));
        var runtime = JavaRuntime.onThisClassPath(java != null ? java
                : ProcessHandle.current().info().command().orElse("java"), work.resolve("runtime"));
        int concurrency = m.maximumConcurrency() != null ? m.maximumConcurrency() : DEFAULT_CONCURRENCY;

        out.println("function " + f.name() + ": " + f.runtime() + ", handler " + f.handler() + ", " + f.memoryMb()
                + " MB, timeout " + f.timeoutSeconds() + " s, " + f.environment().size() + " environment variables");
        out.println("code " + jar + ": " + verified.how());
        out.println("event source mapping " + m.uuid() + ": " + m.queueArn() + ", batch size " + m.batchSize()
                + ", batching window " + m.batchingWindowSeconds() + " s, maximum concurrency "
                + (m.maximumConcurrency() != null ? m.maximumConcurrency() : "not set (" + DEFAULT_CONCURRENCY
                + " here, Lambda's starting point)") + (m.reportBatchItemFailures() ? ", ReportBatchItemFailures"
                : ", whole batches"));
        out.println("queue " + m.queueUrl() + ": visibility timeout " + m.visibilityTimeoutSeconds() + " s, redrive "
                + (m.redrivePolicy() == null ? "none" : m.redrivePolicy()));

        Timeouts timeouts = Timeouts.real();
        List<ExecutionEnvironment> environments = new ArrayList<>();
        for (int i = 1; i <= concurrency; i++) {
            environments.add(new ExecutionEnvironment(f.name() + "#" + i, f, runtime, root, work.resolve("tmp-" + i),
                    region, uri.toString(), timeouts, out::println));
        }
        var poller = new SqsPoller(sqs, m, SqsPoller.LONG_POLL_SECONDS, System::nanoTime,
                pause -> Thread.sleep(pause.toMillis()), log());
        shutdown = () -> {
            try {
                // Invocations in flight may finish and be deleted; after that, their JVMs are stopped mid-batch and
                // those records come back after the visibility timeout.
                poller.stop(Duration.ofSeconds(Math.min(f.timeoutSeconds(), 5)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            poller.close();
            environments.forEach(ExecutionEnvironment::close);
            sqs.close();
            out.println("local-lambda: stopped");
        };
        poller.start(environments.stream().map(e -> (SqsPoller.Function) e::invoke).toList());
        out.println("local-lambda: polling " + m.queueName() + " with up to " + concurrency
                + " execution environments (Ctrl-C stops)");
        done.await();
        return 0;
    }

    /** Stops polling and every JVM started, once. */
    void stop() {
        Runnable now = shutdown;
        shutdown = () -> { };
        now.run();
        done.countDown();
    }

    private SqsPoller.Listener log() {
        return new SqsPoller.Listener() {
            @Override
            public void invoking(int worker, List<Message> batch) {
                out.println("[poller " + worker + "] invoking with " + batch.size() + " records");
            }

            @Override
            public void settled(int worker, List<Message> batch, ExecutionEnvironment.Outcome outcome,
                                Set<String> deleted) {
                out.println("[poller " + worker + "] " + outcome.kind().name().toLowerCase() + ": deleted "
                        + deleted.size() + " of " + batch.size() + (deleted.size() < batch.size()
                        ? "; the rest come back after " + "the visibility timeout" : "")
                        + (outcome.succeeded() ? "" : " (" + oneLine(outcome.body()) + ")"));
            }

            @Override
            public void pollFailed(int worker, Exception e) {
                err.println("[poller " + worker + "] " + oneLine(e.getMessage()));
            }
        };
    }

    private static String oneLine(String text) {
        String value = String.valueOf(text);
        int newline = value.indexOf('\n');
        return newline < 0 ? value : value.substring(0, newline);
    }

    /** An http(s) URL with a host: where the local AWS answers. */
    static URI endpoint(String value) {
        URI uri;
        try {
            uri = URI.create(value.trim());
        } catch (IllegalArgumentException e) {
            uri = null;
        }
        if (uri == null || (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()))
                || uri.getHost() == null) {
            throw new IllegalArgumentException("--endpoint '" + value + "' is not an http(s) URL with a host,"
                    + " e.g. http://127.0.0.1:5000");
        }
        return uri;
    }
}
