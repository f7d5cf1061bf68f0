package dev.spotter.infra;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TextWidget;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.sns.ITopic;
import software.amazon.awscdk.services.sqs.IQueue;
import software.constructs.Construct;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The CloudWatch dashboard (Spotter's EMF metrics, the functions' errors, the dead-letter queues) and the alarms: any
 * message in a dead-letter queue, any function error.
 *
 * <p>Spotter's metrics are graphed with SEARCH expressions on namespace and metric name, so the graphs hold whatever
 * dimensions the functions add (Powertools' Service, CapacityType, Kind, ...) without the dashboard listing them.
 */
final class Operations extends Construct {

    static final Duration PERIOD = Duration.minutes(5);

    private final Dashboard dashboard;
    private final List<Alarm> alarms = new ArrayList<>();

    Operations(Construct scope, String id, String clusterName, Map<String, Function> functions,
               Map<String, IQueue> deadLetterQueues, Map<String, IQueue> workQueues, ITopic alarmTopic) {
        super(scope, id);
        dashboard = Dashboard.Builder.create(this, "Dashboard")
                .dashboardName("Spotter-" + clusterName)
                .build();
        dashboard.addWidgets(TextWidget.Builder.create()
                .markdown("# Spotter: " + clusterName + "\nNodes launched and interrupted, pending-pod age, fleet "
                        + "cost (namespace Spotter, emitted by the functions), and the health of the functions "
                        + "and queues.")
                .width(24).height(2).build());
        dashboard.addWidgets(
                graph("Launches by capacity type",
                        search(List.of("LaunchesSpot", "LaunchesOnDemand"), "Sum")),
                graph("Interruptions by kind", search(List.of("InterruptionSpotInterruption",
                        "InterruptionRebalanceRecommendation", "InterruptionStateChange", "InterruptionScheduledChange",
                        "InterruptionCapacityReservationInterruption", "InterruptionNoOp"), "Sum")),
                graph("Pending pod age (s, max)", search(List.of("PendingPodAgeSeconds"), "Maximum")));
        dashboard.addWidgets(
                graph("Fleet hourly cost (USD, latest)", search(List.of("FleetHourlyCost"), "Maximum")),
                graph("Handler failures (failed / unparseable messages, webhook)", search(List.of(
                        "SqsMessagesFailed", "SqsMessagesUnparseable", "WebhookEnqueueFailures",
                        "WebhookMalformedReviews", "WebhookWrongPaths"), "Sum")),
                graph("Function errors", functionMetrics(functions, true)));
        List<IMetric> dlq = new ArrayList<>();
        deadLetterQueues.forEach((name, queue) -> dlq.add(queue.metricApproximateNumberOfMessagesVisible(
                MetricOptions.builder().label(name).period(PERIOD).statistic("Maximum").build())));
        List<IMetric> backlog = new ArrayList<>();
        workQueues.forEach((name, queue) -> backlog.add(queue.metricApproximateAgeOfOldestMessage(
                MetricOptions.builder().label(name).period(PERIOD).statistic("Maximum").build())));
        dashboard.addWidgets(
                graph("Function duration (ms, p99)", functionMetrics(functions, false)),
                graph("Dead-letter messages", dlq),
                graph("Oldest message age (s)", backlog));
        dashboard.addWidgets(graph("Provisioner throttles (expected: serialised)",
                List.of(functions.get("Provisioner").metricThrottles(sum("Throttles")))));

        deadLetterQueues.forEach((name, queue) -> alarms.add(alarm(name + "Messages",
                "Spotter " + clusterName + ": messages in the " + name + " dead-letter queue (failed 5 times)",
                queue.metricApproximateNumberOfMessagesVisible(MetricOptions.builder()
                        .period(Duration.minutes(1)).statistic("Maximum").build()), alarmTopic)));
        functions.forEach((name, function) -> alarms.add(alarm(name + "Errors",
                "Spotter " + clusterName + ": the " + name + " function failed",
                function.metricErrors(MetricOptions.builder().period(PERIOD).statistic("Sum").build()),
                alarmTopic)));
    }

    Dashboard dashboard() {
        return dashboard;
    }

    List<Alarm> alarms() {
        return List.copyOf(alarms);
    }

    private Alarm alarm(String id, String description, IMetric metric, ITopic topic) {
        Alarm alarm = Alarm.Builder.create(this, id)
                .alarmDescription(description)
                .metric(metric)
                .threshold(0)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                .evaluationPeriods(1)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();
        if (topic != null) {
            alarm.addAlarmAction(new SnsAction(topic));
        }
        return alarm;
    }

    private static MetricOptions sum(String label) {
        return MetricOptions.builder().label(label).period(PERIOD).statistic("Sum").build();
    }

    /** {@code SEARCH('Namespace="Spotter" (MetricName="A" OR MetricName="B")', 'Sum', 300)}. */
    static String searchExpression(List<String> metricNames, String statistic) {
        String names = metricNames.stream().map(n -> "MetricName=\"" + n + "\"")
                .collect(java.util.stream.Collectors.joining(" OR ", "(", ")"));
        return "SEARCH('Namespace=\"" + FunctionEnvironment.METRICS_NAMESPACE + "\" " + names + "', '" + statistic
                + "', " + PERIOD.toSeconds() + ")";
    }

    private static List<IMetric> search(List<String> metricNames, String statistic) {
        return List.of(MathExpression.Builder.create()
                .expression(searchExpression(metricNames, statistic))
                .usingMetrics(Map.of())
                .period(PERIOD)
                .build());
    }

    private static List<IMetric> functionMetrics(Map<String, Function> functions, boolean errors) {
        Map<String, IMetric> metrics = new LinkedHashMap<>();
        functions.forEach((name, function) -> metrics.put(name, errors
                ? function.metricErrors(MetricOptions.builder().label(name).period(PERIOD).statistic("Sum").build())
                : function.metricDuration(MetricOptions.builder().label(name).period(PERIOD).statistic("p99")
                        .build())));
        return List.copyOf(metrics.values());
    }

    private static GraphWidget graph(String title, List<IMetric> metrics) {
        return GraphWidget.Builder.create().title(title).left(metrics).width(8).height(6).build();
    }
}
