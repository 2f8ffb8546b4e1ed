package io.github.inventorycallback.function.callback;

/** Step Functions' limits on callback payloads (SendTaskFailure API reference). */
public final class Limits {
    public static final int MAX_ERROR_LENGTH = 256;
    public static final int MAX_CAUSE_LENGTH = 32_768;

    private Limits() {
    }

    public static String error(String error) {
        return truncate(error, MAX_ERROR_LENGTH);
    }

    public static String cause(String cause) {
        return truncate(cause, MAX_CAUSE_LENGTH);
    }

    private static String truncate(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int end = max - 1;
        // Never split a surrogate pair: the API would reject the half character.
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end) + "…";
    }
}
