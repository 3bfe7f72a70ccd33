package io.gradforge.search;

import io.gradforge.dsl.SpecReader;
import io.gradforge.dsl.spec.ActivationSpec;
import io.gradforge.dsl.spec.ClippingSpec;
import io.gradforge.dsl.spec.InitSpec;
import io.gradforge.dsl.spec.RealRangeGene;
import io.gradforge.dsl.spec.SearchSpace;
import io.gradforge.dsl.spec.SearchSpec;
import io.gradforge.run.OutputFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * A tabulated search space: every candidate of a finite space evaluated once (by {@code gradforge tabulate}), so
 * that search strategies can be replayed on it thousands of times, as NAS-Bench-101/201 and HPOBench do. A table is
 * a run directory whose {@code search.yaml} is the space (its learning rate a finite grid) plus {@code table.csv}:
 * one row per combination of gene values, in enumeration order (depth slowest, learning rate fastest):
 *
 * <pre>
 * depth,width,activation,init,skip,normalization,clipping,learning_rate,   (the gene values, as labels)
 * candidate,status,auc,health,steps_to_target,steps,final_loss,parameters,flags,reason   (the outcome)
 * </pre>
 *
 * Combinations that decode to the same network (a residual skip of a one-block network is no skip) share one
 * candidate id and outcome; the {@code candidate} column says so. Rows are matched to the space by their gene
 * values: a candidate's id also depends on where its data file lay when the table was made, and a CSV data path in
 * {@code search.yaml} is taken relative to that file, so a table can move with its data. NaN is written as an empty cell, flags are
 * separated by {@code ;}. A peer (e.g. Optuna, in {@code bench/search-quality}) reads the same file: its scores are
 * {@code 1 - clamp(auc, 0, 1)} and {@code clamp(health, 0, 1)} for TRAINED rows and 0 otherwise, as
 * {@link Objectives} computes them with {@code measure: auc}.
 *
 * {@snippet :
 * SearchTable table = SearchTable.read(Path.of("tables/quickstart"));
 * SearchResult r = Search.builder(table.spec().withSeed(7))
 *         .evaluator(table.evaluator())   // looks candidates up instead of training them
 *         .runDirectory(Path.of("runs/replay-7"))
 *         .build().run();
 * }
 *
 * @implNote Immutable and thread-safe once read.
 */
public final class SearchTable {
    /** The table file of a tabulated run directory. */
    public static final String FILE = "table.csv";
    /** The gene columns, in order. */
    public static final List<String> GENES = List.of("depth", "width", "activation", "init", "skip",
            "normalization", "clipping", "learning_rate");
    static final List<String> OUTCOME = List.of("candidate", "status", "auc", "health", "steps_to_target", "steps",
            "final_loss", "parameters", "flags", "reason");

    private final Path directory;
    private final SearchSpec spec;
    private final List<Row> rows;
    private final Map<String, Outcome> byCanonical;

    /**
     * One combination of gene values.
     *
     * @param genes     the gene values as labels, in {@link #GENES} order
     * @param candidate the candidate they decode to
     * @param outcome   what its evaluation measured
     */
    public record Row(List<String> genes, Candidate candidate, Outcome outcome) {
        public Row {
            genes = List.copyOf(genes);
            Objects.requireNonNull(candidate, "candidate");
            Objects.requireNonNull(outcome, "outcome");
        }
    }

    /**
     * One combination before evaluation: its labels and candidate.
     *
     * @param genes     the gene values as labels, in {@link #GENES} order
     * @param candidate the candidate they decode to
     */
    public record Cell(List<String> genes, Candidate candidate) {
        public Cell {
            genes = List.copyOf(genes);
            Objects.requireNonNull(candidate, "candidate");
        }
    }

    private SearchTable(Path directory, SearchSpec spec, List<Row> rows) {
        this.directory = directory;
        this.spec = spec;
        this.rows = List.copyOf(rows);
        Map<String, Outcome> m = new HashMap<>();
        for (Row r : rows) m.putIfAbsent(r.candidate().canonical(), r.outcome());
        this.byCanonical = Map.copyOf(m);
    }

