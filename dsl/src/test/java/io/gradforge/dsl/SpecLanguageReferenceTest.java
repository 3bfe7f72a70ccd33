package io.gradforge.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * specs/README.md's reference part is exactly what {@link SpecLanguageReference} writes from the reader's tables:
 * a key, name, parameter, default or range added to or changed in the reader without the document fails here.
 * With {@code -Dgradforge.docs.update=true} the test rewrites that part instead (then review the diff).
 */
class SpecLanguageReferenceTest {
    static final Path README = Path.of("..", "specs", "README.md");

    @Test
    void theReferenceInSpecsReadmeIsTheReadersVocabulary() throws IOException {
        String doc = Files.readString(README);
        int begin = doc.indexOf(SpecLanguageReference.BEGIN);
        int end = doc.indexOf(SpecLanguageReference.END);
        assertTrue(begin >= 0 && end > begin, README + " has no generated reference between its markers");
        String current = doc.substring(begin, end + SpecLanguageReference.END.length() + 1);
        String expected = SpecLanguageReference.text();
        if (Boolean.getBoolean("gradforge.docs.update") && !current.equals(expected)) {
            Files.writeString(README, doc.substring(0, begin) + expected + doc.substring(begin + current.length()));
            return;
        }
        assertEquals(expected, current, README + "'s generated reference differs from the reader's vocabulary;"
                + " regenerate it: mvn -pl dsl -am verify -Dtest=SpecLanguageReferenceTest"
                + " -Dsurefire.failIfNoSpecifiedTests=false -Dgradforge.docs.update=true");
    }

    @Test
    void theReferenceNamesEveryAcceptedName() {
        String text = SpecLanguageReference.text();
        for (var family : new io.gradforge.dsl.spec.Vocabulary.Family[] {io.gradforge.dsl.spec.Vocabulary.ACTIVATIONS,
                io.gradforge.dsl.spec.Vocabulary.INITIALIZERS, io.gradforge.dsl.spec.Vocabulary.LOSSES,
                io.gradforge.dsl.spec.Vocabulary.OPTIMIZERS, io.gradforge.dsl.spec.Vocabulary.SCHEDULES,
                io.gradforge.dsl.spec.Vocabulary.GENERATORS}) {
            for (String name : family.acceptedNames()) assertTrue(text.contains("`" + name + "`"), name);
        }
    }
}
