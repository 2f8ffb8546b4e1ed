package com.example.inventory;

import java.time.Duration;

/**
 * Checks the order carried by one queue message and answers its task token.
 *
 * <p>Every message ends one of two ways: acknowledged (the task was answered, or Step Functions refused the token
 * for good), or left for redelivery (no usable token, or a transient failure), so that SQS moves it to the
 * dead-letter queue after {@code maxReceiveCount} receives. Nothing is dropped silently.
 */
final class InventoryService {

    enum Outcome {
        /** Step Functions received SendTaskSuccess. */
        IN_STOCK,
        /** Step Functions received SendTaskFailure (OutOfStock or InvalidOrder). */
        REJECTED,
        /** Step Functions refused the token for good; the message is acknowledged and logged. */
        TOKEN_REFUSED,
        /** The body carries no usable token; SQS redelivers it, then dead-letters it. */
        UNANSWERABLE,
        /** A transient failure; SQS redelivers it. */
        RETRY;

        boolean acknowledged() {
            return this == IN_STOCK || this == REJECTED || this == TOKEN_REFUSED;
        }
    }

    private final StockCheck stockCheck;
    private final TaskCallback callback;
    private final Log log;

    InventoryService(StockCheck stockCheck, TaskCallback callback, Log log) {
        this.stockCheck = stockCheck;
        this.callback = callback;
        this.log = log;
    }

    /**
     * @param deadline {@link System#nanoTime()} by which the answer must be sent, or the message left for
     *                 redelivery
     */
    Outcome handle(String messageId, String body, long deadline) {
        CallbackMessage message;
        try {
            message = CallbackMessage.parse(body);
        } catch (CallbackMessage.UnanswerableException e) {
            log.line("message " + messageId + " cannot be answered, leaving it for redelivery and the dead-letter"
                    + " queue: " + e.getMessage());
            return Outcome.UNANSWERABLE;
        }
        StockCheck.Decision decision = stockCheck.check(message.input());
        Duration timeLeft = Duration.ofNanos(deadline - System.nanoTime());
        if (timeLeft.isNegative() || timeLeft.isZero()) {
            log.line("message " + messageId + " left for redelivery: no time left in this invocation to answer it");
            return Outcome.RETRY;
        }
        try {
            if (decision instanceof StockCheck.Decision.InStock inStock) {
                callback.succeed(message.taskToken(), inStock.output(), timeLeft);
                log.line("message " + messageId + " answered: in stock");
                return Outcome.IN_STOCK;
            }
            var rejected = (StockCheck.Decision.Rejected) decision;
            // The API's limits, applied where the answer leaves: 256 characters of error, 32,768 of cause.
            String error = Limits.error(rejected.error());
            String cause = Limits.cause(rejected.cause());
            callback.fail(message.taskToken(), error, cause, timeLeft);
            log.line("message " + messageId + " answered: " + error + ": " + abbreviate(cause));
            return Outcome.REJECTED;
        } catch (TaskCallback.TokenRefusedException e) {
            log.line("message " + messageId + " acknowledged without an answer: Step Functions refused its token: "
                    + e.getMessage());
            return Outcome.TOKEN_REFUSED;
        } catch (RuntimeException e) {
            log.line("message " + messageId + " left for redelivery: the callback failed: " + e);
            return Outcome.RETRY;
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 500 ? text : text.substring(0, 500) + "…";
    }
}
