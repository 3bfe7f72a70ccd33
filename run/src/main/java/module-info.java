/** Running one spec: spec to core network, experiments, diagnostics, probe batches, checkpoints and exports. */
module io.gradforge.run {
    requires transitive io.gradforge.dsl;
    requires transitive io.gradforge.core;
    requires tools.jackson.databind;
    requires static transitive org.jspecify;

    exports io.gradforge.run;
    exports io.gradforge.run.checkpoint;
    exports io.gradforge.run.export;
}
