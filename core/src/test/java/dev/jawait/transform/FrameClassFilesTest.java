package dev.jawait.transform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jawait.testing.FixtureCompiler;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A build (the Maven plugin and the command line share {@link Instrumenter}) writes each method's frame class beside
 * the rewritten class, and the rewritten code loads it from there; a frame class file left by an earlier build for
 * another version of the class fails the call with a message saying so, instead of running code that does not fit.
 */
class FrameClassFilesTest {
    private static final String FRAME = "fx/Frames$jawait$Frame0"; // holdsFour's

    private static void compileInto(Path folder, String source) throws IOException {
        writeClasses(folder, FixtureCompiler.compile(Map.of("fx.Frames", source), 11));
    }

    /** Writes each class (internal name → bytes) to its path under {@code folder}. */
    private static void writeClasses(Path folder, Map<String, byte[]> classes) throws IOException {
        for (Map.Entry<String, byte[]> compiled : classes.entrySet()) {
            Path file = folder.resolve(compiled.getKey() + ".class");
            Files.createDirectories(file.getParent());
            Files.write(file, compiled.getValue());
        }
    }

    private static InstrumentReport instrument(Path input, Path output) throws IOException {
        return instrument(input, output, name -> true);
    }

    private static InstrumentReport instrument(Path input, Path output, Predicate<String> filter) throws IOException {
        InstrumentReport report = new Instrumenter(Instrumenter.resourcesOf(FrameClassFilesTest.class.getClassLoader()),
                filter).instrument(input, output);
        assertFalse(report.hasErrors(), report.summary());
        return report;
    }

    /** {@link #instrument}, for a run that is to report errors. */
    private static InstrumentReport instrumentAllowingErrors(Path input, Path output) throws IOException {
        return new Instrumenter(Instrumenter.resourcesOf(FrameClassFilesTest.class.getClassLoader()), name -> true)
                .instrument(input, output);
    }

    /** Loads classes from a folder and remembers which frame classes it found there as files. */
    private static final class FolderLoader extends URLClassLoader {
        final Set<String> foundAsFiles = ConcurrentHashMap.newKeySet();

        FolderLoader(Path folder) throws IOException {
            super(new URL[] {folder.toUri().toURL()}, FrameClassFilesTest.class.getClassLoader());
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            Class<?> found = super.findClass(name);
            foundAsFiles.add(name);
            return found;
        }
    }

    @SuppressWarnings("unchecked")
    private static CompletableFuture<Object> holdsFour(ClassLoader loader, CompletableFuture<Integer> gate)
            throws Exception {
        java.lang.reflect.Method holdsFour = Class.forName("fx.Frames", true, loader).getDeclaredMethod("holdsFour",
                CompletableFuture.class, int.class, long.class, String.class, Object.class);
        holdsFour.setAccessible(true);
        return (CompletableFuture<Object>) holdsFour.invoke(null, gate, 1, 2L, "abc", "d");
    }

    private static Set<String> frameClassFiles(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.map(folder::relativize).map(Path::toString).filter(name -> name.contains("$jawait$Frame"))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }

