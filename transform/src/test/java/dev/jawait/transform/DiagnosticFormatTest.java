package dev.jawait.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class DiagnosticFormatTest {
    @Test
    void theOneFormatIsPathLineSeverityMessage() {
        Diagnostic warning = new Diagnostic(Diagnostic.Severity.WARNING, "com/example/Shop$Cart", "pay",
                "Shop.java", 42, "[blocking-call] it blocks", Check.BLOCKING_CALL);
        assertEquals("com/example/Shop.java:[42] warning: [blocking-call] it blocks", warning.format());
        assertEquals("/src/com/example/Shop.java:[42] warning: [blocking-call] it blocks",
                warning.format("/src/com/example/Shop.java"));
    }

    @Test
    void aDiagnosticWithoutLineIsPlacedOnLineOne() {
        Diagnostic error = new Diagnostic(Diagnostic.Severity.ERROR, "Top", "<class>", null, -1, "broken");
        assertEquals("Top.java:[1] error: broken", error.format());
    }
}
