package com.example.inventory;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.Strictness;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;

import java.io.IOException;
import java.io.StringReader;

/** Strict JSON (RFC 8259) for message bodies and stock: no comments, no unquoted text, nothing after the value. */
final class Json {
    private static final TypeAdapter<JsonElement> ELEMENTS = new Gson().getAdapter(JsonElement.class);

    private Json() {
    }

    /** Parses one JSON value, or throws {@link IllegalArgumentException} saying why the text is not JSON. */
    static JsonElement parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("is empty");
        }
        var reader = new JsonReader(new StringReader(text));
        // Gson's JsonParser is lenient (it accepts `abc` or `{a:1}`); a strict reader rejects them.
        reader.setStrictness(Strictness.STRICT);
        // Bounded so a hostile body of nested brackets cannot exhaust the stack.
        reader.setNestingLimit(64);
        try {
            JsonElement value = ELEMENTS.read(reader);
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw new IllegalArgumentException("is not JSON: text follows the value");
            }
            return value;
        } catch (IOException | JsonParseException | IllegalStateException e) {
            throw new IllegalArgumentException("is not JSON: " + e.getMessage(), e);
        }
    }
}
