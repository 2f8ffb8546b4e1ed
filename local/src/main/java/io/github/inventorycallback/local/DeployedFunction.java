package io.github.inventorycallback.local;

import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.EventSourceMappingConfiguration;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.lambda.model.FunctionResponseType;
import software.amazon.awssdk.services.lambda.model.GetFunctionResponse;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.util.List;
import java.util.Map;

/**
 * The deployed function as Lambda holds it ({@code GetFunction}) and the SQS event source mapping that feeds it
 * ({@code ListEventSourceMappings}): everything the local runtime runs by. Nothing comes from the project's own
 * config, so the local run shows what was deployed.
 */
record DeployedFunction(Function function, Mapping mapping) {

    /**
     * @param codeSha256 base64 of the deployment package's SHA-256, as Lambda reports it
     * @param codeSize   the package's size in bytes
     */
    record Function(String name, String arn, String runtime, String handler, Map<String, String> environment,
                    int timeoutSeconds, int memoryMb, String codeSha256, long codeSize, String version) {
    }

    /**
     * @param invokedArn              the function ARN the mapping invokes (with a qualifier for an alias or version)
     * @param maximumConcurrency      {@code ScalingConfig.MaximumConcurrency}, or null when the mapping sets none
     * @param visibilityTimeoutSeconds the queue's: how long a failed record waits before its next receive
     * @param redrivePolicy           the queue's {@code RedrivePolicy} JSON, or null
     */
    record Mapping(String uuid, String invokedArn, String queueArn, String queueUrl, int batchSize,
                   int batchingWindowSeconds, Integer maximumConcurrency, boolean reportBatchItemFailures,
                   String region, int visibilityTimeoutSeconds, String redrivePolicy) {

        String queueName() {
            return queueArn.substring(queueArn.lastIndexOf(':') + 1);
        }
    }

    /**
     * Reads the function and its one SQS mapping.
     *
     * @throws IllegalArgumentException naming what is missing or what this runtime cannot run
     */
    static DeployedFunction read(LambdaClient lambda, SqsClient sqs, String name) {
        GetFunctionResponse deployed;
        try {
            deployed = lambda.getFunction(r -> r.functionName(name));
        } catch (ResourceNotFoundException e) {
            throw new IllegalArgumentException("there is no function '" + name + "' here (GetFunction: "
                    + e.awsErrorDetails().errorMessage() + "); name the deployed one, e.g. dev-Inventory");
        }
        FunctionConfiguration config = deployed.configuration();
        if (config.handler() == null || config.runtimeAsString() == null) {
            throw new IllegalArgumentException("function " + name + " is a " + config.packageTypeAsString()
                    + " package without a handler and runtime: only zip packages of a Java runtime run here");
        }
        if (!config.runtimeAsString().startsWith("java")) {
            throw new IllegalArgumentException("function " + name + " runs on " + config.runtimeAsString()
                    + ": this runtime runs Java functions only");
        }
        Map<String, String> environment = Map.of();
        if (config.environment() != null) {
            if (config.environment().error() != null) {
                throw new IllegalArgumentException("Lambda cannot read the environment of " + name + ": "
                        + config.environment().error().message());
            }
            environment = Map.copyOf(config.environment().variables());
        }
        var function = new Function(config.functionName(), config.functionArn(), config.runtimeAsString(),
                config.handler(), environment, config.timeout(), config.memorySize(), config.codeSha256(),
                config.codeSize(), config.version());
        return new DeployedFunction(function, mapping(lambda, sqs, function));
    }

    private static Mapping mapping(LambdaClient lambda, SqsClient sqs, Function function) {
        // Every mapping, filtered here: one that invokes an alias (SnapStart's `live`) is not listed under the
        // function's bare name by every implementation.
        List<EventSourceMappingConfiguration> mine = lambda.listEventSourceMappingsPaginator(r -> { })
                .eventSourceMappings().stream()
                .filter(m -> m.functionArn() != null && functionName(m.functionArn()).equals(function.name()))
                .filter(m -> m.eventSourceArn() != null && m.eventSourceArn().startsWith("arn:aws")
                        && m.eventSourceArn().split(":")[2].equals("sqs"))
                .toList();
        if (mine.isEmpty()) {
            throw new IllegalArgumentException("function " + function.name() + " has no event source mapping from"
                    + " an SQS queue: there is nothing to poll");
        }
        if (mine.size() > 1) {
            throw new IllegalArgumentException("function " + function.name() + " has " + mine.size() + " SQS event"
                    + " source mappings (" + String.join(", ", mine.stream().map(m -> m.eventSourceArn()).toList())
                    + "); this runtime polls one");
        }
        EventSourceMappingConfiguration m = mine.get(0);
        if (m.state() != null && !m.state().equalsIgnoreCase("Enabled")) {
            throw new IllegalArgumentException("the event source mapping " + m.uuid() + " from " + m.eventSourceArn()
                    + " is " + m.state() + ": Lambda polls only an enabled mapping");
        }
        String[] arn = m.eventSourceArn().split(":");
        String region = arn[3];
        String url = sqs.getQueueUrl(r -> r.queueName(arn[5]).queueOwnerAWSAccountId(arn[4])).queueUrl();
        Map<QueueAttributeName, String> queue = sqs.getQueueAttributes(r -> r.queueUrl(url).attributeNames(
                QueueAttributeName.VISIBILITY_TIMEOUT, QueueAttributeName.REDRIVE_POLICY)).attributes();
        boolean partial = m.functionResponseTypes() != null
                && m.functionResponseTypes().contains(FunctionResponseType.REPORT_BATCH_ITEM_FAILURES);
        Integer maximum = m.scalingConfig() == null ? null : m.scalingConfig().maximumConcurrency();
        return new Mapping(m.uuid(), m.functionArn(), m.eventSourceArn(), url,
                m.batchSize() == null ? 10 : m.batchSize(),
                m.maximumBatchingWindowInSeconds() == null ? 0 : m.maximumBatchingWindowInSeconds(),
                maximum, partial, region, Integer.parseInt(queue.getOrDefault(QueueAttributeName.VISIBILITY_TIMEOUT,
                        "30")), queue.get(QueueAttributeName.REDRIVE_POLICY));
    }

    /** NAME of arn:aws:lambda:REGION:ACCOUNT:function:NAME[:QUALIFIER]. */
    static String functionName(String functionArn) {
        String[] parts = functionArn.split(":");
        return parts.length >= 7 ? parts[6] : functionArn;
    }
}
