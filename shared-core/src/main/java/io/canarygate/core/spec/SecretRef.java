package io.canarygate.core.spec;

/**
 * A secret named by where it lives, never by its value: an environment variable or a file. canary.yaml never holds a
 * secret inline; faces resolve references at run time (Jenkins from credentials, the action from inputs).
 *
 * @param env environment variable name, or null
 * @param file file path, or null
 */
public record SecretRef(String env, String file) {
    public static SecretRef ofEnv(String env) {
        return new SecretRef(env, null);
    }

    public static SecretRef ofFile(String file) {
        return new SecretRef(null, file);
    }

    /** How the reference reads in messages: {@code env PROM_TOKEN} or {@code file /run/secrets/token}. */
    public String describe() {
        return env != null ? "env " + env : "file " + file;
    }
}
