package com.example.inventory;

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
    void aCutNeverSplitsACharacterOutsideTheBasicPlane() {
        // 254 letters, then emoji (two UTF-16 units each): the cut falls inside the first emoji.
        String error = Limits.error("e".repeat(254) + "😀".repeat(10));
        assertFalse(Character.isHighSurrogate(error.charAt(error.length() - 2)), error);
        assertEquals("e".repeat(254) + "…", error);
    }
}
