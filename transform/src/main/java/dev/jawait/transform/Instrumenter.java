package dev.jawait.transform;

import dev.jawait.transform.internal.Names;
import dev.jawait.transform.internal.RuntimeContract;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;

/**
 * Rewrites the classes of folders and jars ahead of time: the shared core of the build plugin and of the command
 * line. Class files are found by their paths; the hierarchy it needs comes first from the input itself, then from
 * {@code classPath} (the application's dependencies and the JDK). Each rewritten class gets its frame classes beside
 * it, and the frame class files an earlier build left are removed ({@link FrameClassLeftovers}).
 */
public final class Instrumenter {
    private final ClassHierarchy.ClassFileLocator classPath;
    private final Predicate<String> filter;
    private final TransformOptions options;

    /**
     * @param classPath finds the class files of the dependencies (internal name → bytes, null if absent)
     * @param filter which classes to look at, by internal name ({@code com/example/Shop})
     */
    public Instrumenter(ClassHierarchy.ClassFileLocator classPath, Predicate<String> filter) {
        this(classPath, filter, TransformOptions.defaults());
    }

    public Instrumenter(ClassHierarchy.ClassFileLocator classPath, Predicate<String> filter,
            TransformOptions options) {
        this.classPath = classPath;
        this.filter = filter;
        this.options = options.withEveryClassChecked(true);
    }

    /** Rewrites a folder of class files or a jar; {@code output} may be {@code input} (rewrite in place). */
    public InstrumentReport instrument(Path input, Path output) throws IOException {
        if (Files.isDirectory(input)) {
            return instrumentDirectory(input, output);
        }
        return instrumentJar(input, output);
    }

