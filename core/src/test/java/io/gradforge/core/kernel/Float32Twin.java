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
 * Writes the float32 twins of float64 kernel code: {@code FloatGemm.java} from {@code DoubleGemm.java} and
 * {@code FloatCells.java} from {@code DoubleCells.java} ({@link #TWINS}), and the float32 halves of
 * {@code ScalarKernels.java} and {@code ScalarCells.java} from their float64 halves ({@link #HALVES}: one class
 * implements both overload sets of {@code Kernels}, so there the twin is a marked region of the same file, between
 * {@link #FLOAT32_HALF} and {@link #END_OF_HALF}, generated from the lines between {@link #FLOAT64_HALF} and
 * {@link #FLOAT32_HALF}). The
 * float64 code is the one kept by hand; the twins are generated and committed, and {@link Float32TwinTest} fails
 * when a committed twin differs from what this produces, so the two cannot drift apart.
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
 *   <li>A header line saying the file is generated goes before the package line (for a whole file).</li>
 * </ol>
 * So comments in the float64 source must read true for both precisions once substituted (no sizes in bytes, no
 * "float32" in the shared text).
 *
 * <p>Run from the repository root after changing the float64 code (a single-file program, no build needed):
 * <pre>java core/src/test/java/io/gradforge/core/kernel/Float32Twin.java</pre>
 */
public final class Float32Twin {
    static final Path KERNEL_DIR = Path.of("src/main/java/io/gradforge/core/kernel");
    /** Whole-file twins: {float64 source, float32 target}. */
    static final List<List<String>> TWINS =
            List.of(List.of("DoubleGemm.java", "FloatGemm.java"), List.of("DoubleCells.java", "FloatCells.java"));
    /** Files holding a float64 half and its generated float32 half. */
    static final List<String> HALVES = List.of("ScalarKernels.java", "ScalarCells.java");

    /** Marker lines (compared stripped) of a file holding both halves. */
    static final String FLOAT64_HALF =
            "// ---- float64 half: the float32 half below is generated from it by Float32Twin (core's tests) ----";
    static final String FLOAT32_HALF =
            "// ---- float32 half: generated from the float64 half above by Float32Twin; do not edit ----";
    static final String END_OF_HALF = "// ---- end of the generated float32 half ----";

    private static final String[][] SUBSTITUTIONS = {
        {"DoubleGemm", "FloatGemm"},
        {"DoubleCells", "FloatCells"},
        {"DoubleVector", "FloatVector"},
        {"Double", "Float"},
        {"double", "float"},
        {"float64", "float32"},
    };

    private Float32Twin() {}

    /** The float32 twin of {@code source}, the text of a float64 kernel file named {@code sourceName}. */
    static String generate(String sourceName, String source) {
        String header = "// Generated from " + sourceName + " by " + Float32Twin.class.getName() + "; do not edit.";
        return header + "\n" + String.join("\n", transform(sourceName, 0, List.of(source.split("\n", -1))));
    }

    /**
     * {@code source}, a file holding a float64 half and a generated float32 half between the marker lines, with
     * the float32 half generated afresh from the float64 half.
     */
    static String regenerateHalf(String sourceName, String source) {
        List<String> lines = List.of(source.split("\n", -1));
        int from = marker(sourceName, lines, FLOAT64_HALF);
        int generated = marker(sourceName, lines, FLOAT32_HALF);
        int end = marker(sourceName, lines, END_OF_HALF);
        if (!(from < generated && generated < end)) {
            throw new IllegalArgumentException(sourceName + ": the half markers must come in the order float64 half, "
                    + "float32 half, end but were at lines " + (from + 1) + ", " + (generated + 1) + ", " + (end + 1) + ".");
        }
        List<String> out = new ArrayList<>(lines.subList(0, generated + 1));
        out.addAll(transform(sourceName, from + 1, lines.subList(from + 1, generated)));
        out.addAll(lines.subList(end, lines.size()));
        return String.join("\n", out);
    }

    private static int marker(String sourceName, List<String> lines, String marker) {
        int at = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).strip().equals(marker)) {
                if (at >= 0) {
                    throw new IllegalArgumentException(sourceName + ": marker '" + marker + "' appears twice.");
                }
                at = i;
            }
        }
        if (at < 0) {
            throw new IllegalArgumentException(sourceName + ": no marker line '" + marker + "'.");
        }
        return at;
    }

    /** The float32 lines of {@code lines}, float64 code starting at line {@code offset + 1} of the file. */
    private static List<String> transform(String sourceName, int offset, List<String> lines) {
        List<String> out = new ArrayList<>();
        String section = "";
        int lineNumber = offset;
        for (String line : lines) {
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
        return out;
    }

    private static String substitute(String line) {
        String s = line;
        for (String[] rule : SUBSTITUTIONS) {
            s = Pattern.compile("\\b" + rule[0] + "\\b").matcher(s).replaceAll(Matcher.quoteReplacement(rule[1]));
        }
        return s;
    }

    /** The twin generated from the float64 file {@code source} under {@code kernelDir}. */
    static String generate(Path kernelDir, String source) throws IOException {
        return generate(source, Files.readString(kernelDir.resolve(source), StandardCharsets.UTF_8));
    }

    /** The file {@code name} (one of {@link #HALVES}) under {@code kernelDir} with its float32 half generated afresh. */
    static String regenerateHalves(Path kernelDir, String name) throws IOException {
        return regenerateHalf(name, Files.readString(kernelDir.resolve(name), StandardCharsets.UTF_8));
    }

    /** Rewrites every twin and float32 half; run from the repository root or from {@code core}. */
    public static void main(String[] args) throws IOException {
        Path dir = Files.isDirectory(KERNEL_DIR) ? KERNEL_DIR : Path.of("core").resolve(KERNEL_DIR);
        for (List<String> twin : TWINS) {
            Files.writeString(dir.resolve(twin.get(1)), generate(dir, twin.get(0)), StandardCharsets.UTF_8);
            System.out.println("wrote " + dir.resolve(twin.get(1)));
        }
        for (String name : HALVES) {
            Files.writeString(dir.resolve(name), regenerateHalves(dir, name), StandardCharsets.UTF_8);
            System.out.println("wrote the float32 half of " + dir.resolve(name));
        }
    }
}
