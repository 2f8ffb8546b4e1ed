package io.github.inventorycallback.stack.run;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonSyntaxException;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.regions.Region;

import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a stack's AWS provider sends its calls, from the stack's config ({@code pulumi config --json}): a stack that
 * sets {@code aws:endpoints} (a local AWS such as moto) is called there, in its {@code aws:region}, with its
 * {@code aws:accessKey} and {@code aws:secretKey} when the config holds them in plain text. A stack without
 * endpoints changes nothing: the clients call AWS as the SDK's chains say.
 *
 * @param endpoints service key of {@code aws:endpoints} ({@code sfn}, {@code sqs}, ...) to URL
 */
record StackEndpoints(String region, Map<String, String> endpoints, String accessKey, String secretKey) {
    static final StackEndpoints NONE = new StackEndpoints(null, Map.of(), null, null);

    boolean local() {
        return !endpoints.isEmpty();
    }

    /**
     * Reads the CLI's {@code pulumi config --json}: each key an object with {@code value}, {@code secret} and, for
     * structured values, {@code objectValue} ({@code aws:endpoints}: a list of one-key objects).
     */
    static StackEndpoints parse(String configJson) {
        JsonObject config;
        try {
            config = JsonParser.parseString(configJson).getAsJsonObject();
        } catch (JsonSyntaxException | IllegalStateException e) {
            throw new IllegalArgumentException("`pulumi config --json` printed no JSON object: " + e.getMessage());
        }
        Map<String, String> endpoints = new LinkedHashMap<>();
        JsonObject setting = object(config.get("aws:endpoints"));
        if (setting != null) {
            JsonElement list = setting.has("objectValue") ? setting.get("objectValue")
                    : JsonParser.parseString(setting.get("value").getAsString());
            if (!list.isJsonArray()) {
                throw new IllegalArgumentException("the stack's aws:endpoints is not a list of {service: url} objects: "
                        + list);
            }
            for (JsonElement entry : list.getAsJsonArray()) {
                if (!entry.isJsonObject()) {
                    throw new IllegalArgumentException("the stack's aws:endpoints holds " + entry
                            + ", not a {service: url} object");
                }
                entry.getAsJsonObject().entrySet().forEach(e -> endpoints.put(e.getKey(), e.getValue().getAsString()));
            }
        }
        return new StackEndpoints(plain(config, "aws:region"), Collections.unmodifiableMap(endpoints),
                plain(config, "aws:accessKey"), plain(config, "aws:secretKey"));
    }

    private static JsonObject object(JsonElement element) {
        return element != null && element.isJsonObject() ? element.getAsJsonObject() : null;
    }

    /** A setting's value, or null when it is not set or is a secret (the CLI then prints no value). */
    private static String plain(JsonObject config, String key) {
        JsonObject setting = object(config.get(key));
        if (setting == null || !setting.has("value") || (setting.has("secret") && setting.get("secret").getAsBoolean())) {
            return null;
        }
        return setting.get("value").getAsString();
    }

    /**
     * Points the builder at the stack's endpoint for the service, in the stack's region, with its keys.
     *
     * @param services the service's keys in {@code aws:endpoints}, the provider's name first ({@code sfn},
     *                 {@code stepfunctions})
     * @throws IllegalArgumentException when the stack sets endpoints but none for this service: the call would go to
     *                                  AWS itself, with the local stack's names
     */
    <B extends AwsClientBuilder<B, ?>> B apply(B builder, String... services) {
        if (!local()) {
            return builder;
        }
        String url = null;
        for (String service : services) {
            url = url != null ? url : endpoints.get(service);
        }
        if (url == null) {
            throw new IllegalArgumentException("the stack's aws:endpoints names no endpoint for " + services[0]
                    + " (it names " + String.join(", ", endpoints.keySet()) + "): `pulumi config set --path"
                    + " 'aws:endpoints[N]." + services[0] + "' URL` for the stack");
        }
        builder.endpointOverride(URI.create(url));
        if (region != null) {
            builder.region(Region.of(region));
        }
        if (accessKey != null && secretKey != null) {
            builder.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey,
                    secretKey)));
        }
        return builder;
    }

    /** What the operator is told, once: where the calls go. */
    String describe(String stack) {
        return "endpoints from " + (stack == null ? "the selected stack" : "stack " + stack) + "'s aws:endpoints ("
                + String.join(", ", endpoints.entrySet().stream()
                        .filter(e -> e.getKey().matches("sfn|stepfunctions|sqs|lambda"))
                        .map(e -> e.getKey() + " " + e.getValue()).toList()) + "), region " + region;
    }
}
