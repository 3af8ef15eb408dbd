package dev.jawait.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * jawait-core is what every user puts on their class path: the runtime alone, with the JDK as its only dependency.
 * An ASM (or anything else) it brought along would clash with the application's own.
 */
class RuntimeOnlyIT {
    /** Runtime classes only: the public API and the internals rewritten code calls. */
    private static final Pattern RUNTIME_CLASS = Pattern.compile("dev/jawait/(internal/)?[^/]+\\.class");

    @Test
    void thePublishedPomDeclaresNoDependencyOutsideTestScope() throws Exception {
        Path corePom = Paths.get(System.getProperty("jawait.core.pom"));
        List<String> offending = new ArrayList<>(nonTestDependencies(corePom));
        // The parent's <dependencies> (not its dependencyManagement) are inherited by the published POM too.
        offending.addAll(nonTestDependencies(corePom.resolveSibling("../pom.xml").normalize()));
        assertEquals(Collections.emptyList(), offending);
    }

    @Test
    void theJarHoldsOnlyTheRuntimePackages() throws IOException {
        Path jar = Paths.get(System.getProperty("jawait.core.jar"));
        assertTrue(Files.isRegularFile(jar), "jawait-core jar: " + jar);
        List<String> strays = new ArrayList<>();
        int classes = 0;
        try (JarFile file = new JarFile(jar.toFile())) {
            for (var entries = file.entries(); entries.hasMoreElements(); ) {
                String name = entries.nextElement().getName();
                if (name.endsWith("/") || name.startsWith("META-INF/")) {
                    continue;
                }
                if (RUNTIME_CLASS.matcher(name).matches()) {
                    classes++;
                } else {
                    strays.add(name);
                }
            }
        }
        assertEquals(Collections.emptyList(), strays);
        assertTrue(classes > 20, "the runtime's classes are in the jar: " + classes);
    }

    /** {@code groupId:artifactId:scope} of each {@code project/dependencies/dependency} whose scope is not test. */
    private static List<String> nonTestDependencies(Path pom) throws Exception {
        Element project = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile())
                .getDocumentElement();
        List<String> found = new ArrayList<>();
        for (Element dependencies : children(project, "dependencies")) {
            for (Element dependency : children(dependencies, "dependency")) {
                String scope = text(dependency, "scope");
                if (!"test".equals(scope)) {
                    found.add(pom + ": " + text(dependency, "groupId") + ":" + text(dependency, "artifactId")
                            + ":" + (scope == null ? "compile" : scope));
                }
            }
        }
        return found;
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> found = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            Node node = nodes.item(i);
            if (node instanceof Element && name.equals(node.getNodeName())) {
                found.add((Element) node);
            }
        }
        return found;
    }

    private static String text(Element parent, String name) {
        List<Element> found = children(parent, name);
        return found.isEmpty() ? null : found.get(0).getTextContent().trim();
    }
}
