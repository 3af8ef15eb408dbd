package dev.jawait.agent;

import java.io.PrintStream;

/**
 * The agent's output: one line per event, on standard error, prefixed {@code [jawait]}. Not {@code System.Logger}:
 * asking for a logger in {@code premain} would initialize the JDK's logging before the application could configure
 * it (a known trap for agents), and the JVM swallows what a transformer throws, so these lines must not depend on
 * anyone's configuration.
 */
final class AgentLog {
    private final PrintStream out;

    AgentLog(PrintStream out) {
        this.out = out;
    }

    void info(String message) {
        out.println("[jawait] " + message);
    }

    void warning(String message) {
        out.println("[jawait] WARNING " + message);
    }

    void error(String message) {
        out.println("[jawait] ERROR " + message);
    }
}
