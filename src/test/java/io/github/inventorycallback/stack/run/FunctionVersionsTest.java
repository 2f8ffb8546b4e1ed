package io.github.inventorycallback.stack.run;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** `./orders versions` against a local Lambda API holding a SnapStart function's published versions. */
class FunctionVersionsTest {
    private static final String FUNCTION = "arn:aws:lambda:us-east-1:123456789012:function:dev-Inventory";

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final LambdaApiStub lambda = new LambdaApiStub();
    private final List<String> outputsAsked = new CopyOnWriteArrayList<>();

    FunctionVersionsTest() throws IOException {
    }

    @AfterEach
    void stop() {
        lambda.close();
    }

    private int run(String... args) {
        var app = new RunOrders(new PrintStream(out, true), new PrintStream(err, true), () -> {
            throw new AssertionError("no Step Functions call expected");
        }, () -> {
            throw new AssertionError("no SQS call expected");
        }, lambda::client, (stack, name) -> {
            outputsAsked.add(name);
            return FUNCTION;
        }, Duration.ofMillis(1), System::nanoTime);
        return app.run(args);
    }

    @Test
    void listsWhatWouldBeDeletedAndDeletesNothingWithoutDelete() {
        lambda.versions(1, 2, 3, 4, 5, 6).alias("live", 5);

        assertEquals(0, run("versions"));

        assertEquals(List.of("functionArn"), outputsAsked);
        String printed = out.toString();
        assertTrue(printed.contains("6 published versions of " + FUNCTION + "; kept: 6, 5"), printed);
        assertTrue(printed.contains("Old (delete with --delete): 4, 3, 2, 1"), printed);
        assertEquals(List.of(), lambda.deleted);
    }

    @Test
    void deleteKeepsTheNewestAndEveryAliasesVersionAcrossPages() {
        lambda.versions(1, 2, 3, 4, 5, 6, 7, 8).alias("live", 8).alias("previous", 3);
        lambda.pageSize = 3;

        assertEquals(0, run("versions", "--keep", "2", "--delete"));

        assertEquals(List.of("1", "2", "4", "5", "6"), new ArrayList<>(new TreeSet<>(lambda.deleted)));
        assertEquals(new TreeSet<>(List.of(3, 7, 8)), lambda.remaining());
        assertTrue(out.toString().contains("Deleted 5 old versions"), out.toString());
    }

    @Test
    void keepOneLeavesOnlyWhatTheLiveAliasInvokes() {
        lambda.versions(1, 2, 3).alias("live", 3);

        assertEquals(0, run("versions", "--keep", "1", "--delete", "--function", "dev-Inventory"));

        assertEquals(List.of(), outputsAsked);
        assertEquals(new TreeSet<>(List.of(3)), lambda.remaining());
    }

    @Test
    void aFunctionWithoutPublishedVersionsHasNothingToDelete() {
        assertEquals(0, run("versions", "--delete"));

        assertTrue(out.toString().contains("No published versions"), out.toString());
        assertEquals(List.of(), lambda.deleted);
    }

    @Test
    void keepBelowOneIsABadArgument() {
        lambda.versions(1, 2).alias("live", 2);

        assertEquals(ExitCodes.USAGE, run("versions", "--keep", "0", "--delete"));

        assertTrue(err.toString().contains("--keep"), err.toString());
        assertEquals(List.of(), lambda.deleted);
    }

    /** The Lambda API's ListVersionsByFunction, ListAliases and DeleteFunction (REST-JSON), on 127.0.0.1. */
    static final class LambdaApiStub implements AutoCloseable {
        private final HttpServer server;
        private final ConcurrentSkipListSet<Integer> versions = new ConcurrentSkipListSet<>();
        private final Map<String, Integer> aliases = new java.util.concurrent.ConcurrentHashMap<>();
        final List<String> deleted = new CopyOnWriteArrayList<>();
        volatile int pageSize = 50;

        LambdaApiStub() throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
            server.createContext("/2015-03-31/functions/", this::handle);
            server.start();
        }

        LambdaApiStub versions(int... published) {
            for (int version : published) {
                versions.add(version);
            }
            return this;
        }

        LambdaApiStub alias(String name, int version) {
            aliases.put(name, version);
            return this;
        }

        TreeSet<Integer> remaining() {
            return new TreeSet<>(versions);
        }

        LambdaClient client() {
            return LambdaClient.builder().region(Region.US_EAST_1)
                    .endpointOverride(URI.create("http://127.0.0.1:" + server.getAddress().getPort()))
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("t", "t")))
                    .httpClient(UrlConnectionHttpClient.create()).build();
        }

        private void handle(HttpExchange exchange) throws IOException {
            String path = exchange.getRequestURI().getRawPath();
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            String[] parts = path.substring("/2015-03-31/functions/".length()).split("/");
            String function = URLDecoder.decode(parts[0], StandardCharsets.UTF_8);
            JsonObject body = new JsonObject();
            int status = 200;
            if (exchange.getRequestMethod().equals("GET") && parts.length == 2 && parts[1].equals("versions")) {
                List<String> all = new ArrayList<>();
                all.add("$LATEST");
                versions.forEach(v -> all.add(Integer.toString(v)));
                int from = Integer.parseInt(query.getOrDefault("Marker", "0"));
                JsonArray page = new JsonArray();
                for (int i = from; i < Math.min(all.size(), from + pageSize); i++) {
                    JsonObject version = new JsonObject();
                    version.addProperty("FunctionName", function);
                    version.addProperty("Version", all.get(i));
                    page.add(version);
                }
                body.add("Versions", page);
                if (from + pageSize < all.size()) {
                    body.addProperty("NextMarker", Integer.toString(from + pageSize));
                }
            } else if (exchange.getRequestMethod().equals("GET") && parts.length == 2 && parts[1].equals("aliases")) {
                JsonArray list = new JsonArray();
                aliases.forEach((name, version) -> {
                    JsonObject alias = new JsonObject();
                    alias.addProperty("Name", name);
                    alias.addProperty("FunctionVersion", Integer.toString(version));
                    list.add(alias);
                });
                body.add("Aliases", list);
            } else if (exchange.getRequestMethod().equals("DELETE") && parts.length == 1
                    && query.containsKey("Qualifier")) {
                String qualifier = query.get("Qualifier");
                deleted.add(qualifier);
                versions.remove(Integer.valueOf(qualifier));
                status = 204;
            } else {
                status = 404;
            }
            byte[] bytes = status == 204 ? new byte[0] : body.toString().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, status == 204 ? -1 : bytes.length);
            if (bytes.length > 0) {
                exchange.getResponseBody().write(bytes);
            }
            exchange.close();
        }

        private static Map<String, String> query(String raw) {
            Map<String, String> query = new java.util.HashMap<>();
            if (raw != null) {
                for (String pair : raw.split("&")) {
                    String[] kv = pair.split("=", 2);
                    query.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                            kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
                }
            }
            return query;
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
