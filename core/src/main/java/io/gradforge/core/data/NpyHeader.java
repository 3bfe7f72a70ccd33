package io.gradforge.core.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The header of a NumPy {@code .npy} file (format versions 1.0, 2.0 and 3.0): the magic {@code \x93NUMPY}, the
 * version, the header length (uint16 in 1.0, uint32 after), and a Python dict literal such as
 * {@code {'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }} padded with spaces to a newline.
 *
 * @param type         the element type
 * @param order        the byte order of multi-byte elements
 * @param fortranOrder whether the first index varies fastest (column-major)
 * @param shape        the dimensions
 * @param descrOffset  byte offset of the dtype in the file, for error messages
 * @param shapeOffset  byte offset of the shape in the file
 */
record NpyHeader(ElementType type, ByteOrder order, boolean fortranOrder, long[] shape, long descrOffset,
        long shapeOffset) {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    /** NumPy writes headers of a few hundred bytes; a longer one is a corrupt length, refused before allocating. */
    static final int MAX_HEADER = 1 << 20;
    static final String SUPPORTED = "<f8, <f4, <i8, <i4, <i2, |u1, |i1, |b1 (or > for big-endian)";

    static NpyHeader read(BinarySource source) throws IOException {
        Path file = source.file();
        ByteBuffer start = source.header(8, "the magic string \\x93NUMPY and the format version", ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < MAGIC.length; i++) {
            if (start.get(i) != MAGIC[i]) {
                StringBuilder found = new StringBuilder();
                for (int j = 0; j < MAGIC.length; j++) found.append(j > 0 ? " " : "").append(String.format("%02X", start.get(j)));
                throw DataFileException.atByte(file, 0, "wrong magic number " + found + "; expected 93 4E 55 4D 50 59"
                        + " (\\x93NUMPY), the start of a NumPy .npy file");
            }
        }
        int major = start.get(6) & 0xFF;
        int minor = start.get(7) & 0xFF;
        if (major < 1 || major > 3 || minor != 0) {
            throw DataFileException.atByte(file, 6, "unsupported .npy format version " + major + "." + minor
                    + "; expected 1.0, 2.0 or 3.0");
        }
        long length = major == 1
                ? source.header(2, "the header length (uint16)", ByteOrder.LITTLE_ENDIAN).getShort(0) & 0xFFFF
                : source.header(4, "the header length (uint32)", ByteOrder.LITTLE_ENDIAN).getInt(0) & 0xFFFFFFFFL;
        long textStart = source.position();
        if (length > MAX_HEADER) {
            throw DataFileException.atByte(file, 8, "header length " + length + " is implausible; expected"
                    + " at most " + MAX_HEADER + " bytes");
        }
        ByteBuffer text = source.header((int) length, "the header dict, as its length says", ByteOrder.LITTLE_ENDIAN);
        String dict = new String(text.array(), major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        return new DictParser(file, dict, textStart, major == 3).header();
    }

    /** A parser for the small Python literal grammar of the header: strings, True/False, tuples of ints. */
    private static final class DictParser {
        private final Path file;
        private final String text;
        private final long base;
        private final boolean utf8;
        private int pos;

        DictParser(Path file, String text, long base, boolean utf8) {
            this.file = file;
            this.text = text;
            this.base = base;
            this.utf8 = utf8;
        }

        private long offset(int at) {
            return base + (utf8 ? text.substring(0, at).getBytes(StandardCharsets.UTF_8).length : at);
        }

        private DataFileException error(int at, String detail) {
            return DataFileException.atByte(file, offset(at), "malformed header dict: " + detail);
        }

        private String found() {
            String rest = text.substring(Math.min(pos, text.length())).stripTrailing(); // not the padding
            if (rest.isEmpty()) return "the end of the header";
            String excerpt = rest.length() > 12 ? rest.substring(0, 12) + "..." : rest;
            return "\"" + excerpt.replace("\n", "\\n") + "\"";
        }

        private void skipSpace() {
            while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) pos++;
        }

        private boolean at(char c) {
            skipSpace();
            return pos < text.length() && text.charAt(pos) == c;
        }

        private void expect(char c, String what) throws DataFileException {
            if (!at(c)) throw error(pos, "expected " + what + " but found " + found());
            pos++;
        }

        NpyHeader header() throws DataFileException {
            expect('{', "'{'");
            Map<String, Object> values = new LinkedHashMap<>();
            Map<String, Integer> where = new LinkedHashMap<>();
            Map<String, Integer> keys = new LinkedHashMap<>();
            int open = pos - 1;
            while (!at('}')) {
                int keyAt = pos;
                String key = string("a key in quotes");
                if (values.containsKey(key)) throw error(keyAt, "duplicate key '" + key + "'");
                keys.put(key, keyAt);
                expect(':', "':' after '" + key + "'");
                skipSpace();
                where.put(key, pos);
                values.put(key, value());
                if (!at(',')) break;
                pos++;
            }
            expect('}', "',' or '}'");
            skipSpace();
            if (pos < text.length()) throw error(pos, "expected the end of the header after '}' but found " + found());
            for (String key : values.keySet()) {
                if (!List.of("descr", "fortran_order", "shape").contains(key)) {
                    throw error(keys.get(key), "unexpected key '" + key + "'; expected descr, fortran_order and shape");
                }
            }
            for (String key : List.of("descr", "fortran_order", "shape")) {
                if (!values.containsKey(key)) {
                    throw error(open, "missing key '" + key + "'; expected descr, fortran_order and shape");
                }
            }
            long descrOffset = offset(where.get("descr"));
            if (!(values.get("descr") instanceof String descr)) {
                throw DataFileException.atByte(file, descrOffset, "descr " + show(values.get("descr"))
                        + " is not a dtype string; expected one of " + SUPPORTED);
            }
            if (!(values.get("fortran_order") instanceof Boolean fortran)) {
                throw error(where.get("fortran_order"), "fortran_order " + show(values.get("fortran_order"))
                        + "; expected True or False");
            }
            if (!(values.get("shape") instanceof long[] shape)) {
                throw error(where.get("shape"), "shape " + show(values.get("shape")) + "; expected a tuple of sizes");
            }
            ElementType type = type(descr, descrOffset);
            ByteOrder order = descr.charAt(0) == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
            return new NpyHeader(type, order, fortran, shape, descrOffset, offset(where.get("shape")));
        }

        private ElementType type(String descr, long at) throws DataFileException {
            if (descr.length() >= 2) {
                char order = descr.charAt(0);
                ElementType type = switch (descr.substring(1)) {
                    case "f8" -> ElementType.FLOAT64;
                    case "f4" -> ElementType.FLOAT32;
                    case "i8" -> ElementType.INT64;
                    case "i4" -> ElementType.INT32;
                    case "i2" -> ElementType.INT16;
                    case "u1" -> ElementType.UINT8;
                    case "i1" -> ElementType.INT8;
                    case "b1" -> ElementType.BOOL;
                    default -> null;
                };
                boolean orderOk = order == '<' || order == '>' || (order == '|' && type != null && type.size == 1);
                if (type != null && orderOk) return type;
            }
            throw DataFileException.atByte(file, at, "unsupported dtype '" + descr + "'; expected one of " + SUPPORTED);
        }

        private static String show(Object value) {
            if (value instanceof String s) return "'" + s + "'";
            if (value instanceof Boolean b) return b ? "True" : "False";
            if (value instanceof long[] shape) {
                StringBuilder sb = new StringBuilder("(");
                for (int i = 0; i < shape.length; i++) sb.append(i > 0 ? ", " : "").append(shape[i]);
                return sb.append(shape.length == 1 ? ",)" : ")").toString();
            }
            return String.valueOf(value);
        }

        private Object value() throws DataFileException {
            skipSpace();
            if (pos >= text.length()) throw error(pos, "expected a value but found the end of the header");
            char c = text.charAt(pos);
            if (c == '\'' || c == '"') return string("a string");
            if (c == '(') return tuple();
            if (c == '[') {
                throw error(pos, "a list value (a structured dtype with fields) is not supported; expected a simple"
                        + " dtype string, one of " + SUPPORTED);
            }
            if (text.startsWith("True", pos)) {
                pos += 4;
                return Boolean.TRUE;
            }
            if (text.startsWith("False", pos)) {
                pos += 5;
                return Boolean.FALSE;
            }
            if (Character.isDigit(c)) return integer();
            throw error(pos, "expected a string, True, False or a tuple but found " + found());
        }

        private String string(String what) throws DataFileException {
            skipSpace();
            if (pos >= text.length() || (text.charAt(pos) != '\'' && text.charAt(pos) != '"')) {
                throw error(pos, "expected " + what + " but found " + found());
            }
            char quote = text.charAt(pos);
            int start = pos;
            int end = text.indexOf(quote, pos + 1);
            if (end < 0) throw error(start, "unterminated string starting " + found());
            pos = end + 1;
            return text.substring(start + 1, end);
        }

        private long[] tuple() throws DataFileException {
            pos++; // (
            List<Long> sizes = new ArrayList<>();
            while (!at(')')) {
                skipSpace();
                sizes.add(integer());
                if (!at(',')) break;
                pos++;
            }
            expect(')', "',' or ')' in the shape");
            long[] shape = new long[sizes.size()];
            for (int i = 0; i < shape.length; i++) shape[i] = sizes.get(i);
            return shape;
        }

        private long integer() throws DataFileException {
            int start = pos;
            while (pos < text.length() && Character.isDigit(text.charAt(pos)) && text.charAt(pos) < 128) pos++;
            if (pos == start) throw error(pos, "expected a non-negative integer but found " + found());
            String digits = text.substring(start, pos);
            if (pos < text.length() && text.charAt(pos) == 'L') pos++; // Python 2 long
            if (digits.length() > 12) throw error(start, "size " + digits + " is too large");
            return Long.parseLong(digits);
        }
    }
}
