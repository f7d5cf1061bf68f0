package dev.spotter.infra;

import software.amazon.awscdk.services.events.EventBus;
import software.amazon.awscdk.services.events.EventPattern;
import software.amazon.awscdk.services.events.IEventBus;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.iam.IGrantable;
import software.constructs.Construct;

import java.util.List;
import java.util.Map;

/**
 * Where Spotter publishes the decisions it acts on (source {@code spotter}, detail-types in docs/events.md): a bus of
 * its own ({@code spotter-<cluster>}) or the account's default bus, and one example rule, disabled, that users copy or
 * enable after giving it a target (chat, audit, cost tools).
 */
final class DecisionBus extends Construct {
    static final String SOURCE = "spotter";
    /** The detail-types the example rule matches: what a person on call would want to hear about. */
    static final List<String> EXAMPLE_DETAIL_TYPES = List.of("NodeClaim Launch Failed", "Pods Unschedulable",
            "Disruption Rolled Back");

    private final IEventBus bus;
    private final Rule exampleRule;

    DecisionBus(Construct scope, String id, String clusterName, DecisionEventBus choice) {
        super(scope, id);
        bus = choice == DecisionEventBus.DEFAULT
                ? EventBus.fromEventBusName(this, "Default", "default")
                : EventBus.Builder.create(this, "Bus")
                        .eventBusName("spotter-" + clusterName)
                        .description("Spotter " + clusterName + ": the decisions Spotter acts on")
                        .build();
        exampleRule = Rule.Builder.create(this, "ExampleRule")
                .eventBus(bus)
                .enabled(false)
                .description("Spotter " + clusterName + " (example, disabled): failed launches, unschedulable pods and "
                        + "rolled-back disruptions; add a target and enable it")
                .eventPattern(EventPattern.builder()
                        .source(List.of(SOURCE))
                        .detailType(EXAMPLE_DETAIL_TYPES)
                        .detail(Map.of("cluster", List.of(clusterName)))
                        .build())
                .build();
    }

    /** The bus's name, as the functions' SPOTTER_EVENT_BUS_NAME. */
    String busName() {
        return bus.getEventBusName();
    }

    void grantPutEvents(IGrantable grantee) {
        bus.grantPutEventsTo(grantee);
    }

    Rule exampleRule() {
        return exampleRule;
    }
}
