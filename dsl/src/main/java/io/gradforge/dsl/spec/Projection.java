package io.gradforge.dsl.spec;

/**
 * The skip path of a residual block: {@code auto} is identity when the widths agree and a learned
 * projection otherwise; {@code always} projects even when they agree; {@code none} insists on identity,
 * so the branch must keep the width.
 */
public enum Projection { AUTO, ALWAYS, NONE }