    /**
     * {@code spec} made finite for tabulation: a continuous learning rate becomes a grid of
     * {@code learningRateSteps} values, and successive halving is off (a table holds one evaluation per candidate).
     * The budget stays as it was: it is what a search of the table spends; the tabulation itself evaluates every
     * candidate whatever the budget.
     *
     * @throws IllegalArgumentException if a gene is per layer (the space would be exponential in the depth) or
     *     {@code learningRateSteps} is out of range
     */
    public static SearchSpec tableSpec(SearchSpec spec, int learningRateSteps) {
        SearchSpace space = spec.space();
        List<String> perLayer = new ArrayList<>();
        if (space.width().perLayer()) perLayer.add("width");
        if (space.activation().perLayer()) perLayer.add("activation");
        if (space.init().perLayer()) perLayer.add("init");
        if (!perLayer.isEmpty()) {
            throw new IllegalArgumentException("a table needs one choice per network, but " + String.join(", ",
                    perLayer) + (perLayer.size() == 1 ? " is" : " are") + " per_layer: true in search '"
                    + spec.name() + "'; set per_layer: false to tabulate it");
        }
        RealRangeGene lr = space.learningRate();
        if (!lr.isFinite()) {
            if (learningRateSteps < 2 || learningRateSteps > RealRangeGene.MAX_STEPS) {
                throw new IllegalArgumentException("learning-rate steps must be in [2, " + RealRangeGene.MAX_STEPS
                        + "] but was " + learningRateSteps);
            }
            lr = lr.withSteps(learningRateSteps);
        }
        SearchSpec finite = spec.withSpace(space.withLearningRate(lr))
                .withBudget(spec.budget().withSuccessiveHalving(false));
        combinations(finite); // refuses a space too large, naming its size
        return finite;
    }

    /**
     * The number of gene combinations of {@code spec}, checked to be a finite space a table can hold; decodes
     * nothing, so it is cheap.
     *
     * @throws IllegalArgumentException naming what makes the space not tabulable
     */
    static long combinations(SearchSpec spec) {
        int[] n = ArchitectureCodec.of(spec).cardinalities();
        for (int c : n) {
            if (c == 0) {
                throw new IllegalArgumentException("search '" + spec.name() + "' has a continuous learning rate; "
                        + "give it steps (learning_rate: {min, max, log, steps: 3}) to tabulate it");
            }
        }
        if (n.length != GENES.size()) {
            throw new IllegalArgumentException("a table needs one gene per column but the space has " + n.length
                    + " genes; set per_layer: false on width, activation and init");
        }
        long total = 1;
        for (int c : n) total *= c;
        if (total > 5_000_000) {
            throw new IllegalArgumentException("search '" + spec.name() + "' has " + total + " combinations; a "
                    + "table holds at most 5000000 (narrow the space)");
        }
        return total;
    }

    /**
     * Every combination of gene values of the finite {@code spec} ({@link #tableSpec}), in table order.
     *
     * @throws IllegalArgumentException if the space is not finite or too large for a table
     */
    public static List<Cell> enumerate(SearchSpec spec) {
        long total = combinations(spec);
        ArchitectureCodec codec = ArchitectureCodec.of(spec);
        int[] n = codec.cardinalities();
        List<List<String>> labels = labels(spec);
        List<Cell> cells = new ArrayList<>((int) total);
        int[] index = new int[n.length];
        double[] u = new double[n.length];
        for (long k = 0; k < total; k++) {
            List<String> row = new ArrayList<>(n.length);
            for (int g = 0; g < n.length; g++) {
                u[g] = ArchitectureCodec.key(index[g], n[g]);
                row.add(labels.get(g).get(index[g]));
            }
            cells.add(new Cell(row, codec.decode(u)));
            for (int g = n.length - 1; g >= 0; g--) { // odometer: the last gene turns fastest
                if (++index[g] < n[g]) break;
                index[g] = 0;
            }
        }
        return cells;
    }

    private static List<List<String>> labels(SearchSpec spec) {
        SearchSpace s = spec.space();
        List<String> depths = new ArrayList<>();
        for (int d = s.depth().min(); d <= s.depth().max(); d++) depths.add(Integer.toString(d));
        List<String> lrs = s.learningRate().values().stream().map(v -> Double.toString(v)).toList();
        return List.of(depths, s.width().choices().stream().map(String::valueOf).toList(),
                s.activation().choices().stream().map(SearchTable::label).toList(),
                s.init().choices().stream().map(SearchTable::label).toList(),
                s.skip().choices().stream().map(c -> c.name().toLowerCase(Locale.ROOT)).toList(),
                s.normalization().choices().stream().map(c -> c.name().toLowerCase(Locale.ROOT)).toList(),
                s.clipping().choices().stream().map(SearchTable::label).toList(), lrs);
    }

    private static String label(ActivationSpec a) {
        return withParameters(a.name(), a.parameters());
    }

