package dev.spotter.manifest;

import dev.spotter.cluster.HostPort;
import dev.spotter.cluster.Pod;
import dev.spotter.cluster.PodAffinityTerm;
import dev.spotter.cluster.TopologySpreadConstraint;
import dev.spotter.cluster.WeightedTerm;
import dev.spotter.config.LabelRules;
import dev.spotter.config.RequirementParser;
import dev.spotter.config.YamlNode;
import dev.spotter.model.Quantity;
import dev.spotter.model.Requirement;
import dev.spotter.model.Requirements;
import dev.spotter.model.Resources;
import dev.spotter.model.Toleration;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a pod spec (of a Pod, or the template of a DaemonSet or workload) into what the engine needs, computing the
 * effective requests as the kube-scheduler does (k8s.io/component-helpers resource.PodRequests).
 */
final class PodSpecParser {
    private static final String[] POD_SPEC_FIELDS = {"activeDeadlineSeconds", "affinity", "automountServiceAccountToken",
            "containers", "dnsConfig", "dnsPolicy", "enableServiceLinks", "ephemeralContainers", "hostAliases", "hostIPC",
            "hostNetwork", "hostPID", "hostUsers", "hostname", "hostnameOverride", "imagePullSecrets", "initContainers",
            "nodeName", "nodeSelector", "os", "overhead", "preemptionPolicy", "priority", "priorityClassName",
            "readinessGates", "resourceClaims", "resources", "restartPolicy", "runtimeClassName", "schedulerName",
            "schedulingGates", "securityContext", "serviceAccount", "serviceAccountName", "setHostnameAsFQDN",
            "shareProcessNamespace", "subdomain", "terminationGracePeriodSeconds", "tolerations",
            "topologySpreadConstraints", "volumes"};
    private static final String[] CONTAINER_FIELDS = {"args", "command", "env", "envFrom", "image", "imagePullPolicy",
            "lifecycle", "livenessProbe", "name", "ports", "readinessProbe", "resizePolicy", "resources", "restartPolicy",
            "restartPolicyRules", "securityContext", "startupProbe", "stdin", "stdinOnce", "terminationMessagePath",
            "terminationMessagePolicy", "tty", "volumeDevices", "volumeMounts", "workingDir"};
    static final String[] METADATA_FIELDS = {"name", "namespace", "labels", "annotations", "uid", "resourceVersion",
            "generation", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "finalizers",
            "managedFields", "ownerReferences", "generateName", "selfLink"};

    private PodSpecParser() {
    }

    /** Reads {@code spec} for a pod whose metadata is {@code metadata}; namespace and name are already known. */
    static Pod parse(String namespace, String name, YamlNode metadata, YamlNode spec) {
        if (spec.isMissing()) {
            throw spec.error("is required");
        }
        spec.allowOnly(POD_SPEC_FIELDS);
        Map<String, String> labels = metadata.stringMap("labels");
        Pod.Builder pod = Pod.builder(namespace, name)
                .uid(metadata.string("uid", ""))
                .labels(labels)
                .annotations(metadata.stringMap("annotations"))
                .nodeName(spec.string("nodeName", ""))
                .requests(requests(spec))
                .nodeSelector(nodeSelector(spec))
                .tolerations(tolerations(spec))
                .topologySpread(topologySpread(spec, labels))
                .hostPorts(hostPorts(spec))
                .priority(spec.integer("priority", 0))
                .priorityClassName(spec.string("priorityClassName", ""))
                .createdAt(timestamp(metadata, "creationTimestamp"));
        owner(metadata, pod);
        affinity(spec.get("affinity"), pod);
        return pod.build();
    }

