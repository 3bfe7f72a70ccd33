package io.gradforge.dsl.spec;

/** How a searched network's hidden blocks connect: plain, residual blocks, or concatenating (dense) skips. */
public enum SkipChoice { NONE, RESIDUAL, DENSE }
