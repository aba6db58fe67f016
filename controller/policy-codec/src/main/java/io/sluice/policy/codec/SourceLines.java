package io.sluice.policy.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Where each value of a policy file starts, by path ({@code rules[3].match.dstPorts}), so that an
 * error found after parsing can still point at the line to fix. Built from one pass over the file's
 * tokens; Jackson's tree does not keep locations.
 */
final class SourceLines {
    private final Map<String, Integer> lines = new HashMap<>();

    private SourceLines() {
    }

    static SourceLines of(JsonFactory factory, String text) {
        SourceLines out = new SourceLines();
        try (JsonParser p = factory.createParser(text)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
                    continue;
                }
                String pointer = p.getParsingContext().pathAsPointer().toString();
                if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                    // A container's own path is its parent's context plus its name or index.
                    pointer = p.getParsingContext().getParent() == null ? ""
                            : p.getParsingContext().getParent().pathAsPointer().toString();
                }
                out.lines.putIfAbsent(pointer, p.currentTokenLocation().getLineNr());
            }
        } catch (IOException e) {
            // A syntax error is reported by the parse itself; lines up to it are still useful.
        }
        return out;
    }

    /** The line of {@code path}, or of its nearest enclosing value; 0 if unknown. */
    int line(String path) {
        String pointer = "/" + path.replace("[", "/").replace("]", "").replace('.', '/');
        while (true) {
            Integer line = lines.get(pointer.equals("/") ? "" : pointer);
            if (line != null) {
                return line;
            }
            int cut = pointer.lastIndexOf('/');
            if (cut <= 0) {
                Integer root = lines.get("");
                return root == null ? 0 : root;
            }
            pointer = pointer.substring(0, cut);
        }
    }
}
