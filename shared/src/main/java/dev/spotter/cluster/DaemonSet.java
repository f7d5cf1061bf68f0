package dev.spotter.cluster;

/** A DaemonSet, by the pod it would put on every node that its template's constraints admit. */
public record DaemonSet(String namespace, String name, Pod template) {
}
