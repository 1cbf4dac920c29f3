package io.canarygate.core.spec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.canarygate.core.Durations;
import io.canarygate.core.analysis.BreachAction;
import io.canarygate.core.analysis.Objective;
import io.canarygate.core.spec.NotifySpec.NotifyEvent;
import io.canarygate.core.spec.SpecFields.Type;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps docs/canary-yaml.md, examples/canary.yaml and the loader in step: the fields table lists exactly the fields
 * {@link SpecFields} accepts, with their types and the loader's defaults; the override table lists exactly the
 * override keys; the valid example files together use every field (so every documented field is really accepted).
 */
class CanaryYamlDocTest {
    private static final Path ROOT = repositoryRoot();
    private static final Path DOC = ROOT.resolve("docs/canary-yaml.md");
    private static final Path EXAMPLE = ROOT.resolve("examples/canary.yaml");

    @Test
    void theFieldsTableListsExactlyTheFieldsTheLoaderAccepts() throws IOException {
        Map<String, List<String>> rows = table("## Fields");

        assertThat(rows.keySet()).containsExactlyElementsOf(SpecFields.all().keySet());
        SpecFields.all()
                .forEach((path, type) ->
                        assertThat(rows.get(path).get(0)).as("type of %s", path).isEqualTo(type.docName()));
    }

    @Test
    void everyDocumentedDefaultIsTheLoadersDefault() throws IOException {
        RolloutSpec spec = SpecLoader.parse(
                """
                target: {deployment: checkout, image: ghcr.io/acme/checkout:1.4.0}
                metrics: {prometheus: {url: http://prometheus:9090}}
                objectives:
                  - {name: errors, query: up, op: "<", threshold: 0.01}
                  - {name: vs-stable, query: up, op: "<=", threshold: 0.1, compare: {baseline: up}}
                steps: [{weight: 10, analysis: {duration: 30m}}]
                """,
                "defaults",
                Map.of());
        MetricsSpec.Prometheus p = (MetricsSpec.Prometheus) spec.metrics().orElseThrow();
        Objective o = spec.objectives().get(0);
        StepSpec.Analysis a = ((StepSpec.Weight) spec.steps().get(0)).analysis().orElseThrow();
        assertThat(spec.name()).isEqualTo(spec.target().deployment());
        Map<String, String> actual = new LinkedHashMap<>();
        actual.put("name", "target.deployment");
        actual.put("target.namespace", spec.target().namespace());
        actual.put("readyTimeout", Durations.format(spec.readyTimeout()));
        actual.put("traffic.router", spec.traffic().kind());
        actual.put(
                "metrics.prometheus.tls.insecureSkipVerify",
                String.valueOf(p.tls().insecureSkipVerify()));
        actual.put("metrics.prometheus.connectTimeout", Durations.format(p.connectTimeout()));
        actual.put("metrics.prometheus.timeout", Durations.format(p.timeout()));
        actual.put("metrics.prometheus.retries", String.valueOf(p.retries()));
        actual.put("metrics.prometheus.retryBackoff", Durations.format(p.retryBackoff()));
        actual.put("objectives[].consecutive", String.valueOf(o.consecutiveLimit()));
        actual.put("objectives[].noData", o.noData().id());
        actual.put("objectives[].onBreach", o.onBreach().id());
        Objective.Baseline b = spec.objectives().get(1).baseline().orElseThrow();
        actual.put("objectives[].compare.lookback", Durations.format(b.lookback()));
        actual.put("objectives[].compare.step", Durations.format(b.step()));
        actual.put("objectives[].compare.confidence", String.valueOf(b.confidence()));
        actual.put("steps[].analysis.interval", Durations.format(a.interval()));
        actual.put("rollback.mode", spec.rollback().mode().id());
        actual.put("rollback.automatic", String.valueOf(spec.rollback().automatic()));
        actual.put("rollback.gradual.step", String.valueOf(spec.rollback().gradualStep()));
        actual.put("rollback.gradual.pause", Durations.format(spec.rollback().gradualPause()));

        Map<String, String> documented = new LinkedHashMap<>();
        table("## Fields").forEach((path, cells) -> {
            String d = cells.get(1);
            if (d.matches("`[^`]+`")) {
                documented.put(path, d.substring(1, d.length() - 1));
            }
        });
        assertThat(documented).isEqualTo(actual);
        assertThat(o.totalLimit()).isEmpty();
        assertThat(o.inconclusiveLimit()).isEmpty();
        assertThat(o.minEvidence()).isEmpty();
        assertThat(o.onBreach()).isEqualTo(BreachAction.ROLLBACK);
        assertThat(Objective.DEFAULT_CONSECUTIVE_LIMIT).isEqualTo(o.consecutiveLimit());
    }

