package io.canarygate.core.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.canarygate.core.spec.SpecFields.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Applies overrides to the parsed tree before validation. A value is typed from {@link SpecFields} ({@code retries=5}
 * becomes the number 5, {@code rollback.automatic=false} the boolean); what does not convert stays text, so the
 * validator reports it exactly as it would report the same text in the file.
 */
final class Overrides {
    private static final Pattern INTEGER = Pattern.compile("-?\\d{1,9}");

    private Overrides() {}

    static List<SpecError> apply(ObjectNode root, Map<String, String> overrides) {
        List<SpecError> errors = new ArrayList<>();
        for (Map.Entry<String, String> e : new TreeMap<>(overrides).entrySet()) {
            String key = e.getKey();
            String value = e.getValue() == null ? "" : e.getValue();
            Optional<Type> type = SpecFields.type(key);
            Optional<String> map = mapEntry(key);
            if (type.isPresent() && type.get().isScalar() && !key.contains("[")) {
                set(root, key, typed(type.get(), value));
            } else if (isSecretPart(key)) {
                String secret = key.substring(0, key.lastIndexOf('.'));
                String part = key.substring(key.lastIndexOf('.') + 1);
                ObjectNode ref = JsonNodeFactory.instance.objectNode();
                ref.put(part, value);
                set(root, secret, ref);
            } else if (map.isPresent()) {
                ObjectNode entries = container(root, map.get());
                if (entries != null) {
                    entries.put(key.substring(map.get().length() + 1), value);
                }
            } else {
                String hint = SpecFields.closest(key, List.copyOf(SpecFields.overrideKeys()))
                        .map(c -> "did you mean " + c + "? ")
                        .orElse("");
                errors.add(new SpecError(
                        "overrides",
                        key,
                        "is not a field that can be overridden",
                        hint + "overridable: " + String.join(", ", SpecFields.overrideKeys())
                                + " (see docs/canary-yaml.md)"));
            }
        }
        return errors;
    }

    /**
     * The map field {@code key} sets one entry of ({@code metrics.prometheus.headers.X-Scope-OrgID} →
     * {@code metrics.prometheus.headers}).
     */
    private static Optional<String> mapEntry(String key) {
        return SpecFields.overrideKeys().stream()
                .filter(k -> k.endsWith(".NAME"))
                .map(k -> k.substring(0, k.length() - ".NAME".length()))
                .filter(map -> key.startsWith(map + ".") && key.length() > map.length() + 1)
                .findFirst();
    }

    private static boolean isSecretPart(String key) {
        int dot = key.lastIndexOf('.');
        if (dot < 0) {
            return false;
        }
        String part = key.substring(dot + 1);
        return (part.equals("env") || part.equals("file"))
                && !key.contains("[")
                && SpecFields.type(key.substring(0, dot))
                        .filter(t -> t == Type.SECRET)
                        .isPresent();
    }

    private static JsonNode typed(Type type, String value) {
        String v = value.strip();
        switch (type) {
            case INTEGER:
                return INTEGER.matcher(v).matches() ? IntNode.valueOf(Integer.parseInt(v)) : TextNode.valueOf(value);
            case NUMBER:
                try {
                    double d = Double.parseDouble(v);
                    return Double.isFinite(d) ? DoubleNode.valueOf(d) : TextNode.valueOf(value);
                } catch (NumberFormatException e) {
                    return TextNode.valueOf(value);
                }
            case BOOLEAN:
                if (v.equals("true") || v.equals("false")) {
                    return BooleanNode.valueOf(Boolean.parseBoolean(v));
                }
                return TextNode.valueOf(value);
            default:
                return TextNode.valueOf(value);
        }
    }

    /** Sets {@code path} (dotted, no lists), creating missing objects; leaves a non-object parent to the validator. */
    private static void set(ObjectNode root, String path, JsonNode value) {
        int dot = path.lastIndexOf('.');
        ObjectNode parent = dot < 0 ? root : container(root, path.substring(0, dot));
        if (parent != null) {
            parent.set(path.substring(dot + 1), value);
        }
    }

    /** The object at {@code path}, created when missing; null when the file holds something else there. */
    private static ObjectNode container(ObjectNode root, String path) {
        ObjectNode current = root;
        for (String part : path.split("\\.")) {
            JsonNode next = current.get(part);
            if (next == null || next.isNull()) {
                current = current.putObject(part);
            } else if (next.isObject()) {
                current = (ObjectNode) next;
            } else {
                return null;
            }
        }
        return current;
    }
}
