package io.github.inventorycallback.stack;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CloudWatch Logs' JSON filter patterns, as far as the stack uses them: {@code { $.a.b = "value" }} terms joined by
 * {@code &&}. A pattern outside that subset fails the test rather than matching by accident.
 */
final class FilterPatterns {
    private static final Pattern WHOLE = Pattern.compile("^\\{\\s*(.+?)\\s*}$");
    private static final Pattern TERM = Pattern.compile("^\\$\\.([A-Za-z0-9_.]+)\\s*=\\s*\"([^\"]*)\"$");

    private FilterPatterns() {
    }

    static boolean matches(String pattern, String logEvent) {
        Matcher whole = WHOLE.matcher(pattern.trim());
        if (!whole.matches()) {
            throw new IllegalArgumentException("not a JSON filter pattern: " + pattern);
        }
        JsonElement event;
        try {
            event = JsonParser.parseString(logEvent);
        } catch (RuntimeException e) {
            return false;
        }
        for (String term : whole.group(1).split("&&")) {
            Matcher selector = TERM.matcher(term.trim());
            if (!selector.matches()) {
                throw new IllegalArgumentException("unsupported term '" + term + "' in " + pattern);
            }
            JsonElement value = event;
            for (String key : selector.group(1).split("\\.")) {
                value = value != null && value.isJsonObject() ? value.getAsJsonObject().get(key) : null;
            }
            if (value == null || !value.isJsonPrimitive() || !value.getAsString().equals(selector.group(2))) {
                return false;
            }
        }
        return true;
    }
}
