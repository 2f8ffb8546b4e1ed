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
