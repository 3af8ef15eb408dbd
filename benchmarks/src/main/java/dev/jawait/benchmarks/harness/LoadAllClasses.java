package dev.jawait.benchmarks.harness;

import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * The child JVM of {@link AgentLoadCost}: loads (without initializing) every class of the given jars through a fresh
 * class loader and prints {@code loaded N failed M nanos T}. A class whose dependencies are absent fails alike with
 * and without the agent; the counts are compared.
 */
public final class LoadAllClasses {
    private LoadAllClasses() {
    }

    public static void main(String[] jars) throws Exception {
        List<String> names = new ArrayList<>();
        URL[] urls = new URL[jars.length];
        for (int i = 0; i < jars.length; i++) {
            urls[i] = new File(jars[i]).toURI().toURL();
            try (JarFile jar = new JarFile(jars[i])) {
                for (Enumeration<JarEntry> entries = jar.entries(); entries.hasMoreElements(); ) {
                    String name = entries.nextElement().getName();
                    if (name.endsWith(".class") && !name.contains("-info") && !name.startsWith("META-INF/")) {
                        names.add(name.substring(0, name.length() - 6).replace('/', '.'));
                    }
                }
            }
        }
        int loaded = 0;
        int failed = 0;
        long start = System.nanoTime();
        try (URLClassLoader loader = new URLClassLoader(urls, ClassLoader.getPlatformClassLoader())) {
            for (String name : names) {
                try {
                    Class.forName(name, false, loader);
                    loaded++;
                } catch (ClassNotFoundException | LinkageError missingDependency) {
                    failed++;
                }
            }
        }
        long nanos = System.nanoTime() - start;
        System.out.println("loaded " + loaded + " failed " + failed + " nanos " + nanos);
    }
}
