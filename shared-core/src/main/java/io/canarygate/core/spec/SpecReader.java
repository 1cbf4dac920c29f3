package io.canarygate.core.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.canarygate.core.Durations;
import io.canarygate.core.spec.SpecFields.Type;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads typed values out of the parsed YAML tree and collects every problem as a {@link SpecError}. Each read names a
 * field that must be listed in {@link SpecFields} (with the same type), so the loader cannot accept a field the
 * reference page does not document.
 */
final class SpecReader {
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final List<SpecError> errors = new ArrayList<>();

    List<SpecError> errors() {
        return errors;
    }

    int errorCount() {
        return errors.size();
    }

    void error(String path, String value, String problem, String fix) {
        errors.add(new SpecError(path, value, problem, fix));
    }

    /** An object in the tree at a concrete path ({@code steps[2].analysis}) and its schema path. */
    final class Obj {
        final ObjectNode node;
        final String path;
        final String schema;

        Obj(ObjectNode node, String path, String schema) {
            this.node = node;
            this.path = path;
            this.schema = schema;
        }

        String at(String key) {
            return path.isEmpty() ? key : path + "." + key;
        }

        /** Whether {@code key} is written at all, even with an empty value. */
        boolean has(String key) {
            schemaType(key);
            return node.has(key);
        }

        /** Whether {@code key} has a value ({@code key:} with nothing after it counts as missing). */
        boolean written(String key) {
            schemaType(key);
            JsonNode v = node.get(key);
            return v != null && !v.isNull();
        }

        /** The value of {@code key}, or null when missing or written empty ({@code key:}). */
        JsonNode get(String key, Type expected) {
            Type type = schemaType(key);
            if (type != expected) {
                throw new IllegalStateException(
                        schema + "." + key + " is " + type + " in SpecFields, read as " + expected);
            }
            JsonNode v = node.get(key);
            return v == null || v.isNull() ? null : v;
        }

        private Type schemaType(String key) {
            String s = schema.isEmpty() ? key : schema + "." + key;
            return SpecFields.type(s)
                    .orElseThrow(() -> new IllegalStateException("field " + s + " is read but not in SpecFields"));
        }

        // ---- typed reads: each returns null when missing or wrong (the error is recorded) ----

        /** An object field; {@code missingFix} non-null makes it required. */
        Obj object(String key, String missingFix) {
            JsonNode v = get(key, Type.OBJECT);
            if (v == null) {
                if (missingFix != null) {
                    error(at(key), null, "", missingFix);
                }
                return null;
            }
            if (!v.isObject()) {
                error(at(key), shown(v), "is not a mapping", "write " + key + ": {...} with the fields of " + key);
                return null;
            }
            return new Obj((ObjectNode) v, at(key), schemaOf(key));
        }

        /** A list field; missing gives an empty list. */
        List<JsonNode> list(String key, String example) {
            JsonNode v = get(key, Type.LIST);
            if (v == null) {
                return List.of();
            }
            if (!v.isArray()) {
                error(at(key), shown(v), "is not a list", "write " + key + ": as a list, e.g. " + example);
                return null;
            }
            List<JsonNode> out = new ArrayList<>();
            v.forEach(out::add);
            return out;
        }

        /** The i-th element of list {@code key} as an object. */
        Obj element(String key, int i, JsonNode element, String example) {
            String p = at(key) + "[" + i + "]";
            if (element == null || !element.isObject()) {
                error(
                        p,
                        element == null || element.isNull() ? null : shown(element),
                        "is not a mapping",
                        "write each entry as fields, e.g. " + example);
                return null;
            }
            return new Obj((ObjectNode) element, p, schemaOf(key) + "[]");
        }

        /** Text (whole numbers are accepted as text); blank text is an error. */
        String string(String key, String missingFix) {
            JsonNode v = get(key, Type.STRING);
            if (v == null) {
                if (missingFix != null) {
                    error(at(key), null, "", missingFix);
                }
                return null;
            }
            if (v.isTextual() || v.isIntegralNumber()) {
                String s = v.asText();
                if (s.isBlank()) {
                    error(
                            at(key),
                            s,
                            "is empty",
                            missingFix != null ? missingFix : "write a value or leave " + key + " out");
                    return null;
                }
                return s;
            }
            error(at(key), shown(v), "is not text", "write text here; quote it if it looks like a number or boolean");
            return null;
        }

