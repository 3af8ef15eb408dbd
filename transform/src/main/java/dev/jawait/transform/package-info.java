/**
 * The transformer: {@link dev.jawait.transform.Transformer} rewrites one class file, {@link
 * dev.jawait.transform.Instrumenter} the classes of a folder or jar; both report {@link
 * dev.jawait.transform.Diagnostic}s located by class, method and source line, printed by every front end in one form
 * ({@link dev.jawait.transform.Diagnostic#format()}). The agent, the Maven plugin and the command line are thin
 * wrappers over these, and read one option language: {@link dev.jawait.transform.Option} lists the options, {@link
 * dev.jawait.transform.OptionParser} reads them into {@link dev.jawait.transform.Options}, {@link
 * dev.jawait.transform.ClassPattern} is the pattern syntax, and a bad value is an {@link
 * dev.jawait.transform.OptionException} with the one message. {@code dev.jawait.transform.internal} holds the passes
 * (scan, analysis, pass, emit), which are not an API.
 */
package dev.jawait.transform;
