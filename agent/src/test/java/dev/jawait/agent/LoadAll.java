package dev.jawait.agent;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/** Loads (without initializing) every class of the jars given, and prints how many and how long it took. */
public final class LoadAll {
    private LoadAll() {
    }

    public static void main(String[] jars) throws IOException {
        List<String> names = new ArrayList<>();
        for (String jar : jars) {
            try (JarFile file = new JarFile(jar)) {
                for (Enumeration<JarEntry> entries = file.entries(); entries.hasMoreElements(); ) {
                    String name = entries.nextElement().getName();
                    if (name.endsWith(".class") && !name.contains("-") && !name.startsWith("META-INF")) {
                        names.add(name.substring(0, name.length() - 6).replace('/', '.'));
                    }
                }
            }
        }
        ClassLoader loader = LoadAll.class.getClassLoader();
        int loaded = 0;
        int failed = 0;
        long start = System.nanoTime();
        for (String name : names) {
            try {
                Class.forName(name, false, loader);
                loaded++;
            } catch (Throwable missingOptionalDependency) {
                failed++;
            }
        }
        long nanos = System.nanoTime() - start;
        System.out.println("loaded " + loaded + " failed " + failed + " nanos " + nanos);
    }
}
