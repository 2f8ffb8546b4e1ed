package io.github.inventorycallback.local;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * How a batch is gathered: one long poll without a batching window; with one, further receives until the batch is
 * full, the window has passed or the payload reaches Lambda's limit. The queue answers from a script, and time is
 * the test's: each receive takes one second of it.
 */
class SqsPollerGatherTest {
    private long now;
    private final List<ReceiveMessageRequest> requests = new ArrayList<>();

    /** A queue whose receives return these many messages (at most what was asked for) of bodies of this size. */
    private SqsClient queue(List<Integer> sizes, int bodyBytes) {
        Iterator<Integer> answers = sizes.iterator();
        return new SqsClient() {
            @Override
            public ReceiveMessageResponse receiveMessage(ReceiveMessageRequest request) {
                requests.add(request);
                now += TimeUnit.SECONDS.toNanos(1);
                int count = answers.hasNext() ? Math.min(answers.next(), request.maxNumberOfMessages()) : 0;
                return ReceiveMessageResponse.builder().messages(IntStream.range(0, count)
                        .mapToObj(i -> Message.builder().messageId("m-" + requests.size() + "-" + i)
                                .body("x".repeat(bodyBytes)).build()).toList()).build();
            }

            @Override
            public String serviceName() {
                return "sqs";
            }

            @Override
            public void close() {
            }
        };
    }

    private List<Message> gather(int batchSize, int windowSeconds, List<Integer> sizes, int bodyBytes) {
        var mapping = new DeployedFunction.Mapping("uuid", "arn:aws:lambda:us-east-1:123456789012:function:Inventory",
                "arn:aws:sqs:us-east-1:123456789012:Orders", "http://127.0.0.1:1/123456789012/Orders", batchSize,
                windowSeconds, 2, true, "us-east-1", 60, null);
        return new SqsPoller(queue(sizes, bodyBytes), mapping, SqsPoller.LONG_POLL_SECONDS, () -> now, pause -> { },
                new SqsPoller.Listener() { }).gather();
    }

    private List<Integer> asked() {
        return requests.stream().map(ReceiveMessageRequest::maxNumberOfMessages).toList();
    }

    private List<Integer> waited() {
        return requests.stream().map(ReceiveMessageRequest::waitTimeSeconds).toList();
    }

    @Test
    void withoutABatchingWindowABatchIsWhatOneLongPollReturns() {
        assertEquals(3, gather(10, 0, List.of(3, 5), 10).size());
        assertEquals(List.of(10), asked());
        assertEquals(List.of(20), waited());
    }

    @Test
    void withABatchingWindowReceivesGoOnUntilTheBatchIsFull() {
        assertEquals(25, gather(25, 5, List.of(10, 10, 10), 10).size());
        assertEquals(List.of(10, 10, 5), asked());
    }

    @Test
    void withABatchingWindowTheBatchEndsWhenTheWindowHasPassed() {
        assertEquals(12, gather(100, 3, List.of(4, 4, 4, 4, 4), 10).size());
        assertEquals(List.of(20, 2, 1), waited(), "each receive waits at most what is left of the window");
    }

    @Test
    void aBatchStopsGrowingAtLambdasPayloadLimit() {
        assertEquals(10, gather(100, 300, List.of(10, 10), 700_000).size());
        assertEquals(1, requests.size());
    }
}
