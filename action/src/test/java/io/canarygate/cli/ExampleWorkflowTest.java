package io.canarygate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.canarygate.cli.github.ActionInput;
import io.canarygate.cli.github.ActionOutput;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The staged example workflow uses only inputs and outputs the action has, and has the shape docs/action.md shows. */
class ExampleWorkflowTest {
    static final Path WORKFLOW = Path.of("..", "examples", "github", "canary-release.yml");
    static JsonNode workflow;

    @BeforeAll
    static void read() throws IOException {
        workflow = new ObjectMapper(new YAMLFactory()).readTree(WORKFLOW.toFile());
    }

    static List<JsonNode> actionSteps() {
        List<JsonNode> steps = new ArrayList<>();
        workflow.get("jobs").forEach(job -> job.path("steps").forEach(step -> {
            if (step.path("uses").asText().startsWith("canary-gate/canary-gate@")) {
                steps.add(step);
            }
        }));
        return steps;
    }

    @Test
    void everyStepOfTheActionGivesACommandAndOnlyInputsActionYmlDeclares() {
        Set<String> inputs =
                Stream.of(ActionInput.values()).map(ActionInput::id).collect(Collectors.toSet());
        Set<String> commands = Stream.of(ActionInput.Commands.values())
                .map(ActionInput.Commands::id)
                .collect(Collectors.toSet());
        assertThat(actionSteps()).hasSizeGreaterThanOrEqualTo(7);
        for (JsonNode step : actionSteps()) {
            List<String> keys = new ArrayList<>();
            step.get("with").fieldNames().forEachRemaining(keys::add);
            assertThat(inputs).containsAll(keys);
            assertThat(commands).contains(step.at("/with/command").asText());
        }
    }

    @Test
    void stepOutputsItReadsAreOutputsTheActionWrites() {
        Set<String> outputs =
                Stream.of(ActionOutput.values()).map(ActionOutput::id).collect(Collectors.toSet());
        Matcher m = Pattern.compile("steps\\.[a-z0-9-]+\\.outputs\\.([a-z-]+)").matcher(workflow.toString());
        int found = 0;
        while (m.find()) {
            assertThat(outputs).contains(m.group(1));
            found++;
        }
        assertThat(found).isPositive();
    }

    @Test
    void stagesRunAsJobsWithAnApprovalAGuardBesideItAndARollbackOnFailure() {
        JsonNode jobs = workflow.get("jobs");
        assertThat(workflow.at("/on/workflow_dispatch").isMissingNode()).isFalse();
        assertThat(jobs.at("/canary-10/steps").toString()).contains("\"command\":\"deploy\"", "\"weight\":10");
        assertThat(jobs.at("/analysis-10/steps").toString()).contains("\"command\":\"wait\"");
        assertThat(jobs.at("/canary-50/environment").asText()).isEqualTo("production");
        assertThat(jobs.at("/canary-50/steps").toString()).contains("\"weight\":50");
        assertThat(jobs.at("/promote/steps").toString()).contains("\"command\":\"promote\"");
        // The guard starts with the job that waits for approval, so it judges the canary while the approval waits.
        assertThat(jobs.at("/guard/needs")).isEqualTo(jobs.at("/canary-50/needs"));
        assertThat(jobs.at("/guard/steps").toString()).contains("\"command\":\"wait\"", "\"key\":\"guard\"");
        assertThat(jobs.at("/rollback/if").asText()).contains("failure()");
        assertThat(jobs.at("/rollback/steps").toString()).contains("\"command\":\"rollback\"");
        // Later stages find the rollout through the first job's outputs.
        assertThat(jobs.get("canary-10").at("/outputs/rollout").asText()).contains("steps.deploy.outputs.rollout");
        assertThat(jobs.at("/promote/steps").toString()).contains("needs.canary-10.outputs.rollout");
    }
}
