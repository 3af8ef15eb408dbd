package dev.jawait.agent;

import java.io.File;
import java.lang.ref.WeakReference;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;

/**
 * A redeploying application server in miniature: loads the same {@code @Async} application in {@code count} fresh
 * class loaders in turn, runs it in each, drops each, and prints how many of those loaders the garbage collector
 * could not reclaim ({@code reachable=N}). jawait's runtime sits in the parent loader, shared by all, as it does
 * under the agent.
 */
public final class LoaderChurn {
    private LoaderChurn() {
    }

    public static void main(String[] args) throws Exception {
        URL application = new File(args[0]).toURI().toURL();
        int count = Integer.parseInt(args[1]);
        List<WeakReference<ClassLoader>> dropped = new ArrayList<>();
        long checksum = 0;
        for (int i = 0; i < count; i++) {
            URLClassLoader loader = new URLClassLoader(new URL[] {application}, LoaderChurn.class.getClassLoader());
            checksum += (Integer) loader.loadClass("churn.Worker").getMethod("run").invoke(null);
            dropped.add(new WeakReference<>(loader));
            loader.close();
        }
        System.out.println("checksum=" + checksum);
        int reachable = count;
        for (int attempt = 0; attempt < 20 && reachable > 0; attempt++) {
            System.gc();
            Thread.sleep(50);
            reachable = (int) dropped.stream().filter(ref -> ref.get() != null).count();
        }
        System.out.println("reachable=" + reachable);
    }
}