        Duration duration(String key, String missingFix) {
            JsonNode v = get(key, Type.DURATION);
            if (v == null) {
                if (missingFix != null) {
                    error(at(key), null, "", missingFix);
                }
                return null;
            }
            Optional<Duration> d = v.isTextual() ? Durations.parse(v.asText()) : Optional.empty();
            if (d.isEmpty()) {
                String problem = v.isNumber() ? "is not a duration (no unit)" : "is not a duration";
                error(at(key), shown(v), problem, Durations.EXAMPLES);
                return null;
            }
            return d.get();
        }

        /** A duration of at least {@code min}, or {@code fallback} when missing. */
        Duration duration(String key, Duration min, Duration fallback) {
            if (get(key, Type.DURATION) == null) {
                return fallback;
            }
            Duration d = duration(key, null);
            if (d == null) {
                return null;
            }
            if (d.compareTo(min) < 0) {
                error(at(key), node.get(key).asText(), "is too short", "write at least " + Durations.format(min));
                return null;
            }
            return d;
        }

        Integer integer(String key, String example) {
            JsonNode v = get(key, Type.INTEGER);
            if (v == null) {
                return null;
            }
            if (v.isIntegralNumber() && v.canConvertToInt()) {
                return v.intValue();
            }
            if (v.isIntegralNumber()) {
                error(at(key), shown(v), "is out of range", "write a smaller whole number, e.g. " + example);
                return null;
            }
            String problem =
                    v.isTextual() && looksNumeric(v.asText()) ? "is text, not a whole number" : "is not a whole number";
            error(at(key), shown(v), problem, "write a whole number without quotes, e.g. " + example);
            return null;
        }

        /** A whole number in {@code [min, max]}; {@code fallback} when missing; null when wrong (recorded). */
        Integer integer(String key, int min, int max, Integer fallback, String example) {
            if (get(key, Type.INTEGER) == null) {
                return fallback;
            }
            Integer n = integer(key, example);
            if (n == null) {
                return null;
            }
            if (n < min || n > max) {
                String range = max == Integer.MAX_VALUE ? min + " or more" : "from " + min + " to " + max;
                error(at(key), String.valueOf(n), "is out of range", "write a whole number " + range);
                return null;
            }
            return n;
        }

        Double number(String key, String missingFix, String example) {
            JsonNode v = get(key, Type.NUMBER);
            if (v == null) {
                if (missingFix != null) {
                    error(at(key), null, "", missingFix);
                }
                return null;
            }
            if (!v.isNumber()) {
                String problem =
                        v.isTextual() && looksNumeric(v.asText()) ? "is text, not a number" : "is not a number";
                error(at(key), shown(v), problem, "write e.g. " + example);
                return null;
            }
            double d = v.doubleValue();
            if (!Double.isFinite(d)) {
                error(at(key), shown(v), "is not a finite number", "write e.g. " + example);
                return null;
            }
            return d;
        }

        Boolean bool(String key, boolean fallback) {
            JsonNode v = get(key, Type.BOOLEAN);
            if (v == null) {
                return fallback;
            }
            if (!v.isBoolean()) {
                error(at(key), shown(v), "is not a boolean", "write true or false");
                return null;
            }
            return v.booleanValue();
        }

