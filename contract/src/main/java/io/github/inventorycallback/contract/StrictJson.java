package io.github.inventorycallback.contract;

import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;

/**
 * Strict JSON (RFC 8259) for message bodies, stock and order files: no comments, no single quotes or unquoted text,
 * nothing after the value.
 */
public final class StrictJson {
    /** Deep enough for any order; bounded so a hostile body of nested brackets cannot exhaust the stack. */
    static final int NESTING_LIMIT = 64;

    private StrictJson() {
    }

    /** Parses one JSON value, or throws {@link IllegalArgumentException} saying why the text is not JSON. */
    public static JsonElement parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("is empty");
        }
        return parse(new StringReader(text));
    }

    /** The same, from a reader (a file). */
    public static JsonElement parse(Reader text) {
        var reader = new JsonReader(text);
        // JsonParser is lenient by default (it accepts `abc` or `{a:1}`); it keeps an explicitly strict reader
        // strict, and needs no Gson instance (whose 60-odd adapter classes would load at a cold start).
        reader.setStrictness(Strictness.STRICT);
        reader.setNestingLimit(NESTING_LIMIT);
        try {
            JsonElement value = JsonParser.parseReader(reader);
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw new IllegalArgumentException("is not JSON: text follows the value");
            }
            return value;
        } catch (IOException | JsonParseException | IllegalStateException e) {
            throw new IllegalArgumentException("is not JSON: " + reason(e), e);
        }
    }

    /** Gson's reason on one line, without its advice to parse leniently: "Unterminated object at line 1 column 9". */
    public static String reason(Exception e) {
        Throwable cause = e instanceof JsonParseException && e.getCause() != null ? e.getCause() : e;
        String message = String.valueOf(cause.getMessage()).lines().findFirst().orElse("");
        return message.replace("Use JsonReader.setStrictness(Strictness.LENIENT) to accept malformed JSON", "malformed");
    }
}
