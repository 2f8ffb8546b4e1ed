package com.example.inventory;

import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;

import java.io.IOException;
import java.io.StringReader;

/** Strict JSON (RFC 8259) for message bodies and stock: no comments, no unquoted text, nothing after the value. */
final class Json {
    private Json() {
    }

    /** Parses one JSON value, or throws {@link IllegalArgumentException} saying why the text is not JSON. */
    static JsonElement parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("is empty");
        }
        var reader = new JsonReader(new StringReader(text));
        // JsonParser is lenient by default (it accepts `abc` or `{a:1}`); it keeps an explicitly strict reader
        // strict, and needs no Gson instance (whose 60-odd adapter classes would load at cold start).
        reader.setStrictness(Strictness.STRICT);
        // Bounded so a hostile body of nested brackets cannot exhaust the stack.
        reader.setNestingLimit(64);
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
    static String reason(Exception e) {
        Throwable cause = e instanceof JsonParseException && e.getCause() != null ? e.getCause() : e;
        String message = String.valueOf(cause.getMessage()).lines().findFirst().orElse("");
        return message.replace("Use JsonReader.setStrictness(Strictness.LENIENT) to accept malformed JSON", "malformed");
    }
}
