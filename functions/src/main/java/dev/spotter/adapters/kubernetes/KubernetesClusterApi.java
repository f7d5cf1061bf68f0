package dev.spotter.adapters.kubernetes;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spotter.cluster.ClusterApi;
import dev.spotter.cluster.ClusterApiException;
import dev.spotter.cluster.ClusterEvent;
import dev.spotter.cluster.DaemonSet;
import dev.spotter.cluster.EvictionResult;
import dev.spotter.cluster.Node;
import dev.spotter.cluster.NodeNotFoundException;
import dev.spotter.cluster.Pod;
import dev.spotter.cluster.PodDisruptionBudget;
import dev.spotter.model.Taint;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.ListOptions;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.policy.v1.EvictionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.HttpURLConnection;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

import static dev.spotter.adapters.kubernetes.LabelSelectors.orEmpty;

/**
 * {@link ClusterApi} on a fabric8 client. Lists page through the API ({@value #PAGE_SIZE} objects a page) and use
 * field selectors where the API server supports them, and filter again here, so the answer is the same from a server
 * that ignores them. An object that cannot be converted is skipped with a warning naming it, so that one odd pod does
 * not stop Spotter from placing all the others.
 */
public final class KubernetesClusterApi implements ClusterApi {
    static final long PAGE_SIZE = 500;
    /** Conflicting writers on one node's taints are rare; a few fresh reads settle it. */
    static final int TAINT_ATTEMPTS = 3;

    private static final Logger LOG = LoggerFactory.getLogger(KubernetesClusterApi.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final KubernetesClient client;
    private final KubernetesEventRecorder events;

    public KubernetesClusterApi(KubernetesClient client, KubernetesEventRecorder events) {
        this.client = client;
        this.events = events;
    }

    /** The adapter as a Lambda function uses it: events report the function's name as reporting instance. */
    public static KubernetesClusterApi create(KubernetesClient client, Clock clock) {
        return new KubernetesClusterApi(client,
                new KubernetesEventRecorder(client, clock, System.getenv("AWS_LAMBDA_FUNCTION_NAME")));
    }

    @Override
    public List<Pod> listUnschedulablePods() {
        return listPods("spec.nodeName=,status.phase=Pending", KubernetesClusterApi::isUnschedulable);
    }

    @Override
    public List<Pod> listPodsOnNode(String nodeName) {
        return listPods("spec.nodeName=" + nodeName,
                pod -> pod.getSpec() != null && nodeName.equals(pod.getSpec().getNodeName()) && !isTerminal(pod));
    }

    @Override
    public List<Pod> listBoundPods() {
        return listPods("spec.nodeName!=", pod -> pod.getSpec() != null && pod.getSpec().getNodeName() != null
                && !pod.getSpec().getNodeName().isEmpty() && !isTerminal(pod));
    }

    @Override
    public List<Node> listNodes() {
        List<Node> nodes = new ArrayList<>();
        for (io.fabric8.kubernetes.api.model.Node node : listAll("listing nodes", null, o -> client.nodes().list(o))) {
            convert(node, n -> NodeConverter.toNodeOrPartial(n,
                    problem -> LOG.warn("Reading a node in part, as cordoned with no capacity: {}", problem)), nodes);
        }
        return nodes;
    }

    @Override
    public List<DaemonSet> listDaemonSets() {
        List<DaemonSet> daemonSets = new ArrayList<>();
        for (var daemonSet : listAll("listing DaemonSets", null,
                o -> client.apps().daemonSets().inAnyNamespace().list(o))) {
            convert(daemonSet, WorkloadConverter::toDaemonSet, daemonSets);
        }
        return daemonSets;
    }

    @Override
    public List<PodDisruptionBudget> listPodDisruptionBudgets() {
        List<PodDisruptionBudget> budgets = new ArrayList<>();
        for (var budget : listAll("listing PodDisruptionBudgets", null,
                o -> client.policy().v1().podDisruptionBudget().inAnyNamespace().list(o))) {
            convert(budget, WorkloadConverter::toPodDisruptionBudget, budgets);
        }
        return budgets;
    }

    @Override
    public void taintNode(String nodeName, Taint taint) {
        for (int attempt = 1; ; attempt++) {
            io.fabric8.kubernetes.api.model.Node node = call("reading node " + nodeName,
                    () -> client.nodes().withName(nodeName).get());
            if (node == null) {
                throw new NodeNotFoundException(nodeName, null);
            }
            List<Taint> taints = node.getSpec() == null ? List.of() : NodeConverter.taints(node.getSpec());
            if (taints.stream().anyMatch(t -> t.key().equals(taint.key()) && t.effect().equals(taint.effect()))) {
                return;
            }
            try {
                client.nodes().withName(nodeName).patch(PatchContext.of(PatchType.JSON), taintPatch(node, taint));
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() != HttpURLConnection.HTTP_CONFLICT || attempt == TAINT_ATTEMPTS) {
                    throw failure("tainting node " + nodeName + " with " + taint, nodeName, e);
                }
            }
        }
    }

