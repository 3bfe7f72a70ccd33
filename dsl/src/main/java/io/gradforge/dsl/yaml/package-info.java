/**
 * A small, strict YAML layer: a location-carrying node tree read with the Jackson 3 YAML parser
 * (no aliases, no tags, no duplicate keys, bounded sizes) and a canonical emitter.
 */
@NullMarked
package io.gradforge.dsl.yaml;

import org.jspecify.annotations.NullMarked;