    @Test
    void theAnalysisKnobsAreFieldsWithTheSameDefaults() throws IOException {
        Map<String, List<String>> fields = table("## Fields");
        Map<String, List<String>> knobs = table("## Analysis");

        assertThat(knobs.keySet())
                .containsExactlyInAnyOrder(
                        "steps[].analysis.interval",
                        "steps[].analysis.duration",
                        "objectives[].consecutive",
                        "objectives[].total",
                        "objectives[].minEvidence",
                        "objectives[].noData",
                        "objectives[].inconclusiveLimit",
                        "objectives[].onBreach");
        assertThat(fields).containsKeys(knobs.keySet().toArray(String[]::new));
        knobs.forEach((knob, cells) -> assertThat(cells.get(0))
                .as("default of %s", knob)
                .startsWith(fields.get(knob).get(1)));
    }

    @Test
    void theOverrideTableListsExactlyTheAcceptedOverrideKeys() throws IOException {
        Map<String, List<String>> rows = table("## Overrides");

        assertThat(new TreeSet<>(rows.keySet())).isEqualTo(new TreeSet<>(SpecLoader.overrideKeys()));
    }

    @Test
    void theEventTableListsEveryNotifyEvent() throws IOException {
        Set<String> ids =
                Arrays.stream(NotifyEvent.values()).map(NotifyEvent::id).collect(Collectors.toSet());

        assertThat(table("## Notification events").keySet()).containsExactlyInAnyOrderElementsOf(ids);
    }

    @Test
    void theValidExamplesTogetherUseEveryField() throws IOException {
        List<Path> files = new ArrayList<>(List.of(EXAMPLE));
        try (Stream<Path> valid = Files.list(SpecLoaderTest.resource("/spec/valid"))) {
            valid.filter(f -> f.toString().endsWith(".yaml")).forEach(files::add);
        }
        Set<String> used = new TreeSet<>();
        for (Path f : files) {
            SpecLoader.load(f, Map.of());
            collect(new YAMLMapper().readTree(f.toFile()), "", used);
        }
        for (String block : completeExamples()) {
            collect(new YAMLMapper().readTree(block), "", used);
        }

        assertThat(used).isEqualTo(new TreeSet<>(SpecFields.all().keySet()));
    }

    @Test
    void theCompleteExamplesOnThePageLoad() throws IOException {
        List<String> blocks = completeExamples();

        assertThat(blocks).isNotEmpty();
        for (String block : blocks) {
            RolloutSpec spec = SpecLoader.parse(block, "docs/canary-yaml.md", Map.of());
            assertThat(spec.steps()).isNotEmpty();
        }
    }

    @Test
    void theExampleRunbookLoadsAsTheRunbookReads() {
        RolloutSpec spec = SpecLoader.load(EXAMPLE, Map.of());

        assertThat(spec.steps())
                .extracting(s -> s instanceof StepSpec.Weight w ? "weight " + w.weight() : "pause")
                .containsExactly("weight 10", "pause", "weight 25", "weight 50", "weight 75");
        assertThat(spec.steps().get(1)).isEqualTo(new StepSpec.Pause(java.util.Optional.empty()));
        assertThat(spec.objective("success-rate").orElseThrow().describe()).isEqualTo("success-rate >= 0.995");
        assertThat(spec.objective("p95-latency").orElseThrow().describe()).isEqualTo("p95-latency <= 0.5");
        assertThat(spec.objective("p95-latency").orElseThrow().onBreach()).isEqualTo(BreachAction.PAUSE);
        // The runbook's guards: 5xx above 5% for a minute rolls back at once, p95 above 600 ms for 5 minutes gradually.
        var errors = spec.objective("server-errors").orElseThrow();
        assertThat(errors.describe()).isEqualTo("server-errors <= 0.05");
        assertThat(errors.consecutiveLimit()).isEqualTo(1);
        assertThat(errors.onBreach()).isEqualTo(BreachAction.ROLLBACK);
        var ceiling = spec.objective("p95-ceiling").orElseThrow();
        assertThat(ceiling.describe()).isEqualTo("p95-ceiling <= 0.6");
        assertThat(ceiling.consecutiveLimit()).isEqualTo(5);
        assertThat(ceiling.onBreach()).isEqualTo(BreachAction.GRADUAL_ROLLBACK);
        assertThat(spec.steps()).filteredOn(st -> st instanceof StepSpec.Weight).allSatisfy(st -> assertThat(
                        ((StepSpec.Weight) st).analysis().orElseThrow().interval())
                .isEqualTo(java.time.Duration.ofMinutes(1)));
        assertThat(spec.notifications()).singleElement().isInstanceOf(NotifySpec.Slack.class);
        assertThat(spec.traffic().supportsFullWeight()).isFalse();
    }

