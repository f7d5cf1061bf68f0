package dev.spotter.adapters.kubernetes;

import dev.spotter.cluster.ClusterEvent;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.MicroTimeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * Writes core/v1 Events the way client-go's recorder does (so kubectl describe and event exporters show them), with
 * Spotter as source and reporting controller. Node events go to the "default" namespace, as Kubernetes does for
 * cluster-scoped objects. A failure is logged and dropped: an event is never worth failing a provisioning pass.
 */
public final class KubernetesEventRecorder {
    static final String NODE_EVENT_NAMESPACE = "default";
    /** The API server's limits on events that carry an eventTime. */
    static final int MESSAGE_LIMIT = 1024;
    static final int REPORTING_INSTANCE_LIMIT = 128;

    private static final Logger LOG = LoggerFactory.getLogger(KubernetesEventRecorder.class);
    private static final DateTimeFormatter MICRO_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSXXX")
            .withZone(java.time.ZoneOffset.UTC);

    private final KubernetesClient client;
    private final Clock clock;
    private final String reportingInstance;

    /** @param reportingInstance who in Spotter reports, e.g. the Lambda function name */
    public KubernetesEventRecorder(KubernetesClient client, Clock clock, String reportingInstance) {
        this.client = client;
        this.clock = clock;
        this.reportingInstance = truncate(reportingInstance == null || reportingInstance.isEmpty()
                ? ClusterEvent.REPORTING_CONTROLLER : reportingInstance, REPORTING_INSTANCE_LIMIT);
    }

    public void record(ClusterEvent event) {
        Event kubernetesEvent = toKubernetesEvent(event, clock.instant());
        try {
            client.v1().events().inNamespace(kubernetesEvent.getMetadata().getNamespace()).resource(kubernetesEvent).create();
        } catch (KubernetesClientException e) {
            LOG.warn("Could not record event {} on {} {}: HTTP {} {}", event.reason(), event.kind(), event.name(),
                    e.getCode(), e.getMessage());
        }
    }

    Event toKubernetesEvent(ClusterEvent event, Instant now) {
        boolean onPod = event.kind() == ClusterEvent.InvolvedKind.POD;
        String namespace = onPod ? event.namespace() : NODE_EVENT_NAMESPACE;
        String timestamp = now.truncatedTo(ChronoUnit.SECONDS).toString();
        return new EventBuilder()
                .withNewMetadata()
                    .withNamespace(namespace)
                    // the API server appends a random suffix, so two events in one instant do not collide
                    .withGenerateName(event.name() + ".")
                .endMetadata()
                .withNewInvolvedObject()
                    .withApiVersion("v1")
                    .withKind(onPod ? "Pod" : "Node")
                    .withNamespace(onPod ? event.namespace() : null)
                    .withName(event.name())
                    .withUid(event.uid().isEmpty() ? null : event.uid())
                .endInvolvedObject()
                .withType(event.type() == ClusterEvent.Type.WARNING ? "Warning" : "Normal")
                .withReason(event.reason())
                .withMessage(truncate(event.message(), MESSAGE_LIMIT))
                .withAction(event.reason())
                .withNewSource().withComponent(ClusterEvent.REPORTING_CONTROLLER).endSource()
                .withReportingComponent(ClusterEvent.REPORTING_CONTROLLER)
                .withReportingInstance(reportingInstance)
                .withEventTime(new MicroTimeBuilder().withTime(MICRO_TIME.format(now)).build())
                .withFirstTimestamp(timestamp)
                .withLastTimestamp(timestamp)
                .withCount(1)
                .build();
    }

    private static String truncate(String text, int limit) {
        return text.length() <= limit ? text : text.substring(0, limit);
    }
}
