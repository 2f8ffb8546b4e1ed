package com.example.inventory;

import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Proxy;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged jar as the Lambda Java runtime loads it: the runtime's own event serialization, with only the jar
 * on the class path (no test dependencies), turns an SQS event into the jar's SQSEvent and the jar's
 * SQSBatchResponse back into JSON. This is what fails, on every invocation, if Joda-Time is left out of the jar.
 * And the whole jar answers a batch: the handler built by its public constructor from the environment, its SDK
 * client calling a local Step Functions stub.
 */
class PackagedJarIT {
    private static URLClassLoader function;

    @BeforeAll
    static void loadTheJarAlone() throws IOException {
        URL jar = Path.of("target", "inventory-function.jar").toUri().toURL();
        // The platform loader as parent: nothing from this test's class path leaks in.
        function = new URLClassLoader(new URL[] {jar}, ClassLoader.getPlatformClassLoader());
    }

    @AfterAll
    static void close() throws IOException {
        function.close();
    }

    @SuppressWarnings("unchecked")
    private static <T> PojoSerializer<T> serializer(String className) throws ClassNotFoundException {
        Class<T> type = (Class<T>) Class.forName(className, true, function);
        return LambdaEventSerializers.serializerFor(type, function);
    }

    @Test
    void theJarStaysWithinItsSizeBudget() throws IOException {
        long size = Files.size(Path.of("target", "inventory-function.jar"));
        assertTrue(size <= 6_500_000, "inventory-function.jar has " + size + " bytes; the budget is 6,500,000"
                + " (docs/benchmarks.md says what is in it)");
    }

    @Test
    void theRuntimeCanReadAnSqsEventIntoTheJarsEventType() throws Exception {
        PojoSerializer<Object> serializer = serializer("com.amazonaws.services.lambda.runtime.events.SQSEvent");
        Object event;
        try (InputStream fixture = PackagedJarIT.class.getResourceAsStream("/events/mixed-batch.json")) {
            event = serializer.fromJson(fixture);
        }

        List<?> records = (List<?>) event.getClass().getMethod("getRecords").invoke(event);
        assertEquals(7, records.size());
        assertEquals("m-in-stock", records.get(0).getClass().getMethod("getMessageId").invoke(records.get(0)));
    }

    @Test
    void theJarAnswersABatchEndToEndAsTheRuntimeWouldRunIt() throws Exception {
        try (var stepFunctions = new StepFunctionsStub()) {
            // The SDK's standard setting for a Step Functions endpoint, as AWS_ENDPOINT_URL_SFN would give it.
            System.setProperty("aws.endpointUrlSfn", stepFunctions.endpoint().toString());
            Class<?> eventType = Class.forName("com.amazonaws.services.lambda.runtime.events.SQSEvent", true, function);
            Class<?> contextType = Class.forName("com.amazonaws.services.lambda.runtime.Context", true, function);
            Class<?> handlerType = Class.forName("com.example.inventory.InventoryHandler", true, function);

            // As Lambda does: the public no-argument constructor at init, with the function's environment.
            Object handler = handlerType.getConstructor().newInstance();
            Object event;
            try (InputStream fixture = PackagedJarIT.class.getResourceAsStream("/events/mixed-batch.json")) {
                event = serializer("com.amazonaws.services.lambda.runtime.events.SQSEvent").fromJson(fixture);
            }
            Object context = Proxy.newProxyInstance(function, new Class<?>[] {contextType},
                    (proxy, method, args) -> method.getName().equals("getRemainingTimeInMillis") ? 30_000 : null);
            Object response = handlerType.getMethod("handleRequest", eventType, contextType)
                    .invoke(handler, event, context);
            var json = new ByteArrayOutputStream();
            serializer("com.amazonaws.services.lambda.runtime.events.SQSBatchResponse").toJson(response, json);

            assertEquals(JsonParser.parseString("{\"batchItemFailures\": [{\"itemIdentifier\": \"m-unparseable\"},"
                    + " {\"itemIdentifier\": \"m-missing-token\"}]}"), JsonParser.parseString(json.toString()));
            var answers = stepFunctions.accepted();
            assertEquals(5, answers.size());
            assertTrue(answers.get("token-in-stock").success());
            assertEquals("OutOfStock", answers.get("token-out-of-stock").error());
            assertEquals("InvalidOrder", answers.get("token-invalid-order").error());
        } finally {
            System.clearProperty("aws.endpointUrlSfn");
        }
    }

    @Test
    void theRuntimeCanWriteTheJarsBatchResponse() throws Exception {
        PojoSerializer<Object> serializer =
                serializer("com.amazonaws.services.lambda.runtime.events.SQSBatchResponse");
        Class<?> failureType = Class.forName(
                "com.amazonaws.services.lambda.runtime.events.SQSBatchResponse$BatchItemFailure", true, function);
        Object failure = failureType.getConstructor(String.class).newInstance("m-unparseable");
        Object response = Class.forName("com.amazonaws.services.lambda.runtime.events.SQSBatchResponse", true, function)
                .getConstructor(List.class).newInstance(List.of(failure));

        var json = new ByteArrayOutputStream();
        serializer.toJson(response, json);

        assertEquals(JsonParser.parseString("{\"batchItemFailures\": [{\"itemIdentifier\": \"m-unparseable\"}]}"),
                JsonParser.parseString(json.toString()));
    }
}
