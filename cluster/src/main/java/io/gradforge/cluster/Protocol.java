package io.gradforge.cluster;

import io.gradforge.search.EvaluationStatus;
import io.gradforge.search.GradientProfile;
import io.gradforge.search.Outcome;
import io.gradforge.search.PretrainingPhase;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What travels between driver and workers, and where. Everything is a signed JSON string ({@link Signer}) in a
 * Hazelcast map or queue of strings: no Java object is ever serialized.
 * <ul>
 *   <li>map {@value #AUTH}, key {@value #PROOF}: a random nonce signed by the first worker; a process whose secret
 *       does not verify it is refused;</li>
 *   <li>map {@value #WORKERS}: member UUID to {@code {"member", "threads", "address"}}, a worker's offer;</li>
 *   <li>map {@value #JOBS}: job id to {@code {"spec"}}, the search spec's YAML (data paths absolute);</li>
 *   <li>queue {@value #WORK_PREFIX}{@code <member>}: tasks for that worker, {@code {"job", "task", "search",
 *       "canonical", "seed", "rung"}}; the driver never gives a worker more than it has threads;</li>
 *   <li>queue {@value #RESULTS_PREFIX}{@code <job>}: {@code {"job", "task", "worker", "outcome": {...}}}, or
 *       {@code "refused": reason} when the worker cannot evaluate the job (e.g. its data file is missing there).</li>
 * </ul>
 * Doubles are written as JSON numbers (shortest round-tripping form, so the driver journals the very bits the
 * worker measured), or as the strings {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"}.
 */
final class Protocol {
    static final String AUTH = "gradforge.auth";
    static final String PROOF = "proof";
    static final String WORKERS = "gradforge.workers";
    static final String JOBS = "gradforge.jobs";
    static final String WORK_PREFIX = "gradforge.work.";
    static final String RESULTS_PREFIX = "gradforge.results.";

    /** Signature kinds. */
    static final String KIND_PROOF = "proof";
    static final String KIND_WORKER = "worker";
    static final String KIND_JOB = "job";
    static final String KIND_TASK = "task";
    static final String KIND_RESULT = "result";

    static final JsonMapper JSON = JsonMapper.builder().build();

    private Protocol() {}

    record Task(String job, long task, String search, String canonical, long seed, int rung) {
        String json() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("job", job);
            m.put("task", task);
            m.put("search", search);
            m.put("canonical", canonical);
            m.put("seed", seed);
            m.put("rung", rung);
            return JSON.writeValueAsString(m);
        }

        static Task parse(String json) {
            JsonNode n = JSON.readTree(json);
            return new Task(text(n, "job"), n.get("task").longValue(), text(n, "search"), text(n, "canonical"),
                    n.get("seed").longValue(), n.get("rung").intValue());
        }
    }

    /** A worker's answer: an outcome, or why it refused the job. */
    record Result(String job, long task, String worker, @Nullable Outcome outcome, @Nullable String refused) {
        String json() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("job", job);
            m.put("task", task);
            m.put("worker", worker);
            if (outcome != null) m.put("outcome", outcomeJson(outcome));
            if (refused != null) m.put("refused", refused);
            return JSON.writeValueAsString(m);
        }

        static Result parse(String json) {
            JsonNode n = JSON.readTree(json);
            JsonNode o = n.get("outcome");
            JsonNode r = n.get("refused");
            return new Result(text(n, "job"), n.get("task").longValue(), text(n, "worker"),
                    o == null ? null : outcomeOf(o), r == null ? null : r.stringValue());
        }
    }

    record WorkerOffer(String member, int threads, String address) {
        String json() {
            return JSON.writeValueAsString(Map.of("member", member, "threads", threads, "address", address));
        }

        static WorkerOffer parse(String json) {
            JsonNode n = JSON.readTree(json);
            return new WorkerOffer(text(n, "member"), n.get("threads").intValue(), text(n, "address"));
        }
    }

    static String job(String specYaml) {
        return JSON.writeValueAsString(Map.of("spec", specYaml));
    }

    static String jobSpec(String json) {
        return text(JSON.readTree(json), "spec");
    }

    static Map<String, Object> outcomeJson(Outcome o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", o.status().name());
        m.put("auc", number(o.auc()));
        m.put("steps_to_target", o.stepsToTarget());
        m.put("steps", o.steps());
        m.put("health", number(o.health()));
        m.put("flags", o.flags());
        m.put("final_loss", number(o.finalLoss()));
        m.put("parameters", o.parameters());
        m.put("reason", o.reason());
        m.put("loss_curve", o.lossCurve().stream().map(Protocol::number).toList());
        PretrainingPhase p = o.pretraining();
        if (p != null) {
            m.put("pretraining_steps", p.steps());
            m.put("pretraining_loss", p.reconstructionLoss().stream().map(Protocol::number).toList());
            m.put("health_after_pretraining", number(p.health()));
        }
        GradientProfile g = o.gradients();
        if (g != null) {
            m.put("gradient_norms_init", g.init().stream().map(Protocol::number).toList());
            m.put("gradient_norms_end", g.end().stream().map(Protocol::number).toList());
        }
        Map<String, Object> measures = new LinkedHashMap<>();
        o.measures().forEach((k, v) -> measures.put(k, number(v)));
        m.put("health_measures", measures);
        return m;
    }

    static Outcome outcomeOf(JsonNode n) {
        List<String> flags = new ArrayList<>();
        n.get("flags").forEach(f -> flags.add(f.stringValue()));
        List<Double> curve = numbers(n.get("loss_curve"));
        PretrainingPhase pretraining = n.has("pretraining_steps") ? new PretrainingPhase(
                n.get("pretraining_steps").longValue(), numbers(n.get("pretraining_loss")),
                number(n.get("health_after_pretraining"))) : null;
        Map<String, Double> measures = new LinkedHashMap<>();
        JsonNode m = n.get("health_measures");
        if (m != null) m.properties().forEach(e -> measures.put(e.getKey(), number(e.getValue())));
        GradientProfile gradients = n.has("gradient_norms_init") ? new GradientProfile(
                numbers(n.get("gradient_norms_init")), numbers(n.get("gradient_norms_end"))) : null;
        return new Outcome(EvaluationStatus.valueOf(text(n, "status")), number(n.get("auc")),
                n.get("steps_to_target").longValue(), n.get("steps").longValue(), number(n.get("health")), flags,
                number(n.get("final_loss")), n.get("parameters").longValue(), text(n, "reason"), curve, pretraining,
                measures, gradients);
    }

    private static List<Double> numbers(JsonNode array) {
        List<Double> out = new ArrayList<>();
        array.forEach(v -> out.add(number(v)));
        return out;
    }

    private static Object number(double v) {
        return Double.isFinite(v) ? v : Double.toString(v); // "NaN", "Infinity", "-Infinity"
    }

    private static double number(JsonNode v) {
        return v.isString() ? Double.parseDouble(v.stringValue()) : v.doubleValue();
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isString()) throw new IllegalArgumentException("field '" + field + "' is missing");
        return v.stringValue();
    }
}
