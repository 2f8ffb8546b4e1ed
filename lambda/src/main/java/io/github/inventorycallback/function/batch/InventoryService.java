package io.github.inventorycallback.function.batch;

import io.github.inventorycallback.contract.Outcome;
import io.github.inventorycallback.function.callback.CallbackMessage;
import io.github.inventorycallback.function.callback.Limits;
import io.github.inventorycallback.function.callback.TaskCallback;
import io.github.inventorycallback.function.log.Log;
import io.github.inventorycallback.function.log.LogLine;
import io.github.inventorycallback.function.order.Decision;
import io.github.inventorycallback.function.order.Inventory;
import io.github.inventorycallback.function.order.OrderCheck;

import java.time.Duration;

/**
 * Checks the order carried by one queue message and answers its task token.
 *
 * <p>Every message ends one of two ways: acknowledged (the task was answered, or Step Functions refused the token
 * for good), or left for redelivery (no usable token, or a transient failure), so that SQS moves it to the
 * dead-letter queue after {@code maxReceiveCount} receives. Nothing is dropped silently.
 */
public final class InventoryService {

    public enum Ending {
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

    /** The stack's metric namespace when the environment names none (tests, local runs). */
    public static final String DEFAULT_NAMESPACE = "InventoryCallback";

    private final OrderCheck orders;
    private final TaskCallback callback;
    private final Log log;
    private final String namespace;
    private final InvocationClock clock;

    public InventoryService(Inventory inventory, TaskCallback callback, Log log) {
        this(inventory, callback, log, DEFAULT_NAMESPACE);
    }

    /** @param namespace the CloudWatch namespace of the {@code Messages} metric (one per stack) */
    public InventoryService(Inventory inventory, TaskCallback callback, Log log, String namespace) {
        this(inventory, callback, log, namespace, InvocationClock.SYSTEM);
    }

    /** @param clock the deadlines' clock, the batch runner's: a seam, so that tests decide the time left */
    InventoryService(Inventory inventory, TaskCallback callback, Log log, String namespace, InvocationClock clock) {
        this.orders = new OrderCheck(inventory);
        this.callback = callback;
        this.log = log;
        this.namespace = namespace;
        this.clock = clock;
    }

    /**
     * @param attempt  the message's receive count: 1 on its first delivery
     * @param deadline the time on the batch runner's clock ({@link InvocationClock}) by which the answer must be
     *                 sent, or the message left for redelivery
     */
    public Ending handle(String messageId, String body, int attempt, long deadline) {
        CallbackMessage message;
        try {
            message = CallbackMessage.parse(body);
        } catch (CallbackMessage.UnanswerableException e) {
            log(LogLine.warn("cannot be answered, leaving it for redelivery and the dead-letter queue"), messageId,
                    null, attempt, Outcome.UNANSWERABLE, e.getMessage());
            return Ending.UNANSWERABLE;
        }
        Decision decision = orders.check(message.input());
        String orderId = decision.orderId();
        Duration timeLeft = Duration.ofNanos(deadline - clock.nanoTime());
        if (timeLeft.isNegative() || timeLeft.isZero()) {
            log(LogLine.warn("left for redelivery: no time left in this invocation to answer it"), messageId, orderId,
                    attempt, Outcome.RETRY, "NoTimeLeft");
            return Ending.RETRY;
        }
        try {
            if (decision instanceof Decision.InStock inStock) {
                callback.succeed(message.taskToken(), inStock.output(), timeLeft);
                log(LogLine.info("answered: in stock"), messageId, orderId, attempt, Outcome.IN_STOCK, null);
                return Ending.IN_STOCK;
            }
            var rejected = (Decision.Rejected) decision;
            // The API's limits, applied where the answer leaves: 256 characters of error, 32,768 of cause.
            String error = Limits.error(rejected.error());
            String cause = Limits.cause(rejected.cause());
            callback.fail(message.taskToken(), error, cause, timeLeft);
            log(LogLine.info("answered: " + error).with("cause", abbreviate(cause)), messageId, orderId, attempt,
                    Outcome.rejected(error), error);
            return Ending.REJECTED;
        } catch (TaskCallback.TokenRefusedException e) {
            log(LogLine.warn("acknowledged without an answer: Step Functions refused its token"), messageId, orderId,
                    attempt, Outcome.TOKEN_REFUSED, e.getMessage());
            return Ending.TOKEN_REFUSED;
        } catch (RuntimeException e) {
            log(LogLine.warn("left for redelivery: the callback failed"), messageId, orderId, attempt, Outcome.RETRY,
                    String.valueOf(e));
            return Ending.RETRY;
        }
    }

    private void log(LogLine line, String messageId, String orderId, int attempt, Outcome outcome, String error) {
        log.line(line.with("messageId", messageId).with("orderId", orderId).with("attempt", attempt)
                .with("error", error).counted(namespace, outcome.name(), System.currentTimeMillis()).toString());
    }

    private static String abbreviate(String text) {
        return text.length() <= 500 ? text : text.substring(0, 500) + "…";
    }
}
