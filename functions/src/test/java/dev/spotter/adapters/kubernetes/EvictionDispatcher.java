package dev.spotter.adapters.kubernetes;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodList;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetList;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fabric8 CRUD mock plus the one subresource it lacks: POST .../pods/NAME/eviction. Like the API server, it
 * answers 429 when a PodDisruptionBudget in the store selects the pod (matchLabels) and allows no disruption, 404 for a
 * missing pod, and otherwise deletes the pod and answers 201. It counts eviction requests, so a test can tell whether
 * a client retried. Pod lists with field selectors on spec.nodeName / status.phase are evaluated as the API server
 * does (the CRUD mock alone would match nothing).
 */
final class EvictionDispatcher extends Dispatcher {
    private static final Pattern POD_LIST = Pattern.compile("/api/v1(/namespaces/[^/]+)?/pods");
    private static final Pattern EVICTION = Pattern.compile("/api/v1/namespaces/([^/]+)/pods/([^/?]+)/eviction");

    private static final KubernetesSerialization JSON = new KubernetesSerialization();

    private final KubernetesCrudDispatcher crud = new KubernetesCrudDispatcher();
    private final AtomicInteger requests = new AtomicInteger();
    private final List<String> authorizations = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile int failWith;
    private volatile String[] concurrentNodeChange;
    private final AtomicInteger evictionRequests = new AtomicInteger();

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        requests.incrementAndGet();
        authorizations.add(String.valueOf(request.getHeader("Authorization")));
        if (failWith != 0) {
            return status(failWith, "InternalError", "injected failure");
        }
        String path = request.getPath().split("\\?", 2)[0];
        String[] change = concurrentNodeChange;
        if ("PATCH".equals(request.getMethod()) && change != null && path.equals("/api/v1/nodes/" + change[0])) {
            concurrentNodeChange = null;
            crud.dispatch(new RecordedRequest("HTTP/1.1", HttpMethod.PATCH, path,
                    Headers.builder().add("Content-Type", "application/json-patch+json").build(),
                    new Buffer().writeUtf8(change[1])));
        }
        Matcher eviction = EVICTION.matcher(path);
        if ("POST".equals(request.getMethod()) && eviction.matches()) {
            evictionRequests.incrementAndGet();
            return evict(eviction.group(1), eviction.group(2));
        }
        if ("GET".equals(request.getMethod()) && POD_LIST.matcher(path).matches() && request.getPath().contains("fieldSelector=")) {
            return listPodsWithFieldSelector(request.getPath());
        }
        return crud.dispatch(request);
    }

    /**
     * The CRUD mock evaluates field selectors on metadata.name only and matches nothing for spec.nodeName or
     * status.phase; the API server supports those on pods, so this evaluates them like it.
     */
    private MockResponse listPodsWithFieldSelector(String pathAndQuery) {
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
        return new MockResponse().setResponseCode(200).setHeader("Content-Type", "application/json").setBody(JSON.asJson(list));
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

    /** Empties the store and forgets what was counted and injected. */
    void reset() {
        crud.reset();
        requests.set(0);
        evictionRequests.set(0);
        authorizations.clear();
        failWith = 0;
        concurrentNodeChange = null;
    }

    /** Every later request is answered with this status (0: serve normally). */
    void failWith(int code) {
        failWith = code;
    }

    /** Just before the next PATCH of that node is served, another writer applies this JSON patch to it. */
    void changeNodeBeforeNextPatch(String nodeName, String jsonPatch) {
        concurrentNodeChange = new String[] {nodeName, jsonPatch};
    }

    int requests() {
        return requests.get();
    }

    List<String> authorizations() {
        return authorizations;
    }

    int evictionRequests() {
        return evictionRequests.get();
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
            List<PodDisruptionBudget> items = JSON.unmarshal(budgets.getBody().readUtf8(), PodDisruptionBudgetList.class).getItems();
            for (PodDisruptionBudget budget : items) {
                if (selects(budget, pod) && budget.getStatus() != null && budget.getStatus().getDisruptionsAllowed() == 0) {
                    return status(429, "TooManyRequests", "Cannot evict pod as it would violate the pod's disruption budget.");
                }
            }
        }
        crud.handleDelete(podPath);
        return status(201, null, null);
    }

    private static boolean selects(PodDisruptionBudget budget, Pod pod) {
        var selector = budget.getSpec().getSelector();
        if (selector.getMatchExpressions() != null && !selector.getMatchExpressions().isEmpty()) {
            throw new UnsupportedOperationException("this fake reads matchLabels only");
        }
        Map<String, String> labels = pod.getMetadata().getLabels() == null ? Map.of() : pod.getMetadata().getLabels();
        Map<String, String> wanted = selector.getMatchLabels() == null ? Map.of() : selector.getMatchLabels();
        return wanted.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }

    private static MockResponse status(int code, String reason, String message) {
        Status status = new StatusBuilder().withApiVersion("v1").withKind("Status")
                .withStatus(code < 300 ? "Success" : "Failure").withCode(code).withReason(reason).withMessage(message).build();
        return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json")
                .setBody(JSON.asJson(status));
    }
}
