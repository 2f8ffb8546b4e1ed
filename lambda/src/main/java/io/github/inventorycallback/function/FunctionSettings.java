package io.github.inventorycallback.function;

import io.github.inventorycallback.contract.FunctionContract;
import io.github.inventorycallback.function.batch.InventoryService;
import io.github.inventorycallback.function.callback.CallbackClients;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.regions.Region;

import java.util.Map;

/**
 * The function's environment, read and checked once at init: a missing or malformed setting fails the init loudly,
 * so Lambda reports it and every message stays in the queue.
 *
 * @param stock       {@code STOCK}: the mock inventory's JSON, SKU to units
 * @param concurrency {@code CALLBACK_CONCURRENCY}: records of a batch answered at once
 * @param region      {@code AWS_REGION}, set by Lambda
 * @param credentials Lambda's credentials, see {@link CallbackClients#credentials(Map)}
 * @param namespace   {@code METRICS_NAMESPACE}: the stack's CloudWatch namespace for the {@code Messages} metric
 * @param snapStart   Lambda is initialising a SnapStart version, to snapshot it:
 *                    {@code AWS_LAMBDA_INITIALIZATION_TYPE=snap-start}
 */
record FunctionSettings(String stock, int concurrency, Region region, AwsCredentialsProvider credentials,
                        String namespace, boolean snapStart) {

    static FunctionSettings read(Map<String, String> env) {
        String namespace = env.get(FunctionContract.METRICS_NAMESPACE);
        return new FunctionSettings(
                required(env, FunctionContract.STOCK),
                concurrency(env),
                Region.of(required(env, "AWS_REGION")),
                CallbackClients.credentials(env),
                namespace == null || namespace.isBlank() ? InventoryService.DEFAULT_NAMESPACE : namespace,
                "snap-start".equals(env.get("AWS_LAMBDA_INITIALIZATION_TYPE")));
    }

    private static int concurrency(Map<String, String> env) {
        String value = env.get(FunctionContract.CALLBACK_CONCURRENCY);
        if (value == null || value.isBlank()) {
            return FunctionContract.DEFAULT_CALLBACK_CONCURRENCY;
        }
        try {
            int concurrency = Integer.parseInt(value.trim());
            if (concurrency >= FunctionContract.MIN_CALLBACK_CONCURRENCY
                    && concurrency <= FunctionContract.MAX_CALLBACK_CONCURRENCY) {
                return concurrency;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalStateException(FunctionContract.CALLBACK_CONCURRENCY + " must be a whole number from "
                + FunctionContract.MIN_CALLBACK_CONCURRENCY + " to " + FunctionContract.MAX_CALLBACK_CONCURRENCY
                + ", got '" + value + "'");
    }

    private static String required(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(name + " is not set in the function's environment");
        }
        return value;
    }
}
