package dev.jawait.maven;

import dev.jawait.transform.Diagnostic;
import dev.jawait.transform.InstrumentReport;
import dev.jawait.transform.Instrumenter;
import dev.jawait.transform.Option;
import dev.jawait.transform.OptionException;
import dev.jawait.transform.OptionParser;
import dev.jawait.transform.Options;
import java.io.File;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;

/** Rewrites the classes of one output folder in place; the goals differ only in which folder and class path. */
public abstract class AbstractInstrumentMojo extends AbstractMojo {
    /** Skips the goal. */
    @Parameter(property = "jawait.skip", defaultValue = "false")
    private boolean skip;

    /** Logs each rewritten method. */
    @Parameter(property = "jawait.verbose", defaultValue = "false")
    private boolean verbose;

    /** Fails the build on a misuse of await or @Async; otherwise the problems are logged as errors only. */
    @Parameter(property = "jawait.failOnError", defaultValue = "true")
    private boolean failOnError;

    /**
     * Classes to look at, as patterns on the class name with slashes or dots ({@code com/example/**},
     * {@code com.example.*}): {@code *} stays within a package, {@code **} crosses packages, {@code ?} is one
     * character; the same patterns as the agent's and the command line's ({@link Option#INCLUDES}). Default: all.
     */
    @Parameter
    private List<String> includes = new ArrayList<>();

    /** Classes not to look at, in the same form as {@link #includes}. */
    @Parameter
    private List<String> excludes = new ArrayList<>();

    /** Futures dropped in async code ({@link Option#NEVER_AWAITED}): {@code error}, {@code warning} or {@code off}. */
    @Parameter(property = "jawait.neverAwaited", defaultValue = "warning")
    private String neverAwaited;

    /**
     * Calls that block the thread in async code ({@link Option#BLOCKING_CALL}): {@code error}, {@code warning} or
     * {@code off}.
     */
    @Parameter(property = "jawait.blockingCall", defaultValue = "warning")
    private String blockingCall;

    /**
     * Awaits in a {@code try} that catches {@code IllegalStateException}, which catches a cancellation too ({@link
     * Option#CANCELLATION_CAUGHT}): {@code error}, {@code warning} or {@code off}.
     */
    @Parameter(property = "jawait.cancellationCaught", defaultValue = "warning")
    private String cancellationCaught;

    /** More calls that count as blocking, as {@code com.example.Db#query}, besides the JDK's usual ones. */
    @Parameter
    private List<String> blockingCalls = new ArrayList<>();

    protected abstract File classesDirectory();

    protected abstract List<String> classpathElements();

    protected abstract List<String> sourceRoots();

    /** Whether this goal is switched off by a property of its own (such as {@code maven.test.skip}). */
    protected boolean skippedByGoal() {
        return false;
    }

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip || skippedByGoal()) {
            getLog().info("jawait: skipped");
            return;
        }
        File classes = classesDirectory();
        if (!classes.isDirectory()) {
            getLog().info("jawait: no classes in " + classes);
            return;
        }
        Options options = options();
        options.warnings().forEach(warning -> getLog().warn("jawait: " + warning));
        InstrumentReport report;
        try (URLClassLoader dependencies = new URLClassLoader(dependencyUrls(classes),
                ClassLoader.getPlatformClassLoader())) {
            report = new Instrumenter(Instrumenter.resourcesOf(dependencies), options.classFilter(),
                    options.transformOptions()).instrument(classes.toPath(), classes.toPath());
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new MojoExecutionException("jawait: cannot rewrite the classes in " + classes + ": " + e, e);
        }
        int errors = 0;
        for (Diagnostic diagnostic : report.diagnostics()) {
            String located = locate(diagnostic);
            if (diagnostic.severity() == Diagnostic.Severity.ERROR) {
                errors++;
                getLog().error(located);
            } else {
                getLog().warn(located);
            }
        }
        if (verbose) {
            report.rewrittenDescriptions().forEach(method -> getLog().info("jawait: rewrote " + method));
            report.leftoversRemoved().forEach(path -> getLog().info("jawait: removed " + path
                    + ", a frame class file an earlier build left"));
        }
        getLog().info("jawait: " + report.summary());
        if (errors > 0 && failOnError) {
            throw new MojoFailureException("jawait: " + errors + " error" + (errors == 1 ? "" : "s")
                    + " in async code (see above); set failOnError to false to build anyway");
        }
    }

    /** The parameters, read by the parser the agent and the command line use; a bad value fails the goal. */
    private Options options() throws MojoExecutionException {
        try {
            OptionParser parser = OptionParser.forBuild()
                    .set(Option.NEVER_AWAITED, neverAwaited)
                    .set(Option.BLOCKING_CALL, blockingCall)
                    .set(Option.CANCELLATION_CAUGHT, cancellationCaught);
            for (String include : includes) {
                parser.set(Option.INCLUDES, include);
            }
            for (String exclude : excludes) {
                parser.set(Option.EXCLUDES, exclude);
            }
            for (String call : blockingCalls) {
                parser.set(Option.BLOCKING_CALLS, call);
            }
            return parser.options();
        } catch (OptionException e) {
            // Maven names the parameters in camel case (neverAwaited); the message is the one
            // every front end shows, so that it can be searched for.
            throw new MojoExecutionException("jawait: " + e.getMessage(), e);
        }
    }

    /** {@code /abs/path/Shop.java:[12] error: message} when the source is found, else the package-relative path. */
    private String locate(Diagnostic diagnostic) {
        for (String root : sourceRoots()) {
            File source = new File(root, diagnostic.sourcePath());
            if (source.isFile()) {
                return diagnostic.format(source.getAbsolutePath());
            }
        }
        return diagnostic.format();
    }

    private URL[] dependencyUrls(File classes) throws MojoExecutionException {
        List<URL> urls = new ArrayList<>();
        for (String element : classpathElements()) {
            File file = new File(element);
            if (file.getAbsoluteFile().equals(classes.getAbsoluteFile())) {
                continue;
            }
            try {
                urls.add(file.toURI().toURL());
            } catch (MalformedURLException e) {
                throw new MojoExecutionException("jawait: bad class path element " + element, e);
            }
        }
        return urls.toArray(new URL[0]);
    }
}
