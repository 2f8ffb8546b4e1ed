package io.github.inventorycallback.stack.plan;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.pulumi.asset.AssetOrArchive;
import com.pulumi.test.PulumiTest;
import com.pulumi.test.TestResult;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.github.inventorycallback.stack.plan.AwsTypes.KEY;
import static io.github.inventorycallback.stack.plan.AwsTypes.METRIC_ALARM;
import static io.github.inventorycallback.stack.plan.AwsTypes.POLICY;
import static io.github.inventorycallback.stack.plan.AwsTypes.ROLE;
import static io.github.inventorycallback.stack.plan.AwsTypes.ROLE_POLICY;
import static io.github.inventorycallback.stack.plan.AwsTypes.STATE_MACHINE;

/**
 * What {@code pulumi up} would deploy, written without AWS or the Pulumi CLI: the real program runs on Pulumi's
 * offline engine with {@link AwsMocks}, and its resources, IAM documents and state machine are written to files.
 *
 * <pre>./mvnw -q -B compile exec:java@plan [-Dplan.out=DIR] [-Dplan.stack=NAME] [-Dplan.account=ID] [-Dplan.region=R]</pre>
 */
public final class Plan {
    static final String DEFAULT_ACCOUNT = "123456789012";
    static final String DEFAULT_REGION = "us-east-1";
    private static final Gson PRETTY = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping()
            .serializeNulls().create();

    /** A planned resource: where it sits in the tree and what the provider would receive. */
    record Planned(String type, String name, String parent, String id, Map<String, Object> inputs,
                   Map<String, Object> state, AwsMocks.Lifecycle lifecycle) {
        String key() {
            return type + "::" + name;
        }
    }

    final String stack;
    final String accountId;
    final String region;
    final List<Planned> resources;
    final Map<String, Object> outputs;
    /** Each role by physical name, parsed once: the summary, the iam/ files and the diagram all read it. */
    private final Map<String, JsonObject> roles;

    private Plan(String stack, AwsMocks mocks, List<Planned> resources, Map<String, Object> outputs) {
        this.stack = stack;
        this.accountId = mocks.accountId();
        this.region = mocks.region();
        this.resources = resources;
        this.outputs = outputs;
        this.roles = Collections.unmodifiableMap(rolesOf(resources));
    }

    public static void main(String[] args) {
        String stack = System.getProperty("plan.stack", "dev");
        int exit = run(stack, Path.of("Pulumi." + stack + ".yaml"), Path.of(System.getProperty("plan.out", "target/plan")),
                System.getProperty("plan.account", DEFAULT_ACCOUNT), System.getProperty("plan.region"),
                System.out, System.err);
        if (exit != 0) {
            System.exit(exit);
        }
    }

    /**
     * Plans one stack and writes the files.
     *
     * @param region the placeholder region, or null for the stack's {@code aws:region}
     * @return the process exit code: 0, or 1 when the stack's config or the program fails
     */
    static int run(String stack, Path stackFile, Path out, String accountId, String region,
                   PrintStream stdout, PrintStream stderr) {
        try {
            if (!Files.isRegularFile(stackFile)) {
                throw new IOException(stackFile + " not found: name a stack that has a Pulumi.STACK.yaml here");
            }
            Map<String, String> config = StackFile.config(stackFile);
            String placeholderRegion = region(region, config, stderr);
            // Emptied first, so a file of an earlier plan (another stack's key policy, say) is never mistaken for
            // this one's, and a failed plan leaves no files that look current.
            clean(out);
            Plan plan = of(stack, config, new AwsMocks(accountId, placeholderRegion));
            plan.writeTo(out);
            var summary = new java.io.ByteArrayOutputStream();
            plan.printSummary(new PrintStream(summary, true, java.nio.charset.StandardCharsets.UTF_8), out);
            Files.write(out.resolve("summary.txt"), summary.toByteArray());
            stdout.print(summary.toString(java.nio.charset.StandardCharsets.UTF_8));
            return 0;
        } catch (PlanException | IOException | IllegalArgumentException e) {
            stderr.println("plan failed: " + e.getMessage());
            return 1;
        }
    }

