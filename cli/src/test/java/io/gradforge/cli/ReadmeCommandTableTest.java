package io.gradforge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The README's command table names every option each command accepts (and none it does not): a command that gains
 * an option fails here until its row says so. The options every command takes are named once, in the sentence
 * below the table ("Every command also takes ...").
 */
class ReadmeCommandTableTest {
    private static final Pattern OPTION = Pattern.compile("(?<![\\w-])--?[A-Za-z][\\w-]*");
    private static final String COMMON = "Every command also takes";

    @Test
    void everyCommandsRowNamesExactlyTheOptionsItAccepts() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        int commandsSection = readme.indexOf("\n## Commands\n");
        assertTrue(commandsSection >= 0, "README.md has a section '## Commands'");
        int end = readme.indexOf("\n## ", commandsSection + 1);
        Map<String, Set<String>> rows = rows(readme.substring(commandsSection, end < 0 ? readme.length() : end));
        Set<String> common = common(readme);
        assertTrue(common.containsAll(Set.of("--help", "--json", "--quiet", "--verbose")), common.toString());
        Map<String, CommandLine> commands = new CommandLine(new GradforgeCommand()).getSubcommands();
        for (Map.Entry<String, CommandLine> c : commands.entrySet()) {
            if (c.getKey().equals("help")) continue;
            CommandSpec spec = c.getValue().getCommandSpec();
            assertTrue(rows.containsKey(c.getKey()), "README.md has no row for " + c.getKey());
            Set<String> accepted = new TreeSet<>();
            List<String> missing = new ArrayList<>();
            for (OptionSpec o : spec.options()) {
                accepted.addAll(List.of(o.names()));
                if (List.of(o.names()).stream().noneMatch(n -> rows.get(c.getKey()).contains(n) || common.contains(n))) {
                    missing.add(o.longestName());
                }
            }
            assertEquals(List.of(), missing, "options of " + c.getKey() + " its README row does not name");
            Set<String> unknown = new TreeSet<>(rows.get(c.getKey()));
            unknown.removeAll(accepted);
            assertEquals(Set.of(), unknown, "options README.md names for " + c.getKey() + " that it does not take");
            for (String n : common) {
                assertTrue(accepted.contains(n), c.getKey() + " does not take " + n + ", which README.md says all do");
            }
        }
        assertEquals(new TreeSet<>(rows.keySet()), new TreeSet<>(commands.keySet().stream()
                .filter(n -> !n.equals("help")).toList()), "commands with a row");
    }

    @Test
    void aRowIsReadAsItsCommandAndOptions() {
        String table = "| command | what it does |\n|---|---|\n"
                + "| `search SPEC [--out DIR] [-t N]` | a search; `--resume` is not in the syntax |\n"
                + "| `search [SPEC] --table DIR` | on a table |\n";
        assertEquals(Map.of("search", Set.of("--out", "-t", "--table")), rows(table));
    }

    /** The options each command's rows name in their first cell, by command. */
    static Map<String, Set<String>> rows(String readme) {
        Map<String, Set<String>> rows = new LinkedHashMap<>();
        for (String line : readme.lines().toList()) {
            if (!line.startsWith("| `")) continue;
            String syntax = line.substring(3, line.indexOf('`', 3));
            Set<String> options = rows.computeIfAbsent(syntax.split(" ")[0], k -> new TreeSet<>());
            options.addAll(options(syntax));
        }
        return rows;
    }

    /** The options the sentence "Every command also takes ..." names. */
    static Set<String> common(String readme) {
        int start = readme.indexOf(COMMON);
        assertTrue(start >= 0, "README.md says which options every command takes: '" + COMMON + " ...'");
        return options(readme.substring(start, readme.indexOf('.', start)));
    }

    private static Set<String> options(String text) {
        Set<String> names = new TreeSet<>();
        Matcher m = OPTION.matcher(text);
        while (m.find()) names.add(m.group());
        return names;
    }
}