    /** "he_normal", "normal(std=0.1)", "normal(mode=fan_in variance_scale=2.0)". */
    private static String label(InitSpec i) {
        Map<String, Object> parameters = new TreeMap<>(i.parameters());
        if (i.mode() != null) parameters.put("mode", i.mode().yamlName());
        return withParameters(i.name(), parameters);
    }

    private static String label(ClippingSpec c) {
        return c.mode() == ClippingSpec.Mode.NONE ? "none"
                : c.mode().name().toLowerCase(Locale.ROOT) + " " + c.threshold();
    }

    private static String withParameters(String name, Map<String, ?> parameters) {
        if (parameters.isEmpty()) return name;
        return name + new TreeMap<>(parameters).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(" ", "(", ")"));
    }

    /**
     * Reads the table in {@code directory}: its {@code search.yaml} and {@code table.csv}.
     *
     * @throws IOException if a file is missing or unreadable, or {@code table.csv} does not match the space (a
     *     message with the file, line and what was expected)
     */
    public static SearchTable read(Path directory) throws IOException {
        Objects.requireNonNull(directory, "directory");
        Path specFile = directory.resolve(RunDirectory.SPEC);
        Path tableFile = directory.resolve(FILE);
        if (!Files.isRegularFile(specFile) || !Files.isRegularFile(tableFile)) {
            throw new NoSuchFileException(directory.toString(), null, "not a finished table (it needs "
                    + RunDirectory.SPEC + " and " + FILE + "; make one with gradforge tabulate SPEC --out "
                    + directory + ", or finish it with gradforge tabulate --resume " + directory + ")");
        }
        SearchSpec spec = Search.withAbsoluteData(SpecReader.readSearch(specFile), specFile);
        List<Cell> cells = enumerate(spec);
        List<String> lines = Files.readAllLines(tableFile, StandardCharsets.UTF_8);
        List<String> header = new ArrayList<>(GENES);
        header.addAll(OUTCOME);
        if (lines.isEmpty() || !split(lines.get(0)).equals(header)) {
            throw new RunDirectoryException(tableFile, 1, "expected the header " + String.join(",", header));
        }
        List<String> body = lines.subList(1, lines.size()).stream().filter(l -> !l.isEmpty()).toList();
        if (body.size() != cells.size()) {
            throw new RunDirectoryException(tableFile, "holds " + body.size() + " rows but the space of " + specFile
                    + " has " + cells.size() + " combinations; the table is incomplete or belongs to another space");
        }
        List<Row> rows = new ArrayList<>(cells.size());
        for (int i = 0; i < body.size(); i++) {
            int line = i + 2;
            List<String> cell = split(body.get(i));
            Cell expected = cells.get(i);
            if (cell.size() != header.size()) {
                throw new RunDirectoryException(tableFile, line, "expected " + header.size() + " cells but found "
                        + cell.size());
            }
            if (!cell.subList(0, GENES.size()).equals(expected.genes())) {
                throw new RunDirectoryException(tableFile, line, "expected the genes " + expected.genes()
                        + " but found " + cell.subList(0, GENES.size()));
            }
            try {
                rows.add(new Row(expected.genes(), expected.candidate(), outcome(cell.subList(GENES.size() + 1,
                        cell.size()))));
            } catch (IllegalArgumentException e) {
                throw new RunDirectoryException(tableFile, line, e.getMessage());
            }
        }
        return new SearchTable(directory, spec, rows);
    }

    private static Outcome outcome(List<String> c) {
        EvaluationStatus status;
        try {
            status = EvaluationStatus.valueOf(c.get(0));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown status '" + c.get(0) + "'; accepted: "
                    + Arrays.toString(EvaluationStatus.values()));
        }
        List<String> flags = c.get(7).isEmpty() ? List.of() : List.of(c.get(7).split(";"));
        return new Outcome(status, real(c.get(1)), integer(c.get(3)), integer(c.get(4)), real(c.get(2)), flags,
                real(c.get(5)), integer(c.get(6)), c.get(8).isEmpty() ? "-" : c.get(8));
    }

    private static double real(String cell) {
        if (cell.isEmpty()) return Double.NaN;
        try {
            return Double.parseDouble(cell);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + cell + "' is not a number");
        }
    }

    private static long integer(String cell) {
        try {
            return Long.parseLong(cell);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + cell + "' is not an integer");
        }
    }

    /**
     * Writes {@code table.csv} in {@code directory} from the outcomes of {@code result}: every combination of the
     * finite {@code spec}, each with its candidate's outcome.
     *
     * @throws IllegalStateException if a candidate has no evaluation (the tabulation did not finish)
     */
    static void write(Path directory, SearchSpec spec, SearchResult result) throws IOException {
        Map<String, Outcome> outcomes = new HashMap<>();
        for (Evaluation e : result.evaluations()) {
            if (e.rung() == 0) outcomes.put(e.candidate().canonical(), e.outcome());
        }
        List<String> header = new ArrayList<>(GENES);
        header.addAll(OUTCOME);
        StringBuilder text = new StringBuilder(String.join(",", header)).append('\n');
        for (Cell cell : enumerate(spec)) {
            Outcome o = outcomes.get(cell.candidate().canonical());
            if (o == null) {
                throw new IllegalStateException("candidate " + cell.candidate().id() + " " + cell.genes()
                        + " was not evaluated; resume the tabulation");
            }
            List<String> out = new ArrayList<>(cell.genes());
            out.add(cell.candidate().id());
            out.add(o.status().name());
            out.add(num(o.auc()));
            out.add(num(o.health()));
            out.add(Long.toString(o.stepsToTarget()));
            out.add(Long.toString(o.steps()));
            out.add(num(o.finalLoss()));
            out.add(Long.toString(o.parameters()));
            out.add(String.join(";", o.flags()));
            out.add(o.reason().replace('\n', ' ').replace('\r', ' '));
            text.append(out.stream().map(RunOutputs::quote).collect(Collectors.joining(","))).append('\n');
        }
        OutputFiles.write(directory.resolve(FILE), text.toString());
    }

    private static String num(double v) {
        return Double.isFinite(v) ? Double.toString(v) : "";
    }

    /** The cells of one CSV line (quoted cells may hold commas and doubled quotes). */
    static List<String> split(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    cell.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == ',') {
                cells.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(ch);
            }
        }
        cells.add(cell.toString());
        return cells;
    }

    /** The directory the table was read from. */
    public Path directory() {
        return directory;
    }

    /** The tabulated space, as a search spec (its learning rate a grid, its budget every candidate). */
    public SearchSpec spec() {
        return spec;
    }

    /** Every combination of gene values, in table order. */
    public List<Row> rows() {
        return rows;
    }

    /** The number of distinct candidates (combinations that decode to the same network count once). */
    public int distinctCandidates() {
        return byCanonical.size();
    }

    /**
     * The tabulated outcome of {@code candidate}, matched by its network and training (the search's name does not
     * matter), or empty when the table does not hold it.
     */
    public Optional<Outcome> outcome(Candidate candidate) {
        Outcome o = byCanonical.get(candidate.canonical());
        if (o == null) o = byCanonical.get(Candidate.of(spec.name(), candidate.experiment()).canonical());
        return Optional.ofNullable(o);
    }

    /**
     * An evaluator that looks candidates up instead of training them; a candidate the table does not hold is an
     * {@link IllegalArgumentException} naming it. Only rung 0 is tabulated.
     */
    public CandidateEvaluator evaluator() {
        return (candidate, seed, rung, cancelled) -> {
            if (rung != 0) {
                throw new IllegalArgumentException("table " + directory + " holds one evaluation per candidate; "
                        + "successive halving (rung " + rung + ") cannot be replayed on it");
            }
            return outcome(candidate).orElseThrow(() -> new IllegalArgumentException("candidate "
                    + candidate.experiment().name() + " is not in table " + directory + "; search the table "
                    + "with its own space (" + directory.resolve(RunDirectory.SPEC) + ")"));
        };
    }

    /**
     * Whether {@code search} searches this table's space with its training: equal space (a continuous learning
     * rate matching the table's grid range) and training. Returns the first difference, or null.
     */
    public @Nullable String mismatch(SearchSpec search) {
        SearchSpace mine = spec.space();
        SearchSpace theirs = search.space();
        RealRangeGene lr = theirs.learningRate();
        if (!lr.isFinite()) lr = lr.withSteps(mine.learningRate().steps());
        if (!theirs.withLearningRate(lr).equals(mine)) return "its space differs from the table's";
        if (!search.training().equals(spec.training())) return "its training differs from the table's";
        return null;
    }

    /** {@code search} on this table's space: its learning rate on the table's grid. */
    public SearchSpec align(SearchSpec search) {
        String m = mismatch(search);
        if (m != null) {
            throw new IllegalArgumentException("search '" + search.name() + "' cannot run on table " + directory
                    + ": " + m + " (" + directory.resolve(RunDirectory.SPEC) + ")");
        }
        return search.withSpace(spec.space());
    }
}
