package io.gradforge.dsl;

import io.gradforge.dsl.spec.ExperimentSpec;
import io.gradforge.dsl.spec.NetworkSpec;
import io.gradforge.dsl.spec.SearchSpec;
import io.gradforge.dsl.spec.Spec;
import io.gradforge.dsl.yaml.YamlNode;
import io.gradforge.dsl.yaml.YamlSyntaxException;
import io.gradforge.dsl.yaml.YamlTreeReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Reads YAML spec files: experiments and searches, and bare networks (a document holding what an experiment's
 * {@code network:} section holds, as checkpoints store it). Every problem of a file is reported at once, each with file, line, column,
 * the bad value and what would be accepted; nothing else escapes (no parser exception, no
 * {@link RuntimeException}).
 *
 * {@snippet :
 * try {
 *     ExperimentSpec spec = SpecReader.readExperiment(Path.of("specs/quickstart-train.yaml"));
 * } catch (SpecException e) {
 *     System.err.println(e.getMessage()); // specs/x.yaml:7:19: unknown activation 'rleu'; did you mean 'relu'? ...
 * }
 * }
 *
 * @implNote Stateless and thread-safe.
 */
public final class SpecReader {

    private SpecReader() {}

    /** Reads an experiment or a search spec, as its {@code kind} says. */
    public static Spec read(Path file) throws IOException {
        return read(file, null);
    }

    /** Reads an experiment spec; a file of another kind is a problem at its {@code kind} key. */
    public static ExperimentSpec readExperiment(Path file) throws IOException {
        return (ExperimentSpec) read(file, "experiment");
    }

    /** Reads a search spec; a file of another kind is a problem at its {@code kind} key. */
    public static SearchSpec readSearch(Path file) throws IOException {
        return (SearchSpec) read(file, "search");
    }

    /**
     * Reads a bare network: a mapping with the keys of an experiment's {@code network:} section ({@code input},
     * {@code defaults}, {@code layers}, {@code output}) at the top level, as {@link SpecWriter#write(NetworkSpec)}
     * writes it. Parsing is as strict as for a whole spec, with the same located messages.
     *
     * {@snippet :
     * NetworkSpec net = SpecReader.networkFromString("""
     *         input: 2
     *         layers: [{dense: 16}]
     *         output: 1
     *         """, "net.yaml");
     * }
     */
    public static NetworkSpec readNetwork(Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        return parseWith(bytes(file), null, file.toString(), SpecMapper::networkDocument);
    }

    /** Reads bare-network text (see {@link #readNetwork(Path)}); {@code sourceName} names it in messages. */
    public static NetworkSpec networkFromString(String yaml, String sourceName) throws SpecException {
        Objects.requireNonNull(yaml, "yaml");
        Objects.requireNonNull(sourceName, "sourceName");
        return parseWith(null, yaml, sourceName, SpecMapper::networkDocument);
    }

    /** Reads spec text; {@code sourceName} names it in messages. */
    public static Spec fromString(String yaml, String sourceName) throws SpecException {
        Objects.requireNonNull(yaml, "yaml");
        Objects.requireNonNull(sourceName, "sourceName");
        return parse(null, yaml, sourceName, null);
    }

    /** Reads experiment spec text; {@code sourceName} names it in messages. */
    public static ExperimentSpec experimentFromString(String yaml, String sourceName) throws SpecException {
        return (ExperimentSpec) parse(null, yaml, sourceName, "experiment");
    }

    /** Reads search spec text; {@code sourceName} names it in messages. */
    public static SearchSpec searchFromString(String yaml, String sourceName) throws SpecException {
        return (SearchSpec) parse(null, yaml, sourceName, "search");
    }

    /** Reads bytes (UTF-8 decoded strictly); {@code sourceName} names them in messages. */
    public static Spec fromBytes(byte[] yaml, String sourceName) throws SpecException {
        return parse(yaml, null, sourceName, null);
    }

    private static Spec read(Path file, @Nullable String kind) throws IOException {
        Objects.requireNonNull(file, "file");
        return parse(bytes(file), null, file.toString(), kind);
    }

    /** The file's bytes, refused before reading when over the size limit. */
    private static byte[] bytes(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw new FileSystemException(file.toString(), null, "is a directory, not a spec file (give a .yaml file)");
        }
        long size = Files.size(file);
        if (size > YamlTreeReader.MAX_FILE_BYTES) {
            throw single(file.toString(), 1, 1, "file is " + size + " bytes; the limit is "
                    + YamlTreeReader.MAX_FILE_BYTES + " bytes (1 MiB)");
        }
        return Files.readAllBytes(file);
    }

    private static Spec parse(byte @Nullable [] bytes, @Nullable String text, String name, @Nullable String kind)
            throws SpecException {
        return parseWith(bytes, text, name, (mapper, root) -> mapper.spec(root, kind));
    }

    /** Parses bytes or text to a tree and maps it with {@code map}; every problem becomes a {@link SpecException}. */
    private static <T> T parseWith(byte @Nullable [] bytes, @Nullable String text, String name, Mapping<T> map)
            throws SpecException {
        YamlNode root;
        try {
            root = bytes != null ? YamlTreeReader.parse(bytes) : YamlTreeReader.parse(Objects.requireNonNull(text));
        } catch (YamlSyntaxException e) {
            throw single(name, e.line(), e.column(), String.valueOf(e.getMessage()));
        }
        SpecMapper mapper = new SpecMapper(name);
        T spec;
        try {
            spec = map.apply(mapper, root);
        } catch (RuntimeException | StackOverflowError e) {
            // A bug in the mapper must still reach the user as a located, one-line problem.
            List<SpecProblem> problems = new ArrayList<>(mapper.problems());
            problems.add(new SpecProblem(name, 1, 1, "internal error while reading the spec (" + e + "); "
                    + "please report it with this file"));
            throw new SpecException(problems);
        }
        if (!mapper.problems().isEmpty()) {
            throw new SpecException(sorted(mapper.problems()));
        }
        if (spec == null) {
            throw single(name, 1, 1, "invalid spec");
        }
        return spec;
    }

    private static List<SpecProblem> sorted(List<SpecProblem> problems) {
        return problems.stream()
                .sorted(Comparator.comparingInt(SpecProblem::line).thenComparingInt(SpecProblem::column))
                .distinct()
                .toList();
    }

    private static SpecException single(String file, int line, int column, String message) {
        return new SpecException(List.of(new SpecProblem(file, line, column, message)));
    }

    /** One of the mapper's entry points: a spec or a bare network from a tree, or null after a problem. */
    @FunctionalInterface
    private interface Mapping<T> {
        @Nullable T apply(SpecMapper mapper, @Nullable YamlNode root);
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
