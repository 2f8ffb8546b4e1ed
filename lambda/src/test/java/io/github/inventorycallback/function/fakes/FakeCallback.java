package io.github.inventorycallback.function.fakes;

import io.github.inventorycallback.function.callback.TaskCallback;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records the answers sent to Step Functions; tokens can be set up to fail transiently or be refused. */
public class FakeCallback implements TaskCallback {

    public record Answer(String token, String output, String error, String cause) {
        public boolean success() {
            return output != null;
        }
    }

    public final List<Answer> answers = new CopyOnWriteArrayList<>();
    private final Map<String, RuntimeException> transientFailures = new ConcurrentHashMap<>();
    private final Map<String, String> refusals = new ConcurrentHashMap<>();

    public FakeCallback failTransiently(String token, RuntimeException failure) {
        transientFailures.put(token, failure);
        return this;
    }

    public FakeCallback refuse(String token, String reason) {
        refusals.put(token, reason);
        return this;
    }

    @Override
    public void succeed(String taskToken, String output, Duration timeLeft) throws TokenRefusedException {
        answer(new Answer(taskToken, output, null, null));
    }

    @Override
    public void fail(String taskToken, String error, String cause, Duration timeLeft) throws TokenRefusedException {
        answer(new Answer(taskToken, null, error, cause));
    }

    private void answer(Answer answer) throws TokenRefusedException {
        RuntimeException failure = transientFailures.get(answer.token());
        if (failure != null) {
            throw failure;
        }
        String refusal = refusals.get(answer.token());
        if (refusal != null) {
            throw new TokenRefusedException(refusal, null);
        }
        answers.add(answer);
    }

    public Answer answerFor(String token) {
        return answers.stream().filter(a -> a.token().equals(token)).findFirst()
                .orElseThrow(() -> new AssertionError("no answer was sent for " + token + "; sent: " + answers));
    }
}
