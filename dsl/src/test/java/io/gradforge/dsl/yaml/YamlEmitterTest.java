package io.gradforge.dsl.yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The emitter's quoting rule and output, which every canonical spec (a candidate's identity) depends on. */
class YamlEmitterTest {
    /** The rule as a regular expression, as the emitter once matched it. */
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z_][A-Za-z0-9_./-]*|[0-9]+(ms|s|m|h|d)");

    @Test
    void plainAgreesWithTheRegularExpressionOnEdgeCasesAndRandomStrings() {
        for (String s : List.of("", "a", "_", "Z9", "9", "1ms", "10s", "2m", "3h", "4d", "5x", "ms", "1msx", "1 s",
                "a-b/c.d_e", "-a", ".a", "/a", "a b", "a:b", "tanh", "he_normal", "1.0", "1e-3", "é", "aé", "1mS",
                "0d", "00ms", "a\n", "true", "x-")) {
            assertEquals(PLAIN.matcher(s).matches(), YamlEmitter.plain(s), "'" + s + "'");
        }
        String alphabet = "aZ_09./-msdh x:\"é";
        Random random = new Random(7);
        for (int n = 0; n < 200_000; n++) {
            StringBuilder sb = new StringBuilder();
            int length = random.nextInt(6);
            for (int i = 0; i < length; i++) sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
            String s = sb.toString();
            assertEquals(PLAIN.matcher(s).matches(), YamlEmitter.plain(s), "'" + s + "'");
        }
    }

    @Test
    void emitsBlockAndFlowYamlQuotingOnlyWhatNeedsIt() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("name", "quickstart");
        root.put("max_time", "2m");
        root.put("flag", "yes");
        root.put("rate", 0.001);
        root.put("steps", 150L);
        root.put("space", Map.of("depth", 3L));
        root.put("layers", List.of(Map.of("units", 16L), Map.of("activation", "leaky_relu")));
        root.put("odd key", List.of("a b", 1.0, true));
        assertEquals("""
                name: quickstart
                max_time: 2m
                flag: "yes"
                rate: 0.001
                steps: 150
                space: {depth: 3}
                layers:
                  - {units: 16}
                  - {activation: leaky_relu}
                "odd key": ["a b", 1.0, true]
                """, YamlEmitter.emit(root));
    }
}