    @Test
    void theReadmesRunbookIsAValidCanaryYamlWithTheRunbooksGuards() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        int start = readme.indexOf("```yaml\ntarget:");
        assertThat(start).as("the canary.yaml block in README.md").isNotNegative();
        String yaml = readme.substring(start + "```yaml\n".length(), readme.indexOf("```", start + 7));

        RolloutSpec spec = SpecLoader.parse(yaml, "README.md", Map.of());

        assertThat(spec.objective("server-errors").orElseThrow().onBreach()).isEqualTo(BreachAction.ROLLBACK);
        assertThat(spec.objective("p95-ceiling").orElseThrow().onBreach()).isEqualTo(BreachAction.GRADUAL_ROLLBACK);
        assertThat(spec.steps())
                .extracting(st -> st instanceof StepSpec.Weight w ? "weight " + w.weight() : "pause")
                .containsExactly("weight 10", "pause", "weight 25", "weight 50", "weight 75");
    }

    /** Rows of the first table after {@code heading}: first cell (without backticks) to the other cells. */
    private static Map<String, List<String>> table(String heading) throws IOException {
        List<String> lines = Files.readAllLines(DOC);
        int start = lines.indexOf(heading);
        assertThat(start).as("heading %s in %s", heading, DOC).isNotNegative();
        Map<String, List<String>> rows = new LinkedHashMap<>();
        boolean inTable = false;
        for (String line : lines.subList(start + 1, lines.size())) {
            if (line.startsWith("## ")) {
                break;
            }
            if (line.startsWith("| `")) {
                inTable = true;
                List<String> cells = Arrays.stream(
                                line.substring(1, line.length() - 1).split("\\|", -1))
                        .map(String::strip)
                        .collect(Collectors.toCollection(ArrayList::new));
                String key = cells.remove(0).replace("`", "");
                assertThat(rows.put(key, cells))
                        .as("%s listed twice under %s", key, heading)
                        .isNull();
            } else if (inTable && !line.startsWith("|")) {
                break;
            }
        }
        return rows;
    }

    /** The page's yaml code blocks that start with {@code # canary.yaml}. */
    private static List<String> completeExamples() throws IOException {
        List<String> blocks = new ArrayList<>();
        String[] parts = Files.readString(DOC).split("```yaml\n");
        for (int i = 1; i < parts.length; i++) {
            String block = parts[i].substring(0, parts[i].indexOf("```"));
            if (block.startsWith("# canary.yaml\n")) {
                blocks.add(block);
            }
        }
        return blocks;
    }

    /** Adds the schema path of every field written in {@code node}. */
    private static void collect(JsonNode node, String schema, Set<String> used) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String path = schema.isEmpty() ? e.getKey() : schema + "." + e.getKey();
            used.add(path);
            Type type = SpecFields.all().get(path);
            if (type == Type.OBJECT && e.getValue().isObject()) {
                collect(e.getValue(), path, used);
            } else if (type == Type.LIST) {
                e.getValue().forEach(element -> collect(element, path + "[]", used));
            }
        }
    }

    private static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve(".mvn"))) {
            dir = dir.getParent();
        }
        assertThat(dir)
                .as("repository root (the folder with .mvn) above the working directory")
                .isNotNull();
        return dir;
    }
}
