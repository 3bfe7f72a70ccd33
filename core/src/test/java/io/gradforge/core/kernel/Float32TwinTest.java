package io.gradforge.core.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * FloatGemm.java is generated from DoubleGemm.java, and ScalarKernels' float32 half from its float64 half (see
 * {@link Float32Twin}): the committed code must be the generator's output.
 */
class Float32TwinTest {

    @ParameterizedTest
    @ValueSource(strings = {"DoubleGemm.java", "DoubleCells.java"})
    void committedTwinIsTheGeneratorsOutput(String source) throws IOException {
        String target = source.replace("Double", "Float");
        assertTrue(Float32Twin.TWINS.contains(List.of(source, target)), source + " is generated");
        String committed = Files.readString(Float32Twin.KERNEL_DIR.resolve(target), StandardCharsets.UTF_8);
        assertEquals(Float32Twin.generate(Float32Twin.KERNEL_DIR, source), committed,
                target + " differs from what Float32Twin generates from " + source + "; edit " + source
                        + " and run: java core/src/test/java/io/gradforge/core/kernel/Float32Twin.java");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ScalarKernels.java", "ScalarCells.java"})
    void committedFloat32HalfIsTheGeneratorsOutput(String name) throws IOException {
        assertTrue(Float32Twin.HALVES.contains(name), name + " has a generated half");
        String committed = Files.readString(Float32Twin.KERNEL_DIR.resolve(name), StandardCharsets.UTF_8);
        assertEquals(Float32Twin.regenerateHalves(Float32Twin.KERNEL_DIR, name), committed,
                name + "'s float32 half differs from what Float32Twin generates from its float64 half; edit the "
                        + "float64 half and run: java core/src/test/java/io/gradforge/core/kernel/Float32Twin.java");
    }

    @Test
    void aHandEditedHalfIsRegenerated() {
        String file = """
                class K {
                    // ---- float64 half: the float32 half below is generated from it by Float32Twin (core's tests) ----
                    void scale(double[] x) { x[0] *= 2; }
                    // ---- float32 half: generated from the float64 half above by Float32Twin; do not edit ----
                    void scale(float[] x) { x[0] *= 3; }
                    // ---- end of the generated float32 half ----
                }
                """;
        String regenerated = Float32Twin.regenerateHalf("K.java", file);
        assertEquals(file.replace("x[0] *= 3", "x[0] *= 2"), regenerated);
        assertEquals(regenerated, Float32Twin.regenerateHalf("K.java", regenerated));
        assertThrows(IllegalArgumentException.class, () -> Float32Twin.regenerateHalf("K.java",
                file.replace("    // ---- end of the generated float32 half ----\n", "")), "no end marker");
    }

    @Test
    void theTwinSpeaksFloat32Only() throws IOException {
        for (var pair : Float32Twin.TWINS) {
            String twin = Float32Twin.generate(Float32Twin.KERNEL_DIR, pair.get(0));
            assertTrue(twin.startsWith("// Generated from " + pair.get(0) + " by io.gradforge.core.kernel.Float32Twin;"));
            String body = twin.substring(twin.indexOf('\n'));
            assertFalse(Pattern.compile("\\b(double|Double\\w*|float64)\\b").matcher(body).find(), body);
            assertFalse(twin.contains("//#"), "section markers are not copied");
        }
    }

    @Test
    void anEditedSourceGivesADifferentTwin() {
        // The comparison above can fail: a changed line of the float64 source changes the twin.
        String source = "package p;\nfinal class DoubleGemm {\n    static double one() { return 1.0; }\n}\n";
        String twin = Float32Twin.generate("DoubleGemm.java", source);
        assertEquals("// Generated from DoubleGemm.java by io.gradforge.core.kernel.Float32Twin; do not edit.\n"
                + "package p;\nfinal class FloatGemm {\n    static float one() { return 1.0; }\n}\n", twin);
        assertNotEquals(twin, Float32Twin.generate("DoubleGemm.java", source.replace("1.0", "2.0")));
    }

    @Test
    void sectionsReplaceFloat64LinesWithFloat32Lines() {
        String source = """
                class DoubleGemm {
                    //#float64 tuned per precision
                    /** float64 block. */
                    static final int KC = 256;
                    //#float32
                    //    /** float32 block, double-checked. */
                    //    static final int KC = 128;
                    //
                    //#end
                    double[] buffer;
                }
                """;
        assertEquals("""
                // Generated from DoubleGemm.java by io.gradforge.core.kernel.Float32Twin; do not edit.
                class FloatGemm {
                    /** float32 block, double-checked. */
                    static final int KC = 128;

                    float[] buffer;
                }
                """, Float32Twin.generate("DoubleGemm.java", source));
    }

    @Test
    void malformedSectionsAreRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> Float32Twin.generate("X.java", "//#float64\nint a;\n"), "unclosed");
        assertThrows(IllegalArgumentException.class,
                () -> Float32Twin.generate("X.java", "//#float32\n//int a;\n//#end\n"), "float32 without float64");
        assertThrows(IllegalArgumentException.class,
                () -> Float32Twin.generate("X.java", "//#float64\n//#float32\nint a;\n//#end\n"), "not a comment");
        assertThrows(IllegalArgumentException.class,
                () -> Float32Twin.generate("X.java", "//#float16\n"), "unknown marker");
    }
}
