package io.canarygate.core.spec;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.canarygate.core.CanaryGateException;
import io.canarygate.core.CanaryGateException.Kind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads and validates {@code canary.yaml}. Overrides (CLI flags, action inputs, step parameters) are applied to the
 * parsed tree by field path ({@code target.image}, {@code metrics.prometheus.url}, …) before validation, so an override
 * is checked exactly like the file. Every error is collected; none is reported alone. The accepted fields are those of
 * {@link SpecFields}; the accepted override keys are {@link #overrideKeys()}; both are described in
 * docs/canary-yaml.md.
 */
public final class SpecLoader {
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    private SpecLoader() {}

    /** Loads {@code file}, applies {@code overrides} and validates the result. */
    public static RolloutSpec load(Path file, Map<String, String> overrides) {
        String yaml;
        try {
            yaml = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CanaryGateException(
                    Kind.INVALID_INPUT,
                    file + ": cannot be read (" + e.getClass().getSimpleName()
                            + "); check the path (--file) and its permissions",
                    e);
        }
        return parse(yaml, file.toString(), overrides);
    }

    /** Parses {@code yaml} ({@code source} names it in messages), applies {@code overrides} and validates. */
    public static RolloutSpec parse(String yaml, String source, Map<String, String> overrides) {
        String described = overrides.isEmpty()
                ? source
                : source + " (with overrides " + String.join(", ", new TreeMap<>(overrides).keySet()) + ")";
        JsonNode root;
        try (JsonParser parser = YAML.createParser(yaml)) {
            root = YAML.readTree(parser);
            if (parser.nextToken() != null) {
                JsonLocation at = parser.currentTokenLocation();
                throw new InvalidSpecException(
                        source,
                        List.of(new SpecError(
                                "line " + at.getLineNr() + ", column " + at.getColumnNr(),
                                null,
                                "starts a second YAML document",
                                "a canary.yaml holds one rollout; remove the '---' and what follows, or split it into"
                                        + " two files")));
            }
        } catch (JsonProcessingException e) {
            throw new InvalidSpecException(source, List.of(syntaxError(e)));
        } catch (IOException e) {
            throw new IllegalStateException("reading a string cannot fail", e);
        }
        List<SpecError> errors = new ArrayList<>();
        if (!overrides.isEmpty()) {
            if (root == null || root.isMissingNode() || root.isNull()) {
                root = JsonNodeFactory.instance.objectNode();
            }
            if (root.isObject()) {
                errors.addAll(Overrides.apply((ObjectNode) root, overrides));
            }
        }
        SpecValidator.Result result = SpecValidator.validate(root);
        errors.addAll(result.errors());
        if (!errors.isEmpty()) {
            throw new InvalidSpecException(described, errors);
        }
        return result.spec();
    }

    /**
     * The keys {@code overrides} may hold: every single-valued field outside a list ({@code target.image},
     * {@code readyTimeout}, …), {@code X.env} / {@code X.file} for each secret reference, and
     * {@code metrics.prometheus.headers.NAME} for one header.
     */
    public static Set<String> overrideKeys() {
        return SpecFields.overrideKeys();
    }

    /**
     * A syntax error with its position. The message is built from the parser's problem alone: the snippet of the line
     * that parsers like to quote could hold a secret written inline.
     */
    private static SpecError syntaxError(JsonProcessingException e) {
        String problem = e.getOriginalMessage();
        int line = -1;
        int column = -1;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof MarkedYAMLException m) {
                Mark mark = m.getProblemMark() != null ? m.getProblemMark() : m.getContextMark();
                if (mark != null) {
                    line = mark.getLine() + 1;
                    column = mark.getColumn() + 1;
                }
                problem = m.getProblem() != null ? m.getProblem() : m.getContext();
                break;
            }
        }
        if (line < 0) {
            JsonLocation at = e.getLocation();
            if (at != null) {
                line = at.getLineNr();
                column = at.getColumnNr();
            }
        }
        String where = line > 0 ? "line " + line + ", column " + column : "(yaml)";
        String fix = problem != null && problem.startsWith("Duplicate field")
                ? "write each field once"
                : "check the indentation (spaces, not tabs) and quote values that contain ': ', '#' or start with"
                        + " '>', '|', '*', '&', '!', '%' or '@'";
        return new SpecError(where, null, "is not valid YAML (" + problem + ")", fix);
    }
}
