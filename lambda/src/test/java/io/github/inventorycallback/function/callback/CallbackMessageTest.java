package io.github.inventorycallback.function.callback;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bodies without a usable token cannot be answered: each says why, so the log explains the dead letter. */
class CallbackMessageTest {

    private static String reason(String body) {
        return assertThrows(CallbackMessage.UnanswerableException.class, () -> CallbackMessage.parse(body))
                .getMessage();
    }

    @Test
    void readsTokenAndInput() throws Exception {
        var message = CallbackMessage.parse("{\"TaskToken\": \"t-1\", \"Input\": {\"orderId\": \"o\"}}");
        assertEquals("t-1", message.taskToken());
        assertEquals("o", message.input().getAsJsonObject().get("orderId").getAsString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "not json", "{\"TaskToken\": \"t\"", "{TaskToken: \"t\"}",
            "{\"TaskToken\": \"t\"} trailing", "{\"TaskToken\": \"t\", }", "{\"TaskToken\": \"t\"} {\"TaskToken\": \"u\"}",
            "{\"TaskToken\": \"t\"}\n[]"})
    void bodyThatIsNotStrictJsonIsUnanswerable(String body) {
        var reason = reason(body);
        assertTrue(reason.startsWith("body is not JSON") || reason.equals("body is empty"), reason);
    }

    @Test
    void theReasonSaysWhereTheBodyStopsBeingJsonOnOneLine() {
        assertEquals("body is not JSON: malformed at line 1 column 1 path $", reason("Callback Task started"));
        assertEquals("body is not JSON: Unterminated object at line 1 column 20 path $.TaskToken",
                reason("{\"TaskToken\": \"t\" \"Input\": {}}"));
    }

    @Test
    void jsonThatIsNotAnObjectIsUnanswerable() {
        assertEquals("body is not a JSON object", reason("[\"TaskToken\"]"));
        assertEquals("body is not a JSON object", reason("\"TaskToken\""));
    }

    @Test
    void tokenMustBeANonEmptyStringOfAtMost2048PrintableCharacters() {
        assertEquals("body has no TaskToken", reason("{\"Input\": {}}"));
        assertEquals("body has no TaskToken", reason("{\"TaskToken\": null}"));
        assertEquals("TaskToken is not a string", reason("{\"TaskToken\": 42}"));
        assertEquals("TaskToken is not a string", reason("{\"TaskToken\": {\"t\": 1}}"));
        assertEquals("TaskToken is empty", reason("{\"TaskToken\": \"\"}"));
        assertEquals("TaskToken has 2049 characters; at most 2048 are allowed",
                reason("{\"TaskToken\": \"" + "a".repeat(2049) + "\"}"));
        assertEquals("TaskToken contains characters other than printable ASCII",
                reason("{\"TaskToken\": \"tok\uFFFDen\"}"));
        assertEquals("TaskToken contains characters other than printable ASCII",
                reason("{\"TaskToken\": \"tok\\ud800en\"}"));
    }

    @Test
    void aTokenOfExactly2048PrintableCharactersIsAnswerable() throws Exception {
        String token = "~".repeat(1024) + "!" + "A".repeat(1023);
        assertEquals(token, CallbackMessage.parse("{\"TaskToken\": \"" + token + "\"}").taskToken());
    }

    @Test
    void deeplyNestedBodyIsRejectedWithoutExhaustingTheStack() {
        var reason = reason("{\"TaskToken\": \"t\", \"Input\": " + "[".repeat(100_000) + "]".repeat(100_000) + "}");
        assertTrue(reason.startsWith("body is not JSON"), reason);
    }
}
