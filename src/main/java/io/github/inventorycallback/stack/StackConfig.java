package io.github.inventorycallback.stack;

import io.github.inventorycallback.contract.Stock;
import io.github.inventorycallback.contract.StrictJson;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import com.google.gson.JsonSyntaxException;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Every setting of a stack, read from its config in one place, with defaults and validation. Invalid values stop
 * the program before any resource is registered, with a message that names each key and what it allows.
 */
public record StackConfig(String namePrefix, Queue queue, Function function, Workflow workflow, Access access,
                          Encryption encryption, Alarms alarms) {

    /**
     * The {@code Orders} queue ({@link OrderQueue}).
     *
     * @param visibilityTimeoutSeconds how long a failed order waits before its next receive
     * @param maxReceiveCount          receives before a message is dead-lettered
     */
    public record Queue(int visibilityTimeoutSeconds, int maxReceiveCount) {
    }

    /**
     * The {@code Inventory} function and its event source mapping ({@link InventoryFunction}).
     *
     * @param stock   the mock inventory, as compact JSON
     * @param tracing X-Ray active tracing of the function, with the state machine's ({@code tracing})
     */
    public record Function(int memoryMb, int timeoutSeconds, String architecture, int batchSize,
                           int batchingWindowSeconds, int maximumConcurrency, boolean snapStart,
                           CallbackScope callbackScope, String stock, int logRetentionDays, boolean tracing) {
    }

    /** The state machine, its logging and tracing ({@link CallbackWorkflow}). */
    public record Workflow(int taskTimeoutSeconds, String logLevel, boolean logExecutionData, boolean tracing,
                           int logRetentionDays) {
        /** Whether it logs at all (level other than {@code OFF}): its log group and log-delivery grant exist. */
        public boolean logging() {
            return !"OFF".equals(logLevel);
        }
    }

    /**
     * Where the roles and the operator policy sit, what bounds them, and who gets the operator policy.
     *
     * @param permissionsBoundaryArn a managed policy's ARN, or "" for none
     * @param operators              {@code role/NAME}, {@code user/NAME}, {@code group/NAME} of the account
     */
    public record Access(String iamPath, String permissionsBoundaryArn, List<String> operators) {
    }

    /**
     * The stack's customer-managed key, if any ({@link DataKey}, {@link StackKey}).
     *
     * @param kmsKey              "" (AWS-owned keys), {@value #CREATE_KEY}, or a key's ARN
     * @param dataKeyReuseSeconds how long SQS and Step Functions reuse a data key
     */
    public record Encryption(String kmsKey, int dataKeyReuseSeconds) {
        /** Whether the stack's data is under a customer-managed key (created by the stack or given by ARN). */
        public boolean customerManagedKey() {
            return !kmsKey.isEmpty();
        }

        /** Whether the stack creates its key (rather than using the one {@code kmsKey} names). */
        public boolean createsKey() {
            return CREATE_KEY.equals(kmsKey);
        }
    }

    /**
     * When the stack's alarms fire, and who hears of them besides the topic's subscribers ({@link OrderMonitoring}).
     *
     * @param email                 an address subscribed to the alarm topic, or "" for none
     * @param deadLetterMessages    messages in the dead-letter queue
     * @param oldestOrderSeconds    age of the oldest order waiting in Orders
     * @param timedOutOrders        orders that timed out waiting for the inventory, in 5 minutes
     * @param functionErrors        the function's errors plus throttles, in 5 minutes
     * @param failedExecutions      executions that failed, timed out or were aborted outright, in 5 minutes
     */
    public record Alarms(String email, int deadLetterMessages, int oldestOrderSeconds, int timedOutOrders,
                         int functionErrors, int failedExecutions) {
    }

    /** The project name, which namespaces every key in Pulumi.STACK.yaml. */
    public static final String NAMESPACE = "inventory-callback";

    /** Where SendTaskSuccess/SendTaskFailure may be called. */
    public enum CallbackScope {
        /** This state machine's ARN only (the default; see docs/security.md, "Callback permissions"). */
        STATE_MACHINE("stateMachine"),
        /** "*", for accounts where IAM refuses the scoped form. */
        ANY("any");

        final String configValue;

        CallbackScope(String configValue) {
            this.configValue = configValue;
        }
    }

    /** Reads one raw value of this project's config namespace; {@code ctx.config()::get} is one. */
    @FunctionalInterface
    public interface Source {
        Optional<String> get(String key);
    }

    public static final List<String> ARCHITECTURES = List.of("arm64", "x86_64");
    public static final List<String> LOG_LEVELS = List.of("ALL", "ERROR", "FATAL", "OFF");
    /** The retention periods CloudWatch Logs accepts (PutRetentionPolicy). */
    public static final Set<Integer> LOG_RETENTION_DAYS = new TreeSet<>(List.of(
            1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653));
    /**
     * Longest prefix that keeps a role name, "PREFIX" + "InventoryStateMachine-" + the longest region name
     * ("us-isof-south-1", 15 characters), within IAM's 64 characters.
     */
    public static final int MAX_PREFIX_LENGTH = 24;
    /** Default function timeout: a batch's callbacks with their retries take seconds, a cold start about two. */
    public static final int DEFAULT_FUNCTION_TIMEOUT_SECONDS = 10;
    private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9-]*");
    /** Lambda passes at most 4 KB of environment variables to the function, stock included. */
    public static final int MAX_STOCK_LENGTH = 3000;
    public static final String DEFAULT_STOCK = "{\"apple\": 25, \"pear\": 10, \"plum\": 0}";
    /** IAM's rule for a path: "/" or slash-separated names between slashes, at most 512 characters. */
    private static final Pattern IAM_PATH = Pattern.compile("/|/[\\w+=,.@-]+(/[\\w+=,.@-]+)*/");
    /** A managed policy: the account's own ({@code iam::ACCOUNT:policy/...}) or AWS's ({@code iam::aws:policy/...}). */
    private static final Pattern POLICY_ARN = Pattern.compile(
            "arn:aws(-cn|-us-gov|-iso|-iso-[a-z]|-eusc)?:iam::(\\d{12}|aws):policy(/[\\w+=,.@-]+)*/[\\w+=,.@-]{1,128}");
    /** An entry of {@code operators}: an IAM role, user or group of the account, by name (IAM's name rules). */
    private static final Pattern OPERATOR = Pattern.compile("(role|user)/[\\w+=,.@-]{1,64}|group/[\\w+=,.@-]{1,128}");
    /** {@code kmsKey} value that makes the stack create its own key. */
    public static final String CREATE_KEY = "create";
    /**
     * A KMS key's ARN (a key ID or a multi-Region key ID, never an alias: IAM grants and key policies name keys).
     * Groups: 1 partition, 2 region.
     */
    private static final Pattern KEY_ARN = Pattern.compile("arn:(aws(?:-cn|-us-gov|-iso|-iso-[a-z]|-eusc)?):kms:"
            + "([a-z]{2}(?:-[a-z]+)+-\\d):\\d{12}:key/(?:mrk-[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}"
            + "-[0-9a-f]{12})");
    /** Enough to catch a typo; SNS itself confirms the address by mail. */
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    /**
     * Seconds from an order's first receive to the end of its last invocation, when every receive fails: each
     * redelivery waits out the visibility timeout, each invocation may wait for a batch to fill, the last one may
     * run the whole function timeout.
     */
    public static long deliveryWindowSeconds(int maxReceiveCount, int visibilitySeconds, int batchingWindowSeconds,
                                             int functionTimeoutSeconds) {
        return (long) (maxReceiveCount - 1) * visibilitySeconds + (long) maxReceiveCount * batchingWindowSeconds
                + functionTimeoutSeconds;
    }

    /**
     * Reads and validates the config.
     *
     * @param source      raw values by key, without the namespace
     * @param stackName   the stack's name, the default name prefix
     * @throws IllegalArgumentException listing every invalid key with what it allows
     */
    public static StackConfig from(Source source, String stackName) {
        return from(source, stackName, Optional.empty());
    }

    /**
     * Reads and validates the config.
     *
     * @param region the stack's {@code aws:region}, when set: an existing key must be in it
     */
    public static StackConfig from(Source source, String stackName, Optional<String> region) {
        return from(source, Set.of(), stackName, region);
    }

    /**
     * Reads and validates the config, and refuses keys that no setting reads (a misspelled key would otherwise be
     * ignored and its default used).
     *
     * @param keys every key the stack's config sets, with its namespace ({@code inventory-callback:batchSize},
     *             {@code aws:region})
     */
    public static StackConfig from(Source source, Set<String> keys, String stackName, Optional<String> region) {
        var reader = new Reader(source);
        StackConfig config = read(reader, stackName, region);
        ConfigKeys.problems(keys, reader.settings.keySet()).forEach(reader.problems::add);
        reader.throwIfInvalid();
        return config;
    }

    /** Every setting the program reads, in the order it reads them, with its type and default. */
    public static List<Setting> settings() {
        var reader = new Reader(key -> Optional.empty());
        read(reader, "STACK", Optional.empty());
        return List.copyOf(reader.settings.values());
    }

    /** Pulumi.yaml's default of a string setting derived from the stack or other keys: "use the derived value". */
    public static final String DERIVED_STRING = "";
    /** Pulumi.yaml's default of an integer setting derived from other keys: "use the derived value". */
    public static final int DERIVED_INTEGER = 0;

    /** A valid prefix close to the stack's name: other characters as hyphens, cut to the longest allowed. */
    static String suggestedPrefix(String stackName) {
        String base = stackName.replaceAll("[^A-Za-z0-9-]", "-");
        base = base.substring(0, Math.min(base.length(), MAX_PREFIX_LENGTH - 1));
        return base + "-";
    }

    /**
     * One key of the project's namespace.
     *
     * @param type         as Pulumi.yaml declares it: string, integer, boolean, array; object for {@code stock}
     * @param defaultValue the value without config, as Pulumi.yaml declares it: {@link #DERIVED_STRING} or
     *                     {@link #DERIVED_INTEGER} where it depends on the stack or on other keys
     * @param derived      whether the default stands for a value derived from the stack or other keys
     */
    public record Setting(String key, String type, Object defaultValue, boolean derived) {
    }

    private static StackConfig read(Reader reader, String stackName, Optional<String> region) {
        Optional<String> setPrefix = reader.derivedString("namePrefix");
        boolean prefixSet = setPrefix.isPresent();
        String namePrefix = setPrefix.orElse(stackName + "-");
        if (namePrefix.length() > MAX_PREFIX_LENGTH || !PREFIX.matcher(namePrefix).matches()) {
            String allowed = "at most " + MAX_PREFIX_LENGTH + " letters, digits and hyphens";
            if (prefixSet) {
                reader.invalid("namePrefix", namePrefix, allowed);
            } else {
                // Pulumi allows stack names that are no prefix (my_stack, team.dev, a long one): say where the
                // value came from, and offer one that works.
                reader.problem(NAMESPACE + ":namePrefix is not set, and its default, the stack's name and a hyphen ('"
                        + namePrefix + "'), is not a valid prefix (" + allowed + "). Set one: `pulumi config set "
                        + NAMESPACE + ":namePrefix " + suggestedPrefix(stackName) + "`");
            }
        }
        int memory = reader.integer("functionMemoryMb", 512, 128, 10_240);
        int functionTimeout = reader.integer("functionTimeoutSeconds", DEFAULT_FUNCTION_TIMEOUT_SECONDS, 1, 900);
        String architecture = reader.oneOf("functionArchitecture", "arm64", ARCHITECTURES);
        // Standard workflows run for at most a year; a timeout keeps a lost message from holding one that long.
        int taskTimeout = reader.integer("taskTimeoutSeconds", 300, 1, 31_536_000);
        int batchSize = reader.integer("batchSize", 10, 1, 10_000);
        int window = reader.integer("batchingWindowSeconds", 0, 0, 300);
        if (batchSize > 10 && window < 1) {
            reader.invalid("batchingWindowSeconds", String.valueOf(window),
                    "at least 1 when batchSize is above 10 (batchSize is " + batchSize + ")");
        }
        int concurrency = reader.integer("maximumConcurrency", 10, 2, 1_000);
        int maxReceiveCount = reader.integer("maxReceiveCount", 5, 1, 1_000);
        // AWS: the visibility timeout should be at least 6 x the function timeout, plus the batching window.
        int minimumVisibility = 6 * functionTimeout + window;
        int visibility = reader.integer("queueVisibilityTimeoutSeconds", minimumVisibility, 0, 43_200, false);
        if (visibility < minimumVisibility) {
            reader.invalid("queueVisibilityTimeoutSeconds", String.valueOf(visibility),
                    "at least 6 x functionTimeoutSeconds + batchingWindowSeconds = " + minimumVisibility
                            + ", up to 43200");
        }
        int retention = reader.integer("logRetentionDays", 14, 1, 3653);
        if (!LOG_RETENTION_DAYS.contains(retention)) {
            reader.invalid("logRetentionDays", String.valueOf(retention), "one of " + LOG_RETENTION_DAYS);
        }
        if (reader.allValid("maxReceiveCount", "queueVisibilityTimeoutSeconds", "batchingWindowSeconds",
                "functionTimeoutSeconds", "taskTimeoutSeconds")) {
            // Each receive after a failed one waits out the visibility timeout; if the last receive came after the
            // task timed out, SQS's redelivery could no longer save the order and maxReceiveCount would mean little.
            long lastAnswer = deliveryWindowSeconds(maxReceiveCount, visibility, window, functionTimeout);
            if (lastAnswer > taskTimeout) {
                reader.invalid("maxReceiveCount", String.valueOf(maxReceiveCount), "small enough that every receive"
                        + " fits in taskTimeoutSeconds (" + taskTimeout + "): (maxReceiveCount - 1) x"
                        + " queueVisibilityTimeoutSeconds (" + visibility + ") + maxReceiveCount x"
                        + " batchingWindowSeconds (" + window + ") + functionTimeoutSeconds (" + functionTimeout
                        + ") = " + lastAnswer + " s; lower maxReceiveCount, queueVisibilityTimeoutSeconds or"
                        + " functionTimeoutSeconds, or raise taskTimeoutSeconds");
            }
        }
        String logLevel = reader.oneOf("workflowLogLevel", "ALL", LOG_LEVELS);
        // Off by default: with it, every task token (the credential that answers an order) and every order would be
        // written to the execution log.
        boolean executionData = reader.bool("workflowLogExecutionData", false);
        if (executionData && logLevel.equals("OFF")) {
            reader.invalid("workflowLogExecutionData", "true", "false when workflowLogLevel is OFF (nothing is logged)");
        }
        boolean tracing = reader.bool("tracing", true);
        // Off by default: every deploy then publishes a version and waits for Lambda to snapshot it.
        boolean snapStart = reader.bool("snapStart", false);
        String scope = reader.oneOf("callbackResourceScope", CallbackScope.STATE_MACHINE.configValue,
                List.of(CallbackScope.STATE_MACHINE.configValue, CallbackScope.ANY.configValue));
        String stock = reader.stock("stock");
        String email = reader.string("alarmEmail", "");
        if (!email.isEmpty() && !EMAIL.matcher(email).matches()) {
            reader.invalid("alarmEmail", email, "an e-mail address, or empty for none");
        }
        var alarms = new Alarms(email,
                reader.integer("alarmDeadLetterMessages", 1, 1, 1_000_000),
                reader.integer("alarmOldestOrderSeconds", 120, 60, 1_209_600),
                reader.integer("alarmTimedOutOrders", 1, 1, 1_000_000),
                reader.integer("alarmFunctionErrors", 1, 1, 1_000_000),
                reader.integer("alarmFailedExecutions", 1, 1, 1_000_000));

        // For organisations whose rules require every role under a path and a permissions boundary.
        String iamPath = reader.string("iamPath", "/");
        if (iamPath.length() > 512 || !IAM_PATH.matcher(iamPath).matches()) {
            reader.invalid("iamPath", iamPath, "an IAM path: \"/\" or /NAME/.../ of letters, digits and +=,.@_-,"
                    + " at most 512 characters");
        }
        String boundary = reader.string("permissionsBoundaryArn", "");
        if (!boundary.isEmpty() && !POLICY_ARN.matcher(boundary).matches()) {
            reader.invalid("permissionsBoundaryArn", boundary, "the ARN of a managed policy"
                    + " (arn:aws:iam::ACCOUNT:policy/NAME or arn:aws:iam::aws:policy/NAME), or empty for none");
        }

        // Off by default: a customer-managed key costs $1 a month plus requests, and every reader of the stack's data
        // then needs a grant on it (docs/security.md, "Regulated accounts").
        String kmsKey = reader.string("kmsKey", "").trim();
        if (!kmsKey.isEmpty() && !kmsKey.equals(CREATE_KEY)) {
            var arn = KEY_ARN.matcher(kmsKey);
            if (!arn.matches()) {
                reader.invalid("kmsKey", kmsKey, "empty (AWS-owned keys), \"" + CREATE_KEY + "\" (a key of the stack's"
                        + " own) or the ARN of a symmetric KMS key, arn:aws:kms:REGION:ACCOUNT:key/KEY-ID (not an alias"
                        + " or a bare key ID: IAM grants name the key's ARN)");
            } else if (region.isPresent() && !region.get().equals(arn.group(2))) {
                reader.invalid("kmsKey", kmsKey, "a key in the stack's region " + region.get() + " (SQS, CloudWatch"
                        + " Logs and Step Functions use keys of their own region only), not " + arn.group(2));
            }
        }
        if (CREATE_KEY.equals(kmsKey) && namePrefix.toLowerCase(Locale.ROOT).startsWith("aws")) {
            // KMS reserves alias/aws/ for AWS managed keys and refuses aliases that begin alias/aws.
            reader.invalid("namePrefix", namePrefix, "a prefix that does not begin with \"aws\" when kmsKey is \""
                    + CREATE_KEY + "\": the key's alias would be alias/" + new StackNames(namePrefix).keyAlias()
                    + ", and KMS reserves aliases beginning with alias/aws");
        }
        // Step Functions accepts 60-900 s; SQS accepts more, but one period for both keeps them simple to reason about.
        int reuse = reader.integer("kmsDataKeyReuseSeconds", 300, 60, 900);

        // Who gets the operator policy, attached by the stack itself so that destroy and a replacement of the policy
        // detach it first (IAM refuses to delete an attached policy).
        // The CLI checks the declared type (array<string>) at preview: a JSON string set without --path is refused.
        List<String> operators = reader.list("operators", OPERATOR, "a list of role/NAME, user/NAME or group/NAME"
                + " of this account's IAM, or empty for none; set each entry with --path, e.g. `pulumi config set"
                + " --path '" + NAMESPACE + ":operators[0]' role/OrderOperators`");

        return new StackConfig(namePrefix,
                new Queue(visibility, maxReceiveCount),
                new Function(memory, functionTimeout, architecture, batchSize, window, concurrency, snapStart,
                        scope.equals(CallbackScope.ANY.configValue) ? CallbackScope.ANY : CallbackScope.STATE_MACHINE,
                        stock, retention, tracing),
                new Workflow(taskTimeout, logLevel, executionData, tracing, retention),
                new Access(iamPath, boundary, operators),
                new Encryption(kmsKey, reuse),
                alarms);
    }

    /** Reads values and collects every problem, so one run reports them all. */
    private static final class Reader {
        private final Source source;
        private final List<String> problems = new ArrayList<>();
        private final Set<String> invalidKeys = new TreeSet<>();
        /** What was read, by key: the settings the program has. */
        private final java.util.Map<String, Setting> settings = new java.util.LinkedHashMap<>();

        Reader(Source source) {
            this.source = source;
        }

        private Optional<String> raw(String key, String type, Object fallback) {
            return raw(key, type, fallback, false);
        }

        private Optional<String> raw(String key, String type, Object fallback, boolean derived) {
            settings.putIfAbsent(key, new Setting(key, type, fallback, derived));
            return source.get(key);
        }

        String string(String key, String fallback) {
            return raw(key, "string", fallback).orElse(fallback);
        }

        /**
         * A string whose default depends on the stack or on other keys: declared with the default "" (Pulumi would
         * require a declared key without a default in every stack), which stands for the derived value.
         *
         * @return the value set, or empty where the caller derives it
         */
        Optional<String> derivedString(String key) {
            return raw(key, "string", DERIVED_STRING, true).filter(value -> !value.isBlank());
        }

        int integer(String key, int fallback, int min, int max) {
            return integer(key, fallback, min, max, true);
        }

        /**
         * @param fixedDefault false when the default depends on other keys: declared as {@value #DERIVED_INTEGER},
         *                     which then stands for it
         */
        int integer(String key, int fallback, int min, int max, boolean fixedDefault) {
            Optional<String> raw = raw(key, "integer", fixedDefault ? fallback : DERIVED_INTEGER, !fixedDefault);
            if (raw.isEmpty() || !fixedDefault && raw.get().trim().equals(String.valueOf(DERIVED_INTEGER))) {
                return fallback;
            }
            try {
                BigDecimal value = new BigDecimal(raw.get().trim());
                if (value.stripTrailingZeros().scale() <= 0
                        && value.compareTo(BigDecimal.valueOf(min)) >= 0
                        && value.compareTo(BigDecimal.valueOf(max)) <= 0) {
                    return value.intValueExact();
                }
            } catch (NumberFormatException | ArithmeticException e) {
                // reported below
            }
            invalid(key, raw.get(), "a whole number from " + min + " to " + max);
            return fallback;
        }

        String oneOf(String key, String fallback, List<String> allowed) {
            return oneOf(key, fallback, allowed, "string");
        }

        private String oneOf(String key, String fallback, List<String> allowed, String type) {
            String value = raw(key, type, type.equals("boolean") ? Boolean.valueOf(fallback) : fallback).orElse(fallback);
            if (!allowed.contains(value)) {
                invalid(key, value, "one of " + String.join(", ", allowed));
                return fallback;
            }
            return value;
        }

        boolean bool(String key, boolean fallback) {
            return Boolean.parseBoolean(oneOf(key, String.valueOf(fallback), List.of("true", "false"), "boolean"));
        }

        /** A JSON list of distinct strings, each matching {@code entry}; empty when the key is not set. */
        List<String> list(String key, Pattern entry, String allowed) {
            Optional<String> raw = raw(key, "array", List.of());
            if (raw.isEmpty() || raw.get().isBlank()) {
                return List.of();
            }
            try {
                JsonElement json = JsonParser.parseString(raw.get());
                if (json.isJsonArray()) {
                    List<String> values = new ArrayList<>();
                    for (JsonElement item : json.getAsJsonArray()) {
                        if (!item.isJsonPrimitive() || !item.getAsJsonPrimitive().isString()
                                || !entry.matcher(item.getAsString()).matches() || values.contains(item.getAsString())) {
                            invalid(key, raw.get(), allowed + " (" + item + " is not, or is there twice)");
                            return List.of();
                        }
                        values.add(item.getAsString());
                    }
                    return List.copyOf(values);
                }
            } catch (JsonSyntaxException e) {
                // reported below
            }
            invalid(key, raw.get(), allowed);
            return List.of();
        }

        String stock(String key) {
            String raw = raw(key, "object", JsonParser.parseString(DEFAULT_STOCK)).orElse(DEFAULT_STOCK);
            String allowed = "a JSON object of SKU to whole number >= 0, such as " + DEFAULT_STOCK
                    + ", at most " + MAX_STOCK_LENGTH + " characters";
            JsonElement json;
            try {
                // Read as strictly as the function reads it.
                json = StrictJson.parse(raw);
            } catch (IllegalArgumentException e) {
                invalid(key, raw, allowed);
                return raw;
            }
            if (!json.isJsonObject() || raw.length() > MAX_STOCK_LENGTH) {
                invalid(key, raw, allowed);
                return raw;
            }
            String problem = Stock.problem(json);
            if (problem != null) {
                invalid(key, raw, allowed + " (" + problem + ")");
                return raw;
            }
            // Normalised, so the function's environment does not change with formatting.
            return json.toString();
        }

        /** Whether none of these keys was reported, so a rule that combines them is checked on real values. */
        boolean allValid(String... keys) {
            return java.util.Arrays.stream(keys).noneMatch(invalidKeys::contains);
        }

        void problem(String text) {
            problems.add(text);
        }

        void invalid(String key, String value, String allowed) {
            invalidKeys.add(key);
            problems.add(NAMESPACE + ":" + key + " = '" + value + "' is invalid: must be " + allowed);
        }

        void throwIfInvalid() {
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException("Invalid stack configuration; nothing was deployed:\n  "
                        + String.join("\n  ", problems));
            }
        }
    }
}
