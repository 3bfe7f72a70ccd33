package io.gradforge.search;

import io.gradforge.dsl.SpecWriter;
import io.gradforge.dsl.spec.ExperimentSpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One decoded architecture: the experiment that trains it and its identity.
 *
 * @param experiment what {@code gradforge train} would run: the network and the search's training with the
 *                   candidate's learning rate and clipping; named {@code <search>-<id>}
 * @param canonical  the identity: the canonical YAML ({@link SpecWriter}) of the network and training, written
 *                   under the search's name so the text does not depend on the id derived from it
 * @param id         the first 8 hex digits of the SHA-256 of {@code canonical}
 */
public record Candidate(ExperimentSpec experiment, String canonical, String id) {
    public Candidate {
        Objects.requireNonNull(experiment, "experiment");
        Objects.requireNonNull(canonical, "canonical");
        Objects.requireNonNull(id, "id");
    }

    /** The candidate of {@code experiment}, whose name is replaced by {@code <searchName>-<id>}. */
    public static Candidate of(String searchName, ExperimentSpec experiment) {
        ExperimentSpec unnamed = experiment.withName(searchName).withDescription(null);
        String canonical = SpecWriter.write(unnamed);
        String id = HexFormat.of().formatHex(sha256(canonical), 0, 4);
        return new Candidate(unnamed.withName(searchName + "-" + id), canonical, id);
    }

    /**
     * The training seed of {@code canonical} in a run seeded with {@code runSeed}: a hash of both, so it never
     * depends on thread timing or on the order in which candidates are evaluated.
     */
    public static long seed(long runSeed, String canonical) {
        byte[] h = sha256(runSeed + "\n" + canonical);
        long s = 0;
        for (int i = 0; i < 8; i++) s = (s << 8) | (h[i] & 0xff);
        return s;
    }

    static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