    /**
     * The region the provider would deploy to: {@code -Dplan.region}, else the stack's {@code aws:region}, else
     * AWS_REGION or AWS_DEFAULT_REGION as the provider reads them (said on stderr), else none: the provider refuses
     * to start without one, and so does the plan.
     */
    static String region(String override, Map<String, String> config, PrintStream stderr) {
        if (override != null) {
            return override;
        }
        if (config.containsKey("aws:region")) {
            return config.get("aws:region");
        }
        for (String variable : List.of("AWS_REGION", "AWS_DEFAULT_REGION")) {
            String value = System.getenv(variable);
            if (value != null && !value.isBlank()) {
                stderr.println("aws:region is not set in the stack: planning for " + value + " from " + variable
                        + ", as the provider would");
                return value;
            }
        }
        throw new IllegalArgumentException("aws:region is not set: the AWS provider needs a region. Set it with"
                + " `pulumi config set aws:region REGION` (in Pulumi.STACK.yaml), export AWS_REGION, or plan with"
                + " -Dplan.region=REGION");
    }

    /** Deletes what an earlier plan wrote into the folder (only plan files: a folder of other files is refused). */
    static void clean(Path out) throws IOException {
        if (!Files.isDirectory(out)) {
            return;
        }
        List<String> planFiles = List.of("plan.json", "state-machine.asl.json", "diagram.md", "summary.txt", "iam");
        try (var entries = Files.list(out)) {
            List<Path> foreign = entries.filter(p -> !planFiles.contains(p.getFileName().toString())).toList();
            if (!foreign.isEmpty()) {
                throw new IOException(out + " holds files that are not a plan's (" + foreign.get(0).getFileName()
                        + "): choose an empty folder with -Dplan.out");
            }
        }
        try (var walk = Files.walk(out)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                if (!path.equals(out)) {
                    Files.delete(path);
                }
            }
        }
    }

    /** Thrown when the program itself fails, e.g. on invalid config: the message is the program's own. */
    public static final class PlanException extends RuntimeException {
        PlanException(String message) {
            super(message);
        }
    }

    /** Runs the program for a stack's config and collects what it would deploy. */
    public static Plan of(String stack, Map<String, String> config, AwsMocks mocks) {
        TestResult result = OfflineEngine.run(stack, config, mocks);
        if (!result.exceptions().isEmpty() || !result.errors().isEmpty()) {
            // The program's own exception says what is wrong; the engine's errors wrap the same text in a stack trace.
            List<String> messages = new ArrayList<>();
            for (Throwable e : result.exceptions()) {
                Throwable cause = e;
                while (cause.getCause() != null && cause.getCause() != cause) {
                    cause = cause.getCause();
                }
                messages.add(String.valueOf(cause.getMessage()));
            }
            if (messages.isEmpty()) {
                messages.addAll(result.errors());
            }
            throw new PlanException(String.join("\n", messages.stream().distinct().toList()));
        }
        List<Planned> resources = new ArrayList<>();
        for (var registered : mocks.registered()) {
            resources.add(new Planned(registered.type(), registered.name(), registered.lifecycle().parent(),
                    registered.id(), registered.inputs(), registered.state(), registered.lifecycle()));
        }
        // Registration order depends on when inputs resolve; a fixed order makes two plans diff cleanly.
        resources.sort(Comparator.comparing((Planned p) -> String.valueOf(p.parent())).thenComparing(Planned::type)
                .thenComparing(Planned::name));
        Map<String, Object> outputs = new TreeMap<>();
        result.outputs().forEach((name, output) -> outputs.put(name, PulumiTest.extractValue(output)));
        return new Plan(stack, mocks, resources, outputs);
    }

    // --- documents --------------------------------------------------------------------------------------------

    JsonObject planJson() {
        JsonObject plan = new JsonObject();
        plan.addProperty("stack", stack);
        plan.addProperty("account", accountId);
        plan.addProperty("region", region);
        JsonArray list = new JsonArray();
        for (Planned resource : resources) {
            JsonObject entry = new JsonObject();
            entry.addProperty("type", resource.type());
            entry.addProperty("name", resource.name());
            entry.addProperty("parent", resource.parent());
            entry.addProperty("id", resource.id());
            entry.add("inputs", toJson(resource.inputs()));
            entry.add("options", options(resource.lifecycle()));
            list.add(entry);
        }
        plan.add("resources", list);
        plan.add("outputs", toJson(outputs));
        return plan;
    }

    /** The options that decide create and destroy order, the provider's waits and what a destroy leaves. */
    private static JsonObject options(AwsMocks.Lifecycle lifecycle) {
        JsonObject options = new JsonObject();
        options.add("dependsOn", toJson(lifecycle.dependsOn()));
        options.add("customTimeoutSeconds", toJson(lifecycle.customTimeouts()));
        options.addProperty("deleteBeforeReplace", lifecycle.deleteBeforeReplace());
        options.addProperty("retainOnDelete", lifecycle.retainOnDelete());
        options.add("ignoreChanges", toJson(lifecycle.ignoreChanges()));
        options.addProperty("protect", lifecycle.protect());
        return options;
    }

    /** The definition string the state machine receives, unchanged. */
    String stateMachineDefinition() {
        return resources.stream().filter(r -> r.type().equals(STATE_MACHINE))
                .map(r -> (String) r.inputs().get("definition"))
                .findFirst().orElseThrow(() -> new PlanException("the program declares no state machine"));
    }

    /** Each role by physical name: its trust policy and its inline policies, parsed. */
    Map<String, JsonObject> roles() {
        return roles;
    }

    private static Map<String, JsonObject> rolesOf(List<Planned> resources) {
        Map<String, JsonObject> roles = new TreeMap<>();
        for (Planned role : ofType(resources, ROLE)) {
            String roleName = (String) role.inputs().get("name");
            JsonObject policies = new JsonObject();
            for (Planned policy : ofType(resources, ROLE_POLICY)) {
                if (roleName.equals(policy.inputs().get("role"))) {
                    policies.add((String) policy.inputs().get("name"),
                            JsonParser.parseString((String) policy.inputs().get("policy")));
                }
            }
            JsonObject document = new JsonObject();
            document.addProperty("path", String.valueOf(role.inputs().getOrDefault("path", "/")));
            document.addProperty("permissionsBoundary", (String) role.inputs().get("permissionsBoundary"));
            document.add("trustPolicy", JsonParser.parseString((String) role.inputs().get("assumeRolePolicy")));
            document.add("policies", policies);
            roles.put(roleName, document);
        }
        return roles;
    }

    List<Planned> ofType(String type) {
        return ofType(resources, type);
    }

    private static List<Planned> ofType(List<Planned> resources, String type) {
        return resources.stream().filter(r -> r.type().equals(type)).toList();
    }

    public void writeTo(Path dir) throws IOException {
        Files.createDirectories(dir.resolve("iam"));
        Files.writeString(dir.resolve("plan.json"), PRETTY.toJson(planJson()) + "\n");
        Files.writeString(dir.resolve("state-machine.asl.json"), stateMachineDefinition());
        for (var role : roles().entrySet()) {
            Files.writeString(dir.resolve("iam").resolve(role.getKey() + ".json"), PRETTY.toJson(role.getValue()) + "\n");
        }
        for (Planned policy : ofType(POLICY)) {
            writeDocument(dir.resolve("iam").resolve(policy.inputs().get("name") + ".json"), policy.inputs().get("policy"));
        }
        for (Planned key : ofType(KEY)) {
            writeDocument(dir.resolve("iam").resolve("key-policy.json"), key.inputs().get("policy"));
        }
        Files.writeString(dir.resolve("diagram.md"), Diagrams.markdown(this));
    }

    private static void writeDocument(Path file, Object json) throws IOException {
        Files.writeString(file, PRETTY.toJson(JsonParser.parseString(String.valueOf(json))) + "\n");
    }

    void printSummary(PrintStream out, Path dir) {
        out.println("Plan of stack '" + stack + "' (account " + accountId + ", region " + region + "): "
                + resources.size() + " resources, written to " + dir);
        Map<String, Integer> byType = new TreeMap<>();
        resources.forEach(r -> byType.merge(r.type(), 1, Integer::sum));
        byType.forEach((type, count) -> out.printf("  %3d  %s%n", count, type));
        printAlarms(out);
        for (var role : roles().entrySet()) {
            JsonObject trust = role.getValue().getAsJsonObject("trustPolicy");
            out.println("Role " + role.getKey() + ", assumed by "
                    + trust.getAsJsonArray("Statement").get(0).getAsJsonObject().get("Principal"));
            for (var policy : role.getValue().getAsJsonObject("policies").entrySet()) {
                printStatements(out, policy.getValue().getAsJsonObject());
            }
        }
        for (Planned policy : ofType(POLICY)) {
            out.println("Policy " + policy.inputs().get("name") + ", attached to operators");
            printStatements(out, JsonParser.parseString((String) policy.inputs().get("policy")).getAsJsonObject());
        }
        for (Planned key : ofType(KEY)) {
            out.println("Key " + key.state().get("arn") + ", its policy allowing");
            printStatements(out, JsonParser.parseString((String) key.inputs().get("policy")).getAsJsonObject());
        }
    }

    private static void printStatements(PrintStream out, JsonObject document) {
        for (JsonElement statement : document.getAsJsonArray("Statement")) {
            JsonObject s = statement.getAsJsonObject();
            out.println("  " + s.get("Effect").getAsString()
                    + (s.has("Principal") ? " " + s.get("Principal") : "") + " " + join(s.get("Action"))
                    + "\n      on " + join(s.get("Resource"))
                    + (s.has("Condition") ? "\n      when " + s.get("Condition") : ""));
        }
    }

    /** One line per alarm: what it watches and when it fires. */
    private void printAlarms(PrintStream out) {
        for (Planned alarm : ofType(METRIC_ALARM)) {
            Map<String, Object> inputs = alarm.inputs();
            String watched = inputs.get("metricName") != null
                    ? inputs.get("namespace") + " " + inputs.get("metricName")
                            + (inputs.get("dimensions") != null ? " " + toJson(inputs.get("dimensions")) : "")
                    : "metric math " + toJson(inputs.get("metricQueries")).getAsJsonArray().asList().stream()
                            .map(q -> q.getAsJsonObject().has("expression")
                                    ? q.getAsJsonObject().get("label").getAsString() : "")
                            .filter(label -> !label.isEmpty()).findFirst().orElse("");
            out.println("Alarm " + inputs.get("name") + " when " + watched + " >= " + toJson(inputs.get("threshold")));
        }
    }

    private static String join(JsonElement values) {
        if (!values.isJsonArray()) {
            return values.getAsString();
        }
        List<String> list = new ArrayList<>();
        values.getAsJsonArray().forEach(v -> list.add(v.getAsString()));
        return String.join(", ", list);
    }

    /** Mock inputs as JSON: sorted keys, whole numbers without ".0", archives by path and hash. */
    static JsonElement toJson(Object value) {
        if (value == null) {
            return JsonNull.INSTANCE;
        }
        if (value instanceof Map<?, ?> map) {
            JsonObject object = new JsonObject();
            new TreeMap<>(map).forEach((k, v) -> object.add(String.valueOf(k), toJson(v)));
            return object;
        }
        if (value instanceof Iterable<?> iterable) {
            JsonArray array = new JsonArray();
            iterable.forEach(v -> array.add(toJson(v)));
            return array;
        }
        if (value instanceof Number number) {
            double d = number.doubleValue();
            return d == Math.rint(d) && Math.abs(d) < 1e15 ? new JsonPrimitive((long) d) : new JsonPrimitive(number);
        }
        if (value instanceof Boolean bool) {
            return new JsonPrimitive(bool);
        }
        if (value instanceof AssetOrArchive archive) {
            return archiveJson(archive);
        }
        return new JsonPrimitive(String.valueOf(value));
    }

    private static JsonElement archiveJson(AssetOrArchive archive) {
        JsonObject json = new JsonObject();
        try {
            // The SDK keeps an archive's path in a protected field and offers no getter.
            Field field = AssetOrArchive.class.getDeclaredField("value");
            field.setAccessible(true);
            String path = String.valueOf(field.get(archive));
            json.addProperty("fileArchive", path);
            json.addProperty("sha256", sha256(Path.of(path)));
        } catch (ReflectiveOperationException | IOException e) {
            json.addProperty("archive", archive.getClass().getSimpleName());
        }
        return json;
    }

    private static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[65_536];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
