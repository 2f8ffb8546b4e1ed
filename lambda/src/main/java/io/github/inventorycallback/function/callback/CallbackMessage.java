package io.github.inventorycallback.function.callback;

import io.github.inventorycallback.contract.CallbackBody;
import io.github.inventorycallback.contract.StrictJson;

import com.google.gson.JsonElement;
import com.google.gson.JsonNull;

/**
 * The body the state machine's {@code Check Inventory} task puts on the queue:
 * {@code {"MessageTitle": "...", "TaskToken": "...", "Input": <execution input>}}.
 *
 * @param taskToken the token that answers the waiting task
 * @param input     the execution input; {@link JsonNull} when the sender sent none
 */
public record CallbackMessage(String taskToken, JsonElement input) {

    /** Thrown for a body that carries no usable task token: nobody can be told, so SQS must redeliver it. */
    public static final class UnanswerableException extends Exception {
        public UnanswerableException(String reason) {
            super(reason);
        }
    }

    public static CallbackMessage parse(String body) throws UnanswerableException {
        JsonElement json;
        try {
            json = StrictJson.parse(body);
        } catch (IllegalArgumentException e) {
            throw new UnanswerableException("body " + e.getMessage());
        }
        if (!json.isJsonObject()) {
            throw new UnanswerableException("body is not a JSON object");
        }
        var object = json.getAsJsonObject();
        JsonElement token = object.get(CallbackBody.TASK_TOKEN);
        String problem = CallbackBody.tokenProblem(token);
        if (problem != null) {
            throw new UnanswerableException(problem);
        }
        JsonElement input = object.has(CallbackBody.INPUT) ? object.get(CallbackBody.INPUT) : JsonNull.INSTANCE;
        return new CallbackMessage(token.getAsString(), input);
    }
}
