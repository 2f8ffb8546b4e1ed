package io.github.inventorycallback.local;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A function that does what each record's body says, run by the real runtime interface client in the poller's
 * tests: {@code ok}, {@code fail} (reported in batchItemFailures), {@code throw} (an invocation error),
 * {@code hang} (never answers), {@code block} (answers once the file {@code $GATE} exists), {@code exit} (the JVM
 * dies). With {@code $EVENTS} set, each event is written there as the function received it. Only the JDK and
 * aws-lambda-java-core (on the runtime's class path): the task root holds this class alone.
 */
public final class ScriptedHandler implements RequestStreamHandler {
    private static final Pattern RECORD = Pattern.compile("\"messageId\":\"([^\"]*)\".*?\"body\":\"([^\"]*)\"");

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        String event = new String(input.readAllBytes(), StandardCharsets.UTF_8);
        String events = System.getenv("EVENTS");
        if (events != null) {
            Files.writeString(Path.of(events, context.getAwsRequestId() + ".json"), event);
        }
        List<String> failures = new ArrayList<>();
        Matcher record = RECORD.matcher(event);
        while (record.find()) {
            switch (record.group(2)) {
                case "fail" -> failures.add(record.group(1));
                case "throw" -> throw new IllegalStateException("scripted failure of " + record.group(1));
                case "hang" -> sleep(Long.MAX_VALUE);
                case "block" -> {
                    while (!Files.exists(Path.of(System.getenv("GATE")))) {
                        sleep(20);
                    }
                }
                case "exit" -> Runtime.getRuntime().halt(3);
                default -> { }
            }
        }
        StringBuilder answer = new StringBuilder("{\"batchItemFailures\":[");
        for (int i = 0; i < failures.size(); i++) {
            answer.append(i == 0 ? "" : ",").append("{\"itemIdentifier\":\"").append(failures.get(i)).append("\"}");
        }
        output.write(answer.append("]}").toString().getBytes(StandardCharsets.UTF_8));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
