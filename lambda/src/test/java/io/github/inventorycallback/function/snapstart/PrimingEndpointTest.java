package io.github.inventorycallback.function.snapstart;

import io.github.inventorycallback.function.callback.FullJitterBackoff;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The priming's loopback responder and the callbacks' backoff, on their own. */
class PrimingEndpointTest {

    @Test
    void aConnectionLeftOpenIsReportedNotHidden() throws Exception {
        var endpoint = new PrimingEndpoint();
        URL url = endpoint.createConnection(URI.create("https://states.us-east-1.amazonaws.com/")).getURL();
        // A client that connects and never sends a request: nothing can take its connection back. No pause is needed
        // for the responder to accept it: close() takes idle connections back over a new one, accepted after this
        // one (connections wait to be accepted in the order they were made).
        try (var idle = new Socket(InetAddress.getLoopbackAddress(), url.getPort())) {
            endpoint.close();
            assertEquals(1, endpoint.openAtClose(), "this connection, and none of those close() took back");
        }
    }

    @Test
    void everyStepFunctionsUriGoesToTheLoopbackResponder() throws Exception {
        try (var endpoint = new PrimingEndpoint()) {
            var connection = endpoint.createConnection(URI.create("https://states.eu-west-1.amazonaws.com/"));
            assertEquals("127.0.0.1", connection.getURL().getHost());
            assertEquals("http", connection.getURL().getProtocol());
            connection.setRequestMethod("POST");
            connection.setDoOutput(true);
            connection.getOutputStream().write("{\"taskToken\": \"t\"}".getBytes(StandardCharsets.UTF_8));
            assertEquals(200, connection.getResponseCode());
            assertEquals("{}", new String(connection.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            assertEquals(1, endpoint.requests());
        }
    }

    @Test
    void aRequestIsReadWithItsBodyAndTheEndOfTheConnectionIsNull() throws Exception {
        var in = new ByteArrayInputStream(("POST /x HTTP/1.1\r\nHost: h\r\ncontent-length: 5\r\n\r\nhello"
                + "GET /y HTTP/1.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        var first = PrimingEndpoint.read(in);
        assertEquals("POST /x HTTP/1.1", first.requestLine());
        assertArrayEquals("hello".getBytes(StandardCharsets.US_ASCII), first.body());
        var second = PrimingEndpoint.read(in);
        assertEquals("GET /y HTTP/1.1", second.requestLine());
        assertEquals(0, second.body().length);
        assertNull(PrimingEndpoint.read(in));
    }

    @Test
    void backoffTreatsAttemptsBelowTheFirstRetryAsItAndNeverOverflows() {
        var backoff = new FullJitterBackoff(Duration.ofMillis(100), Duration.ofSeconds(1));
        assertEquals(Duration.ofMillis(100), backoff.ceiling(0));
        assertEquals(Duration.ofMillis(100), backoff.ceiling(1));
        assertEquals(Duration.ofMillis(100), backoff.ceiling(2));
        assertEquals(Duration.ofSeconds(1), backoff.ceiling(64));
        assertEquals(Duration.ofSeconds(1), backoff.ceiling(Integer.MAX_VALUE));
    }

    @Test
    void theCeilingItselfCanBeDrawn() {
        long[] bound = new long[1];
        var random = new Random() {
            @Override
            public long nextLong(long limit) {
                bound[0] = limit;
                return limit - 1;
            }
        };
        var backoff = new FullJitterBackoff(Duration.ofMillis(100), Duration.ofSeconds(1), random);
        assertEquals(Duration.ofMillis(200), backoff.computeDelay(3));
        assertEquals(201, bound[0]);
    }
}
