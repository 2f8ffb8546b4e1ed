package io.github.inventorycallback.function.callback;

import java.time.Duration;

/**
 * Answers a waiting Step Functions task.
 *
 * <p>Transient failures (throttling, 5xx, network) are thrown as unchecked exceptions, so the message is
 * redelivered. A token that can never be answered is reported as {@link TokenRefusedException}.
 */
public interface TaskCallback {

    /** @param timeLeft how long the call, retries included, may take before the message is left for redelivery */
    void succeed(String taskToken, String output, Duration timeLeft) throws TokenRefusedException;

    void fail(String taskToken, String error, String cause, Duration timeLeft) throws TokenRefusedException;

    /**
     * Step Functions refused the token for good (TaskTimedOut, TaskDoesNotExist, InvalidToken, InvalidOutput):
     * answering again can never succeed, so the message must not be redelivered.
     */
    final class TokenRefusedException extends Exception {
        public TokenRefusedException(String reason, Throwable cause) {
            super(reason, cause);
        }
    }
}
