package io.canarygate.core.spec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where each field of a canary.yaml is written: field path ({@code steps[1].analysis.interval}) to line. The tree the
 * validator reads keeps no positions, so the text is streamed once more to place each error on its line.
 */
final class SpecLines {
    private final Map<String, Integer> lines;

    private SpecLines(Map<String, Integer> lines) {
        this.lines = lines;
    }

    /** The positions in {@code yaml}; none when it cannot be streamed (syntax errors are reported elsewhere). */
    static SpecLines of(YAMLMapper yaml, String text) {
        Map<String, Integer> lines = new HashMap<>();
        List<Frame> frames = new ArrayList<>();
        try (JsonParser p = yaml.createParser(text)) {
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                int line = p.currentTokenLocation().getLineNr();
                Frame top = frames.isEmpty() ? null : frames.get(frames.size() - 1);
                if (t == JsonToken.FIELD_NAME) {
                    top.field = p.currentName();
                    lines.putIfAbsent(path(frames), line);
                    continue;
                }
                if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
                    frames.remove(frames.size() - 1);
                    if (frames.isEmpty()) {
                        break; // the first document is the one read
                    }
                    continue;
                }
                if (top != null && top.array) {
                    top.index++;
                    lines.putIfAbsent(path(frames), line);
                }
                if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                    frames.add(new Frame(t == JsonToken.START_ARRAY));
                }
            }
        } catch (IOException | RuntimeException e) {
            return new SpecLines(Map.of());
        }
        return new SpecLines(lines);
    }

    /** The line of {@code path}, or of the nearest enclosing field that is written; 0 when none is. */
    int line(String path) {
        String p = path;
        while (!p.isEmpty()) {
            Integer line = lines.get(p);
            if (line != null) {
                return line;
            }
            int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
            p = cut < 0 ? "" : p.substring(0, cut);
        }
        return 0;
    }

    private static String path(List<Frame> frames) {
        StringBuilder b = new StringBuilder();
        for (Frame f : frames) {
            if (f.array) {
                if (f.index >= 0) {
                    b.append('[').append(f.index).append(']');
                }
            } else if (f.field != null) {
                if (b.length() > 0) {
                    b.append('.');
                }
                b.append(f.field);
            }
        }
        return b.toString();
    }

    private static final class Frame {
        final boolean array;
        String field;
        int index = -1;

        Frame(boolean array) {
            this.array = array;
        }
    }
}
