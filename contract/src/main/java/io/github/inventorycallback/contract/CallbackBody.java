package io.github.inventorycallback.contract;

import com.google.gson.JsonElement;

/**
 * The body the state machine's {@code Check Inventory} task puts on the queue, as the program writes it into the
 * definition and the function (and {@code ./orders dlq list}) reads it:
 * {@code {"MessageTitle": "...", "TaskToken": "...", "Input": <execution input>}}.
 */
public final class CallbackBody {
    public static final String MESSAGE_TITLE = "MessageTitle";
    public static final String TASK_TOKEN = "TaskToken";
    public static final String INPUT = "Input";
    /** The title the definition sends (the tutorial's). */
    public static final String TITLE = "Callback Task started by Step Functions";

    /** Step Functions task tokens are at most 2,048 characters (SendTaskSuccess API reference). */
    public static final int MAX_TOKEN_LENGTH = 2048;

    private CallbackBody() {
    }

    /**
     * Why a body's {@code TaskToken} cannot answer a task, or null when it can: present, a string of 1 to
     * {@value #MAX_TOKEN_LENGTH} printable ASCII characters (real tokens are base64-like; anything else is corrupt and
     * would only be refused by the API).
     */
    public static String tokenProblem(JsonElement token) {
        if (token == null || token.isJsonNull()) {
            return "body has no " + TASK_TOKEN;
        }
        if (!token.isJsonPrimitive() || !token.getAsJsonPrimitive().isString()) {
            return TASK_TOKEN + " is not a string";
        }
        String value = token.getAsString();
        if (value.isEmpty()) {
            return TASK_TOKEN + " is empty";
        }
        if (value.length() > MAX_TOKEN_LENGTH) {
            return TASK_TOKEN + " has " + value.length() + " characters; at most " + MAX_TOKEN_LENGTH + " are allowed";
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                return TASK_TOKEN + " contains characters other than printable ASCII";
            }
        }
        return null;
    }
}
