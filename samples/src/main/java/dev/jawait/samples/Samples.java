package dev.jawait.samples;

import java.io.PrintStream;

/** Runs every sample, one after the other, each under its own heading. */
public final class Samples {
    private Samples() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = System.out;
        heading(out, "1. Sequential awaits vs Tasks.gather");
        GatherSample.run(out);
        heading(out, "2. Fetching many URLs concurrently (java.net.http.HttpClient)");
        HttpFetchSample.run(out);
        heading(out, "3. A background task, and results as they complete");
        BackgroundSample.run(out);
        heading(out, "4. Awaiting in a loop; closing an async resource in finally");
        LoopsAndCleanupSample.run(out);
        heading(out, "5. An async web server: many slow clients, few threads");
        AsyncServerSample.run(out);
        heading(out, "6. The common mistakes, and what jawait says about each");
        MistakesSample.run(out);
        heading(out, "7. The same program, rewritten by the build plugin (no agent)");
        TwoWaysSample.run(out);
        heading(out, "8. async with: a TaskGroup, a session that rolls back, a lazy generator closed by break");
        AsyncWithSample.run(out);
    }

    private static void heading(PrintStream out, String title) {
        out.println();
        out.println("== " + title);
    }
}
