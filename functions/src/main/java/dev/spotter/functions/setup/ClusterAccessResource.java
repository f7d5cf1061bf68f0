package dev.spotter.functions.setup;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The deploy-time custom resource (type Custom::SpotterClusterAccess) behind the CDK Provider framework: the framework
 * speaks CloudFormation's protocol (the pre-signed response URL, timeouts); this handler only does the work and
 * returns the physical id, or throws, which the framework reports as FAILED with the message.
 *
 * <p>Create / Update: server-side apply of the ClusterRole and ClusterRoleBinding of the controller group and of the
 * ValidatingWebhookConfiguration pointing at the webhook's Function URL. Delete: removes the three (not-found is fine).
 * Nothing is left running in the cluster either way.
 */
public final class ClusterAccessResource implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    private final ClusterConnector connector;
    private final ClusterAccessApplier applier;

    /** Lambda's constructor: real EKS clients, real pauses between retries. */
    public ClusterAccessResource() {
        this(new EksClusterConnector(), ClusterAccessResource::sleep);
    }

    ClusterAccessResource(ClusterConnector connector, Consumer<Duration> pause) {
        this.connector = connector;
        this.applier = new ClusterAccessApplier(pause);
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        ClusterAccessRequest request;
        try {
            request = ClusterAccessRequest.parse(event);
        } catch (IllegalArgumentException e) {
            if (event != null && "Delete".equals(event.get("RequestType"))) {
                // A resource whose Create was refused for bad properties created nothing: let the rollback finish.
                return response(String.valueOf(event.get("PhysicalResourceId")));
            }
            throw e;
        }
        List<HasMetadata> objects = ClusterAccessManifests.all(request.controllerGroup(), request.webhookUrl());
        switch (request.type()) {
            case CREATE, UPDATE -> {
                try (KubernetesClient client = connector.connect(request.clusterName())) {
                    applier.apply(client, objects);
                }
            }
            case DELETE -> delete(request, objects);
        }
        return response(request.physicalResourceId());
    }

    private void delete(ClusterAccessRequest request, List<HasMetadata> objects) {
        KubernetesClient client;
        try {
            client = connector.connect(request.clusterName());
        } catch (ClusterGoneException e) {
            return; // the cluster and everything in it are gone already
        }
        try (client) {
            applier.delete(client, objects);
        } catch (ClusterAccessException e) {
            throw new ClusterAccessException(e.getMessage() + ". To remove them by hand: kubectl delete "
                    + "validatingwebhookconfiguration " + ClusterAccessManifests.WEBHOOK_CONFIGURATION_NAME
                    + "; kubectl delete clusterrolebinding,clusterrole " + ClusterAccessManifests.CONTROLLER_NAME,
                    e.getCause());
        }
    }

    private static Map<String, Object> response(String physicalResourceId) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("WebhookConfigurationName", ClusterAccessManifests.WEBHOOK_CONFIGURATION_NAME);
        data.put("ClusterRoleName", ClusterAccessManifests.CONTROLLER_NAME);
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("PhysicalResourceId", physicalResourceId);
        response.put("Data", data);
        return response;
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for cluster access", e);
        }
    }
}
