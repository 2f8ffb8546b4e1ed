package io.github.inventorycallback.stack;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.pulumi.aws.sqs.Queue;
import com.pulumi.aws.sqs.QueueArgs;
import com.pulumi.aws.sqs.QueuePolicy;
import com.pulumi.aws.sqs.QueuePolicyArgs;
import com.pulumi.aws.sqs.RedriveAllowPolicy;
import com.pulumi.aws.sqs.RedriveAllowPolicyArgs;
import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResource;

import java.util.Map;

/**
 * The {@code Orders} queue with its dead-letter queue, both encrypted (SSE-SQS, or the stack's customer-managed key)
 * and reachable over TLS only; the dead-letter queue takes messages from {@code Orders} alone.
 */
public final class OrderQueue extends ComponentResource {
    /** SQS's longest retention: a dead-lettered order waits 14 days for someone to look at it. */
    static final int DEAD_LETTER_RETENTION_SECONDS = 14 * 24 * 60 * 60;

    /** The physical names, known before the queues exist (for alarms and dashboards). */
    public final String name;
    public final String deadLetterName;
    public final Output<String> url;
    public final Output<String> arn;
    public final Output<String> deadLetterUrl;
    public final Output<String> deadLetterArn;

    /**
     * @param names             the stack's names: the queue's and its dead-letter queue's
     * @param visibilitySeconds how long a received order stays hidden from other consumers
     * @param maxReceiveCount   receives before an order moves to the dead-letter queue
     * @param key               the stack's customer-managed key, or null for SSE-SQS
     */
    public OrderQueue(String name, StackNames names, int visibilitySeconds, int maxReceiveCount, StackKey key,
                      NameClaim claim) {
        super("inventory-callback:index:OrderQueue", name, null);
        var child = claim.child(this).build();

        String queueName = names.queue();
        this.name = queueName;
        this.deadLetterName = names.deadLetterQueue();
        var deadLetters = new Queue("orders-dlq", encrypted(key)
                .name(deadLetterName)
                .messageRetentionSeconds(DEAD_LETTER_RETENTION_SECONDS)
                .build(), child);

        var orders = new Queue("Orders", encrypted(key)
                .name(queueName)
                .visibilityTimeoutSeconds(visibilitySeconds)
                .redrivePolicy(deadLetters.arn().applyValue(dlq -> redrivePolicy(dlq, maxReceiveCount)))
                .build(), child);

        // Only Orders may dead-letter into it: no other queue of the account can fill it with its messages.
        new RedriveAllowPolicy("orders-dlq-redrive-allow", RedriveAllowPolicyArgs.builder()
                .queueUrl(deadLetters.url())
                .redriveAllowPolicy(orders.arn().applyValue(OrderQueue::redriveAllowPolicy))
                .build(), child);

        new QueuePolicy("orders-tls-only", QueuePolicyArgs.builder()
                .queueUrl(orders.url())
                .policy(orders.arn().applyValue(Policies::tlsOnlyQueuePolicy))
                .build(), child);
        new QueuePolicy("orders-dlq-tls-only", QueuePolicyArgs.builder()
                .queueUrl(deadLetters.url())
                .policy(deadLetters.arn().applyValue(Policies::tlsOnlyQueuePolicy))
                .build(), child);

        this.url = orders.url();
        this.arn = orders.arn();
        this.deadLetterUrl = deadLetters.url();
        this.deadLetterArn = deadLetters.arn();
        registerOutputs(Map.of("url", url, "arn", arn, "deadLetterUrl", deadLetterUrl, "deadLetterArn", deadLetterArn));
    }

    private static QueueArgs.Builder encrypted(StackKey key) {
        if (key == null) {
            return QueueArgs.builder().sqsManagedSseEnabled(true);
        }
        // SSE-SQS and SSE-KMS exclude each other, and the provider refuses both settings together, an explicit
        // `false` included ("Conflicting configuration arguments": kms_master_key_id ConflictsWith
        // sqs_managed_sse_enabled). With a key, SQS turns SSE-SQS off itself, and the attribute is computed, so the next
        // `up` shows no diff. Reusing data keys keeps KMS requests (and their cost) per queue to one per reuse period
        // instead of one per message.
        return QueueArgs.builder()
                .kmsMasterKeyId(key.arn())
                .kmsDataKeyReusePeriodSeconds(key.dataKeyReuseSeconds());
    }

    static String redriveAllowPolicy(String sourceQueueArn) {
        JsonObject policy = new JsonObject();
        policy.addProperty("redrivePermission", "byQueue");
        JsonArray sources = new JsonArray();
        sources.add(sourceQueueArn);
        policy.add("sourceQueueArns", sources);
        return policy.toString();
    }

    static String redrivePolicy(String deadLetterArn, int maxReceiveCount) {
        JsonObject policy = new JsonObject();
        policy.addProperty("deadLetterTargetArn", deadLetterArn);
        policy.addProperty("maxReceiveCount", maxReceiveCount);
        return policy.toString();
    }
}
