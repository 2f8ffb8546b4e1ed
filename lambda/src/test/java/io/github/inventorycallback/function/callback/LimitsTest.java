package io.github.inventorycallback.function.callback;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;

/** SendTaskFailure accepts an error of 256 characters and a cause of 32,768: longer ones are cut, visibly. */
class LimitsTest {

    @Test
    void textWithinTheLimitIsUntouched() {
        String cause = "c".repeat(Limits.MAX_CAUSE_LENGTH);
        assertSame(cause, Limits.cause(cause));
    }

    @Test
    void longerTextIsCutToTheLimitEndingWithAnEllipsis() {
        String error = Limits.error("e".repeat(300));
        assertEquals(Limits.MAX_ERROR_LENGTH, error.length());
        assertEquals('…', error.charAt(error.length() - 1));
    }

    @Test
    void textOfExactlyTheLimitIsUntouchedAndOneMoreIsCut() {
        String error = "e".repeat(Limits.MAX_ERROR_LENGTH);
        assertSame(error, Limits.error(error));
        assertEquals("e".repeat(Limits.MAX_ERROR_LENGTH - 1) + "…", Limits.error(error + "x"));
        assertEquals("c".repeat(Limits.MAX_CAUSE_LENGTH - 1) + "…", Limits.cause("c".repeat(Limits.MAX_CAUSE_LENGTH + 1)));
    }

    @Test
    void anEmojiThatEndsJustBeforeTheCutStaysWhole() {
        // 253 letters, an emoji in units 253-254, then ASCII: the cut after 255 units keeps the emoji whole.
        String error = Limits.error("e".repeat(253) + "😀" + "abc");
        assertEquals("e".repeat(253) + "😀" + "…", error);
    }

    @Test
    void aCutNeverSplitsACharacterOutsideTheBasicPlane() {
        // 254 letters, then emoji (two UTF-16 units each): the cut falls inside the first emoji.
        String error = Limits.error("e".repeat(254) + "😀" + "abcdef");
        assertFalse(Character.isHighSurrogate(error.charAt(error.length() - 2)), error);
        assertEquals("e".repeat(254) + "…", error);
    }
}
