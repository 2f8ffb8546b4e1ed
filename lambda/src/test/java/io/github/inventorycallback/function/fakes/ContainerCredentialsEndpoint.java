package io.github.inventorycallback.function.fakes;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Lambda's container credentials endpoint on 127.0.0.1, as a SnapStart function gets it instead of key variables
 * ({@code AWS_CONTAINER_CREDENTIALS_FULL_URI}): it hands out whatever access key it is told to, valid for an hour.
 */
public final class ContainerCredentialsEndpoint implements AutoCloseable {
    private final HttpServer server;
    private volatile String accessKey = "container-credentials";

    public ContainerCredentialsEndpoint() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
        server.createContext("/credentials", exchange -> {
            byte[] body = ("{\"AccessKeyId\": \"" + accessKey + "\", \"SecretAccessKey\": \"secret\", \"Token\":"
                    + " \"token\", \"Expiration\": \"" + Instant.now().plus(1, ChronoUnit.HOURS) + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    /** The value of {@code AWS_CONTAINER_CREDENTIALS_FULL_URI}. */
    public String uri() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/credentials";
    }

    /** The access key handed out from now on. */
    public void accessKey(String key) {
        accessKey = key;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
