package io.github.inventorycallback.function.snapstart;

import io.github.inventorycallback.function.callback.FullJitterBackoff;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;

import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
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
        URI url = endpoint.uri();
        // A client that connects and never sends a request: nothing can take its connection back. No pause is needed
        // for the responder to accept it: close() takes idle connections back over a new one, accepted after this
        // one (connections wait to be accepted in the order they were made).
        try (var idle = new Socket(InetAddress.getLoopbackAddress(), url.getPort())) {
            endpoint.close();
            assertEquals(1, endpoint.openAtClose(), "this connection, and none of those close() took back");
        }
    }

    @Test
    void itAnswersStepFunctionsCallsOnTheLoopbackInterfaceAndClosesEachConnectionAfterItsShare() throws Exception {
        try (var endpoint = new PrimingEndpoint()) {
            assertEquals("127.0.0.1", endpoint.uri().getHost());
            assertEquals("http", endpoint.uri().getScheme());
            for (int i = 0; i < 2 * PrimingEndpoint.REQUESTS_PER_CONNECTION; i++) {
                var connection = (HttpURLConnection) endpoint.uri().toURL().openConnection();
                connection.setRequestMethod("POST");
                connection.setDoOutput(true);
                connection.getOutputStream().write("{\"taskToken\": \"t\"}".getBytes(StandardCharsets.UTF_8));
                assertEquals(200, connection.getResponseCode());
                assertEquals("{}", new String(connection.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
                boolean last = (i + 1) % PrimingEndpoint.REQUESTS_PER_CONNECTION == 0;
                assertEquals(last ? "close" : null, connection.getHeaderField("Connection"), "request " + i);
            }
            assertEquals(2 * PrimingEndpoint.REQUESTS_PER_CONNECTION, endpoint.requests());
            // The JDK reused each connection until it was closed, then opened a new one.
            assertEquals(2, endpoint.connectionsAccepted());
        }
    }

    @Test
    void itHandsOutThrowawaySessionCredentialsAsTheContainerEndpointDoes() throws Exception {
        try (var endpoint = new PrimingEndpoint(); var provider = ContainerCredentialsProvider.create()) {
            System.setProperty(SnapStartPriming.CREDENTIALS_URI_PROPERTY, endpoint.credentialsUri());
            var credentials = (AwsSessionCredentials) provider.resolveCredentials();

            assertEquals(PrimingEndpoint.THROWAWAY, credentials.accessKeyId());
            assertEquals(PrimingEndpoint.THROWAWAY, credentials.sessionToken());
            assertTrue(credentials.expirationTime().orElseThrow().isAfter(Instant.now().plusSeconds(30 * 60)),
                    credentials.toString());
            assertEquals(1, endpoint.credentialRequests());
            assertEquals(0, endpoint.requests(), "a credentials request is no Step Functions call");
        } finally {
            System.clearProperty(SnapStartPriming.CREDENTIALS_URI_PROPERTY);
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
