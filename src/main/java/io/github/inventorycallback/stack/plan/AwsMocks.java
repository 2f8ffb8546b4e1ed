package io.github.inventorycallback.stack.plan;

import com.pulumi.test.Mocks;

import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Answers Pulumi's offline engine the way AWS would: each resource gets the id and ARN or URL that AWS derives from
 * its name, and the account, region and partition invokes return placeholders. The unit tests and the plan command
 * both run the program against these mocks.
 */
public final class AwsMocks implements Mocks {
    private final String accountId;
    private final String region;
    private final String partition = "aws";
    private final List<Registered> registered = new CopyOnWriteArrayList<>();

    private final Map<String, Lifecycle> lifecycles = new ConcurrentHashMap<>();
    /** Log groups of the account made before the program runs (another stack's), with their tags. */
    private final Map<String, Map<String, String>> existingLogGroups = new ConcurrentHashMap<>();

    /**
     * One resource as the provider would receive it: its inputs and options, and the id and state the mock
     * answered.
     */
    public record Registered(String type, String name, Map<String, Object> inputs, String id,
                             Map<String, Object> state, Lifecycle lifecycle) {
    }

    /**
     * A resource's options as the engine receives them: what decides the order of creates and deletes, how long
     * the provider waits, and what survives a destroy. Other resources are named {@code TYPE::NAME};
     * {@code dependsOn} lists every resource this one waits for (its explicit dependsOn and the resources its inputs
     * come from), the order {@code pulumi destroy} reverses; custom timeouts are in seconds.
     */
    public record Lifecycle(String parent, List<String> dependsOn, Map<String, Long> customTimeouts,
                            boolean deleteBeforeReplace, boolean retainOnDelete, List<String> ignoreChanges,
                            boolean protect) {
        static final Lifecycle NONE = new Lifecycle(null, List.of(), Map.of(), false, false, List.of(), false);

        /** {@code TYPE::NAME} of a resource URN ({@code urn:pulumi:STACK::PROJECT::PARENT$TYPE::NAME}). */
        static String key(String urn) {
            if (urn == null || urn.isEmpty()) {
                return null;
            }
            int nameAt = urn.lastIndexOf("::");
            String types = urn.substring(urn.lastIndexOf("::", nameAt - 1) + 2, nameAt);
            return types.substring(types.lastIndexOf('$') + 1) + "::" + urn.substring(nameAt + 2);
        }
    }

    /** Called by the engine's monitor just before it registers the resource. */
    void lifecycle(String type, String name, Lifecycle lifecycle) {
        lifecycles.put(type + "::" + name, lifecycle);
    }

    public AwsMocks(String accountId, String region) {
        this.accountId = accountId;
        this.region = region;
    }

    public String accountId() {
        return accountId;
    }

    public String region() {
        return region;
    }

    /** A log group the account already has when the program runs, as another stack left it. */
    public AwsMocks withLogGroup(String name, Map<String, String> tags) {
        existingLogGroups.put(name, Map.copyOf(tags));
        return this;
    }

    /** Every resource registered so far, in order. */
    public List<Registered> registered() {
        return List.copyOf(registered);
    }

    @Override
    public CompletableFuture<Map<String, Object>> callAsync(CallArgs args) {
        Map<String, Object> result = switch (args.token) {
            case "aws:index/getCallerIdentity:getCallerIdentity" -> Map.of(
                    "accountId", accountId, "id", accountId,
                    "arn", "arn:" + partition + ":iam::" + accountId + ":user/plan", "userId", "PLAN");
            case "aws:index/getRegion:getRegion" -> Map.of(
                    "name", region, "id", region, "description", region,
                    "endpoint", "ec2." + region + ".amazonaws.com");
            case "aws:index/getPartition:getPartition" -> Map.of(
                    "partition", partition, "id", partition, "dnsSuffix", "amazonaws.com",
                    "reverseDnsPrefix", "com.amazonaws");
            case "aws:cloudwatch/getLogGroups:getLogGroups" -> {
                String prefix = String.valueOf(args.args.getOrDefault("logGroupNamePrefix", ""));
                List<String> names = existingLogGroups.keySet().stream().filter(n -> n.startsWith(prefix)).sorted().toList();
                yield Map.of("id", region, "logGroupNamePrefix", prefix, "logGroupNames", names,
                        "arns", names.stream().map(this::logGroupArn).toList());
            }
            case "aws:cloudwatch/getLogGroup:getLogGroup" -> {
                String name = String.valueOf(args.args.get("name"));
                if (!existingLogGroups.containsKey(name)) {
                    // As the provider's data source does.
                    throw new IllegalArgumentException("Log Group " + name + " not found");
                }
                yield Map.of("id", name, "name", name, "arn", logGroupArn(name),
                        "tags", existingLogGroups.get(name), "creationTime", 0, "retentionInDays", 1,
                        "kmsKeyId", "", "logGroupClass", "STANDARD");
            }
            // Unanswered invokes would silently return {}: fail instead, so a new invoke is noticed.
            default -> throw new IllegalArgumentException("no mock for invoke " + args.token);
        };
        return CompletableFuture.completedFuture(result);
    }

