/**
 * The search: search space to Jenetics codec, candidate evaluation, the evolution loop and the run directory.
 * Jenetics types appear in the API (ArchitectureCodec is a Codec), so Jenetics is required transitively.
 */
module io.gradforge.search {
    requires transitive io.gradforge.run;
    requires transitive io.jenetics.base;
    requires transitive io.jenetics.ext;
    requires tools.jackson.databind;
    requires static transitive org.jspecify;

    exports io.gradforge.search;
}
