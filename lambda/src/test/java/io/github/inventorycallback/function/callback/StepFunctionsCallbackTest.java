package io.github.inventorycallback.function.callback;

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

import java.util.Map;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The real SDK client, built as the function builds it, against a local Step Functions stub. */
public class StepFunctionsCallbackTest {
    /** What an invocation of the default 10 s function has left for a callback. */
    static final Duration TIME_LEFT = Duration.ofSeconds(8);
    private final StepFunctionsStub stub = new StepFunctionsStub();

    StepFunctionsCallbackTest() throws IOException {
    }

    @AfterEach
    void stop() {
        stub.close();
    }

    private StepFunctionsCallback callback() {
        return new StepFunctionsCallback(StepFunctionsStub.client(stub.endpoint()));
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
    }

    @Test
    void fiveThrottlesInARowAreStillAnsweredInTheSameInvocation() throws Exception {
        // More than the SDK's default attempts: before, this order waited a whole visibility timeout.
        stub.script("t", StepFunctionsStub.Fault.THROTTLE, StepFunctionsStub.Fault.THROTTLE,
                StepFunctionsStub.Fault.THROTTLE, StepFunctionsStub.Fault.THROTTLE, StepFunctionsStub.Fault.THROTTLE);

        callback().succeed("t", "{}", TIME_LEFT);

        assertTrue(stub.accepted().containsKey("t"));
        assertEquals(6, stub.calls.get());
    }

    @Test
    void persistentThrottlingIsTransientAndRetriedOnlyUntilTheInvocationsTimeIsUp() {
        stub.always("t", StepFunctionsStub.Fault.THROTTLE);
        assertThrows(RuntimeException.class, () -> callback().succeed("t", "{}", Duration.ofSeconds(1)));
        assertTrue(stub.calls.get() > 1, "throttling is retried before giving up");
        assertTrue(stub.calls.get() < CallbackClients.MAX_CALLBACK_ATTEMPTS,
                stub.calls.get() + " attempts in one second: the deadline must cut the backoff short");
    }

    @Test
    void aFailingCallbackIsAttemptedAtMostMaxAttemptsTimes() {
        stub.always("t", StepFunctionsStub.Fault.SERVER_ERROR);
        assertThrows(RuntimeException.class, () -> callback().succeed("t", "{}", Duration.ofSeconds(30)));
        assertEquals(CallbackClients.MAX_CALLBACK_ATTEMPTS, stub.calls.get());
    }

    @Test
    void persistentServerErrorsAreTransient() {
        stub.always("t", StepFunctionsStub.Fault.SERVER_ERROR);
        assertThrows(RuntimeException.class, () -> callback().fail("t", "OutOfStock", "x", TIME_LEFT));
    }

    @Test
    void connectionFailureIsTransient() throws IOException {
        URI closed;
        try (var socket = new ServerSocket(0)) {
            closed = URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }
        var callback = new StepFunctionsCallback(StepFunctionsStub.client(closed));
        assertThrows(RuntimeException.class, () -> callback.succeed("t", "{}", TIME_LEFT));
    }

    @Test
    void aCallThatOutlastsTheTimeLeftIsTransient() {
        stub.latency(2_000);
        assertThrows(RuntimeException.class, () -> callback().succeed("t", "{}", Duration.ofMillis(200)));
        assertEquals(null, stub.accepted().get("t"));
    }

    @Test
    void credentialsComeFromTheEnvironmentOrUnderSnapStartFromTheContainerEndpoint() {
        assertInstanceOf(EnvironmentVariableCredentialsProvider.class,
                CallbackClients.credentials(Map.of("AWS_ACCESS_KEY_ID", "k")));
        assertInstanceOf(ContainerCredentialsProvider.class, CallbackClients.credentials(
                Map.of("AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://127.0.0.1:9001/2018-06-01/credentials")));
    }

    @Test
    void fiveThrottlesInARowStillFitInOneInvocationOfTheDefaultTimeout() {
        // The default function timeout (10 s) less the batch runner's reserve (1.5 s): what one invocation gives a
        // callback. Its throttled retries wait at most these ceilings, and a throttled call must wait for the bucket.
        long longest = 0;
        for (int retry = 1; retry <= 5; retry++) {
            longest += CallbackClients.THROTTLING_BACKOFF.ceiling(retry).toMillis();
        }
        assertEquals(7_500, longest);
        assertTrue(longest < 10_000 - 1_500);
        assertEquals(500, CallbackClients.THROTTLING_BACKOFF.ceiling(1).toMillis(), "a throttled call waits for refill");
    }
}
