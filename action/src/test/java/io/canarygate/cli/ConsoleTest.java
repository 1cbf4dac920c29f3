package io.canarygate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ConsoleTest {
    @Test
    void eachSecretLineIsMaskedOnceHoweverOftenItIsAskedForAndNothingOutsideGitHub() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        Console console = new Console(o, o, true);
        console.mask("tok-1");
        console.mask("line-a\n  line-b  \n\n");
        console.mask("tok-1");
        console.mask("line-b");
        console.mask(null);
        assertThat(out.toString(StandardCharsets.UTF_8).lines())
                .containsExactly("::add-mask::tok-1", "::add-mask::line-a", "::add-mask::line-b");

        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        PrintStream p = new PrintStream(plain, true, StandardCharsets.UTF_8);
        new Console(p, p, false).mask("tok-1");
        assertThat(plain.toString(StandardCharsets.UTF_8)).isEmpty();
    }
}
