package dev.spotter.cluster;

/** What became of an eviction request. */
public enum EvictionResult {
    /** The API server accepted the eviction; the pod is terminating. */
    EVICTED,
    /** A PodDisruptionBudget does not allow the disruption now (HTTP 429); try again later. */
    BLOCKED,
    /** The pod no longer exists, which is what the eviction wanted. */
    NOT_FOUND
}
