package com.example.inventory;

import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.InvalidOutputException;
import software.amazon.awssdk.services.sfn.model.InvalidTokenException;
import software.amazon.awssdk.services.sfn.model.SfnException;
import software.amazon.awssdk.services.sfn.model.TaskDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.TaskTimedOutException;

import java.time.Duration;
import java.util.function.Supplier;

/** {@link TaskCallback} over the Step Functions API (SendTaskSuccess / SendTaskFailure). */
final class StepFunctionsCallback implements TaskCallback {
    private final Supplier<SfnClient> clients;
    private volatile SfnClient client;

    StepFunctionsCallback(SfnClient client) {
        this(() -> client);
    }

    /** @param clients builds the client now, and again on {@link #renew()} */
    StepFunctionsCallback(Supplier<SfnClient> clients) {
        this.clients = clients;
        this.client = clients.get();
    }

    /**
     * Replaces the client with a new one: after a SnapStart restore, so that no connection, cached credentials or
     * clock skew from before the snapshot is used. The old client is closed once the new one is in place.
     */
    void renew() {
        SfnClient old = client;
        client = clients.get();
        if (old != client) {
            old.close();
        }
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
