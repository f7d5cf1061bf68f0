package dev.spotter.cluster;

/** The node a write was meant for does not exist (any more). */
public class NodeNotFoundException extends ClusterApiException {
    private final String nodeName;

    public NodeNotFoundException(String nodeName, Throwable cause) {
        super("node " + nodeName + " not found", 404, cause);
        this.nodeName = nodeName;
    }

    public String nodeName() {
        return nodeName;
    }
}