    private static void writeJar(Path jar, Map<String, byte[]> entries) throws IOException {
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(jar))) {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                out.putNextEntry(new ZipEntry(entry.getKey()));
                out.write(entry.getValue());
                out.closeEntry();
            }
        }
    }

    private static Set<String> entryNames(Path jar) throws IOException {
        Set<String> names = new TreeSet<>();
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(jar))) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                names.add(entry.getName());
            }
        }
        return names;
    }

    @Test
    void aFolderGetsOneFrameClassFilePerSuspendingMethodAndTheCodeLoadsItFromThere(@TempDir Path folder)
            throws Exception {
        compileInto(folder, FixtureSuiteTest.source("Frames"));
        instrument(folder, folder);

        Set<String> expected = expectedFrames(8); // the fixture's eight async methods all await
        assertEquals(expected, frameClassFiles(folder));
        // A second build over the same folder counts the user's class only, as rewritten already.
        InstrumentReport again = instrument(folder, folder);
        assertEquals(1, again.classesScanned(), again.summary());
        assertEquals(1, again.classesAlreadyRewritten(), again.summary());
        assertEquals(expected, frameClassFiles(folder));

        try (FolderLoader loader = new FolderLoader(folder)) {
            CompletableFuture<Integer> gate = new CompletableFuture<>();
            CompletableFuture<Object> call = holdsFour(loader, gate);
            assertEquals(FRAME.replace('/', '.'), call.getClass().getName());
            assertSame(loader, call.getClass().getClassLoader());
            assertTrue(loader.foundAsFiles.contains(FRAME.replace('/', '.')), loader.foundAsFiles::toString);
            gate.complete(10);
            assertEquals(1L + 2 + 3 + 1 + 10, call.join());
        }
    }

    /** The fixture without its last method, whose frame class is the eighth: a build of it leaves that file over. */
    private static String framesWithoutTheLastMethod() throws IOException {
        String source = FixtureSuiteTest.source("Frames");
        return source.substring(0, source.indexOf("    /** Keeps variables whose names")) + "}\n";
    }

    /** The frame class files of the fixture's first {@code count} methods. */
    private static Set<String> expectedFrames(int count) {
        Set<String> expected = new TreeSet<>();
        for (int i = 0; i < count; i++) {
            expected.add("fx/Frames$jawait$Frame" + i + ".class");
        }
        return expected;
    }

    /**
     * An incremental build: the compiler writes the new version of the class over the rewritten one, and the build
     * rewrites it again. The frame class of the method that is gone is removed, and the summary says so; a class that
     * no longer awaits at all loses them all, and a class that is gone takes its frame classes with it.
     */
    @Test
    void aRebuildRemovesTheFrameClassFilesThatAnEarlierBuildLeft(@TempDir Path folder) throws Exception {
        compileInto(folder, FixtureSuiteTest.source("Frames"));
        instrument(folder, folder);
        assertEquals(expectedFrames(8), frameClassFiles(folder));

        compileInto(folder, framesWithoutTheLastMethod());
        InstrumentReport rebuilt = instrument(folder, folder);
        assertEquals(expectedFrames(7), frameClassFiles(folder));
        assertEquals(List.of("fx/Frames$jawait$Frame7.class"), rebuilt.leftoversRemoved());
        assertTrue(rebuilt.summary().endsWith("; removed 1 frame class file an earlier build left"),
                rebuilt.summary());
        try (FolderLoader loader = new FolderLoader(folder)) { // the rebuilt class still runs from its files
            CompletableFuture<Integer> gate = new CompletableFuture<>();
            CompletableFuture<Object> call = holdsFour(loader, gate);
            gate.complete(10);
            assertEquals(1L + 2 + 3 + 1 + 10, call.join());
            assertTrue(loader.foundAsFiles.contains(FRAME.replace('/', '.')), loader.foundAsFiles::toString);
        }

        compileInto(folder, "package fx;\n\npublic class Frames {\n}\n");
        InstrumentReport unawaited = instrument(folder, folder);
        assertEquals(Set.of(), frameClassFiles(folder));
        assertEquals(7, unawaited.leftoversRemoved().size(), unawaited.summary());

        compileInto(folder, FixtureSuiteTest.source("Frames"));
        instrument(folder, folder);
        Files.delete(folder.resolve("fx/Frames.class"));
        InstrumentReport gone = instrument(folder, folder);
        assertEquals(Set.of(), frameClassFiles(folder));
        assertEquals(8, gone.leftoversRemoved().size(), gone.summary());
    }

    /**
     * Only what a run can judge is removed: the frame classes of a class an earlier run rewrote stay (and are copied
     * when the output is another folder), and so do those of a class the filter leaves out.
     */
    @Test
    void aRunKeepsTheFrameClassFilesOfClassesItDidNotRewriteNow(@TempDir Path root) throws Exception {
        Path rewritten = root.resolve("rewritten");
        compileInto(rewritten, FixtureSuiteTest.source("Frames"));
        instrument(rewritten, rewritten);

        Path copy = root.resolve("copy");
        InstrumentReport again = instrument(rewritten, copy);
        assertEquals(1, again.classesAlreadyRewritten(), again.summary());
        assertEquals(expectedFrames(8), frameClassFiles(copy));
        assertEquals(List.of(), again.leftoversRemoved());

        compileInto(rewritten, framesWithoutTheLastMethod()); // not rewritten: the filter leaves it out
        InstrumentReport filtered = instrument(rewritten, rewritten, name -> !name.equals("fx/Frames"));
        assertEquals(0, filtered.classesScanned(), filtered.summary());
        assertEquals(expectedFrames(8), frameClassFiles(rewritten));

        Path fresh = root.resolve("fresh");
        InstrumentReport elsewhere = instrument(rewritten, fresh); // rewritten now, into another folder
        assertEquals(expectedFrames(7), frameClassFiles(fresh));
        assertEquals(List.of("fx/Frames$jawait$Frame7.class"), elsewhere.leftoversRemoved());
        assertEquals(expectedFrames(8), frameClassFiles(rewritten)); // the input is left as it was
    }

    @Test
    void aJarLosesTheFrameClassEntriesThatAnEarlierBuildLeft(@TempDir Path root) throws Exception {
        Path earlier = root.resolve("earlier");
        compileInto(earlier, FixtureSuiteTest.source("Frames"));
        instrument(earlier, earlier);
        Path now = root.resolve("now");
        compileInto(now, framesWithoutTheLastMethod());
        Map<String, byte[]> entries = new java.util.LinkedHashMap<>();
        for (String frame : frameClassFiles(earlier)) {
            entries.put(frame, Files.readAllBytes(earlier.resolve(frame)));
        }
        entries.put("fx/Frames.class", Files.readAllBytes(now.resolve("fx/Frames.class")));
        Path jar = root.resolve("app.jar");
        writeJar(jar, entries);

        InstrumentReport report = instrument(jar, jar);
        Set<String> frames = entryNames(jar).stream().filter(name -> name.contains("$jawait$Frame"))
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(expectedFrames(7), frames);
        assertEquals(List.of("fx/Frames$jawait$Frame7.class"), report.leftoversRemoved());
    }

    /** With the files written, a call that never suspends still loads no frame class: the file is not read early. */
    @Test
    void aCallThatDoesNotSuspendLoadsNoFrameClassFile(@TempDir Path folder) throws Exception {
        compileInto(folder, FixtureSuiteTest.source("Frames"));
        instrument(folder, folder);
        try (FolderLoader loader = new FolderLoader(folder)) {
            java.lang.reflect.Method neverSuspends = Class.forName("fx.Frames", true, loader)
                    .getDeclaredMethod("neverSuspends", int.class);
            neverSuspends.setAccessible(true);
            assertEquals(8, ((CompletableFuture<?>) neverSuspends.invoke(null, 7)).join());
            assertEquals(Set.of("fx.Frames"), loader.foundAsFiles);
        }
    }

    @Test
    void aFrameClassFileLeftByAnEarlierBuildForAnotherVersionFailsTheCallSayingSo(@TempDir Path root)
            throws Exception {
        Path earlier = root.resolve("earlier");
        Path now = root.resolve("now");
        // The earlier version kept its first int under another name: its frame class has other fields.
        compileInto(earlier, FixtureSuiteTest.source("Frames").replace("int a, long b", "int alpha, long b")
                .replace("return completedFuture(a + b", "return completedFuture(alpha + b"));
        compileInto(now, FixtureSuiteTest.source("Frames"));
        instrument(earlier, earlier);
        instrument(now, now);
        Files.copy(earlier.resolve(FRAME + ".class"), now.resolve(FRAME + ".class"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        try (FolderLoader loader = new FolderLoader(now)) {
            CompletableFuture<Object> call = holdsFour(loader, new CompletableFuture<>());
            CompletionException failed = assertThrows(CompletionException.class, call::join);
            Throwable cause = failed.getCause();
            while (cause != null && !(cause instanceof IllegalStateException)) {
                cause = cause.getCause();
            }
            assertNotNull(cause, () -> "no IllegalStateException in " + failed);
            assertTrue(cause.getMessage().contains("the frame class " + FRAME.replace('/', '.') + " that fx.Frames"
                    + " found (in " + now.toUri().toURL()), cause.getMessage());
            assertTrue(cause.getMessage().contains("was written for another version of that class, by an earlier"
                    + " build; rebuild it"), cause.getMessage());
        }
    }

    @Test
    void aJarGetsTheFrameClassEntriesBesideTheRewrittenClass(@TempDir Path root) throws Exception {
        Path classes = root.resolve("classes");
        compileInto(classes, FixtureSuiteTest.source("Frames"));
        Path jar = root.resolve("app.jar");
        writeJar(jar, Map.of("fx/Frames.class", Files.readAllBytes(classes.resolve("fx/Frames.class"))));
        Path rewritten = root.resolve("rewritten.jar");
        instrument(jar, rewritten);

        Set<String> entries = entryNames(rewritten);
        assertTrue(entries.contains("fx/Frames.class"), entries::toString);
        assertTrue(entries.contains(FRAME + ".class"), entries::toString);
        assertEquals(9, entries.size(), entries::toString);
    }

    private static final String LAMBDA_ONLY = String.join("\n",
            "package fx;",
            "import static dev.jawait.Await.await;",
            "import java.util.concurrent.CompletableFuture;",
            "import java.util.function.Supplier;",
            "public class LambdaOnly {",
            "  public static Supplier<CompletableFuture<String>> exclaim(CompletableFuture<String> gate) {",
            "    return () -> CompletableFuture.completedFuture(await(gate) + \"!\");",
            "  }",
            "}");

    private static void compileLambdaOnly(Path folder) throws IOException {
        writeClasses(folder, FixtureCompiler.compile(Map.of("fx.LambdaOnly", LAMBDA_ONLY), 11));
    }

    /**
     * A class whose only async code is a lambda names neither Await nor @Async once rewritten: a second build still
     * sees it as rewritten, and keeps its frame class file.
     */
    @Test
    void aSecondBuildKeepsTheFrameClassOfAClassWhoseOnlyAsyncCodeIsALambda(@TempDir Path folder) throws Exception {
        compileLambdaOnly(folder);
        InstrumentReport first = instrument(folder, folder);
        assertEquals(1, first.classesRewritten(), first.summary());
        Set<String> frames = frameClassFiles(folder);
        assertEquals(1, frames.size(), frames::toString);

        InstrumentReport second = instrument(folder, folder);

        assertEquals(1, second.classesAlreadyRewritten(), second.summary());
        assertEquals(List.of(), second.leftoversRemoved());
        assertEquals(frames, frameClassFiles(folder));
    }

    /** A class of the program's own whose name looks like a frame class's is rewritten, never deleted as a leftover. */
    @Test
    void aProgramsClassNamedLikeAFrameClassIsNotDeleted(@TempDir Path folder) throws Exception {
        String source = String.join("\n",
                "package fx;",
                "import static dev.jawait.Await.await;",
                "import java.util.concurrent.CompletableFuture;",
                "public class Plain$jawait$Frame0 {",
                "  @dev.jawait.Async static CompletableFuture<String> echo(CompletableFuture<String> gate) {",
                "    return CompletableFuture.completedFuture(await(gate));",
                "  }",
                "}");
        writeClasses(folder, FixtureCompiler.compile(Map.of("fx.Plain$jawait$Frame0", source), 11));

        InstrumentReport report = instrument(folder, folder);

        assertTrue(Files.exists(folder.resolve("fx/Plain$jawait$Frame0.class")), report.summary());
        assertEquals(List.of(), report.leftoversRemoved());
        assertEquals(1, report.classesRewritten(), report.summary());
    }

    private static final String CLASH = String.join("\n",
            "package fx;",
            "import static dev.jawait.Await.await;",
            "import java.util.concurrent.CompletableFuture;",
            "public class Clash {",
            "  @dev.jawait.Async static CompletableFuture<String> echo(CompletableFuture<String> gate) {",
            "    return CompletableFuture.completedFuture(await(gate));", // line 6
            "  }",
            "}");

    /** A class of the program's own that has the name {@code Clash}'s frame class would get. */
    private static final String CLASH_NAMESAKE = String.join("\n",
            "package fx;",
            "public class Clash$jawait$Frame0 {",
            "  public static String whose() { return \"the program's\"; }",
            "}");

    private static Map<String, byte[]> compileClash() {
        return FixtureCompiler.compile(Map.of("fx.Clash", CLASH, "fx.Clash$jawait$Frame0", CLASH_NAMESAKE), 11);
    }

    private static List<Diagnostic> errorsOf(InstrumentReport report) {
        return report.diagnostics().stream().filter(d -> d.severity() == Diagnostic.Severity.ERROR)
                .collect(Collectors.toList());
    }

    private static void assertClashReported(InstrumentReport report) {
        assertTrue(report.hasErrors(), report.summary());
        List<Diagnostic> errors = errorsOf(report);
        assertEquals(1, errors.size(), errors::toString);
        Diagnostic error = errors.get(0);
        assertEquals("fx.Clash", error.className());
        assertEquals("echo", error.methodName());
        assertEquals(6, error.line());
        assertEquals("fx/Clash.java:[6] error: jawait cannot rewrite fx.Clash.echo: its frame class would be named"
                + " fx.Clash$jawait$Frame0, and a class of the program's own has that name, which writing the frame"
                + " class would overwrite. Rename that class; fx.Clash was left as it was, unrewritten.",
                error.format());
        assertEquals(0, report.classesRewritten(), report.summary());
    }

    /**
     * A class of the program's own with the name a frame class of another would get is never overwritten: that other
     * class stays as it was, and the build gets an error naming the method, its line and the class to rename.
     */
    @Test
    void aFrameClassThatWouldOverwriteAProgramsClassFailsTheBuildAndOverwritesNothing(@TempDir Path folder)
            throws Exception {
        Map<String, byte[]> compiled = compileClash();
        writeClasses(folder, compiled);

        InstrumentReport report = instrumentAllowingErrors(folder, folder);

        assertClashReported(report);
        for (Map.Entry<String, byte[]> entry : compiled.entrySet()) {
            assertArrayEquals(entry.getValue(), Files.readAllBytes(folder.resolve(entry.getKey() + ".class")),
                    entry.getKey());
        }
        assertEquals(Set.of("fx/Clash$jawait$Frame0.class"), frameClassFiles(folder));
    }

    /** The same in a jar: both entries stay as they were. */
    @Test
    void aFrameClassThatWouldOverwriteAProgramsClassInAJarFailsTheBuildAndOverwritesNothing(@TempDir Path root)
            throws Exception {
        Map<String, byte[]> entries = new java.util.LinkedHashMap<>();
        compileClash().forEach((name, bytes) -> entries.put(name + ".class", bytes));
        assertJarRefusedAsItWas(root, entries);
    }

    /** A jar of {@code entries}, instrumented, reports the clash and comes out byte for byte as it was. */
    private static void assertJarRefusedAsItWas(Path root, Map<String, byte[]> entries) throws IOException {
        Path jar = root.resolve("app.jar");
        writeJar(jar, entries);
        Path rewritten = root.resolve("rewritten.jar");

        InstrumentReport report = instrumentAllowingErrors(jar, rewritten);

        assertClashReported(report);
        assertArrayEquals(Files.readAllBytes(jar), Files.readAllBytes(rewritten));
    }

    /**
     * In a multi-release jar, a frame class in one version's folder is loaded in place of a class of the same name in
     * another's (or the base's): a clash across versions fails the build too.
     */
    @Test
    void aFrameClassOfAVersionedClassThatWouldShadowAProgramsClassInTheBaseFailsTheBuild(@TempDir Path root)
            throws Exception {
        Map<String, byte[]> compiled = compileClash();
        Map<String, byte[]> entries = new java.util.LinkedHashMap<>();
        entries.put("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\nMulti-Release: true\n".getBytes());
        entries.put("fx/Clash$jawait$Frame0.class", compiled.get("fx/Clash$jawait$Frame0"));
        entries.put("META-INF/versions/11/fx/Clash.class", compiled.get("fx/Clash"));
        assertJarRefusedAsItWas(root, entries);
    }

    /**
     * A class compiled over an earlier build's output (an IDE's) that took the name of a frame class of a class that
     * build rewrote fails the next build, naming the class to rename, instead of failing the calls at run time.
     */
    @Test
    void aProgramsClassInTheFrameClassNamesOfAClassAnEarlierBuildRewroteFailsTheBuild(@TempDir Path folder)
            throws Exception {
        Map<String, byte[]> compiled = compileClash();
        writeClasses(folder, Map.of("fx/Clash", compiled.get("fx/Clash")));
        instrument(folder, folder);
        Files.write(folder.resolve("fx/Clash$jawait$Frame0.class"), compiled.get("fx/Clash$jawait$Frame0"));

        InstrumentReport report = instrumentAllowingErrors(folder, folder);

        assertEquals(1, report.classesAlreadyRewritten(), report.summary());
        List<Diagnostic> errors = errorsOf(report);
        assertEquals(1, errors.size(), errors::toString);
        assertEquals("fx/Clash.java:[1] error: jawait: the class fx.Clash$jawait$Frame0 has a name that jawait gives"
                + " to frame classes of fx.Clash, which an earlier build rewrote; its suspending calls would fail."
                + " Rename that class.", errors.get(0).format());
        assertArrayEquals(compiled.get("fx/Clash$jawait$Frame0"),
                Files.readAllBytes(folder.resolve("fx/Clash$jawait$Frame0.class")));
    }

    /**
     * A class left unrewritten for such a clash keeps no frame class file of an earlier build: those fit no class now
     * (its other method's frame class, here), and go as leftovers.
     */
    @Test
    void aClassLeftUnrewrittenForAClashLosesTheFrameClassFilesAnEarlierBuildWroteForIt(@TempDir Path folder)
            throws Exception {
        String twoMethods = CLASH.replace("  }\n}", "  }\n"
                + "  @dev.jawait.Async static CompletableFuture<String> twice(CompletableFuture<String> gate) {\n"
                + "    return CompletableFuture.completedFuture(await(gate) + await(gate));\n"
                + "  }\n}");
        Map<String, byte[]> compiled = FixtureCompiler.compile(
                Map.of("fx.Clash", twoMethods, "fx.Clash$jawait$Frame0", CLASH_NAMESAKE), 11);
        writeClasses(folder, Map.of("fx/Clash", compiled.get("fx/Clash")));
        instrument(folder, folder);
        assertEquals(Set.of("fx/Clash$jawait$Frame0.class", "fx/Clash$jawait$Frame1.class"), frameClassFiles(folder));
        // Then the program's own class takes the first frame class's name, and the class is compiled again.
        Files.write(folder.resolve("fx/Clash$jawait$Frame0.class"), compiled.get("fx/Clash$jawait$Frame0"));
        Files.write(folder.resolve("fx/Clash.class"), compiled.get("fx/Clash"));

        InstrumentReport report = instrumentAllowingErrors(folder, folder);

        assertClashReported(report);
        assertEquals(List.of("fx/Clash$jawait$Frame1.class"), report.leftoversRemoved());
        assertEquals(Set.of("fx/Clash$jawait$Frame0.class"), frameClassFiles(folder));
        assertArrayEquals(compiled.get("fx/Clash$jawait$Frame0"),
                Files.readAllBytes(folder.resolve("fx/Clash$jawait$Frame0.class")));
        assertArrayEquals(compiled.get("fx/Clash"), Files.readAllBytes(folder.resolve("fx/Clash.class")));
    }

    /**
     * Rewritten without frame class files (each is then defined from the class at its first use, as under the agent),
     * a class whose frame class name a class of the program's own has fails its first suspending call, saying which
     * class to rename.
     */
    @Test
    void aProgramsClassWithTheNameOfAFrameClassDefinedAtFirstUseFailsTheCallSayingSo(@TempDir Path folder)
            throws Exception {
        Map<String, byte[]> classes = new java.util.HashMap<>(compileClash());
        TransformResult result = new Transformer(ClassHierarchy.of(getClass().getClassLoader()))
                .transform(classes.get("fx/Clash"));
        assertTrue(result.changed(), result.diagnostics()::toString);
        classes.put("fx/Clash", result.bytes());
        writeClasses(folder, classes);

        try (FolderLoader loader = new FolderLoader(folder)) {
            java.lang.reflect.Method echo = Class.forName("fx.Clash", true, loader)
                    .getDeclaredMethod("echo", CompletableFuture.class);
            echo.setAccessible(true);
            @SuppressWarnings("unchecked")
            CompletableFuture<Object> call = (CompletableFuture<Object>) echo.invoke(null, new CompletableFuture<>());
            CompletionException failed = assertThrows(CompletionException.class, call::join);
            Throwable cause = failed.getCause();
            while (cause != null && !(cause instanceof IllegalStateException)) {
                cause = cause.getCause();
            }
            assertNotNull(cause, () -> "no IllegalStateException in " + failed);
            assertEquals("jawait: fx.Clash cannot make the frames of its suspending calls: their class would be"
                    + " fx.Clash$jawait$Frame0, and a class of the program's own has that name (in "
                    + folder.toUri().toURL() + "); rename that class", cause.getMessage());
        }
    }

    /** Rewritten files keep the permissions of the files they replace; frame class files are readable by all. */
    @Test
    void rewrittenFilesKeepTheirPermissions(@TempDir Path folder) throws Exception {
        compileLambdaOnly(folder);
        Path classFile = folder.resolve("fx/LambdaOnly.class");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.getFileStore(classFile)
                .supportsFileAttributeView(java.nio.file.attribute.PosixFileAttributeView.class), "POSIX only");
        Files.setPosixFilePermissions(classFile, java.nio.file.attribute.PosixFilePermissions.fromString("rw-rw-r--"));

        instrument(folder, folder);

        assertEquals("rw-rw-r--", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(classFile)));
        for (String frame : frameClassFiles(folder)) {
            assertEquals("rw-r--r--", java.nio.file.attribute.PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(folder.resolve(frame))));
        }
    }

    /** A write that fails leaves no temporary file behind, and the class as javac wrote it, for the next build. */
    @Test
    void aFailedWriteLeavesNoTemporaryFile(@TempDir Path root) throws Exception {
        Path input = root.resolve("in");
        compileLambdaOnly(input);
        Path output = root.resolve("out");
        Files.createDirectories(output.resolve("fx/LambdaOnly.class/in-the-way")); // a folder where the class goes

        assertThrows(IOException.class, () -> instrument(input, output));

        try (Stream<Path> files = Files.walk(output)) {
            assertEquals(List.of(), files.map(Path::toString).filter(name -> name.endsWith(".tmp"))
                    .collect(Collectors.toList()));
        }
    }

    /**
     * Entries keep what the jar said of them: a stored entry (a nested jar of a Spring Boot fat jar, read in place)
     * stays stored, rewritten or not, and times and comments stay. A jar with nothing to rewrite is left as it was.
     */
    @Test
    void aJarKeepsItsEntriesMethodsTimesAndCommentsAndIsLeftAsItWasWithNothingToRewrite(@TempDir Path root)
            throws Exception {
        Path classes = root.resolve("classes");
        compileInto(classes, FixtureSuiteTest.source("Frames"));
        byte[] frames = Files.readAllBytes(classes.resolve("fx/Frames.class"));
        byte[] nested = "not really a jar".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Path jar = root.resolve("app.jar");
        long time = 946_684_800_000L; // 2000-01-01
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(stored("BOOT-INF/lib/inner.jar", nested, time));
            out.write(nested);
            out.putNextEntry(stored("fx/Frames.class", frames, time));
            out.write(frames);
            ZipEntry readme = new ZipEntry("README");
            readme.setTime(time);
            readme.setComment("kept");
            out.putNextEntry(readme);
            out.write(1);
        }

        Path rewritten = root.resolve("rewritten.jar");
        instrument(jar, rewritten);

        Map<String, ZipEntry> entries = new java.util.HashMap<>();
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(rewritten.toFile())) {
            zip.stream().forEach(entry -> entries.put(entry.getName(), entry));
            assertTrue(zip.getInputStream(entries.get("fx/Frames.class")).readAllBytes().length > frames.length);
        }
        assertEquals(ZipEntry.STORED, entries.get("BOOT-INF/lib/inner.jar").getMethod());
        assertEquals(ZipEntry.STORED, entries.get("fx/Frames.class").getMethod(), "the rewritten class stays stored");
        assertEquals(time, entries.get("fx/Frames.class").getTime());
        assertEquals("kept", entries.get("README").getComment());
        assertTrue(entries.containsKey(FRAME + ".class"), entries.keySet()::toString);

        Path plain = root.resolve("plain.jar");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(plain))) {
            out.putNextEntry(stored("BOOT-INF/lib/inner.jar", nested, time));
            out.write(nested);
        }
        byte[] before = Files.readAllBytes(plain);
        instrument(plain, plain);
        assertArrayEquals(before, Files.readAllBytes(plain), "a jar with nothing to rewrite changed");
    }

    private static ZipEntry stored(String name, byte[] bytes, long time) {
        ZipEntry entry = new ZipEntry(name);
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(bytes.length);
        entry.setCompressedSize(bytes.length);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(bytes);
        entry.setCrc(crc.getValue());
        entry.setTime(time);
        return entry;
    }

    /**
     * A multi-release jar's versioned class gets its frame classes in its own {@code META-INF/versions/N/} folder, and
     * a JVM of that version loads them from there: the versioned class keeps its first {@code int} in a variable of
     * another name, so the base version's frame class would not fit it (its shape would be refused).
     */
    @Test
    void aMultiReleaseJarGetsEachVersionsFrameClassesInThatVersionsFolder(@TempDir Path root) throws Exception {
        Path base = root.resolve("base");
        Path versioned = root.resolve("versioned");
        compileInto(base, FixtureSuiteTest.source("Frames"));
        compileInto(versioned, FixtureSuiteTest.source("Frames").replace("int a, long b", "int alpha, long b")
                .replace("return completedFuture(a + b", "return completedFuture(alpha + b"));
        Path jar = root.resolve("app.jar");
        writeJar(jar, Map.of("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\r\nMulti-Release: true\r\n\r\n".getBytes(
                java.nio.charset.StandardCharsets.US_ASCII),
                "fx/Frames.class", Files.readAllBytes(base.resolve("fx/Frames.class")),
                "META-INF/versions/11/fx/Frames.class", Files.readAllBytes(versioned.resolve("fx/Frames.class"))));
        Path rewritten = root.resolve("rewritten.jar");
        InstrumentReport report = instrument(jar, rewritten);
        assertEquals(2, report.classesRewritten(), report.summary());

        Set<String> frames = entryNames(rewritten).stream().filter(name -> name.contains("$jawait$Frame"))
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> expected = new TreeSet<>();
        for (int i = 0; i < 8; i++) {
            expected.add("fx/Frames$jawait$Frame" + i + ".class");
            expected.add("META-INF/versions/11/fx/Frames$jawait$Frame" + i + ".class");
        }
        assertEquals(expected, frames);

        // This JVM (11 or later) reads the versioned entries of a multi-release jar: the versioned class, and from
        // beside it the frame class with its own field names.
        try (URLClassLoader loader = new URLClassLoader(new URL[] {rewritten.toUri().toURL()},
                FrameClassFilesTest.class.getClassLoader())) {
            CompletableFuture<Integer> gate = new CompletableFuture<>();
            CompletableFuture<Object> call = holdsFour(loader, gate);
            assertEquals(FRAME.replace('/', '.'), call.getClass().getName());
            assertSame(loader, call.getClass().getClassLoader());
            call.getClass().getDeclaredField("alpha"); // throws if the base version's frame class was loaded
            gate.complete(10);
            assertEquals(1L + 2 + 3 + 1 + 10, call.join());
        }
    }
}