    @Override
    public CompletableFuture<ResourceResult> newResourceAsync(ResourceArgs args) {
        Map<String, Object> state = new HashMap<>(args.inputs);
        String name = String.valueOf(args.inputs.getOrDefault("name", args.name));
        String id = name;
        switch (args.type) {
            case AwsTypes.QUEUE -> {
                String url = "https://sqs." + region + ".amazonaws.com/" + accountId + "/" + name;
                state.put("arn", arn("sqs", region, accountId, name));
                state.put("url", url);
                id = url;
            }
            case AwsTypes.ROLE -> {
                // The path is part of a role's ARN: role/PATH/NAME, with "/" when none is given.
                String path = String.valueOf(args.inputs.getOrDefault("path", "/"));
                state.put("arn", arn("iam", "", accountId, "role" + path + name));
                state.put("uniqueId", "AROA" + Integer.toHexString(name.hashCode()).toUpperCase());
            }
            case AwsTypes.ROLE_POLICY -> id = args.inputs.get("role") + ":" + name;
            case AwsTypes.POLICY -> {
                String path = String.valueOf(args.inputs.getOrDefault("path", "/"));
                id = arn("iam", "", accountId, "policy" + path + name);
                state.put("arn", id);
            }
            case AwsTypes.KEY -> {
                // KMS names a key by a random UUID; derive it from the logical name so every run gives the same one.
                id = UUID.nameUUIDFromBytes(args.name.getBytes()).toString();
                state.put("keyId", id);
                state.put("arn", arn("kms", region, accountId, "key/" + id));
            }
            case AwsTypes.KEY_ALIAS -> state.put("arn", arn("kms", region, accountId, name));
            case AwsTypes.LOG_GROUP -> state.put("arn", logGroupArn(name));
            case AwsTypes.STATE_MACHINE -> {
                String arn = arn("states", region, accountId, "stateMachine:" + name);
                state.put("arn", arn);
                id = arn;
            }
            case AwsTypes.FUNCTION -> {
                String arn = arn("lambda", region, accountId, "function:" + name);
                state.put("arn", arn);
                state.put("invokeArn", "arn:" + partition + ":apigateway:" + region
                        + ":lambda:path/2015-03-31/functions/" + arn + "/invocations");
                // Lambda numbers published versions from 1; an unpublished function has only $LATEST.
                String version = Boolean.TRUE.equals(args.inputs.get("publish")) ? "1" : "$LATEST";
                state.put("qualifiedArn", arn + ":" + version);
                state.put("version", version);
            }
            case AwsTypes.ALIAS -> {
                String arn = arn("lambda", region, accountId, "function:" + args.inputs.get("functionName") + ":" + name);
                state.put("arn", arn);
                id = arn;
            }
            case AwsTypes.EVENT_SOURCE_MAPPING -> {
                // Lambda names a mapping by a UUID; derive it from the inputs so every run gives the same one.
                id = UUID.nameUUIDFromBytes((args.name + args.inputs.get("eventSourceArn")).getBytes()).toString();
                state.put("uuid", id);
                state.put("arn", arn("lambda", region, accountId, "event-source-mapping:" + id));
            }
            case AwsTypes.QUEUE_POLICY, AwsTypes.REDRIVE_ALLOW_POLICY -> id = String.valueOf(args.inputs.get("queueUrl"));
            case AwsTypes.TOPIC -> {
                String arn = arn("sns", region, accountId, name);
                state.put("arn", arn);
                id = arn;
            }
            case AwsTypes.TOPIC_POLICY -> id = String.valueOf(args.inputs.get("arn"));
            case AwsTypes.TOPIC_SUBSCRIPTION -> {
                id = args.inputs.get("topic") + ":" + UUID.nameUUIDFromBytes(args.name.getBytes());
                state.put("arn", id);
            }
            case AwsTypes.METRIC_ALARM -> {
                id = String.valueOf(args.inputs.get("name"));
                state.put("arn", arn("cloudwatch", region, accountId, "alarm:" + id));
            }
            case AwsTypes.DASHBOARD -> {
                id = String.valueOf(args.inputs.get("dashboardName"));
                state.put("dashboardArn", arn("cloudwatch", "", accountId, "dashboard/" + id));
            }
            default -> id = args.name;
        }
        registered.add(new Registered(args.type, args.name, Collections.unmodifiableMap(new HashMap<>(args.inputs)), id,
                Collections.unmodifiableMap(state), lifecycles.getOrDefault(args.type + "::" + args.name, Lifecycle.NONE)));
        return CompletableFuture.completedFuture(ResourceResult.of(Optional.of(id), state));
    }

    private String logGroupArn(String name) {
        return arn("logs", region, accountId, "log-group:" + name);
    }

    private String arn(String service, String arnRegion, String account, String resource) {
        return "arn:" + partition + ":" + service + ":" + arnRegion + ":" + account + ":" + resource;
    }
}
