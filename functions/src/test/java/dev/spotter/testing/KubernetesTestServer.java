package dev.spotter.testing;

import dev.spotter.adapters.kubernetes.KubernetesClients;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;

import java.util.HashMap;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * fabric8's Kubernetes mock server in CRUD mode (plain HTTP, one per test), plus what the CRUD mock lacks and Spotter
 * uses: pod lists with field selectors on spec.nodeName and status.phase evaluated as the API server does, and the
 * eviction subresource (429 when a PodDisruptionBudget with matchLabels selecting the pod allows no disruption, 404
 * for a missing pod, else the pod is deleted and 201 answered). Every request is logged as "METHOD path", so a test
 * can tell what Spotter read and wrote.
 */
public final class KubernetesTestServer implements AutoCloseable {
    /** Kept so that the level set on it stays in force. */
    private static final java.util.logging.Logger MOCK_LOG = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

    private final ClusterDispatcher dispatcher = new ClusterDispatcher();
    private final KubernetesMockServer server;
    private final KubernetesClient client;

    public KubernetesTestServer() {
        MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
        server.init();
        client = KubernetesClients.forEndpoint(url(), null, null);
    }

    /** The API server's URL, e.g. for a client of KubernetesClients.forEndpoint. */
    public String url() {
        return server.url("/");
    }

    /** A client for setting the cluster up and reading it back (Spotter builds its own). */
    public KubernetesClient client() {
        return client;
    }

    /** Every request served, oldest first, as "METHOD /path" (query left out). */
    public List<String> requests() {
        return List.copyOf(dispatcher.requests);
    }

    /** The requests that changed something: anything but GET. */
    public List<String> writes() {
        return dispatcher.requests.stream().filter(r -> !r.startsWith("GET ")).toList();
    }

    public void clearRequests() {
        dispatcher.requests.clear();
    }

    @Override
    public void close() {
        client.close();
        server.destroy();
    }

    private static final class ClusterDispatcher extends Dispatcher {
        private final KubernetesCrudDispatcher crud = new KubernetesCrudDispatcher();
        private final ApiServerEmulation emulation = new ApiServerEmulation(crud);
        private final List<String> requests = new CopyOnWriteArrayList<>();

        @Override
        public MockResponse dispatch(RecordedRequest request) {
            requests.add(request.getMethod() + " " + request.getPath().split("\\?", 2)[0]);
            return emulation.answer(request).orElseGet(() -> crud.dispatch(request));
        }
    }
}
