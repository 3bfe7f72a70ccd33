package io.gradforge.core.kernel;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes the float32 twin of a float64 kernel source: {@code FloatGemm.java} from {@code DoubleGemm.java}. The
 * float64 file is the one kept by hand; the twin is generated and committed, and {@link Float32TwinTest} fails
 * when the committed twin differs from what this produces, so the two cannot drift apart.
 *
 * <p>The transformation, line by line:
 * <ol>
 *   <li>A line {@code //#float64 ...} opens a section kept in the float64 source only: it and its lines are
 *       dropped. {@code //#float32} closes it and opens the float32 replacement: each of its lines is a comment
 *       {@code //} followed by the float32 text, which is written without the {@code //} and without any
 *       substitution. {@code //#end} closes the section. Used where the two precisions are tuned differently.</li>
 *   <li>Every other line gets whole-word substitutions, in this order: {@code DoubleGemm -> FloatGemm},
 *       {@code DoubleVector -> FloatVector}, {@code Double -> Float}, {@code double -> float},
 *       {@code float64 -> float32}.</li>
 *   <li>A header line saying the file is generated goes before the package line.</li>
 * </ol>
 * So comments in the float64 source must read true for both precisions once substituted (no sizes in bytes, no
 * "float32" in the shared text).
 *
 * <p>Run from the repository root after changing {@code DoubleGemm.java} (a single-file program, no build needed):
 * <pre>java core/src/test/java/io/gradforge/core/kernel/Float32Twin.java</pre>
 */
public final class Float32Twin {
    static final Path KERNEL_DIR = Path.of("src/main/java/io/gradforge/core/kernel");
    static final String SOURCE = "DoubleGemm.java";
    static final String TARGET = "FloatGemm.java";

    private static final String[][] SUBSTITUTIONS = {
        {"DoubleGemm", "FloatGemm"},
        {"DoubleVector", "FloatVector"},
        {"Double", "Float"},
        {"double", "float"},
        {"float64", "float32"},
    };

    private Float32Twin() {}

    /** The float32 twin of {@code source}, the text of a float64 kernel file named {@code sourceName}. */
    static String generate(String sourceName, String source) {
        List<String> out = new ArrayList<>();
        String section = "";
        int lineNumber = 0;
        for (String line : source.split("\n", -1)) {
            lineNumber++;
            String trimmed = line.strip();
            if (trimmed.startsWith("//#")) {
                String marker = trimmed.substring(3).split(" ", 2)[0];
                String expected = switch (marker) {
                    case "float64" -> "";
                    case "float32" -> "float64";
                    case "end" -> "float32";
                    default -> throw new IllegalArgumentException(
                            sourceName + ":" + lineNumber + ": unknown marker //#" + marker + ".");
                };
                if (!section.equals(expected)) {
                    throw new IllegalArgumentException(sourceName + ":" + lineNumber + ": //#" + marker
                            + " must follow " + (expected.isEmpty() ? "//#end or no section" : "//#" + expected)
                            + " but the open section is '" + section + "'.");
                }
                section = marker.equals("end") ? "" : marker;
                continue;
            }
            switch (section) {
                case "float64" -> { }
                case "float32" -> {
                    int at = line.indexOf("//");
                    if (at < 0 || !line.substring(0, at).isBlank()) {
                        throw new IllegalArgumentException(sourceName + ":" + lineNumber
                                + ": a line of a //#float32 section must be a // comment but was '" + line + "'.");
                    }
                    String text = line.substring(at + 2);
                    // "//    private ..." keeps the indentation written after the slashes.
                    out.add(text.isBlank() ? "" : text);
                }
                default -> out.add(substitute(line));
            }
        }
        if (!section.isEmpty()) {
            throw new IllegalArgumentException(sourceName + ": section //#" + section + " is not closed by //#end.");
        }
        String header = "// Generated from " + sourceName + " by " + Float32Twin.class.getName() + "; do not edit.";
        return header + "\n" + String.join("\n", out);
    }

    private static String substitute(String line) {
        String s = line;
        for (String[] rule : SUBSTITUTIONS) {
            s = Pattern.compile("\\b" + rule[0] + "\\b").matcher(s).replaceAll(Matcher.quoteReplacement(rule[1]));
        }
        return s;
    }

    /** The twin generated from the float64 source under {@code kernelDir}. */
    static String generate(Path kernelDir) throws IOException {
        return generate(SOURCE, Files.readString(kernelDir.resolve(SOURCE), StandardCharsets.UTF_8));
    }

    /** Rewrites FloatGemm.java; run from the repository root or from {@code core}. */
    public static void main(String[] args) throws IOException {
        Path dir = Files.isDirectory(KERNEL_DIR) ? KERNEL_DIR : Path.of("core").resolve(KERNEL_DIR);
        Files.writeString(dir.resolve(TARGET), generate(dir), StandardCharsets.UTF_8);
        System.out.println("wrote " + dir.resolve(TARGET));
    }
}
