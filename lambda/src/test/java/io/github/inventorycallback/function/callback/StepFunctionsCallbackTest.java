package io.github.inventorycallback.function.callback;

import io.github.inventorycallback.function.fakes.ManualTimeouts;
import io.github.inventorycallback.function.fakes.StepFunctionsStub;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;

import java.util.List;
import java.util.Map;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real SDK client, built as the function builds it, against a local Step Functions stub. Two things of the
 * client are the test's: its timer, so that a call's deadline ({@code apiCallTimeout}) passes only when the test
 * says so ({@link ManualTimeouts}), and the jitter of its backoffs, which draws no wait and keeps each ceiling
 * ({@link NoWait}). No verdict hangs on how fast the machine is.
 */
public class StepFunctionsCallbackTest {
    /** What an invocation of the default 10 s function has left for a callback. */
    static final Duration TIME_LEFT = Duration.ofSeconds(8);
    private final StepFunctionsStub stub = new StepFunctionsStub();
    private final ManualTimeouts timeouts = new ManualTimeouts();
    private final NoWait jitter = new NoWait();

    StepFunctionsCallbackTest() throws IOException {
    }

    @AfterEach
    void stop() {
        stub.close();
        timeouts.shutdownNow();
    }

    /** The backoffs' jitter: every delay drawn is 0 ms, and the ceiling it was drawn under is kept (ms). */
    static final class NoWait extends Random {
        final List<Long> ceilings = new CopyOnWriteArrayList<>();

        @Override
        public long nextLong(long bound) {
            ceilings.add(bound - 1);
            return 0;
        }
    }

    /**
     * The ceilings the client's retries draw under, in ms. The SDK numbers a call's attempts from 1 and asks the
     * backoff for the delay before the attempt about to be made: attempt 2 before the first retry.
     */
    private static List<Long> ceilings(FullJitterBackoff backoff, int retries) {
        return IntStream.rangeClosed(2, retries + 1).mapToObj(attempt -> backoff.ceiling(attempt).toMillis()).toList();
    }

    private StepFunctionsCallback callback() {
        return callback(stub.endpoint());
    }

    /** The function's client (its retries, timeouts and HTTP settings), with the test's timer and jitter. */
    private StepFunctionsCallback callback(URI endpoint) {
        var builder = CallbackClients.builder(Region.US_EAST_1)
                .endpointOverride(endpoint)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")));
        return new StepFunctionsCallback(builder.overrideConfiguration(builder.overrideConfiguration().toBuilder()
                .retryStrategy(CallbackClients.retries(jitter))
                .scheduledExecutorService(timeouts)
                .build()).build());
    }

    @Test
    void successAndFailureReachStepFunctions() throws Exception {
        callback().succeed("t-ok", "{\"status\":\"IN_STOCK\"}", TIME_LEFT);
        callback().fail("t-ko", "OutOfStock", "no pears", TIME_LEFT);

        assertEquals("{\"status\":\"IN_STOCK\"}", stub.accepted().get("t-ok").output());
        assertEquals("OutOfStock", stub.accepted().get("t-ko").error());
        assertEquals("no pears", stub.accepted().get("t-ko").cause());
    }

    @ParameterizedTest
    @EnumSource(value = StepFunctionsStub.Fault.class,
            names = {"TASK_TIMED_OUT", "TASK_DOES_NOT_EXIST", "INVALID_TOKEN", "INVALID_OUTPUT"})
    void permanentErrorsRefuseTheTokenWithoutRetrying(StepFunctionsStub.Fault fault) {
        stub.always("t", fault);

        var refused = assertThrows(TaskCallback.TokenRefusedException.class, () -> callback().succeed("t", "{}", TIME_LEFT));

        assertTrue(refused.getMessage().startsWith(fault.type.substring(fault.type.indexOf('#') + 1)),
                refused.getMessage());
        assertEquals(1, stub.calls.get(), "a permanent error must not be retried");
    }

    @Test
    void aSecondAnswerForTheSameTokenIsRefusedAsTimedOut() throws Exception {
        callback().succeed("t", "{}", TIME_LEFT);
        assertThrows(TaskCallback.TokenRefusedException.class, () -> callback().succeed("t", "{}", TIME_LEFT));
    }

    @Test
    void briefThrottlingIsRetriedByTheSdkAndSucceeds() throws Exception {
        stub.script("t", StepFunctionsStub.Fault.THROTTLE, StepFunctionsStub.Fault.THROTTLE);

        callback().succeed("t", "{}", TIME_LEFT);

        assertTrue(stub.accepted().containsKey("t"));
        assertEquals(3, stub.calls.get());
        assertEquals(ceilings(CallbackClients.THROTTLING_BACKOFF, 2), jitter.ceilings, "throttling's own backoff");
    }

    @Test
    void fiveThrottlesInARowAreStillAnsweredInTheSameInvocation() throws Exception {
        // More than the SDK's default attempts: before, this order waited a whole visibility timeout.
        stub.script("t", StepFunctionsStub.Fault.THROTTLE, StepFunctionsStub.Fault.THROTTLE,
                StepFunctionsStub.Fault.THROTTLE, StepFunctionsStub.Fault.THROTTLE, StepFunctionsStub.Fault.THROTTLE);

        callback().succeed("t", "{}", TIME_LEFT);

        assertTrue(stub.accepted().containsKey("t"));
        assertEquals(6, stub.calls.get());
        assertEquals(ceilings(CallbackClients.THROTTLING_BACKOFF, 5), jitter.ceilings);
        assertEquals(List.of(TIME_LEFT), timeouts.delays(), "one deadline for the call, its retries included");
    }

