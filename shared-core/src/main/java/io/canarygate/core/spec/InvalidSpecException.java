package io.canarygate.core.spec;

import io.canarygate.core.CanaryGateException;
import java.util.List;
import java.util.stream.Collectors;

/** A rollout description with one or more errors; all of them are reported at once. */
public final class InvalidSpecException extends CanaryGateException {
    private static final long serialVersionUID = 1L;

    private final transient List<SpecError> errors;

    public InvalidSpecException(String source, List<SpecError> errors) {
        super(Kind.INVALID_INPUT, render(source, errors));
        this.errors = List.copyOf(errors);
    }

    public List<SpecError> errors() {
        return errors;
    }

    private static String render(String source, List<SpecError> errors) {
        String head = source + ": " + errors.size() + (errors.size() == 1 ? " error" : " errors");
        return errors.stream().map(e -> "  " + e.message()).collect(Collectors.joining("\n", head + "\n", ""));
    }
}
