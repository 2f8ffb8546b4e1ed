package io.github.inventorycallback.function.callback;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.SfnClientBuilder;

import java.time.Duration;
import java.util.Map;
import java.util.Random;

/** The Step Functions client the callbacks share, and how it retries. */
public final class CallbackClients {

    /** Attempts per callback, the first included, when the invocation has time for them. */
    public static final int MAX_CALLBACK_ATTEMPTS = 8;

    /**
     * Before the retries of a throttled call: from 1 s, doubling, at most 2 s. Longer than for other failures:
     * a throttled call waits for the account's bucket to refill, shared by every instance, and each early retry is
     * one more call throttled (docs/benchmarks.md, "Peak load": from 0.5 s, 13% of the callback calls were
     * throttled at three times the refill rate; from 1 s, 8.5%). Four throttles in a row take at most 7 s, inside the
     * default invocation's 8.5 s; five take 4.5 s on average and at most 9 s, and a callback the invocation has no
     * time left for is answered on the order's next receive.
     */
    public static final FullJitterBackoff THROTTLING_BACKOFF =
            new FullJitterBackoff(Duration.ofSeconds(1), Duration.ofSeconds(2));

    /** Before the retries of a call that failed otherwise (5xx, network): from 0.2 s, doubling, at most 1 s. */
    public static final FullJitterBackoff FAILURE_BACKOFF =
            new FullJitterBackoff(Duration.ofMillis(200), Duration.ofSeconds(1));

    /**
     * Transient failures (throttling, 5xx, network) are retried here, in seconds, rather than by SQS after the
     * visibility timeout, when the order may already have timed out: exponential backoff with full jitter, at most
     * {@value #MAX_CALLBACK_ATTEMPTS} attempts, cut short by each call's {@code apiCallTimeout} at the invocation's
     * deadline. No circuit breaker: the event source mapping's maximum concurrency already bounds the callers, and
     * an open breaker would send answerable orders back to the queue.
     */
    static final RetryStrategy CALLBACK_RETRIES = retries(FAILURE_BACKOFF.random());

    /**
     * {@link #CALLBACK_RETRIES} with both backoffs drawing their delays from {@code jitter}: a seam so that tests can
     * draw no wait and read each ceiling, instead of sleeping through real backoffs.
     */
    static RetryStrategy retries(Random jitter) {
        return AwsRetryStrategy.standardRetryStrategy().toBuilder()
                .maxAttempts(MAX_CALLBACK_ATTEMPTS)
                .backoffStrategy(FAILURE_BACKOFF.drawingFrom(jitter))
                .throttlingBackoffStrategy(THROTTLING_BACKOFF.drawingFrom(jitter))
                .circuitBreakerEnabled(false)
                .build();
    }

    private CallbackClients() {
    }

    /**
     * The function's client, for {@code concurrency} parallel callbacks.
     *
     * @param credentials see {@link #credentials(Map)}
     */
    public static SfnClient client(Region region, AwsCredentialsProvider credentials, int concurrency) {
        // The JDK keeps 5 idle connections per host by default; parallel callbacks need one each.
        if (System.getProperty("http.maxConnections") == null) {
            System.setProperty("http.maxConnections", Integer.toString(concurrency));
        }
        return builder(region).credentialsProvider(credentials).build();
    }

    /**
     * URLConnection HTTP (no Apache or Netty), explicit timeouts so a stalled connection fails the attempt instead
     * of the invocation, and {@link #CALLBACK_RETRIES}. Endpoint resolution is left to the SDK, so the standard
     * {@code AWS_ENDPOINT_URL_SFN} / {@code AWS_ENDPOINT_URL} settings apply.
     */
    public static SfnClientBuilder builder(Region region) {
        return SfnClient.builder()
                .region(region)
                .overrideConfiguration(c -> c.retryStrategy(CALLBACK_RETRIES))
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(2))
                        .socketTimeout(Duration.ofSeconds(5))
                        .build());
    }

    /**
     * Named directly, skipping the default chain's probing at cold start: Lambda's environment variables, or under
     * SnapStart (where Lambda provides no key variables) the container credentials endpoint it sets instead.
     */
    public static AwsCredentialsProvider credentials(Map<String, String> env) {
        if (env.containsKey("AWS_CONTAINER_CREDENTIALS_FULL_URI")) {
            return ContainerCredentialsProvider.create();
        }
        return EnvironmentVariableCredentialsProvider.create();
    }
}
