package io.canarygate.core.spec;

import io.canarygate.core.CanaryGateException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;

/**
 * Turns a {@link SecretRef} into its value at the moment it is needed. Faces supply the environment: the CLI its
 * process environment, the action its inputs, Jenkins the credentials it bound. Values are never logged, reported or
 * recorded.
 */
@FunctionalInterface
public interface SecretResolver {

    /**
     * The secret's value.
     *
     * @throws CanaryGateException INVALID_INPUT naming the reference when it cannot be resolved
     */
    String resolve(SecretRef ref);

    /** Resolves {@code env} references from {@code environment} and {@code file} references from the filesystem. */
    static SecretResolver of(Function<String, String> environment) {
        return ref -> {
            if (ref.env() != null) {
                String value = environment.apply(ref.env());
                if (value == null || value.isEmpty()) {
                    throw new CanaryGateException(
                            CanaryGateException.Kind.INVALID_INPUT,
                            "secret " + ref.describe() + " is not set; export " + ref.env()
                                    + " (or bind a credential to it) before running");
                }
                return value;
            }
            try {
                return Files.readString(Path.of(ref.file()), StandardCharsets.UTF_8)
                        .strip();
            } catch (IOException e) {
                throw new CanaryGateException(
                        CanaryGateException.Kind.INVALID_INPUT,
                        "secret " + ref.describe() + " cannot be read ("
                                + e.getClass().getSimpleName() + "); check the path and its permissions");
            }
        };
    }

    /** Resolves from a fixed map of environment variables. */
    static SecretResolver of(Map<String, String> environment) {
        return of(environment::get);
    }
}