    /**
     * PodRequests: the larger of the app containers' sum (sidecars included) and the largest init container (with
     * the sidecars started before it), plus the pod overhead; pod-level resources, when set, replace cpu and memory.
     */
    static Resources requests(YamlNode spec) {
        List<YamlNode> containers = spec.list("containers");
        if (containers.isEmpty()) {
            throw spec.error("containers", "a pod needs at least one container");
        }
        Resources sum = Resources.NONE;
        for (YamlNode container : containers) {
            sum = sum.plus(containerRequests(container));
        }
        Resources sidecars = Resources.NONE;
        Resources largestInit = Resources.NONE;
        for (YamlNode init : spec.list("initContainers")) {
            Resources own = containerRequests(init);
            Resources whileRunning;
            if (isSidecar(init)) {
                sum = sum.plus(own);
                sidecars = sidecars.plus(own);
                whileRunning = sidecars;
            } else {
                whileRunning = own.plus(sidecars);
            }
            largestInit = largestInit.max(whileRunning);
        }
        Resources requests = sum.max(largestInit);
        Resources podLevel = resourceList(spec.get("resources").allowOnly("requests", "limits", "claims"), "requests");
        Resources.Builder merged = Resources.builder();
        requests.asMap().forEach(merged::set);
        podLevel.asMap().forEach((resource, amount) -> {
            if (resource.equals(Resources.CPU) || resource.equals(Resources.MEMORY) || resource.startsWith("hugepages-")) {
                merged.set(resource, amount);
            }
        });
        return merged.build().plus(resourceList(spec, "overhead"));
    }

    /** A container's requests, each resource with only a limit defaulting to that limit (as the API server does). */
    private static Resources containerRequests(YamlNode container) {
        container.allowOnly(CONTAINER_FIELDS);
        if (container.string("name", "").isEmpty()) {
            throw container.error("name", "is required");
        }
        YamlNode resources = container.get("resources").allowOnly("requests", "limits", "claims");
        Resources requests = resourceList(resources, "requests");
        Resources limits = resourceList(resources, "limits");
        Resources.Builder effective = Resources.builder();
        limits.asMap().forEach(effective::set);
        requests.asMap().forEach(effective::set);
        for (String name : requests.names()) {
            if (limits.names().contains(name) && requests.get(name) > limits.get(name)) {
                throw resources.get("requests").error(name, "request " + requests.get(name) + " is more than the limit " + limits.get(name));
            }
        }
        return effective.build();
    }

    private static boolean isSidecar(YamlNode initContainer) {
        return "Always".equals(initContainer.string("restartPolicy", ""));
    }

    /** A ResourceList field: cpu in millicores, the rest in units; a malformed quantity names its resource. */
    static Resources resourceList(YamlNode parent, String field) {
        YamlNode list = parent.get(field);
        Resources.Builder builder = Resources.builder();
        parent.stringMap(field).forEach((resource, text) -> {
            try {
                builder.set(resource, Resources.CPU.equals(resource) ? Quantity.parseMillis(text) : Quantity.parseValue(text));
            } catch (IllegalArgumentException | ArithmeticException e) {
                throw list.error(resource, e.getMessage());
            }
        });
        return builder.build();
    }

    private static Map<String, String> nodeSelector(YamlNode spec) {
        Map<String, String> selector = new LinkedHashMap<>();
        YamlNode node = spec.get("nodeSelector");
        spec.stringMap("nodeSelector").forEach((key, value) -> {
            LabelRules.invalidKey(key).ifPresent(problem -> {
                throw node.error(key, problem);
            });
            selector.put(RequirementParser.normalize(key), value);
        });
        return selector;
    }

    private static List<Toleration> tolerations(YamlNode spec) {
        List<Toleration> tolerations = new ArrayList<>();
        for (YamlNode item : spec.list("tolerations")) {
            item.allowOnly("key", "operator", "value", "effect", "tolerationSeconds");
            String effect = item.string("effect", "");
            if (!effect.isEmpty() && !List.of("NoSchedule", "PreferNoSchedule", "NoExecute").contains(effect)) {
                throw item.error("effect", "'" + effect + "' is not NoSchedule, PreferNoSchedule or NoExecute");
            }
            try {
                Toleration toleration = new Toleration(item.string("key", ""), item.string("operator", ""), item.string("value", ""), effect);
                if (toleration.operator().equals("Exists") && !toleration.value().isEmpty()) {
                    throw item.error("value", "must be empty when operator is Exists");
                }
                if (toleration.key().isEmpty() && !toleration.operator().equals("Exists")) {
                    throw item.error("operator", "must be Exists when key is empty");
                }
                tolerations.add(toleration);
            } catch (IllegalArgumentException e) {
                throw item.error("operator", e.getMessage());
            }
        }
        return tolerations;
    }

