package dev.spotter.cluster;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the gangs among pods, from the forms users already write (see docs/ai-fleet.md):
 * <ul>
 *   <li>the coscheduling plugin's label {@value #COSCHEDULING_LABEL} naming a {@link PodGroup} of the pod's
 *   namespace, whose {@code minMember} is the gang size (all labelled pods when the PodGroup is not known);</li>
 *   <li>Kueue's pod groups: label {@value #KUEUE_GROUP_LABEL} with annotation {@value #KUEUE_COUNT_ANNOTATION}
 *   giving the size.</li>
 * </ul>
 * A gang of one pod is no gang: it is left out.
 */
public final class Gangs {
    public static final String COSCHEDULING_LABEL = "scheduling.x-k8s.io/pod-group";
    public static final String KUEUE_GROUP_LABEL = "kueue.x-k8s.io/pod-group-name";
    public static final String KUEUE_COUNT_ANNOTATION = "kueue.x-k8s.io/pod-group-total-count";

    private Gangs() {
    }

    /** The gang name a pod belongs to (coscheduling first, then Kueue), if any. */
    public static Optional<String> gangName(Pod pod) {
        String coscheduling = pod.labels().get(COSCHEDULING_LABEL);
        if (coscheduling != null && !coscheduling.isEmpty()) {
            return Optional.of(coscheduling);
        }
        String kueue = pod.labels().get(KUEUE_GROUP_LABEL);
        return kueue == null || kueue.isEmpty() ? Optional.empty() : Optional.of(kueue);
    }

    /** The gangs of {@code pods}, in the order their first pod appears; {@code podGroups} give coscheduling sizes. */
    public static List<Gang> of(List<Pod> pods, List<PodGroup> podGroups) {
        Map<String, List<Pod>> members = new LinkedHashMap<>();
        for (Pod pod : pods) {
            gangName(pod).ifPresent(name -> members.computeIfAbsent(pod.namespace() + "/" + name, k -> new ArrayList<>()).add(pod));
        }
        Map<String, PodGroup> groups = new LinkedHashMap<>();
        podGroups.forEach(group -> groups.put(group.namespace() + "/" + group.name(), group));
        List<Gang> gangs = new ArrayList<>();
        members.forEach((key, list) -> {
            Pod first = list.get(0);
            String name = gangName(first).orElseThrow();
            int size = size(key, first, list.size(), groups);
            if (size > 1) {
                gangs.add(new Gang(first.namespace(), name, size, list.stream().map(Pod::key).toList()));
            }
        });
        return gangs;
    }

    private static int size(String key, Pod first, int count, Map<String, PodGroup> groups) {
        if (first.labels().containsKey(COSCHEDULING_LABEL)) {
            PodGroup group = groups.get(key);
            return group == null ? count : group.minMember();
        }
        String total = first.annotations().get(KUEUE_COUNT_ANNOTATION);
        if (total == null) {
            return count;
        }
        try {
            int value = Integer.parseInt(total.trim());
            if (value < 1) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("pod " + first.key() + ": annotation " + KUEUE_COUNT_ANNOTATION + " '" + total
                    + "' is not a positive count");
        }
    }
}
