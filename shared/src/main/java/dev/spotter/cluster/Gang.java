package dev.spotter.cluster;

import java.util.List;

/**
 * Pods that must start together (a multi-node training job): {@code minMember} of its {@code podKeys}
 * ("namespace/name") are needed before any is useful, so they are planned and launched as one unit.
 */
public record Gang(String namespace, String name, int minMember, List<String> podKeys) {
    public Gang {
        podKeys = List.copyOf(podKeys);
    }

    /** "namespace/name", as plans name it. */
    public String key() {
        return namespace + "/" + name;
    }

    /** True when fewer pods are known than the gang needs: it cannot start whatever is launched. */
    public boolean isIncomplete() {
        return podKeys.size() < minMember;
    }
}