        /** A secret reference {@code {env: NAME}} or {@code {file: PATH}}; an inline value is never echoed. */
        SecretRef secret(String key, boolean required, String envExample) {
            JsonNode v = get(key, Type.SECRET);
            String p = at(key);
            String howTo = "write " + key + ": {env: " + envExample + "} or " + key
                    + ": {file: /run/secrets/...} and keep the value in your CI's secret store";
            if (v == null) {
                if (required) {
                    error(p, null, "", howTo);
                }
                return null;
            }
            if (!v.isObject()) {
                error(p, SpecError.HIDDEN, "is written inline, and secrets are only named by reference", howTo);
                return null;
            }
            int before = errorCount();
            for (Iterator<String> it = v.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                if (!k.equals("env") && !k.equals("file")) {
                    String hint = SpecFields.closest(k, List.of("env", "file"))
                            .map(c -> "did you mean " + c + "? ")
                            .orElse("");
                    error(p + "." + k, k, "is not a known field", hint + "a secret reference has env or file");
                }
            }
            JsonNode env = v.get("env");
            JsonNode file = v.get("file");
            boolean hasEnv = env != null && !env.isNull();
            boolean hasFile = file != null && !file.isNull();
            if (hasEnv && hasFile) {
                error(p, null, "names both env and file", "keep one: {env: " + envExample + "} or {file: PATH}");
            } else if (!hasEnv && !hasFile) {
                if (errorCount() == before) {
                    error(p, null, "names neither env nor file", howTo);
                }
            } else if (hasEnv
                    && !(env.isTextual() && ENV_NAME.matcher(env.asText()).matches())) {
                error(
                        p + ".env",
                        SpecError.HIDDEN,
                        "is not an environment variable name",
                        "write the variable's name, not its value, e.g. {env: " + envExample + "}");
            } else if (hasFile && !(file.isTextual() && !file.asText().isBlank())) {
                error(p + ".file", SpecError.HIDDEN, "is not a file path", "write e.g. {file: /run/secrets/token}");
            }
            if (errorCount() != before) {
                return null;
            }
            return hasEnv ? SecretRef.ofEnv(env.asText()) : SecretRef.ofFile(file.asText());
        }

        /** A mapping whose keys are free (header names, objective names). */
        ObjectNode map(String key, Type type) {
            JsonNode v = get(key, type);
            if (v == null) {
                return null;
            }
            if (!v.isObject()) {
                error(at(key), shown(v), "is not a mapping", "write " + key + ": {KEY: VALUE, ...}");
                return null;
            }
            return (ObjectNode) v;
        }

        /** A list of texts. */
        List<String> strings(String key) {
            JsonNode v = get(key, Type.STRING_LIST);
            if (v == null) {
                return null;
            }
            if (!v.isArray()) {
                error(at(key), shown(v), "is not a list", "write " + key + ": [a, b]");
                return null;
            }
            List<String> out = new ArrayList<>();
            for (int i = 0; i < v.size(); i++) {
                JsonNode e = v.get(i);
                if (!e.isTextual()) {
                    error(at(key) + "[" + i + "]", shown(e), "is not text", "write the name as text");
                    out.add(null);
                } else {
                    out.add(e.asText());
                }
            }
            return out;
        }

        private String schemaOf(String key) {
            return schema.isEmpty() ? key : schema + "." + key;
        }
    }

    /** Flags every key that {@link SpecFields} does not know, with a suggestion, walking the whole tree. */
    void checkUnknownFields(JsonNode node, String schema, String path) {
        if (!node.isObject()) {
            return;
        }
        List<String> known = SpecFields.children(schema);
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey();
            String childPath = path.isEmpty() ? key : path + "." + key;
            String childSchema = schema.isEmpty() ? key : schema + "." + key;
            if (!known.contains(key)) {
                error(childPath, key, "is not a known field", suggestion(key, known, schema));
                continue;
            }
            Type type = SpecFields.type(childSchema).orElseThrow();
            if (type == Type.OBJECT) {
                checkUnknownFields(e.getValue(), childSchema, childPath);
            } else if (type == Type.LIST && e.getValue().isArray()) {
                ArrayNode list = (ArrayNode) e.getValue();
                for (int i = 0; i < list.size(); i++) {
                    checkUnknownFields(list.get(i), childSchema + "[]", childPath + "[" + i + "]");
                }
            }
        }
    }

    private static String suggestion(String key, List<String> known, String schema) {
        Optional<String> near = SpecFields.closest(key, known);
        if (near.isPresent()) {
            return "did you mean " + near.get() + "?";
        }
        List<String> elsewhere =
                SpecFields.elsewhere(key).stream().filter(p -> !p.contains("[")).toList();
        if (!elsewhere.isEmpty()) {
            return "it belongs at " + String.join(" or ", elsewhere);
        }
        String where = schema.isEmpty() ? "at the top level" : "in " + schema;
        return "fields " + where + ": " + String.join(", ", known);
    }

    /** A value as written, for messages: scalars as text, containers abbreviated. */
    static String shown(JsonNode v) {
        if (v == null || v.isNull()) {
            return "";
        }
        if (v.isObject()) {
            return "{...}";
        }
        if (v.isArray()) {
            return "[...]";
        }
        return v.asText();
    }

    private static boolean looksNumeric(String s) {
        try {
            Double.parseDouble(s.strip());
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
