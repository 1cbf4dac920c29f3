package io.canarygate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The input and output tables of docs/action.md say what action.yml says, row for row. */
class ActionDocTest {
    static final Path DOC = Path.of("..", "docs", "action.md");

    static List<List<String>> rows(String section) throws IOException {
        String doc = Files.readString(DOC);
        int start = doc.indexOf("<!-- " + section + ":start");
        int end = doc.indexOf("<!-- " + section + ":end -->");
        assertThat(start).as(section + " table markers").isNotNegative();
        List<List<String>> rows = new ArrayList<>();
        for (String line : doc.substring(start, end).lines().toList()) {
            if (line.startsWith("| `")) {
                List<String> cells = new ArrayList<>();
                for (String c : line.substring(1, line.length() - 1).split("\\|", -1)) {
                    cells.add(c.strip());
                }
                rows.add(cells);
            }
        }
        return rows;
    }

    static String unquote(String cell) {
        return cell.replaceAll("^`|`$", "");
    }

    @Test
    void inputsTableMatchesActionYml() throws IOException {
        JsonNode inputs = new ObjectMapper(new YAMLFactory())
                .readTree(ActionYmlTest.ACTION_YML.toFile())
                .get("inputs");
        List<String> expected = new ArrayList<>();
        inputs.fieldNames().forEachRemaining(name -> {
            JsonNode i = inputs.get(name);
            expected.add(String.join(
                    " | ",
                    name,
                    i.path("required").asBoolean(false) ? "yes" : "no",
                    i.has("default") ? i.get("default").asText() : "",
                    i.get("description").asText()));
        });
        List<String> documented = rows("inputs").stream()
                .map(r -> String.join(" | ", unquote(r.get(0)), r.get(1), unquote(r.get(2)), r.get(3)))
                .toList();
        assertThat(documented).isEqualTo(expected);
    }

    @Test
    void outputsTableMatchesActionYml() throws IOException {
        JsonNode outputs = new ObjectMapper(new YAMLFactory())
                .readTree(ActionYmlTest.ACTION_YML.toFile())
                .get("outputs");
        List<String> expected = new ArrayList<>();
        outputs.fieldNames()
                .forEachRemaining(name -> expected.add(
                        name + " | " + outputs.get(name).get("description").asText()));
        List<String> documented = rows("outputs").stream()
                .map(r -> unquote(r.get(0)) + " | " + r.get(1))
                .toList();
        assertThat(documented).isEqualTo(expected);
    }
}