    private static List<TopologySpreadConstraint> topologySpread(YamlNode spec, Map<String, String> podLabels) {
        List<TopologySpreadConstraint> constraints = new ArrayList<>();
        for (YamlNode item : spec.list("topologySpreadConstraints")) {
            item.allowOnly("maxSkew", "topologyKey", "whenUnsatisfiable", "labelSelector", "minDomains", "matchLabelKeys",
                    "nodeAffinityPolicy", "nodeTaintsPolicy");
            Integer maxSkew = item.integer("maxSkew", null);
            if (maxSkew == null) {
                throw item.error("maxSkew", "is required");
            }
            if (maxSkew < 1) {
                throw item.error("maxSkew", "must be at least 1, got " + maxSkew);
            }
            String topologyKey = item.string("topologyKey");
            String when = item.string("whenUnsatisfiable");
            if (!when.equals("DoNotSchedule") && !when.equals("ScheduleAnyway")) {
                throw item.error("whenUnsatisfiable", "'" + when + "' is not DoNotSchedule or ScheduleAnyway");
            }
            int minDomains = item.integer("minDomains", 0);
            if (item.has("minDomains") && minDomains < 1) {
                throw item.error("minDomains", "must be at least 1, got " + minDomains);
            }
            if (minDomains > 0 && !when.equals("DoNotSchedule")) {
                throw item.error("minDomains", "may only be set when whenUnsatisfiable is DoNotSchedule");
            }
            if (item.get("labelSelector").isMissing()) {
                item.warn("a constraint without labelSelector counts no pod; ignored");
                continue;
            }
            Requirements selector = labelSelector(item.get("labelSelector"));
            for (String key : item.stringList("matchLabelKeys")) {
                if (podLabels.containsKey(key)) {
                    selector = selector.and(Requirement.in(key, podLabels.get(key)));
                }
            }
            constraints.add(new TopologySpreadConstraint(topologyKey, maxSkew, when.equals("DoNotSchedule"), selector, minDomains));
        }
        return constraints;
    }

    /** A LabelSelector (matchLabels as In, matchExpressions) as requirements; absent or empty selects every pod. */
    static Requirements labelSelector(YamlNode selector) {
        if (selector.isMissing()) {
            return Requirements.NONE;
        }
        selector.allowOnly("matchLabels", "matchExpressions");
        List<Requirement> requirements = new ArrayList<>();
        YamlNode matchLabels = selector.get("matchLabels");
        selector.stringMap("matchLabels").forEach((key, value) -> {
            LabelRules.invalidKey(key).ifPresent(problem -> {
                throw matchLabels.error(key, problem);
            });
            requirements.add(Requirement.in(key, value));
        });
        for (YamlNode expression : selector.list("matchExpressions")) {
            Requirement requirement = RequirementParser.parse(expression, RequirementParser.SELECTOR_OPERATORS, false);
            // label selectors select pods: no node-label normalization, keep the key as written
            requirements.add(Requirement.of(expression.string("key"), requirement.operator(), requirement.values()));
        }
        return Requirements.of(requirements);
    }

    private static List<HostPort> hostPorts(YamlNode spec) {
        boolean hostNetwork = Boolean.TRUE.equals(spec.bool("hostNetwork", false));
        List<HostPort> ports = new ArrayList<>();
        List<YamlNode> containers = new ArrayList<>(spec.list("containers"));
        spec.list("initContainers").stream().filter(PodSpecParser::isSidecar).forEach(containers::add);
        for (YamlNode container : containers) {
            for (YamlNode port : container.list("ports")) {
                port.allowOnly("containerPort", "hostPort", "protocol", "hostIP", "name");
                int hostPort = port.integer("hostPort", 0);
                if (hostNetwork && hostPort == 0) {
                    hostPort = port.integer("containerPort", 0);
                }
                if (hostPort < 0 || hostPort > 65535) {
                    throw port.error("hostPort", "must be between 1 and 65535, got " + hostPort);
                }
                if (hostPort > 0) {
                    ports.add(new HostPort(hostPort, port.string("protocol", "TCP"), port.string("hostIP", "")));
                }
            }
        }
        return ports;
    }

    private static void owner(YamlNode metadata, Pod.Builder pod) {
        List<YamlNode> owners = metadata.list("ownerReferences");
        for (YamlNode owner : owners) {
            if (Boolean.TRUE.equals(owner.bool("controller", false))) {
                pod.owner(owner.string("kind"), owner.string("name"));
                return;
            }
        }
    }

