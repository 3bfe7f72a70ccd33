package io.gradforge.cluster;

import io.gradforge.dsl.spec.SearchSpec;
import io.gradforge.search.Search;
import java.nio.file.Path;
import java.util.List;

/**
 * A cluster search's driver in a process of its own, for {@link ClusterProcessesTest} to kill:
 * {@code DriverProcess NAME JOIN RUN_DIR EVALUATIONS}, the quickstart search with that budget, the secret from
 * {@value ClusterSettings#SECRET_ENV}.
 */
public final class DriverProcess {
    private DriverProcess() {}

    public static void main(String[] args) throws Exception {
        SearchSpec spec = ClusterTestSupport.quickstart(Long.parseLong(args[3]));
        ClusterSettings s = ClusterSettings.of(args[0], null, List.of(args[1]), "127.0.0.1", null, false,
                System.getenv());
        try (ClusterEvaluator cluster = ClusterEvaluator.connect(s, spec, 30_000, ClusterTestSupport.sink())) {
            Search.builder(spec).evaluator(cluster).threads(ClusterEvaluator.IN_FLIGHT).runDirectory(Path.of(args[2]))
                    .build().run();
        }
    }
}
