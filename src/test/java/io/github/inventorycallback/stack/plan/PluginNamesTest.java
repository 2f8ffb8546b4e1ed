package io.github.inventorycallback.stack.plan;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.pulumi.asset.Archive;
import com.pulumi.core.Output;
import com.pulumi.core.annotations.Import;
import com.pulumi.core.annotations.ResourceType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The names tools/pulumi/provider serves (its names.json) are pulumi-aws 6.83.0's, as the com.pulumi:aws jar this
 * program compiles against declares them, and cover everything the program declares and invokes.
 */
class PluginNamesTest {
    static final Path NAMES = Path.of("tools/pulumi/provider/names.json");
    static final Path TERRAFORM_SCHEMA = Path.of("src/test/resources/provider-schema/aws-resources.json");
    // The invokes of AwsAccount (partition, region, account) and NameClaim (the log groups that hold the claim).
    static final Set<String> PROGRAM_INVOKES = Set.of(
            "aws:index/getPartition:getPartition", "aws:index/getRegion:getRegion",
            "aws:index/getCallerIdentity:getCallerIdentity",
            "aws:cloudwatch/getLogGroups:getLogGroups", "aws:cloudwatch/getLogGroup:getLogGroup");
    static JsonObject names;

    @BeforeAll
    static void read() throws IOException {
        names = JsonParser.parseString(Files.readString(NAMES)).getAsJsonObject();
    }

    private static Map<String, JsonObject> entries(String kind) {
        var result = new java.util.TreeMap<String, JsonObject>();
        names.getAsJsonObject(kind).entrySet().forEach(e -> result.put(e.getKey(), e.getValue().getAsJsonObject()));
        return result;
    }

    /** aws:sqs/queue:Queue → com.pulumi.aws.sqs.Queue; aws:index/getRegion:getRegion → com.pulumi.aws (index). */
    private static String javaPackage(String token) {
        String module = token.split("[:/]")[1];
        return "com.pulumi.aws" + (module.equals("index") ? "" : "." + module);
    }

    private static Class<?> resourceClass(String token) throws ClassNotFoundException {
        return Class.forName(javaPackage(token) + "." + token.substring(token.lastIndexOf(':') + 1));
    }

    private static Set<String> imports(Class<?> args) {
        Set<String> result = new TreeSet<>();
        for (Field f : args.getDeclaredFields()) {
            Import im = f.getAnnotation(Import.class);
            if (im != null) {
                result.add(im.name());
            }
        }
        return result;
    }

    @Test
    void everyResourceTypeTheProgramDeclaresIsServed() throws IllegalAccessException {
        Set<String> declared = new TreeSet<>();
        for (Field f : AwsTypes.class.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
                declared.add((String) f.get(null));
            }
        }
        Set<String> served = new TreeSet<>();
        entries("resources").values().forEach(r -> served.add(r.get("token").getAsString()));
        assertEquals(declared, served);
    }

    @Test
    void everyResourceTokenIsTheJarsResourceType() throws ClassNotFoundException {
        for (var r : entries("resources").values()) {
            String token = r.get("token").getAsString();
            ResourceType type = resourceClass(token).getAnnotation(ResourceType.class);
            assertNotNull(type, token);
            assertEquals(token, type.type());
        }
    }

    @Test
    void everyInvokeTheProgramMakesIsServedUnderTheJarsToken() throws IOException {
        Set<String> served = new TreeSet<>();
        for (var d : entries("invokes").values()) {
            String token = d.get("token").getAsString();
            served.add(token);
            // The token is a string constant of the module's Functions class (AwsFunctions, CloudwatchFunctions).
            String module = token.split("[:/]")[1];
            String functions = module.equals("index") ? "Aws" : Character.toUpperCase(module.charAt(0)) + module.substring(1);
            String file = "/" + javaPackage(token).replace('.', '/') + "/" + functions + "Functions.class";
            try (InputStream in = PluginNamesTest.class.getResourceAsStream(file)) {
                assertNotNull(in, file);
                assertTrue(new String(in.readAllBytes(), StandardCharsets.ISO_8859_1).contains(token), token + " in " + file);
            }
        }
        assertEquals(new TreeSet<>(PROGRAM_INVOKES), served);
    }

    @Test
    void everyRenameLandsOnAPropertyOfTheJarsArgs() throws ClassNotFoundException {
        List<String> problems = new ArrayList<>();
        for (var r : entries("resources").values()) {
            if (!r.has("renames")) {
                continue;
            }
            String token = r.get("token").getAsString();
            Set<String> args = imports(Class.forName(resourceClass(token).getName() + "Args"));
            r.getAsJsonObject("renames").entrySet().forEach(e -> {
                if (!args.contains(e.getValue().getAsString())) {
                    problems.add(token + ": " + e.getKey() + " -> " + e.getValue().getAsString());
                }
            });
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void anArchiveIsWhatTheJarsArgsTake() throws Exception {
        var function = entries("resources").get("aws_lambda_function");
        var renames = function.getAsJsonObject("renames");
        for (var attribute : function.getAsJsonArray("archives")) {
            String property = renames.get(attribute.getAsString()).getAsString();
            Field field = null;
            for (Field f : com.pulumi.aws.lambda.FunctionArgs.class.getDeclaredFields()) {
                Import im = f.getAnnotation(Import.class);
                if (im != null && im.name().equals(property)) {
                    field = f;
                }
            }
            assertNotNull(field, property);
            var type = (ParameterizedType) field.getGenericType();
            assertEquals(Output.class, type.getRawType());
            assertEquals(Archive.class, type.getActualTypeArguments()[0]);
        }
    }

    @Test
    void theProviderSettingsServedAsOneObjectAreOneObjectInTheJar() throws Exception {
        for (var setting : names.getAsJsonObject("config").getAsJsonArray("maxItemsOne")) {
            String[] words = setting.getAsString().split("_");
            StringBuilder method = new StringBuilder(words[0]);
            for (int i = 1; i < words.length; i++) {
                method.append(Character.toUpperCase(words[i].charAt(0))).append(words[i].substring(1));
            }
            var returned = (ParameterizedType) com.pulumi.aws.Config.class.getMethod(method.toString())
                    .getGenericReturnType();
            assertEquals(Optional.class, returned.getRawType());
            assertTrue(returned.getActualTypeArguments()[0] instanceof Class<?> c && !List.class.isAssignableFrom(c),
                    method + " returns " + returned);
        }
    }

    @Test
    void everyServedTypeAndRenamedAttributeIsInTheTerraformSchema() throws IOException {
        JsonObject schemas = JsonParser.parseString(Files.readString(TERRAFORM_SCHEMA)).getAsJsonObject()
                .getAsJsonObject("provider_schemas").entrySet().iterator().next().getValue().getAsJsonObject()
                .getAsJsonObject("resource_schemas");
        List<String> problems = new ArrayList<>();
        entries("resources").forEach((type, r) -> {
            if (!schemas.has(type)) {
                problems.add(type);
                return;
            }
            JsonObject attributes = schemas.getAsJsonObject(type).getAsJsonObject("block").getAsJsonObject("attributes");
            if (r.has("renames")) {
                r.getAsJsonObject("renames").keySet().stream().filter(a -> !attributes.has(a))
                        .forEach(a -> problems.add(type + "." + a));
            }
        });
        assertEquals(List.of(), problems);
    }
}
