/**
 * The spec language: immutable spec records, the YAML reader and writer with line/column errors, validation
 * and the Java/Kotlin builder DSL. The YAML tree ({@code io.gradforge.dsl.yaml}) is internal.
 */
module io.gradforge.dsl {
    requires transitive io.gradforge.core;
    requires tools.jackson.core;
    requires tools.jackson.dataformat.yaml;
    // YamlTreeReader reports the YAML parser's own syntax errors (comes with jackson-dataformat-yaml).
    requires org.snakeyaml.engine;
    // Only for @kotlin.DslMarker on GradforgeDsl (kotlin-stdlib is an optional dependency, see the pom).
    requires static kotlin.stdlib;
    requires static transitive org.jspecify;

    exports io.gradforge.dsl;
    exports io.gradforge.dsl.builder;
    exports io.gradforge.dsl.spec;
}