    private InstrumentReport instrumentDirectory(Path input, Path output) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(input)) {
            files = walk.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
        }
        Transformer transformer = new Transformer(new ClassHierarchy(name -> {
            Path file = input.resolve(name + ".class");
            return Files.isRegularFile(file) ? Files.readAllBytes(file) : classPath.find(name);
        }), options);
        InstrumentReport report = new InstrumentReport();
        boolean inPlace = input.toAbsolutePath().normalize().equals(output.toAbsolutePath().normalize());
        FrameClassLeftovers leftovers = new FrameClassLeftovers();
        List<String> foundFrameFiles = new ArrayList<>();
        Set<String> namedLikeFramePaths = new HashSet<>();
        Set<String> namedLikeFrames = new HashSet<>();
        for (Path file : files) {
            String relative = input.relativize(file).toString().replace('\\', '/');
            if (FrameClassLeftovers.isFrameClassFile(relative)
                    && !FrameClassLeftovers.isFrameClassFile(relative, Files.readAllBytes(file))) {
                namedLikeFramePaths.add(relative);
                namedLikeFrames.add(internalNameOf(relative));
            }
        }
        for (Path file : files) {
            String relative = input.relativize(file).toString().replace('\\', '/');
            if (FrameClassLeftovers.isFrameClassFile(relative) && !namedLikeFramePaths.contains(relative)) {
                foundFrameFiles.add(relative); // judged once every class is: it may come before its class
                continue;
            }
            Path target = output.resolve(relative);
            boolean classFile = isClassFile(relative);
            TransformResult rewritten = classFile
                    ? rewrite(transformer, relative, Files.readAllBytes(file), namedLikeFrames, leftovers, report)
                    : null;
            Map<String, byte[]> frames = Map.of();
            if (rewritten != null && rewritten.changed()) {
                // The frame classes first: the class carries the marker that makes a later build pass it over, so
                // if a write fails, what is left is the class as javac wrote it, which the next build rewrites.
                frames = frameClassFiles(relative, rewritten);
                for (Map.Entry<String, byte[]> frame : frames.entrySet()) {
                    writeAtomically(output.resolve(frame.getKey()), frame.getValue());
                }
                writeAtomically(target, rewritten.bytes());
            } else if (!inPlace) {
                copy(file, target);
            }
            if (classFile) {
                leftovers.found(relative, rewritten, frames.keySet());
            }
        }
        for (String frameFile : foundFrameFiles) {
            FrameClassLeftovers.Fate fate = leftovers.fateOf(frameFile);
            if (fate == FrameClassLeftovers.Fate.STALE) {
                if (inPlace) {
                    Files.delete(input.resolve(frameFile));
                }
                report.leftoverRemoved(frameFile);
            } else if (fate == FrameClassLeftovers.Fate.KEPT && !inPlace) {
                copy(input.resolve(frameFile), output.resolve(frameFile));
            }
        }
        return report;
    }

    private static void copy(Path file, Path target) throws IOException {
        Files.createDirectories(target.getParent());
        Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
    }

    private InstrumentReport instrumentJar(Path input, Path output) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        Map<String, ZipEntry> originals = new HashMap<>();
        // ZipFile reads the central directory, which alone holds an entry's comment.
        try (ZipFile zip = new ZipFile(input.toFile())) {
            for (ZipEntry entry : java.util.Collections.list(zip.entries())) {
                try (InputStream in = zip.getInputStream(entry)) {
                    entries.put(entry.getName(), entry.isDirectory() ? null : in.readAllBytes());
                }
                originals.put(entry.getName(), entry);
            }
        }
        boolean changed = false;
        Transformer transformer = new Transformer(new ClassHierarchy(name -> {
            byte[] bytes = entries.get(name + ".class");
            return bytes != null ? bytes : classPath.find(name);
        }), options);
        InstrumentReport report = new InstrumentReport();
        FrameClassLeftovers leftovers = new FrameClassLeftovers();
        List<String> names = new ArrayList<>(entries.keySet());
        Set<String> namedLikeFrames = new HashSet<>();
        for (String name : names) {
            byte[] bytes = entries.get(name);
            if (bytes != null && FrameClassLeftovers.isFrameClassFile(name)
                    && !FrameClassLeftovers.isFrameClassFile(name, bytes)) {
                namedLikeFrames.add(internalNameOf(name));
            }
        }
        for (String name : names) {
            byte[] bytes = entries.get(name);
            if (bytes == null || !isClassFile(name) || FrameClassLeftovers.isFrameClassFile(name, bytes)) {
                continue;
            }
            TransformResult rewritten = rewrite(transformer, name, bytes, namedLikeFrames, leftovers, report);
            Map<String, byte[]> frames = Map.of();
            if (rewritten != null && rewritten.changed()) {
                entries.put(name, rewritten.bytes());
                frames = frameClassFiles(name, rewritten);
                entries.putAll(frames);
                changed = true;
            }
            leftovers.found(name, rewritten, frames.keySet());
        }
        for (String name : names) {
            if (entries.get(name) != null && FrameClassLeftovers.isFrameClassFile(name, entries.get(name))
                    && leftovers.fateOf(name) == FrameClassLeftovers.Fate.STALE) {
                entries.remove(name);
                report.leftoverRemoved(name);
                changed = true;
            }
        }
        if (!changed) { // the jar stays byte for byte as it was
            if (!Files.exists(output) || !Files.isSameFile(input, output)) {
                writeAtomically(output, Files.readAllBytes(input));
            }
            return report;
        }
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(buffer)) {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                out.putNextEntry(entryFor(entry.getKey(), entry.getValue(), originals.get(entry.getKey())));
                if (entry.getValue() != null) {
                    out.write(entry.getValue());
                }
                out.closeEntry();
            }
        }
        writeAtomically(output, buffer.toByteArray());
        return report;
    }

    /**
     * The entry to write {@code bytes} under: the original's metadata (its time, extra fields, comment, and its
     * method, since a stored entry must stay stored: Spring Boot reads the jars nested in its fat jar in place), with
     * the sizes and CRC of the bytes now written. A frame class, new, is deflated.
     */
    private static ZipEntry entryFor(String name, byte[] bytes, ZipEntry original) {
        ZipEntry entry = original != null ? new ZipEntry(original) : new ZipEntry(name);
        if (bytes == null) {
            return entry;
        }
        if (entry.getMethod() == ZipEntry.STORED) {
            CRC32 crc = new CRC32();
            crc.update(bytes);
            entry.setSize(bytes.length);
            entry.setCompressedSize(bytes.length);
            entry.setCrc(crc.getValue());
        } else {
            entry.setCompressedSize(-1); // deflated anew: the size it comes to is the stream's to say
        }
        return entry;
    }

    private static boolean isClassFile(String path) {
        return path.endsWith(".class") && !path.endsWith("module-info.class")
                && !path.endsWith("package-info.class");
    }

    /**
     * The frame classes of {@code rewritten}, from the class file at {@code path}, each beside it: path to class file
     * (in the same {@code META-INF/versions/N/} folder of a multi-release jar).
     */
    private static Map<String, byte[]> frameClassFiles(String path, TransformResult rewritten) {
        String classFile = rewritten.className() + ".class";
        // A class file not at its package's path (a misplaced file) gets its frame classes at theirs.
        String folder = path.endsWith("/" + classFile) || path.equals(classFile)
                ? path.substring(0, path.length() - classFile.length()) : "";
        Map<String, byte[]> files = new LinkedHashMap<>();
        rewritten.frameClasses().forEach((name, bytes) -> files.put(folder + name + ".class", bytes));
        return files;
    }

    /**
     * The result of rewriting the class file at {@code path}, or null if the filter leaves it out or the class must
     * stay as it is: a frame class of it would take the name of one of {@code namedLikeFrames}, classes of the
     * program's own, which writing it would overwrite (the report then has the error, and the frame class files an
     * earlier build wrote for it go as leftovers). Never called for a frame class file: that is jawait's own output,
     * never rewritten, not counted.
     */
    private TransformResult rewrite(Transformer transformer, String path, byte[] bytes, Set<String> namedLikeFrames,
            FrameClassLeftovers leftovers, InstrumentReport report) {
        String internalName = internalNameOf(path);
        if (!filter.test(internalName)) {
            return null;
        }
        TransformResult result = transformer.transform(bytes, internalName);
        List<Diagnostic> taken = namedLikeFrames.isEmpty() ? List.of() : namesTaken(path, result, namedLikeFrames);
        if (!taken.isEmpty() && result.changed()) {
            report.refused(result, taken);
            leftovers.refused(path);
            return null;
        }
        report.add(result);
        taken.forEach(report::add);
        return result;
    }

    /** The class that the class file at {@code path} holds, by its path ({@code META-INF/versions/11/a/B.class}: a/B). */
    private static String internalNameOf(String path) {
        String internalName = path.startsWith("META-INF/versions/")
                ? path.substring(path.indexOf('/', "META-INF/versions/".length()) + 1) : path;
        return internalName.substring(0, internalName.length() - ".class".length());
    }

    /**
     * An error for each class of the program's own ({@code namedLikeFrames}) that has the name of a frame class of
     * {@code result}: one it would write now (in any version of a multi-release jar: the JVM would load either in
     * place of the other), or, for a class an earlier build rewrote, one in its frame classes' names, which a class
     * compiled over that build's output has taken (its calls would fail on their first suspension).
     */
    private static List<Diagnostic> namesTaken(String path, TransformResult result, Set<String> namedLikeFrames) {
        List<Diagnostic> taken = new ArrayList<>();
        if (result.changed()) {
            for (Map.Entry<String, byte[]> frame : frameClassFiles(path, result).entrySet()) {
                String frameName = internalNameOf(frame.getKey());
                if (namedLikeFrames.contains(frameName)) {
                    taken.add(frameNameTaken(result, frameName, frame.getValue()));
                }
            }
        } else if (result.alreadyRewritten()) {
            String owner = result.className();
            namedLikeFrames.stream().filter(name -> Names.isBuildFrameClassNameOf(name, owner)).sorted()
                    .forEach(name -> taken.add(new Diagnostic(Diagnostic.Severity.ERROR, name, null, null, -1,
                            "jawait: the class " + name.replace('/', '.') + " has a name that jawait gives to frame"
                                    + " classes of " + owner.replace('/', '.') + ", which an earlier build"
                                    + " rewrote; its suspending calls would fail. Rename that class.")));
        }
        return taken;
    }

    /**
     * The error for {@code rewritten}, whose frame class {@code frameName} would overwrite the program's own class of
     * that name: it names the method the frame class is for, and its first await's line, from the site the frame
     * class carries ({@code class|method|file|line,line,...|variables}, see the runtime's {@code Site}).
     */
    private static Diagnostic frameNameTaken(TransformResult rewritten, String frameName, byte[] frameClass) {
        String owner = rewritten.className().replace('/', '.');
        String[] site = siteOf(frameClass).split("\\|", -1);
        String method = site.length > 1 && !site[1].isEmpty() ? site[1] : null;
        String file = null;
        int line = -1;
        if (site.length >= 5) { // the file may hold a '|' itself: the lines are then the last but one part
            file = String.join("|", java.util.Arrays.asList(site).subList(2, site.length - 2));
            file = file.isEmpty() ? null : file;
            String lines = site[site.length - 2];
            try {
                line = lines.isEmpty() ? -1 : Integer.parseInt(lines.split(",")[0]);
            } catch (NumberFormatException notALine) { // a site of another form: the error goes without its line
                line = -1;
            }
        }
        return new Diagnostic(Diagnostic.Severity.ERROR, rewritten.className(), method, file, line,
                "jawait cannot rewrite " + owner + (method != null ? "." + method : "") + ": its frame class would be"
                        + " named " + frameName.replace('/', '.') + ", and a class of the program's own has that"
                        + " name, which writing the frame class would overwrite. Rename that class; " + owner
                        + " was left as it was, unrewritten.");
    }

    /** The site constant a frame class's {@code site()} returns; empty if it has none. */
    private static String siteOf(byte[] frameClass) {
        String[] site = {""};
        new ClassReader(frameClass).accept(new ClassVisitor(Names.ASM_API) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                    String[] exceptions) {
                if (!RuntimeContract.FRAME_SITE.name().equals(name)) {
                    return null;
                }
                return new MethodVisitor(Names.ASM_API) {
                    @Override
                    public void visitLdcInsn(Object value) {
                        if (value instanceof String) {
                            site[0] = (String) value;
                        }
                    }
                };
            }
        }, ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        return site[0];
    }

    /**
     * Writes {@code bytes} to a temporary file beside {@code target}, then moves it there: a reader never sees half a
     * class. The file gets the permissions of the one it replaces (a new one, read for all), not the temporary file's
     * owner-only ones, which would leave the class unreadable to another user (a container's).
     */
    private static void writeAtomically(Path target, byte[] bytes) throws IOException {
        Path directory = target.toAbsolutePath().getParent();
        Files.createDirectories(directory);
        Path temporary = Files.createTempFile(directory, ".jawait", ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(temporary)) {
                out.write(bytes);
            }
            if (Files.getFileStore(temporary).supportsFileAttributeView(PosixFileAttributeView.class)) {
                Files.setPosixFilePermissions(temporary, Files.exists(target) ? Files.getPosixFilePermissions(target)
                        : PosixFilePermissions.fromString("rw-r--r--"));
            }
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary); // left only if the write or the move failed
        }
    }

    /** A class-file locator over a class loader's resources (for instance a {@code URLClassLoader} of jars). */
    public static ClassHierarchy.ClassFileLocator resourcesOf(ClassLoader loader) {
        return name -> {
            try (InputStream in = loader.getResourceAsStream(name + ".class")) {
                return in == null ? null : in.readAllBytes();
            }
        };
    }
}
