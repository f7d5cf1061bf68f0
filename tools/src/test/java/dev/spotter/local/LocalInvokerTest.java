package dev.spotter.local;

import dev.spotter.functions.runtime.Environment;
import dev.spotter.functions.runtime.RecordingSpotterMetrics;
import dev.spotter.testing.KubernetesTestServer;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The local substitutes the tools wire into the functions' composition root (production code knows none of them). */
class LocalInvokerTest {
    @Test
    void runtime_withKubernetesUrl_readsTheClusterFromThatApiServer() {
        try (KubernetesTestServer kube = new KubernetesTestServer()) {
            kube.client().nodes().resource(new NodeBuilder().withNewMetadata().withName("ip-10-0-0-1").endMetadata().build())
                    .create();
            Environment env = new Environment(Map.of(LocalInvoker.KUBERNETES_URL, kube.url()));

            var nodes = new LocalInvoker(env, false, null, new RecordingSpotterMetrics(), Clock.systemUTC())
                    .runtime().clusterApi().listNodes();

            assertThat(nodes).extracting(n -> n.name()).containsExactly("ip-10-0-0-1");
            assertThat(kube.requests()).contains("GET /api/v1/nodes");
        }
    }
}
