package com.example.inventory;

import com.google.gson.JsonElement;
import com.google.gson.JsonNull;

/**
 * The body the state machine's {@code Check Inventory} task puts on the queue:
 * {@code {"MessageTitle": "...", "TaskToken": "...", "Input": <execution input>}}.
 *
 * @param taskToken the token that answers the waiting task
 * @param input     the execution input; {@link JsonNull} when the sender sent none
 */
record CallbackMessage(String taskToken, JsonElement input) {

    /** Step Functions task tokens are at most 2,048 characters (SendTaskSuccess API reference). */
    static final int MAX_TOKEN_LENGTH = 2048;

    /** Thrown for a body that carries no usable task token: nobody can be told, so SQS must redeliver it. */
    static final class UnanswerableException extends Exception {
        UnanswerableException(String reason) {
            super(reason);
        }
    }

    static CallbackMessage parse(String body) throws UnanswerableException {
        JsonElement json;
        try {
            json = Json.parse(body);
        } catch (IllegalArgumentException e) {
            throw new UnanswerableException("body " + e.getMessage());
        }
        if (!json.isJsonObject()) {
            throw new UnanswerableException("body is not a JSON object");
        }
        var object = json.getAsJsonObject();
        JsonElement token = object.get("TaskToken");
        if (token == null || token.isJsonNull()) {
            throw new UnanswerableException("body has no TaskToken");
        }
        if (!token.isJsonPrimitive() || !token.getAsJsonPrimitive().isString()) {
            throw new UnanswerableException("TaskToken is not a string");
        }
        String value = token.getAsString();
        if (value.isEmpty()) {
            throw new UnanswerableException("TaskToken is empty");
        }
        if (value.length() > MAX_TOKEN_LENGTH) {
            throw new UnanswerableException(
                    "TaskToken has " + value.length() + " characters; at most " + MAX_TOKEN_LENGTH + " are allowed");
        }
        if (!isPrintableAscii(value)) {
            // Real tokens are base64-like ASCII; anything else is corrupt and would only be refused by the API.
            throw new UnanswerableException("TaskToken contains characters other than printable ASCII");
        }
        JsonElement input = object.has("Input") ? object.get("Input") : JsonNull.INSTANCE;
        return new CallbackMessage(value, input);
    }

    private static boolean isPrintableAscii(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }
}
