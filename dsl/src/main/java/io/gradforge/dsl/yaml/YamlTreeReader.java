package io.gradforge.dsl.yaml;

import io.gradforge.dsl.yaml.YamlNode.ListNode;
import io.gradforge.dsl.yaml.YamlNode.MapNode;
import io.gradforge.dsl.yaml.YamlNode.ScalarNode;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.dataformat.yaml.YAMLFactory;
import tools.jackson.dataformat.yaml.YAMLParser;

/**
 * Reads YAML text into a {@link YamlNode} tree, strictly: one document, no anchors, aliases or
 * explicit tags, no duplicate keys, no tabs in indentation, and bounded sizes. Jackson's YAML defaults
 * are lenient on all of these, so every rule is enforced here while streaming tokens.
 *
 * @implNote Stateless and thread-safe; each call creates its own parser.
 */
public final class YamlTreeReader {

    public static final long MAX_FILE_BYTES = 1L << 20;
    public static final int MAX_DEPTH = 32;
    public static final int MAX_STRING_LENGTH = 10_000;
    public static final int MAX_NUMBER_LENGTH = 100;
    /** Far above any real spec (the largest example has a few thousand); keeps rejection of huge files fast. */
    public static final int MAX_NODES = 20_000;

    private static final YAMLFactory FACTORY = YAMLFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_DEPTH + 8)
                    .maxStringLength(MAX_STRING_LENGTH * 2)
                    .maxNumberLength(MAX_NUMBER_LENGTH * 2)
                    .maxNameLength(MAX_STRING_LENGTH * 2)
                    .maxDocumentLength(MAX_FILE_BYTES * 2)
                    .build())
            .build();

    private YamlTreeReader() {}

    /** Decodes UTF-8 strictly (a BOM is skipped), then parses; {@code null} for an empty document. */
    public static @Nullable YamlNode parse(byte[] bytes) throws YamlSyntaxException {
        return parse(decodeUtf8(bytes));
    }

    /** Parses text; {@code null} when the document holds nothing but comments and blank lines. */
    public static @Nullable YamlNode parse(String text) throws YamlSyntaxException {
        if (text.length() > MAX_FILE_BYTES) {
            throw new YamlSyntaxException(1, 1, "file is " + text.length()
                    + " characters long; the limit is " + MAX_FILE_BYTES + " (1 MiB)");
        }
        checkTabs(text);
        try (YAMLParser p = (YAMLParser) FACTORY.createParser(ObjectReadContext.empty(), text)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                return null;
            }
            var state = new int[] {0};
            YamlNode root = readValue(p, first, 1, state);
            JsonToken extra = p.nextToken();
            if (extra != null) {
                throw at(p, "a spec file holds one YAML document, but a second one starts here");
            }
            return root;
        } catch (JacksonException e) {
            throw translate(e);
        } catch (StackOverflowError e) {
            throw new YamlSyntaxException(1, 1, "YAML nesting is too deep; the limit is " + MAX_DEPTH + " levels");
        } catch (RuntimeException e) {
            throw new YamlSyntaxException(1, 1, "cannot read YAML: " + e.getMessage());
        }
    }

    private static YamlNode readValue(YAMLParser p, JsonToken token, int depth, int[] nodes)
            throws YamlSyntaxException {
        TokenStreamLocation loc = p.currentTokenLocation();
        int line = (int) loc.getLineNr();
        int column = (int) loc.getColumnNr();
        checkPlain(p);
        if (++nodes[0] > MAX_NODES) {
            throw new YamlSyntaxException(line, column, "the file has more than " + MAX_NODES + " YAML nodes");
        }
        if ((token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) && depth > MAX_DEPTH) {
            throw new YamlSyntaxException(line, column, "YAML nesting is deeper than " + MAX_DEPTH + " levels");
        }
        switch (token) {
            case START_OBJECT -> {
                Map<String, YamlNode> entries = new LinkedHashMap<>();
                Map<String, ScalarNode> keys = new LinkedHashMap<>();
                JsonToken t;
                while ((t = p.nextToken()) != JsonToken.END_OBJECT) {
                    if (t != JsonToken.PROPERTY_NAME) {
                        throw at(p, "expected a key");
                    }
                    checkPlain(p);
                    TokenStreamLocation kl = p.currentTokenLocation();
                    String key = p.currentName();
                    if (key == null) {
                        throw at(p, "expected a key");
                    }
                    if (key.length() > MAX_STRING_LENGTH) {
                        throw at(p, "key is longer than " + MAX_STRING_LENGTH + " characters");
                    }
                    ScalarNode keyNode = new ScalarNode((int) kl.getLineNr(), (int) kl.getColumnNr(),
                            ScalarNode.Kind.STRING, key);
                    ScalarNode previous = keys.get(key);
                    if (previous != null) {
                        throw new YamlSyntaxException(keyNode.line(), keyNode.column(), "duplicate key '"
                                + key + "' (first defined at " + previous.line() + ":" + previous.column() + ")");
                    }
                    JsonToken vt = p.nextToken();
                    if (vt == null) {
                        throw at(p, "unexpected end of file");
                    }
                    keys.put(key, keyNode);
                    entries.put(key, readValue(p, vt, depth + 1, nodes));
                }
                return new MapNode(line, column, entries, keys);
            }
            case START_ARRAY -> {
                List<YamlNode> items = new ArrayList<>();
                JsonToken t;
                while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                    if (t == null) {
                        throw at(p, "unexpected end of file");
                    }
                    items.add(readValue(p, t, depth + 1, nodes));
                }
                return new ListNode(line, column, items);
            }
            case VALUE_STRING, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT, VALUE_TRUE, VALUE_FALSE, VALUE_NULL -> {
                ScalarNode.Kind kind = switch (token) {
                    case VALUE_NUMBER_INT -> ScalarNode.Kind.INTEGER;
                    case VALUE_NUMBER_FLOAT -> ScalarNode.Kind.FLOAT;
                    case VALUE_TRUE, VALUE_FALSE -> ScalarNode.Kind.BOOLEAN;
                    case VALUE_NULL -> ScalarNode.Kind.NULL;
                    default -> ScalarNode.Kind.STRING;
                };
                String text = kind == ScalarNode.Kind.NULL ? "" : p.getString();
                if (text == null) {
                    text = "";
                }
                boolean numeric = kind == ScalarNode.Kind.INTEGER || kind == ScalarNode.Kind.FLOAT;
                if (numeric && text.length() > MAX_NUMBER_LENGTH) {
                    throw new YamlSyntaxException(line, column, "number is longer than " + MAX_NUMBER_LENGTH + " characters");
                }
                if (text.length() > MAX_STRING_LENGTH) {
                    throw new YamlSyntaxException(line, column, "string is longer than " + MAX_STRING_LENGTH
                            + " characters (" + text.length() + ")");
                }
                return new ScalarNode(line, column, kind, text);
            }
            default -> throw at(p, "unexpected YAML content " + token);
        }
    }

    /** Rejects anchors, aliases and explicit tags on the current token. */
    private static void checkPlain(YAMLParser p) throws YamlSyntaxException {
        if (p.isCurrentAlias()) {
            throw at(p, "aliases (*" + p.getString() + ") are not supported: write the value out in full");
        }
        if (p.getObjectId() != null) {
            throw at(p, "anchors (&" + p.getObjectId() + ") are not supported: write the value out in full");
        }
        if (p.getTypeId() != null) {
            throw at(p, "explicit YAML tags (" + p.getTypeId() + ") are not supported: remove the tag");
        }
    }

    private static YamlSyntaxException at(YAMLParser p, String message) {
        TokenStreamLocation loc = p.currentTokenLocation();
        return new YamlSyntaxException((int) loc.getLineNr(), (int) loc.getColumnNr(), message);
    }

    private static YamlSyntaxException translate(JacksonException e) {
        Throwable cause = e.getCause();
        if (cause instanceof MarkedYamlEngineException m && m.getProblemMark().isPresent()) {
            var mark = m.getProblemMark().get();
            String message = m.getProblem();
            if (m.getContext() != null && !m.getContext().isBlank()) {
                message = message + " (" + m.getContext().strip() + m.getContextMark()
                        .map(c -> " that started at " + (c.getLine() + 1) + ":" + (c.getColumn() + 1)).orElse("") + ")";
            }
            return new YamlSyntaxException(mark.getLine() + 1, mark.getColumn() + 1, "invalid YAML: " + oneLine(message));
        }
        TokenStreamLocation loc = e.getLocation();
        int line = loc == null ? 1 : (int) loc.getLineNr();
        int column = loc == null ? 1 : (int) loc.getColumnNr();
        String msg = e.getOriginalMessage();
        return new YamlSyntaxException(line, column, "invalid YAML: " + oneLine(msg == null ? e.toString() : msg));
    }

    private static String oneLine(String s) {
        return s.strip().replaceAll("\\s*\\n\\s*", "; ");
    }

    /** Tabs are not YAML indentation; flag the first one found in leading whitespace. */
    private static void checkTabs(String text) throws YamlSyntaxException {
        int line = 1;
        boolean leading = true;
        int column = 1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                line++;
                column = 1;
                leading = true;
                continue;
            }
            if (leading && c == '\t') {
                throw new YamlSyntaxException(line, column,
                        "tab character in indentation; YAML indents with spaces only");
            }
            if (c != ' ' && c != '-' && c != '\r') {
                leading = false;
            }
            column++;
        }
    }

    /** Strict UTF-8: a malformed byte is reported at its line and column (column counts characters). */
    static String decodeUtf8(byte[] bytes) throws YamlSyntaxException {
        if (bytes.length > MAX_FILE_BYTES) {
            throw new YamlSyntaxException(1, 1, "file is " + bytes.length + " bytes; the limit is "
                    + MAX_FILE_BYTES + " bytes (1 MiB)");
        }
        int start = bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB
                && (bytes[2] & 0xFF) == 0xBF ? 3 : 0;
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, start, bytes.length - start);
        CharBuffer out = CharBuffer.allocate(bytes.length + 1);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            int bad = in.position();
            out.flip();
            int line = 1;
            int column = 1;
            for (int i = 0; i < out.length(); i++) {
                if (out.charAt(i) == '\n') {
                    line++;
                    column = 1;
                } else if (!Character.isLowSurrogate(out.charAt(i))) {
                    column++;
                }
            }
            throw new YamlSyntaxException(line, column, String.format(
                    "invalid UTF-8: byte 0x%02X at offset %d; save the file as UTF-8", bytes[bad] & 0xFF, bad));
        }
        out.flip();
        return out.toString();
    }
}
