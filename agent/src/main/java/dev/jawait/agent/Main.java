package dev.jawait.agent;

import dev.jawait.transform.Diagnostic;
import dev.jawait.transform.InstrumentReport;
import dev.jawait.transform.Instrumenter;
import dev.jawait.transform.Option;
import dev.jawait.transform.OptionException;
import dev.jawait.transform.OptionParser;
import dev.jawait.transform.Options;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line: {@code java -jar jawait-agent.jar instrument [-d OUT] [-cp CLASSPATH] [--OPTION[=VALUE]...]
 * PATH...} rewrites the classes of folders and jars ahead of time, for builds that are not Maven's. The {@code --}
 * options are the agent's and the Maven plugin's ({@link Option}), spelled {@code --never-awaited=error}.
 */
public final class Main {
    static final int OK = 0;
    static final int MISUSE = 1;
    static final int USAGE = 2;
    private static final String USAGE_TEXT = usage();

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || !args[0].equals("instrument")) {
            err.println(USAGE_TEXT);
            return USAGE;
        }
        OptionParser options = OptionParser.forBuild();
        Path destination = null;
        List<String> classPath = new ArrayList<>();
        List<Path> inputs = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            if ((args[i].equals("-d") || args[i].equals("-cp")) && i + 1 < args.length) {
                if (args[i].equals("-d")) {
                    destination = Paths.get(args[++i]);
                } else {
                    classPath.addAll(List.of(args[++i].split(File.pathSeparator)));
                }
            } else if (args[i].startsWith("--")) {
                try {
                    setOption(options, args[i].substring(2));
                } catch (OptionException e) {
                    err.println("jawait: " + e.getMessage());
                    return USAGE;
                }
            } else if (args[i].startsWith("-")) {
                err.println("unknown option " + args[i] + "\n" + USAGE_TEXT);
                return USAGE;
            } else {
                inputs.add(Paths.get(args[i]));
            }
        }
        if (inputs.isEmpty()) {
            err.println(USAGE_TEXT);
            return USAGE;
        }
        Options parsed = options.options();
        parsed.warnings().forEach(warning -> err.println("jawait: warning: " + warning));
        int errors = 0;
        try (URLClassLoader dependencies = new URLClassLoader(urls(classPath, inputs),
                ClassLoader.getPlatformClassLoader())) {
            Instrumenter instrumenter = new Instrumenter(Instrumenter.resourcesOf(dependencies),
                    parsed.classFilter(), parsed.transformOptions());
            for (Path input : inputs) {
                if (!Files.exists(input)) {
                    err.println("jawait: no such file or folder: " + input);
                    return USAGE;
                }
                Path output = destination == null ? input
                        : Files.isDirectory(input) ? destination : destination.resolve(input.getFileName());
                InstrumentReport report = instrumenter.instrument(input, output);
                for (Diagnostic diagnostic : report.diagnostics()) {
                    err.println(diagnostic.format());
                    errors += diagnostic.severity() == Diagnostic.Severity.ERROR ? 1 : 0;
                }
                if (parsed.verbose()) {
                    report.rewrittenDescriptions().forEach(method -> out.println("jawait: rewrote " + method));
                }
                out.println("jawait: " + input + ": " + report.summary());
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            err.println("jawait: " + e);
            return USAGE;
        }
        return errors > 0 ? MISUSE : OK;
    }

    /** {@code never-awaited=error}, or {@code verbose} for a switch. */
    private static void setOption(OptionParser options, String option) {
        int equals = option.indexOf('=');
        if (equals < 0) {
            options.set(option, null);
        } else {
            options.set(option.substring(0, equals), option.substring(equals + 1));
        }
    }

    /** The options' lines come from {@link Option}, like the agent's and the plugin's texts. */
    private static String usage() {
        StringBuilder usage = new StringBuilder("usage: java -jar jawait-agent.jar instrument [-d OUT] [-cp CLASSPATH]"
                + " [--OPTION[=VALUE]...] PATH...\n"
                + "  Rewrites the @dev.jawait.Async methods of each PATH (a folder of classes or a jar).\n"
                + "  -d OUT         write to OUT (a folder's classes into OUT, a jar to OUT/name.jar) instead of in"
                + " place\n"
                + "  -cp CLASSPATH  the application's dependencies: the types its methods use (their supertypes,"
                + " whether they are AsyncCloseable), for the rewriting and its stack map frames");
        for (Option option : Option.values()) {
            if (!option.agentOnly()) {
                usage.append("\n  --").append(option.usage()).append("\n      ").append(option.description());
            }
        }
        return usage.toString();
    }

    private static URL[] urls(List<String> classPath, List<Path> inputs) throws MalformedURLException {
        List<URL> urls = new ArrayList<>();
        for (Path input : inputs) {
            urls.add(input.toUri().toURL());
        }
        for (String element : classPath) {
            if (!element.isEmpty()) {
                urls.add(Paths.get(element).toUri().toURL());
            }
        }
        // Last, the runtime this jar carries: whether a resource is an AsyncCloseable, or a callee's future one of
        // jawait's, must be answered even without -cp, or an async with would silently stay unrewritten.
        java.security.CodeSource ownJar = Main.class.getProtectionDomain().getCodeSource();
        if (ownJar != null && ownJar.getLocation() != null) {
            urls.add(ownJar.getLocation());
        }
        return urls.toArray(new URL[0]);
    }
}
