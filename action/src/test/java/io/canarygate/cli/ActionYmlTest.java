package io.canarygate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.canarygate.cli.github.ActionInput;
import io.canarygate.cli.github.ActionInvocation;
import io.canarygate.cli.github.ActionOutput;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** action.yml and the entrypoint must agree: every input read, none read that action.yml lacks; same outputs. */
class ActionYmlTest {
    static final Path ACTION_YML = Path.of("..", "action.yml");
    static JsonNode action;

    @BeforeAll
    static void read() throws IOException {
        action = new ObjectMapper(new YAMLFactory()).readTree(ACTION_YML.toFile());
    }

    static Set<String> keys(JsonNode node) {
        Set<String> keys = new TreeSet<>();
        node.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    @Test
    void actionYmlDeclaresExactlyTheInputsTheEntrypointReads() {
        Set<String> code = Stream.of(ActionInput.values()).map(ActionInput::id).collect(Collectors.toSet());
        assertThat(keys(action.get("inputs"))).isEqualTo(new TreeSet<>(code));
    }

    @Test
    void everyInputIsDocumentedWithTheDefaultAndRequirednessTheCodeAssumes() {
        for (ActionInput input : ActionInput.values()) {
            JsonNode yml = action.get("inputs").get(input.id());
            assertThat(yml.path("description").asText()).as(input.id()).isNotBlank();
            assertThat(yml.path("required").asBoolean(false)).as(input.id()).isEqualTo(input.required());
            assertThat(Optional.ofNullable(yml.get("default")).map(JsonNode::asText))
                    .as(input.id() + " default")
                    .isEqualTo(input.defaultValue());
        }
    }

    @Test
    void actionYmlDeclaresExactlyTheOutputsTheEntrypointWrites() {
        Set<String> code =
                Stream.of(ActionOutput.values()).map(ActionOutput::id).collect(Collectors.toSet());
        assertThat(keys(action.get("outputs"))).isEqualTo(new TreeSet<>(code));
        action.get("outputs")
                .forEach(o -> assertThat(o.path("description").asText()).isNotBlank());
    }

    @Test
    void runsAsADockerActionOnADigestPinnedImageWithBranding() {
        assertThat(action.path("name").asText()).isNotBlank();
        assertThat(action.path("description").asText()).isNotBlank();
        assertThat(action.at("/runs/using").asText()).isEqualTo("docker");
        assertThat(action.at("/runs/image").asText())
                .matches("docker://"
                        + java.util.regex.Pattern.quote(io.canarygate.cli.image.ImageBuilder.RELEASE_REPOSITORY)
                        + "@sha256:[0-9a-f]{64}");
        // No args and no entrypoint override: the image's exec-form entrypoint runs java directly, and the command
        // comes from the inputs (a shell would drop the hyphenated INPUT_* variables).
        assertThat(action.at("/runs/args").isMissingNode()).isTrue();
        assertThat(action.at("/runs/entrypoint").isMissingNode()).isTrue();
        assertThat(action.at("/branding/icon").asText()).isNotBlank();
        assertThat(action.at("/branding/color").asText())
                .isIn("white", "black", "yellow", "blue", "green", "orange", "red", "purple", "gray-dark");
    }

    /**
     * Sets every input as the runner would and checks each one reaches the command it applies to: as the flag of the
     * same name (which that subcommand must declare), as a secret, or as the kubeconfig.
     */
    @Test
    void everyInputIsReadByTheEntrypointForEachCommandItAppliesTo() {
        Map<String, String> sample = new HashMap<>();
        for (ActionInput input : ActionInput.values()) {
            sample.put(
                    input.envName(), input.role() == ActionInput.Role.KUBECONFIG ? "kube/config" : "x-" + input.id());
        }
        Run run = new Run(
                new Env(Map.of(), Path.of(".")),
                new Console(
                        new PrintStream(OutputStream.nullOutputStream()),
                        new PrintStream(OutputStream.nullOutputStream()),
                        false),
                true,
                Map.of(),
                Optional.empty());
        CommandLine cli = Main.commandLine(run);
        Set<ActionInput> read = EnumSet.noneOf(ActionInput.class);
        for (ActionInput.Commands command : ActionInput.Commands.values()) {
            Map<String, String> vars = new LinkedHashMap<>(sample);
            vars.put("GITHUB_ACTIONS", "true");
            vars.put(ActionInput.COMMAND.envName(), command.id());
            ActionInvocation inv = ActionInvocation.from(new Env(vars, Path.of(".")));
            assertThat(inv.args().get(0)).isEqualTo(command.id());
            CommandLine sub = cli.getSubcommands().get(command.id());
            for (ActionInput input : ActionInput.values()) {
                boolean applies = input.commands().contains(command);
                switch (input.role()) {
                    case COMMAND -> read.add(input);
                    case OPTION, REPEATED_OPTION -> {
                        boolean passed = inv.args().stream().anyMatch(a -> a.startsWith(input.flag() + "="));
                        assertThat(passed)
                                .as(input.id() + " for " + command.id())
                                .isEqualTo(applies);
                        if (applies) {
                            assertThat(sub.getCommandSpec().findOption(input.flag()))
                                    .as(command.id() + " declares " + input.flag())
                                    .isNotNull();
                            read.add(input);
                        }
                    }
                    case SECRET -> {
                        assertThat(inv.secrets().containsKey(input))
                                .as(input.id())
                                .isEqualTo(applies);
                        if (applies) {
                            read.add(input);
                        }
                    }
                    case KUBECONFIG -> {
                        assertThat(inv.kubeconfig().isPresent()).as(input.id()).isEqualTo(applies);
                        if (applies) {
                            read.add(input);
                        }
                    }
                }
            }
        }
        assertThat(read).containsExactlyInAnyOrder(ActionInput.values());
    }

    /** The names live in ActionInput alone: no other main source spells an INPUT_ variable. */
    @Test
    void noOtherClassReadsAnInputVariableByName() throws IOException {
        Path main = Path.of("src", "main", "java");
        List<Path> offenders;
        try (Stream<Path> files = Files.walk(main)) {
            offenders = files.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> !p.getFileName().toString().equals("ActionInput.java"))
                    .filter(p -> {
                        try {
                            return Files.readString(p).contains("\"INPUT_");
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    })
                    .toList();
        }
        assertThat(offenders).isEmpty();
    }
}
