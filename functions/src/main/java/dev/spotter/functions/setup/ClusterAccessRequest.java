package dev.spotter.functions.setup;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * A CloudFormation custom-resource event as the CDK Provider framework hands it over, reduced to what the cluster
 * access resource needs. Malformed events fail with a message naming the missing or wrong property.
 */
record ClusterAccessRequest(RequestType type, String physicalResourceId, String clusterName, String webhookUrl,
                            String controllerGroup) {

    enum RequestType { CREATE, UPDATE, DELETE }

    static final String CLUSTER_NAME = "ClusterName";
    static final String WEBHOOK_URL = "WebhookUrl";
    static final String CONTROLLER_GROUP = "ControllerGroup";

    static ClusterAccessRequest parse(Map<String, Object> event) {
        if (event == null) {
            throw new IllegalArgumentException("custom resource event is empty");
        }
        RequestType type = requestType(event.get("RequestType"));
        Object rawProperties = event.get("ResourceProperties");
        if (!(rawProperties instanceof Map<?, ?> properties)) {
            throw new IllegalArgumentException("custom resource event has no ResourceProperties object");
        }
        String clusterName = required(properties, CLUSTER_NAME);
        String webhookUrl = required(properties, WEBHOOK_URL);
        requireHttpsUrl(webhookUrl);
        String group = required(properties, CONTROLLER_GROUP);
        String physicalId = Optional.ofNullable(event.get("PhysicalResourceId")).map(Object::toString)
                .filter(id -> !id.isBlank())
                .orElse(physicalIdFor(clusterName));
        return new ClusterAccessRequest(type, type == RequestType.CREATE ? physicalIdFor(clusterName) : physicalId,
                clusterName, webhookUrl, group);
    }

    /** One id per cluster: changing the cluster name makes CloudFormation replace the resource (delete the old). */
    static String physicalIdFor(String clusterName) {
        return "spotter-cluster-access/" + clusterName;
    }

    private static RequestType requestType(Object value) {
        if (value == null) {
            throw new IllegalArgumentException("custom resource event has no RequestType");
        }
        return switch (value.toString()) {
            case "Create" -> RequestType.CREATE;
            case "Update" -> RequestType.UPDATE;
            case "Delete" -> RequestType.DELETE;
            default -> throw new IllegalArgumentException("custom resource RequestType must be Create, Update or "
                    + "Delete, got \"" + value + "\"");
        };
    }

    private static String required(Map<?, ?> properties, String name) {
        Object value = properties.get(name);
        if (value == null || value.toString().isBlank()) {
            throw new IllegalArgumentException("custom resource property " + name + " is missing");
        }
        return value.toString();
    }

    private static void requireHttpsUrl(String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("custom resource property " + WEBHOOK_URL + " is not a URL: " + url, e);
        }
        if (!"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("custom resource property " + WEBHOOK_URL
                    + " must be an https URL (the API server calls only https webhooks), got " + url);
        }
    }
}
