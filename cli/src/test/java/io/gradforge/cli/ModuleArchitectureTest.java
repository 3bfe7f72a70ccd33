package io.gradforge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The module arrows of docs/architecture.md, checked on the source trees (cli's tests run in cli/, and cli sees
 * every module): core &lt;- dsl &lt;- run &lt;- search &lt;- cluster &lt;- cli, nothing reaches right, core knows nothing of
 * YAML, Jenetics or the command line, and each module-info exports exactly the packages meant as API.
 *
 * <p>Every package of a module must appear in {@link #API} or {@link #INTERNAL}: a new package is a decision.
 */
class ModuleArchitectureTest {

    /** Left to right: a module may use the modules before it, never those after it. */
    static final List<String> MODULES = List.of("core", "dsl", "run", "search", "cluster", "cli");

    /** Packages each module exports (unqualified). */
    static final Map<String, Set<String>> API = Map.of(
            "core", Set.of("io.gradforge.core.check", "io.gradforge.core.data", "io.gradforge.core.health",
                    "io.gradforge.core.health.meanfield", "io.gradforge.core.kernel", "io.gradforge.core.loss",
                    "io.gradforge.core.nn", "io.gradforge.core.optim", "io.gradforge.core.tensor",
                    "io.gradforge.core.train"),
            "dsl", Set.of("io.gradforge.dsl", "io.gradforge.dsl.builder", "io.gradforge.dsl.spec"),
            "run", Set.of("io.gradforge.run", "io.gradforge.run.checkpoint", "io.gradforge.run.export"),
            "search", Set.of("io.gradforge.search"),
            "cluster", Set.of("io.gradforge.cluster"),
            "cli", Set.of());

    /** Packages that stay inside their module (exported at most to a named Gradforge module on its right). */
    static final Map<String, Set<String>> INTERNAL = Map.of(
            "core", Set.of(),
            "dsl", Set.of("io.gradforge.dsl.yaml"),
            "run", Set.of(),
            "search", Set.of(),
            "cluster", Set.of(),
            "cli", Set.of("io.gradforge.cli", "io.gradforge.cli.report"));

    /** Third-party packages a module must not use, by the layer that owns them. */
    static final Map<String, List<String>> FORBIDDEN = Map.of(
            "core", List.of("tools.jackson", "org.snakeyaml", "io.jenetics", "picocli", "me.tongfei"),
            "dsl", List.of("io.jenetics", "picocli", "me.tongfei"),
            "run", List.of("io.jenetics", "picocli", "me.tongfei"),
            "search", List.of("picocli", "me.tongfei", "com.hazelcast"),
            "cluster", List.of("picocli", "me.tongfei"),
            "cli", List.of());

    private static final Pattern GRADFORGE_REF = Pattern.compile("\\bio\\.gradforge\\.(\\w+)");
    private static final Pattern IMPORT = Pattern.compile("^\\s*import\\s+(?:static\\s+)?([\\w.]+)", Pattern.MULTILINE);
    private static final Pattern EXPORTS =
            Pattern.compile("\\bexports\\s+([\\w.]+)(?:\\s+to\\s+([\\w.,\\s]+))?;");
    private static final Pattern REQUIRES =
            Pattern.compile("\\brequires\\s+(?:(?:transitive|static)\\s+)*([\\w.]+)\\s*;");

    // ------------------------------------------------------------------------------------------- the checks

    /**
     * Violations in one source file of {@code module}: a reference to a Gradforge module on its right (an import or
     * a fully qualified name, in code or comments) or an import of a third-party package the module must not use.
     */
    static List<String> sourceViolations(String module, String fileName, String text) {
        List<String> out = new ArrayList<>();
        int self = MODULES.indexOf(module);
        Matcher m = GRADFORGE_REF.matcher(text);
        while (m.find()) {
            int target = MODULES.indexOf(m.group(1));
            if (target > self) {
                out.add(fileName + ":" + line(text, m.start()) + ": " + module + " refers to io.gradforge."
                        + m.group(1) + ", which is on its right");
            }
        }
        Matcher i = IMPORT.matcher(text);
        while (i.find()) {
            for (String forbidden : FORBIDDEN.get(module)) {
                if (i.group(1).equals(forbidden) || i.group(1).startsWith(forbidden + ".")) {
                    out.add(fileName + ":" + line(text, i.start()) + ": " + module + " imports " + i.group(1));
                }
            }
        }
        return out;
    }

    /**
     * Violations in {@code module}'s module-info: requiring a Gradforge module on its right, an unqualified export
     * of a package not in {@link #API}, a missing export of an API package, or a qualified export to a module
     * that is not a Gradforge module on its right.
     */
    static List<String> descriptorViolations(String module, String moduleInfo) {
        List<String> out = new ArrayList<>();
        String code = moduleInfo.replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\n]*", "");
        int self = MODULES.indexOf(module);
        Matcher r = REQUIRES.matcher(code);
        while (r.find()) {
            String required = r.group(1);
            if (required.startsWith("io.gradforge.")
                    && MODULES.indexOf(required.substring("io.gradforge.".length())) >= self) {
                out.add(module + " requires " + required + ", which is not on its left");
            }
        }
        Set<String> exported = new TreeSet<>();
        Matcher e = EXPORTS.matcher(code);
        while (e.find()) {
            String pkg = e.group(1);
            if (e.group(2) == null) {
                exported.add(pkg);
                if (!API.get(module).contains(pkg)) {
                    out.add(module + " exports " + pkg + ", which is not an API package");
                }
            } else {
                for (String to : e.group(2).split(",")) {
                    String target = to.strip();
                    int index = target.startsWith("io.gradforge.")
                            ? MODULES.indexOf(target.substring("io.gradforge.".length())) : -1;
                    if (index <= self) {
                        out.add(module + " exports " + pkg + " to " + target + ", not a Gradforge module on its right");
                    }
                }
            }
        }
        for (String pkg : API.get(module)) {
            if (!exported.contains(pkg)) {
                out.add(module + " does not export its API package " + pkg);
            }
        }
        return out;
    }

    private static int line(String text, int offset) {
        int n = 1;
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') n++;
        }
        return n;
    }

    // ------------------------------------------------------------------------------------- on the real tree

    private static Path root() {
        Path here = Path.of("").toAbsolutePath();
        return Files.isDirectory(here.resolve("core")) ? here : here.getParent();
    }

    private static List<Path> sources(Path dir) {
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> p.toString().endsWith(".java") || p.toString().endsWith(".kt")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void noModuleReachesRightOrUsesAnotherLayersLibrary() {
        List<String> violations = new ArrayList<>();
        int files = 0;
        for (String module : MODULES) {
            for (String tree : List.of("src/main/java", "src/test/java", "src/test/kotlin")) {
                Path dir = root().resolve(module).resolve(tree);
                for (Path file : sources(dir)) {
                    files++;
                    violations.addAll(sourceViolations(module, root().relativize(file).toString(), read(file)));
                }
            }
        }
        assertTrue(files > 100, "found only " + files + " source files under " + root());
        assertEquals(List.of(), violations);
    }

    @Test
    void moduleDescriptorsExportTheApiOnly() {
        List<String> violations = new ArrayList<>();
        for (String module : MODULES) {
            Path info = root().resolve(module).resolve("src/main/java/module-info.java");
            assertTrue(Files.isRegularFile(info), "no " + info);
            violations.addAll(descriptorViolations(module, read(info)));
        }
        assertEquals(List.of(), violations);
    }

    @Test
    void everyPackageIsEitherApiOrInternal() {
        List<String> unclassified = new ArrayList<>();
        for (String module : MODULES) {
            Path main = root().resolve(module).resolve("src/main/java");
            Set<String> packages = new TreeSet<>();
            for (Path file : sources(main)) {
                String name = file.getFileName().toString();
                if (name.equals("module-info.java") || name.equals("package-info.java")) continue;
                packages.add(main.relativize(file.getParent()).toString().replace('/', '.'));
            }
            for (String pkg : packages) {
                if (!API.get(module).contains(pkg) && !INTERNAL.get(module).contains(pkg)) {
                    unclassified.add(module + ": " + pkg);
                }
            }
        }
        assertEquals(List.of(), unclassified, "classify each package in ModuleArchitectureTest.API or INTERNAL");
    }

    // ------------------------------------------------------------ the checks catch what they are meant to

    @Test
    void aBackwardImportIsCaught() {
        String bad = """
                package io.gradforge.core.nn;

                import io.gradforge.dsl.spec.NetworkSpec;
                import tools.jackson.databind.JsonNode;

                final class Bad {
                    io.gradforge.search.Evaluation evaluation;
                }
                """;
        assertEquals(List.of(
                "Bad.java:3: core refers to io.gradforge.dsl, which is on its right",
                "Bad.java:7: core refers to io.gradforge.search, which is on its right",
                "Bad.java:4: core imports tools.jackson.databind.JsonNode"), sourceViolations("core", "Bad.java", bad));
        assertEquals(List.of("Bad.java:1: search imports picocli.CommandLine"),
                sourceViolations("search", "Bad.java", "import picocli.CommandLine;\n"));
        assertEquals(List.of(), sourceViolations("search", "Good.java", "import io.gradforge.core.nn.Dense;\n"
                + "import io.gradforge.run.Experiment;\nimport io.jenetics.Genotype;\n"));
    }

    @Test
    void anExportedInternalPackageIsCaught() {
        String bad = """
                module io.gradforge.dsl {
                    requires transitive io.gradforge.core;
                    requires io.gradforge.search; // backwards
                    exports io.gradforge.dsl;
                    exports io.gradforge.dsl.builder;
                    exports io.gradforge.dsl.yaml;
                    exports io.gradforge.dsl.spec to io.gradforge.core;
                }
                """;
        assertEquals(List.of(
                "dsl requires io.gradforge.search, which is not on its left",
                "dsl exports io.gradforge.dsl.yaml, which is not an API package",
                "dsl exports io.gradforge.dsl.spec to io.gradforge.core, not a Gradforge module on its right",
                "dsl does not export its API package io.gradforge.dsl.spec"), descriptorViolations("dsl", bad));
        assertEquals(List.of(), descriptorViolations("dsl", """
                module io.gradforge.dsl {
                    requires transitive io.gradforge.core;
                    // exports io.gradforge.dsl.yaml; (a comment is not an export)
                    exports io.gradforge.dsl;
                    exports io.gradforge.dsl.builder;
                    exports io.gradforge.dsl.spec;
                    exports io.gradforge.dsl.yaml to io.gradforge.run;
                }
                """));
    }
}