    @Test
    void persistentThrottlingIsTransientAndRetriedOnlyUntilTheInvocationsTimeIsUp() {
        stub.always("t", StepFunctionsStub.Fault.THROTTLE);
        // The invocation's time runs out while the third attempt is in flight.
        stub.whileInFlight(call -> {
            if (call == 3) {
                timeouts.expire();
            }
        });

        assertThrows(RuntimeException.class, () -> callback().succeed("t", "{}", Duration.ofSeconds(1)));

        assertEquals(List.of(Duration.ofSeconds(1)), timeouts.delays(), "the deadline is the time left, for the"
                + " whole call, retries included");
        assertEquals(3, stub.calls.get(), "throttling is retried until the deadline, and not after it");
        assertEquals(ceilings(CallbackClients.THROTTLING_BACKOFF, 2), jitter.ceilings.subList(0, 2));
    }

    @Test
    void aFailingCallbackIsAttemptedAtMostMaxAttemptsTimes() {
        stub.always("t", StepFunctionsStub.Fault.SERVER_ERROR);
        assertThrows(RuntimeException.class, () -> callback().succeed("t", "{}", Duration.ofSeconds(30)));
        assertEquals(CallbackClients.MAX_CALLBACK_ATTEMPTS, stub.calls.get());
        assertEquals(ceilings(CallbackClients.FAILURE_BACKOFF, CallbackClients.MAX_CALLBACK_ATTEMPTS - 1),
                jitter.ceilings, "other failures' own backoff, before each retry");
    }

    @Test
    void persistentServerErrorsAreTransient() {
        stub.always("t", StepFunctionsStub.Fault.SERVER_ERROR);
        assertThrows(RuntimeException.class, () -> callback().fail("t", "OutOfStock", "x", TIME_LEFT));
        assertEquals(List.of(TIME_LEFT), timeouts.delays(), "SendTaskFailure is bounded by the time left too");
    }

    @Test
    void connectionFailureIsTransient() throws IOException {
        URI closed;
        try (var socket = new ServerSocket(0)) {
            closed = URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }
        var callback = callback(closed);
        assertThrows(RuntimeException.class, () -> callback.succeed("t", "{}", TIME_LEFT));
    }

    @Test
    void aCallThatOutlastsTheTimeLeftIsTransient() {
        var answered = new CountDownLatch(1);
        // The call reaches Step Functions, and the time left runs out before its answer comes back.
        stub.whileInFlight(call -> {
            timeouts.expire();
            try {
                answered.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });

        assertThrows(RuntimeException.class, () -> callback().succeed("t", "{}", Duration.ofMillis(200)));

        assertEquals(null, stub.accepted().get("t"), "the callback gave up without waiting for the answer");
        assertEquals(List.of(Duration.ofMillis(200)), timeouts.delays());
        answered.countDown();
    }

    @Test
    void credentialsComeFromTheEnvironmentOrUnderSnapStartFromTheContainerEndpoint() {
        assertInstanceOf(EnvironmentVariableCredentialsProvider.class,
                CallbackClients.credentials(Map.of("AWS_ACCESS_KEY_ID", "k")));
        assertInstanceOf(ContainerCredentialsProvider.class, CallbackClients.credentials(
                Map.of("AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://127.0.0.1:9001/2018-06-01/credentials")));
    }

    @Test
    void fourThrottlesInARowFitInOneInvocationOfTheDefaultTimeoutEvenAtTheLongestWaits() {
        // The default function timeout (10 s) less the batch runner's reserve (1.5 s): what one invocation gives a
        // callback. Its throttled retries wait at most these ceilings (before attempts 2 to 5), and a throttled call
        // must wait for the bucket.
        List<Long> waits = ceilings(CallbackClients.THROTTLING_BACKOFF, 4);
        assertEquals(List.of(1_000L, 2_000L, 2_000L, 2_000L), waits);
        assertTrue(waits.stream().mapToLong(Long::longValue).sum() < 10_000 - 1_500);
        // A fifth may not fit (9 s at the longest): that order is answered on its next receive.
        assertEquals(9_000, ceilings(CallbackClients.THROTTLING_BACKOFF, 5).stream().mapToLong(Long::longValue).sum());
    }

    @Test
    void theFirstRetryWaitsAtMostTheBaseOfItsBackoff() throws Exception {
        // What the SDK really asks for, recorded from its calls: not the ceilings the test computes.
        stub.script("t", StepFunctionsStub.Fault.THROTTLE);
        callback().succeed("t", "{}", TIME_LEFT);
        assertEquals(List.of(1_000L), jitter.ceilings, "a throttled call's first retry: up to 1 s");

        jitter.ceilings.clear();
        stub.script("u", StepFunctionsStub.Fault.SERVER_ERROR);
        callback().succeed("u", "{}", TIME_LEFT);
        assertEquals(List.of(200L), jitter.ceilings, "another failure's first retry: up to 0.2 s");
    }
}
