package io.github.inventorycallback.local;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the command says when it cannot start: each message names the problem. */
class LocalLambdaTest {
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return new LocalLambda(new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true,
                StandardCharsets.UTF_8)).run(args);
    }

    private String said() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void anEndpointThatIsNotAnHttpUrlIsRefused() {
        assertEquals(2, run("--endpoint", "127.0.0.1:5000", "--function", "dev-Inventory"));
        assertTrue(said().contains("--endpoint '127.0.0.1:5000' is not an http(s) URL with a host"), said());
    }

    @Test
    void anEndpointWhereNothingAnswersIsNamed() throws Exception {
        int port;
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }

        assertEquals(2, run("--endpoint", "http://127.0.0.1:" + port, "--function", "dev-Inventory"));
        assertTrue(said().contains("cannot reach the local AWS at http://127.0.0.1:" + port), said());
    }

    @Test
    void aRuntimeApiPortAlreadyTakenIsNamed() throws Exception {
        try (var taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            var refused = assertThrows(IllegalStateException.class,
                    () -> new RuntimeApi(taken.getLocalPort(), invocation -> { }));

            assertTrue(refused.getMessage().startsWith("cannot serve the Lambda Runtime API on 127.0.0.1:"
                    + taken.getLocalPort() + ": the port is already taken"), refused.getMessage());
        }
    }

    @Test
    void aMissingOptionIsNamed() {
        assertEquals(2, run("--endpoint", "http://127.0.0.1:5000"));
        assertTrue(said().contains("Missing required option: '--function=NAME'"), said());
    }
}
