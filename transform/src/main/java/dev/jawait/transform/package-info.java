/**
 * The transformer: {@link dev.jawait.transform.Transformer} rewrites one class file, {@link
 * dev.jawait.transform.Instrumenter} the classes of a folder or jar; both report {@link
 * dev.jawait.transform.Diagnostic}s located by class, method and source line. The agent, the Maven plugin and the
 * command line are thin wrappers over these. {@code dev.jawait.transform.internal} holds the passes (scan, analysis,
 * pass, emit), which are not an API.
 */
package dev.jawait.transform;
