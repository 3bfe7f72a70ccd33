package io.gradforge.dsl;

import io.gradforge.dsl.spec.CsvTask;
import io.gradforge.dsl.spec.DataScale;
import io.gradforge.dsl.spec.FloatPrecision;
import io.gradforge.dsl.spec.GaSpec;
import io.gradforge.dsl.spec.CellChoice;
import io.gradforge.dsl.spec.NormalizationChoice;
import io.gradforge.dsl.spec.ObjectivesSpec;
import io.gradforge.dsl.spec.Projection;
import io.gradforge.dsl.spec.RecurrentSpec;
import io.gradforge.dsl.spec.Rules;
import io.gradforge.dsl.spec.SkipChoice;
import io.gradforge.dsl.spec.Vocabulary;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The reference part of specs/README.md, written from the reader's own vocabulary: the mappers' key lists,
 * {@link Vocabulary}'s names, parameters, defaults, ranges and aliases, {@link Rules}' numeric bounds and the enums
 * the reader accepts. {@code SpecLanguageReferenceTest} fails when the file and this text differ, so the
 * documentation cannot drift from the language.
 */
final class SpecLanguageReference {
    static final String BEGIN = "<!-- BEGIN GENERATED REFERENCE: SpecLanguageReference (dsl tests); do not edit by hand -->";
    static final String END = "<!-- END GENERATED REFERENCE -->";

    private SpecLanguageReference() {}

    static String text() {
        StringBuilder md = new StringBuilder();
        md.append(BEGIN).append('\n');
        md.append("## Reference (generated from the reader)\n\n");
        md.append("Every key, name, parameter, default and range the reader accepts, written from its own tables (the\n"
                + "mappers' key lists, `Vocabulary`, `Rules`); `SpecLanguageReferenceTest` fails when this part differs\n"
                + "from them. Regenerate it with\n"
                + "`mvn -pl dsl -am verify -Dtest=SpecLanguageReferenceTest -Dsurefire.failIfNoSpecifiedTests=false"
                + " -Dgradforge.docs.update=true`.\n\n");

        md.append("### Keys\n\n| where | keys |\n|---|---|\n");
        row(md, "an experiment file", SpecMapper.EXPERIMENT_KEYS);
        row(md, "a search file (`kind: search`)", SpecMapper.SEARCH_KEYS);
        row(md, "`network`", SpecMapper.NETWORK_KEYS);
        row(md, "`network.defaults`", SpecMapper.DEFAULTS_KEYS);
        row(md, "a layer (exactly one of)", SpecMapper.LAYER_KINDS);
        row(md, "`dense`", SpecMapper.DENSE_KEYS);
        row(md, "`residual`", SpecMapper.RESIDUAL_KEYS);
        row(md, "`residual.branch_scale` (or a number)", SpecMapper.BRANCH_SCALE_KEYS);
        row(md, "`dense_skip`", SpecMapper.DENSE_SKIP_KEYS);
        row(md, "`batch_norm`", SpecMapper.BATCH_NORM_KEYS);
        row(md, "`layer_norm`", SpecMapper.LAYER_NORM_KEYS);
        row(md, "`rnn`", RecurrentMapper.keys(RecurrentSpec.Cell.RNN));
        row(md, "`lstm`", RecurrentMapper.keys(RecurrentSpec.Cell.LSTM));
        row(md, "`gru`", RecurrentMapper.keys(RecurrentSpec.Cell.GRU));
        row(md, "`output`", SpecMapper.OUTPUT_KEYS);
        row(md, "`training`", TrainingMapper.TRAINING_KEYS);
        row(md, "`training.pretraining`", TrainingMapper.PRETRAINING_KEYS);
        row(md, "`training.data` (one source, named by its first key)", DataMapper.SOURCES);
        row(md, "CSV data", DataMapper.CSV_KEYS);
        row(md, "IDX data", DataMapper.IDX_KEYS);
        row(md, "`idx:` files", DataMapper.IDX_FILES);
        row(md, "NPY data", DataMapper.NPY_KEYS);
        row(md, "`npy:` files", DataMapper.NPY_FILES);
        row(md, "`space` (search)", SearchMapper.SPACE_KEYS);
        row(md, "a gene given as a mapping", SearchMapper.GENE_KEYS);
        row(md, "`depth` (a whole range)", SearchMapper.INT_RANGE_KEYS);
        row(md, "`learning_rate` (a real range)", SearchMapper.REAL_RANGE_KEYS);
        row(md, "`objectives`", SearchMapper.OBJECTIVES_KEYS);
        row(md, "`objectives.convergence`", SearchMapper.CONVERGENCE_KEYS);
        row(md, "`objectives.health`, `objectives.size`", SearchMapper.WEIGHT_KEYS);
        row(md, "`budget`", SearchMapper.BUDGET_KEYS);
        row(md, "`ga`", SearchMapper.GA_KEYS);
        md.append('\n');

        md.append("### Words\n\n| key | accepted |\n|---|---|\n");
        words(md, "`kind`", List.of("experiment", "search"));
        words(md, "`training.precision`", FloatPrecision.class);
        words(md, "`training.pretraining.method`", io.gradforge.core.train.Pretraining.Method.class);
        words(md, "`space.pretraining` choices", List.of("none", "{method: M, steps_per_layer: N, ...}"));
        words(md, "`task` (CSV, NPY)", CsvTask.class);
        words(md, "`scale` (IDX, NPY)", DataScale.class);
        words(md, "`residual.projection`", Projection.class);
        words(md, "`rnn.activation`", RecurrentSpec.RNN_ACTIVATIONS);
        words(md, "`space.skip` choices", SkipChoice.class);
        words(md, "`space.normalization` choices", NormalizationChoice.class);
        words(md, "`space.cell` choices", CellChoice.class);
        words(md, "`objectives.mode`", ObjectivesSpec.Mode.class);
        words(md, "`objectives.convergence.measure`", ObjectivesSpec.Measure.class);
        words(md, "`ga.selector`", GaSpec.Selector.class);
        words(md, "`clipping`", List.of("none", "{norm: T}", "{value: T}"));
        md.append('\n');

        md.append("### Numbers\n\n| key | accepted |\n|---|---|\n");
        for (Field f : Rules.class.getFields()) {
            if (!Modifier.isStatic(f.getModifiers())) continue;
            Object v = get(f);
            String field = f.getName().toLowerCase(Locale.ROOT);
            String what = v instanceof Rules.IntBound b ? b.key() : v instanceof Rules.RealBound b ? b.key() : field;
            String context = what.contains(" ") || field.equals(what.replace(' ', '_')) ? "" : " (" + field.replace('_', ' ') + ")";
            if (v instanceof Rules.IntBound b) {
                md.append("| `").append(b.key()).append('`').append(context).append(" | a whole number in [").append(Rules.format(b.min()))
                        .append(", ").append(Rules.format(b.max())).append("] |\n");
            } else if (v instanceof Rules.RealBound b) {
                md.append("| `").append(b.key()).append('`').append(context).append(" | a number in [").append(Rules.format(b.min())).append(", ")
                        .append(Rules.format(b.max())).append("] |\n");
            }
        }
        md.append('\n');

        family(md, "Activations", Vocabulary.ACTIVATIONS);
        family(md, "Initializers", Vocabulary.INITIALIZERS);
        Vocabulary.Param scale = Vocabulary.VARIANCE_SCALE;
        md.append("Variance-scaled: ").append(Vocabulary.VARIANCE_SCALED.stream().map(n -> "`" + n + "`")
                        .collect(Collectors.joining(" and "))).append(" also take `{name: N, ").append(scale.key())
                .append(": S, ").append(Vocabulary.FAN_MODE).append(": M}` in place of their own parameter: variance")
                .append(" S / fan. `").append(scale.key()).append("` is required in this form, ").append(scale.range())
                .append("; `").append(Vocabulary.FAN_MODE).append("` ").append(Vocabulary.FAN_MODES.stream()
                        .map(m -> "`" + m + "`").collect(Collectors.joining(", ")))
                .append(", default `").append(Vocabulary.FAN_MODES.get(0)).append("` (`fan_avg` is (fan_in + fan_out) / 2).\n\n");
        family(md, "Losses", Vocabulary.LOSSES);
        family(md, "Optimizers (`learning_rate` besides these)", Vocabulary.OPTIMIZERS);
        family(md, "Schedules (`warmup_steps` besides these)", Vocabulary.SCHEDULES);
        family(md, "Data generators (`{generator: NAME, ...}`)", Vocabulary.GENERATORS);
        md.append(END).append('\n');
        return md.toString();
    }

