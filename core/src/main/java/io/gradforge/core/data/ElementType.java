package io.gradforge.core.data;

import java.nio.ByteBuffer;

/** The element types binary array files hold, with how to decode one. */
enum ElementType {
    UINT8("unsigned byte", 1, true, 255),
    INT8("signed byte", 1, true, 128),
    INT16("int16", 2, true, 32768),
    INT32("int32", 4, true, 0x1p31),
    INT64("int64", 8, true, 0x1p63),
    FLOAT32("float32", 4, false, 1),
    FLOAT64("float64", 8, false, 1),
    BOOL("bool", 1, true, 1);

    final String description;
    final int size;
    final boolean integer;
    /** What {@link InputScale#UNIT} divides by. */
    final double unitDivisor;

    ElementType(String description, int size, boolean integer, double unitDivisor) {
        this.description = description;
        this.size = size;
        this.integer = integer;
        this.unitDivisor = unitDivisor;
    }

    /** The element at byte {@code index} of {@code buffer}, in the buffer's byte order. */
    double decode(ByteBuffer buffer, int index) {
        return switch (this) {
            case UINT8, BOOL -> buffer.get(index) & 0xFF;
            case INT8 -> buffer.get(index);
            case INT16 -> buffer.getShort(index);
            case INT32 -> buffer.getInt(index);
            case INT64 -> buffer.getLong(index);
            case FLOAT32 -> buffer.getFloat(index);
            case FLOAT64 -> buffer.getDouble(index);
        };
    }

    /** "3 x 28 x 28 unsigned bytes" style: the count and the plural description. */
    String plural() {
        return switch (this) {
            case UINT8, INT8 -> description + "s";
            default -> description + " values";
        };
    }
}
