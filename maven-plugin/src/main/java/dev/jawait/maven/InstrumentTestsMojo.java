package dev.jawait.maven;

import java.io.File;
import java.util.List;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

/** Rewrites the {@code @Async} methods of {@code target/test-classes} in place. */
@Mojo(name = "instrument-tests", defaultPhase = LifecyclePhase.PROCESS_TEST_CLASSES,
        requiresDependencyResolution = ResolutionScope.TEST, threadSafe = true)
public class InstrumentTestsMojo extends AbstractInstrumentMojo {
    @Parameter(defaultValue = "${project.build.testOutputDirectory}", readonly = true)
    private File classesDirectory;

    @Parameter(defaultValue = "${project.testClasspathElements}", readonly = true)
    private List<String> classpathElements;

    @Parameter(defaultValue = "${project.testCompileSourceRoots}", readonly = true)
    private List<String> sourceRoots;

    /** The usual switch that skips compiling and running tests skips this goal too. */
    @Parameter(property = "maven.test.skip", defaultValue = "false")
    private boolean testSkip;

    @Override
    protected boolean skippedByGoal() {
        return testSkip;
    }

    @Override
    protected File classesDirectory() {
        return classesDirectory;
    }

    @Override
    protected List<String> classpathElements() {
        return classpathElements;
    }

    @Override
    protected List<String> sourceRoots() {
        return sourceRoots;
    }
}
