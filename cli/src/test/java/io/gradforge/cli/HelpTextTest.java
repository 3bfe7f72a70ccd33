package io.gradforge.cli;

import static io.gradforge.cli.SearchCommandTest.gradforge;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Every command's {@code --help} reads well at picocli's default 80 columns: picocli wraps descriptions itself, so a
 * line break written into a description (rather than between paragraphs) leaves a ragged line or a stray word.
 */
class HelpTextTest {
    static final int WIDTH = 80;

    /** The help of the top-level command and of each subcommand, as the user sees it. */
    static List<String> helps() {
        List<String> helps = new ArrayList<>();
        helps.add(gradforge("--help").out());
        for (String name : new CommandLine(new GradforgeCommand()).getSubcommands().keySet()) {
            SearchCommandTest.Run run = gradforge(name, "--help");
            assertEquals(0, run.code(), name + ": " + run.err());
            helps.add(run.out());
        }
        return helps;
    }

    @Test
    void everyCommandsHelpFitsEightyColumnsWithoutHardBreaksInItsProse() {
        for (String help : helps()) {
            assertEquals(List.of(), problems(help), help);
        }
    }

    @Test
    void theCheckFindsRaggedBreaksStrayFragmentsAndBrokenWords() {
        String wrapped = "Train a network on its data and report loss, accuracy and gradient health. It\n"
                + "saves the weights.\n";
        assertEquals(List.of(), problems(wrapped));
        assertEquals(1, problems("Picks the feature columns it was trained on, standardizes\n"
                + "them as in training, and writes one row per input row.\n").size(), "a ragged break");
        assertEquals(1, problems("Example:\n  gradforge train spec.yaml --out out && gradforge predict out/checkpoint\n"
                + "new.csv\n").size(), "an example too long for the width");
        assertEquals(1, problems("With --out, saves the trained weights (checkpoint.json) and the curve (loss.\n"
                + "csv).\n").size(), "a file name broken at its dot");
        assertEquals(1, problems("x".repeat(WIDTH + 1) + "\n").size(), "too long");
    }

    /**
     * What reads badly in {@code help}: a line over {@value #WIDTH} characters; a line of prose (unindented, not the
     * usage synopsis, not a paragraph's end) broken before a word that would have fit on it, as picocli's own
     * wrapping (to one column less than the width) never does; an unindented line after an example or a command's
     * row, the rest of one too long for the width; and a word broken after a dot ({@code loss.} / {@code csv}).
     */
    static List<String> problems(String help) {
        List<String> problems = new ArrayList<>();
        List<String> lines = help.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            String text = line.strip();
            String next = i + 1 < lines.size() ? lines.get(i + 1) : "";
            String previous = i > 0 ? lines.get(i - 1) : "";
            if (line.length() > WIDTH) problems.add("longer than " + WIDTH + ": " + line);
            boolean prose = !text.isEmpty() && !indented(line) && !text.endsWith(":") && !text.startsWith("Usage:");
            if (prose && !text.endsWith(".") && !next.isBlank() && !indented(next)
                    && line.length() + 1 + next.strip().split("\\s+")[0].length() <= WIDTH - 1) {
                problems.add("broken by hand after '" + line + "'");
            }
            if (prose && previous.startsWith("  ") && !indented(previous.substring(2))
                    && !previous.strip().startsWith("-")) {
                problems.add("the rest of a line too long for " + WIDTH + " columns: '" + previous + "' / '" + line
                        + "'");
            }
            if (text.endsWith(".") && !next.isEmpty() && Character.isLowerCase(next.charAt(0))) {
                problems.add("a word broken after its dot: '" + line + "' / '" + next + "'");
            }
        }
        return problems;
    }

    private static boolean indented(String line) {
        return !line.isEmpty() && Character.isWhitespace(line.charAt(0));
    }
}
