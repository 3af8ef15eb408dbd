package dev.jawait.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ClassPatternTest {
    @Test
    void aSingleStarStaysWithinOnePackage() {
        ClassPattern pattern = ClassPattern.compile("com.example.*");
        assertTrue(pattern.matches("com.example.Shop"));
        assertTrue(pattern.matches("com.example.Shop$Cart"));
        assertFalse(pattern.matches("com.example.gen.Model"));
        assertFalse(pattern.matches("com.examples.Shop"));
    }

    @Test
    void aDoubleStarCrossesPackages() {
        ClassPattern pattern = ClassPattern.compile("com.example.**");
        assertTrue(pattern.matches("com.example.Shop"));
        assertTrue(pattern.matches("com.example.gen.deep.Model"));
        assertFalse(pattern.matches("org.example.Shop"));
        assertTrue(ClassPattern.compile("**Test").matches("com.example.ShopTest"));
        assertFalse(ClassPattern.compile("*Test").matches("com.example.ShopTest"));
    }

    @Test
    void aQuestionMarkIsOneCharacterButNotASeparator() {
        ClassPattern pattern = ClassPattern.compile("com.example.Shop?");
        assertTrue(pattern.matches("com.example.Shop2"));
        assertFalse(pattern.matches("com.example.Shop"));
        assertFalse(pattern.matches("com.example.Shop12"));
        assertFalse(ClassPattern.compile("com?example.Shop").matches("com.example.Shop"));
    }

    @Test
    void dotsAndSlashesAreTheSameInPatternsAndNames() {
        assertTrue(ClassPattern.compile("com/example/**").matches("com.example.gen.Model"));
        assertTrue(ClassPattern.compile("com.example.**").matches("com/example/gen/Model"));
        assertTrue(ClassPattern.compile("com/example/*").matches("com/example/Shop"));
    }

    @Test
    void otherCharactersAreLiteral() {
        assertTrue(ClassPattern.compile("a.B$C").matches("a.B$C"));
        assertFalse(ClassPattern.compile("a.B+").matches("a.BB"));
    }

    @Test
    void anEmptyPatternIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> ClassPattern.compile(" "));
    }

    @Test
    void aPatternPrintsAsWritten() {
        assertEquals("com.example.**", ClassPattern.compile(" com.example.** ").toString());
    }
}
