package io.canarygate.core.spec;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Reads the first YAML document of a text into a tree, expanding anchors and aliases ({@code &std} … {@code *std}) and
 * merge keys ({@code <<: *std}), which Jackson's own tree reader leaves as the alias's name. Runbooks repeat analysis
 * blocks; an alias is how YAML writers avoid that.
 */
final class YamlTree {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String MERGE = "<<";

    /** What the text held: the tree, and where a second document starts (null when there is none). */
    record Result(JsonNode root, JsonLocation secondDocument) {}

    /** An alias that cannot be expanded: no anchor before it, or too much to expand. */
    static final class BadAlias extends IOException {
        private static final long serialVersionUID = 1L;

        final String alias;
        final transient JsonLocation location;
        final String problem;

        BadAlias(String alias, JsonLocation location, String problem) {
            super("alias *" + alias + " " + problem);
            this.alias = alias;
            this.location = location;
            this.problem = problem;
        }
    }

    /** Nodes that aliases may add in all: a few anchors in a runbook are far below it, an alias bomb is not. */
    static final int MAX_EXPANDED_NODES = 10_000;

    private final YAMLParser parser;
    private final Map<String, JsonNode> anchors = new HashMap<>();
    private int expanded;

    private YamlTree(YAMLParser parser) {
        this.parser = parser;
    }

    static Result read(YAMLMapper yaml, String text) throws IOException {
        try (YAMLParser p = (YAMLParser) yaml.createParser(text)) {
            if (p.nextToken() == null) {
                return new Result(MissingNode.getInstance(), null);
            }
            JsonNode root = new YamlTree(p).value();
            JsonLocation second = p.nextToken() != null ? p.currentTokenLocation() : null;
            return new Result(root, second);
        }
    }

    /** The value starting at the current token; leaves the parser on its last token. */
    private JsonNode value() throws IOException {
        if (parser.isCurrentAlias()) {
            JsonNode target = anchors.get(parser.getText());
            if (target == null) {
                throw new BadAlias(parser.getText(), parser.currentTokenLocation(), "names no anchor before it");
            }
            expanded += size(target);
            if (expanded > MAX_EXPANDED_NODES) {
                throw new BadAlias(
                        parser.getText(),
                        parser.currentTokenLocation(),
                        "makes the aliases expand to more than " + MAX_EXPANDED_NODES + " values");
            }
            return target.deepCopy();
        }
        String anchor = parser.getCurrentAnchor();
        JsonNode node =
                switch (parser.currentToken()) {
                    case START_OBJECT -> object();
                    case START_ARRAY -> array();
                    case VALUE_NUMBER_INT ->
                        switch (parser.getNumberType()) {
                            case INT -> NODES.numberNode(parser.getIntValue());
                            case LONG -> NODES.numberNode(parser.getLongValue());
                            default -> NODES.numberNode(parser.getBigIntegerValue());
                        };
                    case VALUE_NUMBER_FLOAT -> NODES.numberNode(parser.getDoubleValue());
                    case VALUE_TRUE -> NODES.booleanNode(true);
                    case VALUE_FALSE -> NODES.booleanNode(false);
                    case VALUE_NULL -> NODES.nullNode();
                    default -> NODES.textNode(parser.getText());
                };
        if (anchor != null) {
            anchors.put(anchor, node);
        }
        return node;
    }

    private ObjectNode object() throws IOException {
        ObjectNode o = NODES.objectNode();
        List<JsonNode> merges = new ArrayList<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            parser.nextToken();
            JsonNode v = value();
            if (key.equals(MERGE)) {
                merges.add(v);
            } else {
                o.set(key, v);
            }
        }
        // Merged mappings fill in what the mapping itself does not say; the first merged one wins.
        for (JsonNode m : merges) {
            for (JsonNode source : m.isArray() ? m : List.of(m)) {
                if (!source.isObject()) {
                    o.set(MERGE, m);
                    continue;
                }
                for (Iterator<Map.Entry<String, JsonNode>> it = source.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    if (!o.has(e.getKey())) {
                        o.set(e.getKey(), e.getValue().deepCopy());
                    }
                }
            }
        }
        return o;
    }

    private static int size(JsonNode node) {
        int n = 1;
        for (JsonNode child : node) {
            n += size(child);
        }
        return n;
    }

    private ArrayNode array() throws IOException {
        ArrayNode a = NODES.arrayNode();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            a.add(value());
        }
        return a;
    }
}
