package dev.jawait.agent;

import java.lang.instrument.Instrumentation;

/** Entry point of {@code -javaagent:jawait-agent.jar[=options]}; see {@link AgentOptions} for the options. */
public final class JawaitAgent {
    private JawaitAgent() {
    }

    public static void premain(String arguments, Instrumentation instrumentation) {
        install(arguments, instrumentation);
    }

    /** When attached to a running JVM: only classes loaded from then on are rewritten. */
    public static void agentmain(String arguments, Instrumentation instrumentation) {
        install(arguments, instrumentation);
    }

    private static void install(String arguments, Instrumentation instrumentation) {
        AgentLog log = new AgentLog(System.err);
        AgentOptions options;
        try {
            options = AgentOptions.parse(arguments);
        } catch (IllegalArgumentException e) {
            // One line and no stack trace; the application runs on, unrewritten, rather than the JVM failing.
            log.error(e.getMessage() + "; the agent is not installed");
            return;
        }
        options.warnings.forEach(log::warning);
        if (options.debug) {
            // Read once when the runtime starts: set before any application class runs.
            System.setProperty("jawait.debug", "true");
        }
        instrumentation.addTransformer(new AsyncClassFileTransformer(options, log), false);
        if (options.verbose) {
            log.info("agent " + version() + " installed");
        }
    }

    private static String version() {
        String version = JawaitAgent.class.getPackage().getImplementationVersion();
        return version != null ? version : "(development)";
    }
}
