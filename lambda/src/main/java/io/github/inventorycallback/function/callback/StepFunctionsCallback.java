package io.github.inventorycallback.function.callback;

import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.InvalidOutputException;
import software.amazon.awssdk.services.sfn.model.InvalidTokenException;
import software.amazon.awssdk.services.sfn.model.SfnException;
import software.amazon.awssdk.services.sfn.model.TaskDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.TaskTimedOutException;

import java.time.Duration;
import java.util.function.Supplier;

/** {@link TaskCallback} over the Step Functions API (SendTaskSuccess / SendTaskFailure). */
public final class StepFunctionsCallback implements TaskCallback {
    private final Supplier<SfnClient> clients;
    private volatile SfnClient client;
    /** Whether the client has sent a request: only then can it hold connections, credentials or clock skew. */
    private volatile boolean used;

    public StepFunctionsCallback(SfnClient client) {
        this(() -> client);
    }

    /** @param clients builds the client now, and again on {@link #renew()} */
    public StepFunctionsCallback(Supplier<SfnClient> clients) {
        this.clients = clients;
        this.client = clients.get();
    }

    /**
     * After a SnapStart restore: replaces the client if it has sent a request, so that no connection, cached
     * credentials or clock skew from before the snapshot is used; the old one is closed once the new one is in place.
     * A client built at init and never used holds none of these (Lambda snapshots before the first invocation), and
     * is kept: rebuilding it would only delay the first batch after each restore.
     *
     * @return whether the client was replaced
     */
    public boolean renewIfUsed() {
        if (!used) {
            return false;
        }
        SfnClient old = client;
        client = clients.get();
        used = false;
        if (old != client) {
            old.close();
        }
        return true;
    }

    // The client's retry strategy (CallbackClients.builder) retries transient failures with backoff;
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

    private void send(Runnable call) throws TokenRefusedException {
        used = true;
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
