package dev.spotter.testing;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodList;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetList;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What fabric8's CRUD mock lacks and Spotter uses, answered as the API server would, on top of a CRUD dispatcher's
 * store: pod lists with field selectors on spec.nodeName and status.phase (the CRUD mock alone matches nothing), and
 * the eviction subresource (429 when a PodDisruptionBudget with matchLabels selecting the pod allows no disruption,
 * 404 for a missing pod, else the pod is deleted and 201 answered). Shared by the test servers' dispatchers.
 */
public final class ApiServerEmulation {
    private static final Pattern POD_LIST = Pattern.compile("/api/v1(/namespaces/[^/]+)?/pods");
    private static final Pattern EVICTION = Pattern.compile("/api/v1/namespaces/([^/]+)/pods/([^/?]+)/eviction");
    private static final KubernetesSerialization JSON = new KubernetesSerialization();

    private final KubernetesCrudDispatcher crud;

    public ApiServerEmulation(KubernetesCrudDispatcher crud) {
        this.crud = crud;
    }

    /** True for a POST to a pod's eviction subresource. */
    public static boolean isEviction(RecordedRequest request) {
        return "POST".equals(request.getMethod()) && EVICTION.matcher(path(request)).matches();
    }

    /** The answer to an eviction or a field-selected pod list; empty for anything the CRUD mock serves itself. */
    public Optional<MockResponse> answer(RecordedRequest request) {
        String path = path(request);
        Matcher eviction = EVICTION.matcher(path);
        if ("POST".equals(request.getMethod()) && eviction.matches()) {
            return Optional.of(evict(eviction.group(1), eviction.group(2)));
        }
        if ("GET".equals(request.getMethod()) && POD_LIST.matcher(path).matches() && request.getPath().contains("fieldSelector=")) {
            return Optional.of(listPodsWithFieldSelector(request.getPath()));
        }
        return Optional.empty();
    }

    /** A Kubernetes Status response. */
    public static MockResponse status(int code, String reason, String message) {
        Status status = new StatusBuilder().withApiVersion("v1").withKind("Status")
                .withStatus(code < 300 ? "Success" : "Failure").withCode(code).withReason(reason).withMessage(message).build();
        return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json")
                .setBody(JSON.asJson(status));
    }

    private static String path(RecordedRequest request) {
        return request.getPath().split("\\?", 2)[0];
    }

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
            throw new UnsupportedOperationException("this emulation reads matchLabels only");
        }
        Map<String, String> labels = pod.getMetadata().getLabels() == null ? Map.of() : pod.getMetadata().getLabels();
        Map<String, String> wanted = selector.getMatchLabels() == null ? Map.of() : selector.getMatchLabels();
        return wanted.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }
}