    @Override
    public void removeTaint(String nodeName, Taint taint) {
        for (int attempt = 1; ; attempt++) {
            io.fabric8.kubernetes.api.model.Node node = call("reading node " + nodeName,
                    () -> client.nodes().withName(nodeName).get());
            List<Taint> taints = node == null || node.getSpec() == null ? List.of() : NodeConverter.taints(node.getSpec());
            List<Taint> kept = taints.stream()
                    .filter(t -> !(t.key().equals(taint.key()) && t.effect().equals(taint.effect()))).toList();
            if (kept.size() == taints.size()) {
                return;
            }
            try {
                client.nodes().withName(nodeName).patch(PatchContext.of(PatchType.JSON), untaintPatch(node, taint));
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() == HttpURLConnection.HTTP_NOT_FOUND) {
                    return;
                }
                if (e.getCode() != HttpURLConnection.HTTP_CONFLICT || attempt == TAINT_ATTEMPTS) {
                    throw failure("removing taint " + taint + " from node " + nodeName, nodeName, e);
                }
            }
        }
    }

    /** Removes the matching taints by index, last first, guarded by the resourceVersion that was read. */
    private static String untaintPatch(io.fabric8.kubernetes.api.model.Node node, Taint taint) {
        ArrayNode patch = JSON.createArrayNode();
        patch.addObject().put("op", "replace").put("path", "/metadata/resourceVersion")
                .put("value", node.getMetadata().getResourceVersion());
        List<io.fabric8.kubernetes.api.model.Taint> taints = orEmpty(node.getSpec().getTaints());
        for (int i = taints.size() - 1; i >= 0; i--) {
            io.fabric8.kubernetes.api.model.Taint existing = taints.get(i);
            if (taint.key().equals(existing.getKey()) && taint.effect().equals(existing.getEffect())) {
                patch.addObject().put("op", "remove").put("path", "/spec/taints/" + i);
            }
        }
        return patch.toString();
    }

    @Override
    public void labelNode(String nodeName, String key, String value) {
        try {
            patchNode(nodeName, JSON.createObjectNode().set("metadata", JSON.createObjectNode()
                    .set("labels", JSON.createObjectNode().put(key, value))).toString());
        } catch (KubernetesClientException e) {
            throw failure("labelling node " + nodeName, nodeName, e);
        }
    }

    @Override
    public void cordonNode(String nodeName) {
        try {
            patchNode(nodeName, "{\"spec\":{\"unschedulable\":true}}");
        } catch (KubernetesClientException e) {
            throw failure("cordoning node " + nodeName, nodeName, e);
        }
    }

    @Override
    public EvictionResult evictPod(String namespace, String name) {
        var eviction = new EvictionBuilder().withNewMetadata().withNamespace(namespace).withName(name).endMetadata().build();
        try {
            return client.pods().inNamespace(namespace).withName(name).evict(eviction)
                    ? EvictionResult.EVICTED : EvictionResult.BLOCKED;
        } catch (KubernetesClientException e) {
            if (e.getCode() == HttpURLConnection.HTTP_NOT_FOUND) {
                return EvictionResult.NOT_FOUND;
            }
            throw failure("evicting pod " + namespace + "/" + name, null, e);
        }
    }

    @Override
    public void deleteNode(String nodeName) {
        call("deleting node " + nodeName, () -> client.nodes().withName(nodeName).delete());
    }

    @Override
    public void recordEvent(ClusterEvent event) {
        events.record(event);
    }

    private List<Pod> listPods(String fieldSelector, Predicate<io.fabric8.kubernetes.api.model.Pod> wanted) {
        List<Pod> pods = new ArrayList<>();
        for (var pod : listAll("listing pods", fieldSelector, o -> client.pods().inAnyNamespace().list(o))) {
            if (wanted.test(pod)) {
                convert(pod, PodConverter::toPod, pods);
            }
        }
        return pods;
    }

    private static boolean isUnschedulable(io.fabric8.kubernetes.api.model.Pod pod) {
        if (pod.getSpec() == null || (pod.getSpec().getNodeName() != null && !pod.getSpec().getNodeName().isEmpty())
                || pod.getMetadata().getDeletionTimestamp() != null || isTerminal(pod) || pod.getStatus() == null) {
            return false;
        }
        for (PodCondition condition : orEmpty(pod.getStatus().getConditions())) {
            if ("PodScheduled".equals(condition.getType())) {
                return "False".equals(condition.getStatus()) && "Unschedulable".equals(condition.getReason());
            }
        }
        return false;
    }

    private static boolean isTerminal(io.fabric8.kubernetes.api.model.Pod pod) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        return "Succeeded".equals(phase) || "Failed".equals(phase);
    }

    private <T extends HasMetadata, L extends KubernetesResourceList<T>> List<T> listAll(
            String operation, String fieldSelector, Function<ListOptions, L> page) {
        List<T> items = new ArrayList<>();
        String next = null;
        do {
            ListOptions options = new ListOptionsBuilder().withLimit(PAGE_SIZE).withContinue(next)
                    .withFieldSelector(fieldSelector).build();
            L list = call(operation, () -> page.apply(options));
            items.addAll(orEmpty(list.getItems()));
            next = list.getMetadata() == null ? null : list.getMetadata().getContinue();
        } while (next != null && !next.isEmpty());
        return items;
    }

    private static <F, D> void convert(F object, Function<F, D> converter, List<D> into) {
        try {
            into.add(converter.apply(object));
        } catch (IllegalArgumentException e) {
            LOG.warn("Skipping an object Spotter cannot read: {}", e.getMessage());
        }
    }

    private void patchNode(String nodeName, String mergePatch) {
        client.nodes().withName(nodeName).patch(PatchContext.of(PatchType.JSON_MERGE), mergePatch);
    }

    /**
     * A JSON patch appending the taint. It also sets the resourceVersion that was read, which makes the API server
     * refuse it (409) if the node changed in between, so a concurrent writer's taints are never overwritten.
     */
    private static String taintPatch(io.fabric8.kubernetes.api.model.Node node, Taint taint) {
        ArrayNode patch = JSON.createArrayNode();
        patch.addObject().put("op", "replace").put("path", "/metadata/resourceVersion")
                .put("value", node.getMetadata().getResourceVersion());
        ObjectNode added = JSON.createObjectNode().put("key", taint.key()).put("effect", taint.effect());
        if (!taint.value().isEmpty()) {
            added.put("value", taint.value());
        }
        boolean hasTaints = node.getSpec() != null && !orEmpty(node.getSpec().getTaints()).isEmpty();
        if (hasTaints) {
            patch.addObject().put("op", "add").put("path", "/spec/taints/-").set("value", added);
        } else {
            patch.addObject().put("op", "add").put("path", "/spec/taints").putArray("value").add(added);
        }
        return patch.toString();
    }

    private static <T> T call(String operation, java.util.function.Supplier<T> request) {
        try {
            return request.get();
        } catch (KubernetesClientException e) {
            throw failure(operation, null, e);
        }
    }

    private static ClusterApiException failure(String operation, String nodeName, KubernetesClientException e) {
        if (nodeName != null && e.getCode() == HttpURLConnection.HTTP_NOT_FOUND) {
            return new NodeNotFoundException(nodeName, e);
        }
        String answer = e.getCode() == 0 ? "no answer" : "HTTP " + e.getCode();
        return new ClusterApiException(operation + " failed (" + answer + "): " + e.getMessage(), e.getCode(), e);
    }
}