    private static void affinity(YamlNode affinity, Pod.Builder pod) {
        if (affinity.isMissing()) {
            return;
        }
        affinity.allowOnly("nodeAffinity", "podAffinity", "podAntiAffinity");
        YamlNode nodeAffinity = affinity.get("nodeAffinity").allowOnly("requiredDuringSchedulingIgnoredDuringExecution",
                "preferredDuringSchedulingIgnoredDuringExecution");
        YamlNode required = nodeAffinity.get("requiredDuringSchedulingIgnoredDuringExecution").allowOnly("nodeSelectorTerms");
        if (!required.isMissing()) {
            List<YamlNode> terms = required.list("nodeSelectorTerms");
            if (terms.isEmpty()) {
                throw required.error("nodeSelectorTerms", "must have at least one term");
            }
            List<Requirements> orTerms = new ArrayList<>();
            for (YamlNode term : terms) {
                orTerms.add(nodeSelectorTerm(term));
            }
            pod.requiredNodeAffinity(orTerms);
        }
        List<WeightedTerm> preferred = new ArrayList<>();
        for (YamlNode item : nodeAffinity.list("preferredDuringSchedulingIgnoredDuringExecution")) {
            item.allowOnly("weight", "preference");
            int weight = weight(item);
            YamlNode preference = item.get("preference");
            if (preference.isMissing()) {
                throw item.error("preference", "is required");
            }
            preferred.add(new WeightedTerm(weight, nodeSelectorTerm(preference)));
        }
        pod.preferredNodeAffinity(preferred);
        pod.podAffinity(podAffinityTerms(affinity.get("podAffinity")));
        pod.podAntiAffinity(podAffinityTerms(affinity.get("podAntiAffinity")));
    }

    private static int weight(YamlNode item) {
        Integer weight = item.integer("weight", null);
        if (weight == null) {
            throw item.error("weight", "is required");
        }
        if (weight < 1 || weight > 100) {
            throw item.error("weight", "must be between 1 and 100, got " + weight);
        }
        return weight;
    }

    /** One NodeSelectorTerm: its matchExpressions ANDed (matchFields name nodes, which a new node cannot match). */
    private static Requirements nodeSelectorTerm(YamlNode term) {
        term.allowOnly("matchExpressions", "matchFields");
        if (!term.list("matchFields").isEmpty()) {
            term.get("matchFields").warn("matchFields select existing nodes by name; Spotter does not consider them for new nodes");
        }
        return Requirements.of(RequirementParser.parseList(term, "matchExpressions", RequirementParser.NODE_OPERATORS, false));
    }

    private static List<PodAffinityTerm> podAffinityTerms(YamlNode affinity) {
        if (affinity.isMissing()) {
            return List.of();
        }
        affinity.allowOnly("requiredDuringSchedulingIgnoredDuringExecution", "preferredDuringSchedulingIgnoredDuringExecution");
        if (!affinity.list("preferredDuringSchedulingIgnoredDuringExecution").isEmpty()) {
            affinity.get("preferredDuringSchedulingIgnoredDuringExecution")
                    .warn("preferred pod (anti-)affinity is not considered by Spotter; ignored");
        }
        List<PodAffinityTerm> terms = new ArrayList<>();
        for (YamlNode term : affinity.list("requiredDuringSchedulingIgnoredDuringExecution")) {
            term.allowOnly("labelSelector", "topologyKey", "namespaces", "namespaceSelector", "matchLabelKeys", "mismatchLabelKeys");
            String topologyKey = term.string("topologyKey");
            if (topologyKey.isEmpty()) {
                throw term.error("topologyKey", "must not be empty");
            }
            if (term.has("namespaceSelector")) {
                term.get("namespaceSelector").warn("namespaceSelector is not supported by Spotter; only 'namespaces' (or the pod's own) count");
            }
            if (term.get("labelSelector").isMissing()) {
                term.warn("a term without labelSelector matches no pod; ignored");
                continue;
            }
            terms.add(new PodAffinityTerm(labelSelector(term.get("labelSelector")), topologyKey,
                    new java.util.LinkedHashSet<>(term.stringList("namespaces"))));
        }
        return terms;
    }

    static Instant timestamp(YamlNode metadata, String field) {
        String text = metadata.string(field, "");
        if (text.isEmpty()) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw metadata.error(field, "'" + text + "' is not an RFC 3339 time like 2024-05-01T12:00:00Z");
        }
    }
}
