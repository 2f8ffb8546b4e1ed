package com.example.inventory;

import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.InvalidOutputException;
import software.amazon.awssdk.services.sfn.model.InvalidTokenException;
import software.amazon.awssdk.services.sfn.model.SfnException;
import software.amazon.awssdk.services.sfn.model.TaskDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.TaskTimedOutException;

import java.time.Duration;

/** {@link TaskCallback} over the Step Functions API (SendTaskSuccess / SendTaskFailure). */
final class StepFunctionsCallback implements TaskCallback {
    private final SfnClient client;

    StepFunctionsCallback(SfnClient client) {
        this.client = client;
    }

    // The client's retry strategy (InventoryHandler.clientBuilder) retries transient failures with backoff;
    // apiCallTimeout stops it, retries included, when the invocation's time is up.

    @Override
    public void succeed(String taskToken, String output, Duration timeLeft) throws TokenRefusedException {
        send(() -> client.sendTaskSuccess(r -> r.taskToken(taskToken).output(output)
                .overrideConfiguration(c -> c.apiCallTimeout(timeLeft))));
    }

    @Override
    public void fail(String taskToken, String error, String cause, Duration timeLeft) throws TokenRefusedException {
        send(() -> client.sendTaskFailure(r -> r.taskToken(taskToken).error(error).cause(cause)
                .overrideConfiguration(c -> c.apiCallTimeout(timeLeft))));
    }

    private static void send(Runnable call) throws TokenRefusedException {
        try {
            call.run();
        } catch (TaskTimedOutException | TaskDoesNotExistException | InvalidTokenException
                 | InvalidOutputException e) {
            // The SDK does not retry these. A token answers once: if a retried call had already succeeded,
            // Step Functions says TaskTimedOut, which is why these end the message instead of looping.
            throw new TokenRefusedException(errorCode(e) + ": " + e.awsErrorDetails().errorMessage(), e);
        }
    }

    private static String errorCode(SfnException e) {
        return e.awsErrorDetails() == null ? e.getClass().getSimpleName() : e.awsErrorDetails().errorCode();
    }
}
