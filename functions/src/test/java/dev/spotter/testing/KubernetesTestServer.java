package dev.spotter.testing;

import dev.spotter.adapters.kubernetes.KubernetesClients;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodList;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

    /** The API server's URL, e.g. for SPOTTER_KUBERNETES_URL. */
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
        private static final Pattern POD_LIST = Pattern.compile("/api/v1(/namespaces/[^/]+)?/pods");
        private static final Pattern EVICTION = Pattern.compile("/api/v1/namespaces/([^/]+)/pods/([^/?]+)/eviction");
        private static final KubernetesSerialization JSON = new KubernetesSerialization();

        private final KubernetesCrudDispatcher crud = new KubernetesCrudDispatcher();
        private final List<String> requests = new CopyOnWriteArrayList<>();

        @Override
        public MockResponse dispatch(RecordedRequest request) {
            String path = request.getPath().split("\\?", 2)[0];
            requests.add(request.getMethod() + " " + path);
            Matcher eviction = EVICTION.matcher(path);
            if ("POST".equals(request.getMethod()) && eviction.matches()) {
                return evict(eviction.group(1), eviction.group(2));
            }
            if ("GET".equals(request.getMethod()) && POD_LIST.matcher(path).matches()
                    && request.getPath().contains("fieldSelector=")) {
                return listPods(request.getPath());
            }
            return crud.dispatch(request);
        }

        private MockResponse listPods(String pathAndQuery) {
            String[] parts = pathAndQuery.split("\\?", 2);
            List<String> kept = new ArrayList<>();
            String selector = "";
            for (String parameter : parts[1].split("&")) {
                if (parameter.startsWith("fieldSelector=")) {
                    selector = URLDecoder.decode(parameter.substring("fieldSelector=".length()), StandardCharsets.UTF_8);
                } else {
                    kept.add(parameter);
                }
            }
            MockResponse all = crud.handleGet(parts[0] + (kept.isEmpty() ? "" : "?" + String.join("&", kept)));
            if (all.code() != 200) {
                return all;
            }
            PodList list = JSON.unmarshal(all.getBody().readUtf8(), PodList.class);
            for (String requirement : selector.split(",")) {
                if (requirement.isEmpty()) {
                    continue;
                }
                boolean negated = requirement.contains("!=");
                String[] keyValue = requirement.split(negated ? "!=" : "==?", 2);
                list.getItems().removeIf(pod -> negated == keyValue[1].equals(field(pod, keyValue[0])));
            }
            return new MockResponse().setResponseCode(200).setHeader("Content-Type", "application/json")
                    .setBody(JSON.asJson(list));
        }

        private static String field(Pod pod, String name) {
            String value = switch (name) {
                case "metadata.name" -> pod.getMetadata().getName();
                case "metadata.namespace" -> pod.getMetadata().getNamespace();
                case "spec.nodeName" -> pod.getSpec() == null ? null : pod.getSpec().getNodeName();
                case "status.phase" -> pod.getStatus() == null ? null : pod.getStatus().getPhase();
                default -> throw new UnsupportedOperationException("field selector on " + name + " is not supported for pods");
            };
            return value == null ? "" : value;
        }

        private MockResponse evict(String namespace, String name) {
            String podPath = "/api/v1/namespaces/" + namespace + "/pods/" + name;
            MockResponse stored = crud.handleGet(podPath);
            if (stored.code() == 404) {
                return status(404, "NotFound", "pods \"" + name + "\" not found");
            }
            Pod pod = JSON.unmarshal(stored.getBody().readUtf8(), Pod.class);
            MockResponse budgets = crud.handleGet("/apis/policy/v1/namespaces/" + namespace + "/poddisruptionbudgets");
            if (budgets.code() == 200) {
                for (PodDisruptionBudget budget : JSON.unmarshal(budgets.getBody().readUtf8(), PodDisruptionBudgetList.class).getItems()) {
                    if (selects(budget, pod) && budget.getStatus() != null && budget.getStatus().getDisruptionsAllowed() == 0) {
                        return status(429, "TooManyRequests", "Cannot evict pod as it would violate the pod's disruption budget.");
                    }
                }
            }
            crud.handleDelete(podPath);
            return status(201, null, null);
        }

        private static boolean selects(PodDisruptionBudget budget, Pod pod) {
            Map<String, String> labels = pod.getMetadata().getLabels() == null ? Map.of() : pod.getMetadata().getLabels();
            Map<String, String> wanted = budget.getSpec().getSelector().getMatchLabels() == null
                    ? Map.of() : budget.getSpec().getSelector().getMatchLabels();
            return wanted.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
        }

        private static MockResponse status(int code, String reason, String message) {
            Status status = new StatusBuilder().withApiVersion("v1").withKind("Status")
                    .withStatus(code < 300 ? "Success" : "Failure").withCode(code).withReason(reason).withMessage(message).build();
            return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json")
                    .setBody(JSON.asJson(status));
        }
    }
}
