package io.canarygate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The tree Main builds per invocation (all six subcommands, or the root and the one the arguments name), and help on
 * every level: errors point at {@code canarygate <command> --help}, so that has to work.
 */
class CommandTreeTest {
    @TempDir
    Path dir;

    private Run run() {
        PrintStream none = new PrintStream(OutputStream.nullOutputStream());
        return new Run(new Env(Map.of(), dir), new Console(none, none, false), false, Map.of(), Optional.empty());
    }

    @Test
    void theWholeTreeHasEverySubcommandUnderTheNamesMainKnows() {
        assertThat(Main.commandLine(run()).getSubcommands().keySet()).containsExactlyElementsOf(Main.SUBCOMMANDS);
    }

    @ParameterizedTest
    @ValueSource(strings = {"deploy", "wait", "promote", "rollback", "status", "lint"})
    void argumentsThatStartWithASubcommandBuildOnlyThatOne(String name) {
        var cli = Main.commandLine(run(), List.of(name, "--config", "canary.yaml"));
        assertThat(cli.getSubcommands().keySet()).containsExactly(name);
        assertThat(cli.parseArgs(name, "--help").subcommand().commandSpec().name())
                .isEqualTo(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"--help", "--version", "statu", "-x"})
    void anythingElseBuildsTheWholeTree(String first) {
        assertThat(Main.commandLine(run(), List.of(first)).getSubcommands()).hasSize(6);
    }

    @ParameterizedTest
    @ValueSource(strings = {"deploy", "wait", "promote", "rollback", "status", "lint"})
    void everySubcommandHasHelp(String name) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        assertThat(Main.run(new String[] {name, "--help"}, new Env(Map.of(), dir), o, o))
                .isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("Usage: canarygate " + name);
    }

    /**
     * The command line is declared in code ({@link Flags}): an annotation read at run time costs the JVM a proxy class
     * per annotation type that no AOT cache holds, ~60 ms of a step's start. This fails when one comes back.
     */
    @Test
    void noCommandIsDeclaredWithPicocliAnnotations() {
        var cli = Main.commandLine(run());
        List<Object> commands = new java.util.ArrayList<>();
        commands.add(cli.getCommandSpec().userObject());
        cli.getSubcommands()
                .values()
                .forEach(c -> commands.add(c.getCommandSpec().userObject()));
        assertThat(commands).hasSize(7);
        for (Object command : commands) {
            for (Class<?> c = command.getClass(); c != Object.class; c = c.getSuperclass()) {
                List<java.lang.reflect.AnnotatedElement> elements = new java.util.ArrayList<>();
                elements.add(c);
                elements.addAll(List.of(c.getDeclaredFields()));
                elements.addAll(List.of(c.getDeclaredMethods()));
                for (java.lang.reflect.Field f : c.getDeclaredFields()) {
                    elements.add(f.getType());
                    elements.addAll(List.of(f.getType().getDeclaredFields()));
                }
                for (var element : elements) {
                    assertThat(element.getAnnotations())
                            .as("annotations of %s", element)
                            .noneMatch(a -> a.annotationType().getName().startsWith("picocli."));
                }
            }
        }
    }

    @Test
    void theRootsHelpListsEverySubcommandAndAnUnknownOnePointsAtIt() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        assertThat(Main.run(new String[] {"--help"}, new Env(Map.of(), dir), o, e))
                .isZero();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("deploy", "wait", "promote", "rollback", "status", "lint");

        assertThat(Main.run(new String[] {"statu"}, new Env(Map.of(), dir), o, e))
                .isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("'statu'").contains("canarygate --help");
    }
}
