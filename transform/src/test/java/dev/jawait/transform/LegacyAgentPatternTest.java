package dev.jawait.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LegacyAgentPatternTest {
    @Test
    void aLoneStarInADottedPatternIsTheOldSpelling() {
        assertTrue(LegacyAgentPattern.isOldStyle("com.example.*"));
        assertTrue(LegacyAgentPattern.isOldStyle("*Test"));
        assertTrue(LegacyAgentPattern.isOldStyle("com.*.internal.*"));
        assertTrue(LegacyAgentPattern.isOldStyle("*"));
    }

    @Test
    void anythingTheOldSpellingLackedMakesAPatternNew() {
        assertFalse(LegacyAgentPattern.isOldStyle("com.example.**"));
        assertFalse(LegacyAgentPattern.isOldStyle("com.*.internal.**"));
        assertFalse(LegacyAgentPattern.isOldStyle("com/example/*"));
        assertFalse(LegacyAgentPattern.isOldStyle("com.example.Shop?"));
        assertFalse(LegacyAgentPattern.isOldStyle("com.example.Shop"));
    }

    @Test
    void theNewSpellingMatchesWhatTheOldOneDid() {
        assertEquals("com.example.**", LegacyAgentPattern.newSpelling("com.example.*"));
        assertEquals("com.**.internal.**", LegacyAgentPattern.newSpelling("com.*.internal.*"));
        ClassPattern translated = ClassPattern.compile(LegacyAgentPattern.newSpelling("com.example.*"));
        assertTrue(translated.matches("com.example.gen.Model"));
        assertTrue(translated.matches("com.example.Shop"));
    }

    @Test
    void theWarningIsOneLineWithBothNewSpellings() {
        assertEquals("deprecated pattern 'com.example.*': a single * now stays within a package; it is read"
                + " the old way (any text) for now, so write 'com.example.**' for the same classes, or"
                + " 'com/example/*' for the new meaning", LegacyAgentPattern.warning("com.example.*"));
    }
}
