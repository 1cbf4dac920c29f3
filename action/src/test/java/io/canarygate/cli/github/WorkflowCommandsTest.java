package io.canarygate.cli.github;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WorkflowCommandsTest {

    @Test
    void multiLineErrorStaysOneAnnotationWithEscapedLineBreaks() {
        assertThat(WorkflowCommands.error("Canary Gate: bad input", "canary.yaml: 2 errors\n  a\r\n  b"))
                .isEqualTo("::error title=Canary Gate%3A bad input::canary.yaml: 2 errors%0A  a%0D%0A  b");
    }

    @Test
    void percentSignsAreEscapedFirstSoTheyAreNotReadAsEscapes() {
        assertThat(WorkflowCommands.escapeData("5%0A")).isEqualTo("5%250A");
        assertThat(WorkflowCommands.escapeProperty("a:b,c%")).isEqualTo("a%3Ab%2Cc%25");
    }

    @Test
    void maskAndGroupCommandsHaveTheRunnersSyntax() {
        assertThat(WorkflowCommands.addMask("s3cr3t")).isEqualTo("::add-mask::s3cr3t");
        assertThat(WorkflowCommands.group("[w10 #1] ok")).isEqualTo("::group::[w10 #1] ok");
        assertThat(WorkflowCommands.endGroup()).isEqualTo("::endgroup::");
        assertThat(WorkflowCommands.warning("T", "m")).isEqualTo("::warning title=T::m");
    }
}
