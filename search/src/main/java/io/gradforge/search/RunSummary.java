package io.gradforge.search;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * What {@code summary.json} says of a run, as a report shows it. The file ({@link RunOutputs} writes it) keeps the
 * provenance of the run that first wrote it (versions, JVM, OS, threads, {@code start}, {@code end},
 * {@code elapsed_ms}, {@code executed}, {@code replayed}, {@code cache_hits}); the result keys ({@code stop},
 * {@code generations}, {@code evaluations}, {@code front_size}, {@code best}) follow the latest outputs; each
 * resumed run adds an entry to {@code resumes} (its version, threads, start, end, elapsed_ms, executed, replayed,
 * cache_hits and stop).
 *
 * @param stop       why the latest run ended ("generations", "cancelled" ...)
 * @param start      when the first run started, or null when unknown
 * @param wall       the wall time of the first run and every resume together, or null when unknown
 * @param provenance the first run's versions and machine, by summary key (gradforge_version, jenetics_version,
 *                   java_version, jvm, os, threads, cores, kernel), as written
 * @param resumes    how many times the run was resumed after its summary was first written
 */
public record RunSummary(String stop, @Nullable Instant start, @Nullable Duration wall, Map<String, String> provenance,
        int resumes) {
    static final List<String> PROVENANCE_KEYS = List.of("gradforge_version", "jenetics_version", "java_version",
            "jvm", "os", "threads", "cores", "kernel");
    /** The keys that describe the run directory's result; a resume rewrites them, and only them. */
    static final List<String> RESULT_KEYS = List.of("stop", "generations", "evaluations", "objectives", "front_size",
            "best");
    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    public RunSummary {
        Objects.requireNonNull(stop, "stop");
        provenance = Map.copyOf(provenance);
    }

    /** Reads {@code file}, or returns null when it does not exist (a run killed before its end). */
    static @Nullable RunSummary read(Path file) throws IOException {
        Map<String, Object> s = load(file);
        if (s == null) return null;
        Map<String, String> provenance = new LinkedHashMap<>();
        for (String k : PROVENANCE_KEYS) {
            if (s.get(k) != null) provenance.put(k, String.valueOf(s.get(k)));
        }
        List<Map<String, Object>> resumes = resumes(s);
        Duration wall = elapsed(s);
        for (Map<String, Object> r : resumes) {
            Duration d = elapsed(r);
            wall = wall == null || d == null ? null : wall.plus(d);
        }
        return new RunSummary(s.get("stop") instanceof String stop ? stop : "interrupted", instant(s.get("start")),
                wall, provenance, resumes.size());
    }

    /** The summary in {@code file} as written, or null when there is none. */
    static @Nullable Map<String, Object> load(Path file) throws IOException {
        if (!Files.exists(file)) return null;
        try {
            Map<String, Object> m = JSON.readValue(Files.readString(file, StandardCharsets.UTF_8),
                    new TypeReference<LinkedHashMap<String, Object>>() {});
            if (m == null) throw new IllegalStateException("null");
            return m;
        } catch (RuntimeException e) {
            throw new RunDirectoryException(file, "not a run summary (not a JSON object); delete it and resume the "
                    + "run to write it again (the first run's provenance in it is then lost)");
        }
    }

    /**
     * The summary to write: {@code current} for a first run; for a resumed one, {@code previous} with its result
     * keys replaced by {@code current}'s and an entry for this run appended to {@code resumes}.
     */
    static Map<String, Object> merge(@Nullable Map<String, Object> previous, Map<String, Object> current) {
        if (previous == null) {
            Map<String, Object> first = new LinkedHashMap<>(current);
            first.put("resumes", List.of());
            return first;
        }
        Map<String, Object> merged = new LinkedHashMap<>(previous);
        for (String k : RESULT_KEYS) merged.put(k, current.get(k));
        Map<String, Object> resume = new LinkedHashMap<>();
        for (String k : List.of("gradforge_version", "threads", "start", "end", "elapsed_ms", "executed", "replayed",
                "cache_hits", "stop")) {
            resume.put(k, current.get(k));
        }
        List<Object> resumes = new ArrayList<>(resumes(previous));
        resumes.add(resume);
        merged.put("resumes", resumes);
        return merged;
    }

    static String text(Map<String, Object> summary) {
        return JSON.writeValueAsString(summary) + "\n";
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> resumes(Map<String, Object> s) {
        List<Map<String, Object>> out = new ArrayList<>();
        if (s.get("resumes") instanceof List<?> list) {
            for (Object o : list) {
                if (o instanceof Map<?, ?> m) out.add((Map<String, Object>) m);
            }
        }
        return out;
    }

    /** {@code elapsed_ms}, or end - start in summaries written before it existed; null when unknown. */
    private static @Nullable Duration elapsed(Map<String, Object> s) {
        if (s.get("elapsed_ms") instanceof Number n) return Duration.ofMillis(n.longValue());
        Instant start = instant(s.get("start"));
        Instant end = instant(s.get("end"));
        return start == null || end == null ? null : Duration.between(start, end);
    }

    private static @Nullable Instant instant(@Nullable Object text) {
        if (!(text instanceof String s)) return null;
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