    private static Object get(Field f) {
        try {
            return f.get(null);
        } catch (IllegalAccessException e) {
            throw new AssertionError(e);
        }
    }

    private static void row(StringBuilder md, String where, List<String> keys) {
        md.append("| ").append(where).append(" | ")
                .append(keys.stream().map(k -> "`" + k + "`").collect(Collectors.joining(", "))).append(" |\n");
    }

    private static void words(StringBuilder md, String key, Class<? extends Enum<?>> type) {
        words(md, key, Arrays.stream(type.getEnumConstants()).map(e -> e.name().toLowerCase(Locale.ROOT)).toList());
    }

    private static void words(StringBuilder md, String key, List<String> words) {
        md.append("| ").append(key).append(" | ")
                .append(words.stream().map(w -> "`" + w + "`").collect(Collectors.joining(", "))).append(" |\n");
    }

    private static void family(StringBuilder md, String title, Vocabulary.Family family) {
        md.append("### ").append(title).append("\n\n| name | parameters (default, accepted) |\n|---|---|\n");
        for (String name : family.names()) {
            Vocabulary.Entry e = family.entry(name);
            List<String> params = new ArrayList<>();
            for (Vocabulary.Param p : e.params()) {
                params.add("`" + p.key() + "` " + Rules.format(p.defaultValue()) + ", " + (p.integer() ? "whole " : "")
                        + p.range());
            }
            md.append("| `").append(name).append("` | ").append(params.isEmpty() ? "-" : String.join("; ", params))
                    .append(" |\n");
        }
        List<String> aliases = new ArrayList<>();
        for (String name : family.acceptedNames()) {
            Vocabulary.Alias a = family.alias(name);
            if (a == null) continue;
            String fixed = a.fixed().isEmpty() ? "" : " with " + a.fixed().entrySet().stream()
                    .map(x -> x.getKey() + " " + Rules.format(x.getValue())).collect(Collectors.joining(", "));
            aliases.add("`" + a.name() + "` = `" + a.canonical() + "`" + fixed);
        }
        if (!aliases.isEmpty()) md.append("\nAliases: ").append(String.join("; ", aliases)).append(".\n");
        md.append('\n');
    }
}
