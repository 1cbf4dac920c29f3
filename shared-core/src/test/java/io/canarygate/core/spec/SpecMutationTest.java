package io.canarygate.core.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Breaks the full example one line at a time (line removed, value replaced by text, a negative number, a list, a
 * mapping, nothing…) and checks that every variant either loads or is refused with an {@link InvalidSpecException}
 * whose errors all name a path and say what to do: never another exception, never a half-read spec.
 */
class SpecMutationTest {
    private static final List<String> VALUES = List.of("\"\"", "fast", "-1", "1.5", "[a, b]", "{}", "");

    @Test
    void everyMutationOfTheFullExampleLoadsOrIsRefusedWithNamedErrors() throws IOException {
        List<String> lines = Files.readAllLines(SpecLoaderTest.resource("/spec/valid/full.yaml"));
        int refused = 0;
        int variants = 0;
        for (int i = 0; i < lines.size(); i++) {
            for (String variant : variants(lines.get(i))) {
                List<String> mutated = new ArrayList<>(lines);
                if (variant == null) {
                    mutated.remove(i);
                } else {
                    mutated.set(i, variant);
                }
                variants++;
                String yaml = String.join("\n", mutated);
                try {
                    SpecLoader.parse(yaml, "mutant.yaml", Map.of());
                } catch (InvalidSpecException e) {
                    refused++;
                    assertThat(e.errors()).as(yaml).isNotEmpty().allSatisfy(err -> {
                        assertThat(err.path()).isNotBlank();
                        assertThat(err.fix()).isNotBlank();
                        assertThat(err.message()).doesNotContain("null");
                    });
                } catch (RuntimeException e) {
                    throw new AssertionError("line " + (i + 1) + " as <" + variant + ">:\n" + yaml, e);
                }
            }
        }
        assertThat(variants).isGreaterThan(300);
        assertThat(refused).as("most mutations break the file").isGreaterThan(variants / 2);
    }

    /** The line removed (null), and its value replaced by each of {@link #VALUES}. */
    private static List<String> variants(String line) {
        List<String> out = new ArrayList<>();
        out.add(null);
        int colon = line.indexOf(": ");
        if (colon > 0 && !line.strip().startsWith("#")) {
            for (String v : VALUES) {
                out.add(line.substring(0, colon) + ": " + v);
            }
        }
        int dash = line.indexOf("- ");
        if (dash >= 0 && line.substring(0, dash).isBlank()) {
            for (String v : VALUES) {
                out.add(line.substring(0, dash) + "- " + v);
            }
        }
        return out;
    }
}
