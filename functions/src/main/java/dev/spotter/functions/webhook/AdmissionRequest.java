package dev.spotter.functions.webhook;

/**
 * The parts of an AdmissionReview v1 request the webhook decides on.
 *
 * @param uid       the request uid, echoed in the response
 * @param kind      the object's kind ({@code Pod})
 * @param operation {@code CREATE}, {@code UPDATE}, ...
 * @param namespace the pod's namespace
 * @param name      the pod's name, or its generateName prefix when the API server has not named it yet
 * @param dryRun    the request will not be persisted: nothing must happen because of it
 * @param bound     the pod already names its node ({@code spec.nodeName}): no scheduling will be needed
 */
public record AdmissionRequest(String uid, String kind, String operation, String namespace, String name,
                               boolean dryRun, boolean bound) {

    public String pod() {
        return namespace + "/" + name;
    }

    public boolean isPodCreate() {
        return "Pod".equals(kind) && "CREATE".equals(operation);
    }
}
