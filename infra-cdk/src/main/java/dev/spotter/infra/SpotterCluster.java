package dev.spotter.infra;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.spotter.nodeclaim.ProvisioningLease;
import com.fasterxml.jackson.databind.ObjectMapper;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.FunctionUrl;
import software.amazon.awscdk.services.lambda.FunctionUrlAuthType;
import software.amazon.awscdk.services.lambda.FunctionUrlOptions;
import software.amazon.awscdk.services.lambda.eventsources.SqsEventSource;
import software.amazon.awscdk.services.lambda.eventsources.SqsEventSourceProps;
import software.amazon.awscdk.services.scheduler.ContextAttribute;
import software.amazon.awscdk.services.scheduler.Schedule;
import software.amazon.awscdk.services.scheduler.ScheduleExpression;
import software.amazon.awscdk.services.scheduler.ScheduleTargetInput;
import software.amazon.awscdk.services.scheduler.targets.LambdaInvoke;
import software.amazon.awscdk.services.sqs.IQueue;
import software.amazon.awscdk.services.ssm.ParameterTier;
import software.amazon.awscdk.services.ssm.StringParameter;
import software.constructs.Construct;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Spotter for one EKS cluster: the state table, the provisioning and interruption queues, the EventBridge rules and
 * the one-minute schedule that feed them, the four functions, the node role, the cluster access (access entries and
 * the deploy-time custom resource that installs RBAC and the admission webhook configuration), the configuration
 * parameter, and the dashboard and alarms.
 */
public final class SpotterCluster extends Construct {

    static final String WEBHOOK_HANDLER = "dev.spotter.functions.webhook.PendingPodWebhookHandler::handleRequest";
    static final String PROVISIONER_HANDLER = "dev.spotter.functions.provisioner.ProvisionerHandler::handleRequest";
    static final String INTERRUPTION_HANDLER =
            "dev.spotter.functions.interruption.InterruptionHandler::handleRequest";
    static final String TICK_HANDLER = "dev.spotter.functions.tick.ReconcileTickHandler::handleRequest";

    /** The SSM Standard tier holds up to 4 KB; above that the parameter is Advanced ($0.05 per month). */
    static final int STANDARD_PARAMETER_LIMIT = 4096;

    // Sizes: see docs/deploy.md ("Function sizing").
    static final SpotterFunction.Spec WEBHOOK = new SpotterFunction.Spec(WEBHOOK_HANDLER, "spotter-webhook",
            "Spotter: admission webhook for pod creations, signals the provisioner", 512, Duration.seconds(5),
            true, null);
    /** The smallest maximum concurrency an SQS event source accepts. */
    static final int MIN_SQS_MAX_CONCURRENCY = 2;
    /**
     * The functions that take the provisioning lease run at most one lease term: a holder that is still running
     * never loses the lease between renewals, and one that crashed blocks the others for at most a term.
     */
    static final Duration LEASE_HOLDER_TIMEOUT = Duration.seconds(ProvisioningLease.TERM.toSeconds());
    /**
     * The provisioner's reserved concurrency matches its event source's maximum concurrency: with fewer, Lambda would
     * throttle the second poller's batches, and throttled receives count towards the dead-letter queue. The lease,
     * not the concurrency limit, keeps two passes from launching at once.
     */
    static final int PROVISIONER_CONCURRENCY = MIN_SQS_MAX_CONCURRENCY;
    static final SpotterFunction.Spec PROVISIONER = new SpotterFunction.Spec(PROVISIONER_HANDLER,
            "spotter-provisioner", "Spotter: plans and launches nodes for pending pods", 2048,
            LEASE_HOLDER_TIMEOUT, true, PROVISIONER_CONCURRENCY);
    /**
     * Short, so that a failed interruption message comes back (after {@link #INTERRUPTION_VISIBILITY}) well inside
     * the two-minute spot warning; a provisioning pass that would not fit in what is left is handed to the
     * provisioner instead.
     */
    static final SpotterFunction.Spec INTERRUPTION = new SpotterFunction.Spec(INTERRUPTION_HANDLER,
            "spotter-interruption", "Spotter: drains and replaces nodes on interruption events", 1024,
            Duration.seconds(30), true, null);
    /** The interruption queue's visibility timeout: the function's timeout and a margin, not six times it. */
    static final Duration INTERRUPTION_VISIBILITY = Duration.seconds(40);
    static final SpotterFunction.Spec TICK = new SpotterFunction.Spec(TICK_HANDLER, "spotter-tick",
            "Spotter: reconciles NodeClaims, nodes and pending pods every minute", 1024, LEASE_HOLDER_TIMEOUT,
            true, null);

    static final List<String> STATE_ACTIONS = List.of(
            "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:Query");

    static final String VPC_ACCESS_POLICY = "service-role/AWSLambdaVPCAccessExecutionRole";

    /** Lambda's advice for SQS event sources: visibility timeout at least six times the function timeout. */
    static final int VISIBILITY_TIMEOUT_FACTOR = 6;

    private final String clusterName;
    private final NodePoolConfiguration configuration;
    private final StringParameter configParameter;
    private final StateTable state;
    private final WorkQueues queues;
    private final InterruptionRules rules;
    private final DecisionBus decisionBus;
    private final NodeRole nodeRole;
    private final Role controllerRole;
    private final Role webhookRole;
    private final Role setupRole;
    private final Map<String, SpotterFunction> functions = new LinkedHashMap<>();
    private final FunctionUrl functionUrl;
    private final String webhookPathSecret;
    private final String webhookUrl;
    private final Schedule tickSchedule;
    private final ClusterAccess clusterAccess;
    private final Operations operations;
    private final boolean inVpc;

    public SpotterCluster(Construct scope, String id, SpotterClusterProps props) {
        super(scope, id);
        clusterName = props.clusterName();
        FunctionArtifacts artifacts = props.functionArtifacts().requireAll();
        configuration = NodePoolConfiguration.load(props.configDirectory(), Map.of(
                NodePoolConfiguration.CLUSTER_NAME_VARIABLE, clusterName,
                NodePoolConfiguration.NODE_ROLE_VARIABLE, props.nodeRoleName()));
        reportConfigurationWarnings(props);
        configParameter = configParameter(props);
        state = new StateTable(this, "State");
        queues = new WorkQueues(this, "Queues", visibilityTimeout(PROVISIONER), INTERRUPTION_VISIBILITY);
        rules = new InterruptionRules(this, "InterruptionRules", queues.interruption());
        decisionBus = new DecisionBus(this, "Decisions", clusterName, props.eventBus());
        nodeRole = new NodeRole(this, "Nodes", props.nodeRoleName());

        controllerRole = lambdaRole("ControllerRole", "Spotter controller functions (provisioner, interruption, tick)");
        webhookRole = lambdaRole("WebhookRole", "Spotter admission webhook function (reachable from the internet)");
        setupRole = lambdaRole("SetupRole", "Spotter deploy-time function that applies RBAC and webhook configuration");
        grantController(props);
        grantWebhook();
        setupRole.addToPolicy(new ControllerPermissions(clusterName).describeCluster());

        FunctionNetwork network = FunctionNetwork.of(props);
        inVpc = network.inVpc();
        if (inVpc) {
            // Lambda creates and removes the functions' network interfaces with the execution role.
            for (Role role : List.of(controllerRole, webhookRole, setupRole)) {
                role.addManagedPolicy(ManagedPolicy.fromAwsManagedPolicyName(VPC_ACCESS_POLICY));
            }
        }
        Map<String, String> environment = environment(props);
        // The secret path segment: the UUID at the end of this stack's id, generated by CloudFormation, unique per
        // stack and stable across updates (see docs/deploy.md, "The webhook's secret path").
        webhookPathSecret = Fn.select(2, Fn.split("/", Aws.STACK_ID));
        Map<String, String> webhookEnvironment = new LinkedHashMap<>(environment);
        webhookEnvironment.put(FunctionEnvironment.WEBHOOK_PATH_SECRET, webhookPathSecret);

        SpotterFunction webhook = function("Webhook", WEBHOOK, code(artifacts.webhook()), webhookRole,
                webhookEnvironment, network);
        SpotterFunction provisioner = function("Provisioner", PROVISIONER, code(artifacts.provisioner()), controllerRole,
                environment, network);
        SpotterFunction interruption = function("Interruption", INTERRUPTION, code(artifacts.interruption()),
                controllerRole, environment, network);
        SpotterFunction tick = function("Tick", TICK, code(artifacts.tick()), controllerRole, environment, network);

        provisioner.requireAlias().addEventSource(new SqsEventSource(queues.provisioning(),
                SqsEventSourceProps.builder()
                        // Pods arriving together are planned together, as Karpenter's batch window.
                        .batchSize(100)
                        .maxBatchingWindow(Duration.seconds(5))
                        .reportBatchItemFailures(true)
                        .maxConcurrency(MIN_SQS_MAX_CONCURRENCY)
                        .build()));
        interruption.requireAlias().addEventSource(new SqsEventSource(queues.interruption(),
                SqsEventSourceProps.builder()
                        .batchSize(10)
                        .reportBatchItemFailures(true)
                        .build()));

        functionUrl = webhook.requireAlias().addFunctionUrl(FunctionUrlOptions.builder()
                // The API server calls it without AWS credentials; the secret path keeps strangers out.
                .authType(FunctionUrlAuthType.NONE)
                .build());
        webhookUrl = Fn.join("", List.of(functionUrl.getUrl(), webhookPathSecret));
        tickSchedule = tickSchedule(tick.requireAlias());

        clusterAccess = new ClusterAccess(this, "ClusterAccess", new ClusterAccess.Inputs(clusterName,
                controllerRole, nodeRole.role(), setupRole, webhookUrl, code(artifacts.setup()), sha256(artifacts.setup()),
                environment, network));

        Map<String, Function> functionsByName = new LinkedHashMap<>();
        this.functions.forEach((name, f) -> functionsByName.put(name, f.function()));
        Map<String, IQueue> deadLetters = new LinkedHashMap<>();
        deadLetters.put("Provisioning", queues.provisioningDeadLetters());
        deadLetters.put("Interruption", queues.interruptionDeadLetters());
        Map<String, IQueue> work = new LinkedHashMap<>();
        work.put("Provisioning", queues.provisioning());
        work.put("Interruption", queues.interruption());
        operations = new Operations(this, "Operations", clusterName, functionsByName, deadLetters, work,
                props.alarmTopic().orElse(null));
        SpotterNagSuppressions.apply(this);
    }

    public String clusterName() {
        return clusterName;
    }

    /** The Function URL with the secret path: what the ValidatingWebhookConfiguration calls. */
    public String webhookUrl() {
        return webhookUrl;
    }

    public String tableName() {
        return state.table().getTableName();
    }

    public String provisioningQueueUrl() {
        return queues.provisioning().getQueueUrl();
    }

    public String interruptionQueueUrl() {
        return queues.interruption().getQueueUrl();
    }

    public String nodeRoleName() {
        return nodeRole.role().getRoleName();
    }

    public String configParameterName() {
        return configParameter.getParameterName();
    }

    public String dashboardName() {
        return operations.dashboard().getDashboardName();
    }

    public String controllerRoleArn() {
        return controllerRole.getRoleArn();
    }

    boolean inVpc() {
        return inVpc;
    }

    NodePoolConfiguration configuration() {
        return configuration;
    }

    Map<String, SpotterFunction> functions() {
        return Map.copyOf(functions);
    }

    Role controllerRole() {
        return controllerRole;
    }

    Role webhookRole() {
        return webhookRole;
    }

    Role setupRole() {
        return setupRole;
    }

    NodeRole nodeRole() {
        return nodeRole;
    }

    ClusterAccess clusterAccess() {
        return clusterAccess;
    }

    DecisionBus decisionBus() {
        return decisionBus;
    }

    Schedule tickSchedule() {
        return tickSchedule;
    }

    FunctionUrl functionUrl() {
        return functionUrl;
    }

    /** What ConfigLoader tolerated, and instance profiles whose role Spotter cannot know, as synth warnings. */
    private void reportConfigurationWarnings(SpotterClusterProps props) {
        configuration.config().warnings().forEach(warning ->
                Annotations.of(this).addWarningV2("spotter:config", warning.toString()));
        for (String profile : configuration.instanceProfileNames()) {
            Annotations.of(this).addWarningV2("spotter:instanceProfile", "an EC2NodeClass names instance profile "
                    + profile + ": Spotter may pass only the roles it knows (" + props.nodeRoleName() + " and the "
                    + "EC2NodeClass roles), so that profile must hold one of them");
        }
    }

    private SpotterFunction function(String id, SpotterFunction.Spec spec, Code code, Role role,
                                     Map<String, String> environment, FunctionNetwork network) {
        SpotterFunction function = new SpotterFunction(this, id, spec, code, role, environment, network);
        functions.put(id, function);
        return function;
    }

    private Role lambdaRole(String id, String description) {
        return Role.Builder.create(this, id)
                .description(description)
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .build();
    }

    private void grantController(SpotterClusterProps props) {
        ControllerPermissions permissions = new ControllerPermissions(clusterName);
        permissions.ec2Statements().forEach(controllerRole::addToPolicy);
        TreeSet<String> passable = new TreeSet<>();
        passable.add(nodeRole.role().getRoleArn());
        for (String roleName : configuration.nodeRoleNames()) {
            if (!roleName.equals(props.nodeRoleName())) {
                // Node roles that the configuration names besides ours (e.g. an existing KarpenterNodeRole-*).
                passable.add("arn:" + Aws.PARTITION + ":iam::" + Aws.ACCOUNT_ID + ":role/" + roleName);
            }
        }
        controllerRole.addToPolicy(permissions.passNodeRoles(passable));
        controllerRole.addToPolicy(permissions.createSpotServiceLinkedRole());
        controllerRole.addToPolicy(permissions.readParameters(configParameter.getParameterArn()));
        controllerRole.addToPolicy(permissions.readPrices());
        controllerRole.addToPolicy(permissions.describeCluster());
        controllerRole.addToPolicy(stateStatement());
        queues.provisioning().grantSendMessages(controllerRole);
        decisionBus.grantPutEvents(controllerRole);
    }

    /** The webhook is reachable from the internet: it may only ring the provisioner's bell. */
    private void grantWebhook() {
        queues.provisioning().grantSendMessages(webhookRole);
    }

    /** The item calls docs/state.md lists, on the table and its two indexes: no scans, batches or table management. */
    private PolicyStatement stateStatement() {
        String table = state.table().getTableArn();
        return PolicyStatement.Builder.create()
                .sid("AllowStateTable")
                .actions(STATE_ACTIONS)
                .resources(List.of(table,
                        table + "/index/" + StateTable.BY_INSTANCE_ID,
                        table + "/index/" + StateTable.BY_CLUSTER_PHASE))
                .build();
    }

    private Map<String, String> environment(SpotterClusterProps props) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put(FunctionEnvironment.CLUSTER_NAME, clusterName);
        env.put(FunctionEnvironment.TABLE_NAME, state.table().getTableName());
        env.put(FunctionEnvironment.PROVISIONING_QUEUE_URL, queues.provisioning().getQueueUrl());
        env.put(FunctionEnvironment.INTERRUPTION_QUEUE_URL, queues.interruption().getQueueUrl());
        env.put(FunctionEnvironment.CONFIG_PARAMETER, configParameter.getParameterName());
        env.put(FunctionEnvironment.NODE_ROLE_NAME, props.nodeRoleName());
        env.put(FunctionEnvironment.DRY_RUN, Boolean.toString(props.dryRun()));
        // the tick refreshes the region's instance types and prices hourly; the shipped catalog covers us-east-1 only
        env.put(FunctionEnvironment.LIVE_CATALOG, "true");
        env.put(FunctionEnvironment.EVENT_BUS_NAME, decisionBus.busName());
        return env;
    }

    private StringParameter configParameter(SpotterClusterProps props) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("clusterName", clusterName);
        config.put("dryRun", props.dryRun());
        config.put("rebalance", props.rebalance().configValue());
        config.put("nodePoolsYaml", configuration.yaml());
        String json;
        try {
            json = new ObjectMapper().writeValueAsString(config);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise the configuration object", e);
        }
        boolean advanced = json.getBytes(StandardCharsets.UTF_8).length > STANDARD_PARAMETER_LIMIT;
        return StringParameter.Builder.create(this, "Configuration")
                .parameterName("/spotter/" + clusterName + "/config")
                .description("Spotter configuration for cluster " + clusterName + " (NodePools, EC2NodeClasses, "
                        + "dry run, rebalance)")
                .stringValue(json)
                .tier(advanced ? ParameterTier.ADVANCED : ParameterTier.STANDARD)
                .build();
    }

    private Schedule tickSchedule(Alias tick) {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("kind", "spotter-tick");
        input.put("cluster", clusterName);
        input.put("scheduleArn", ContextAttribute.getScheduleArn());
        input.put("scheduledTime", ContextAttribute.getScheduledTime());
        input.put("executionId", ContextAttribute.getExecutionId());
        input.put("attemptNumber", ContextAttribute.getAttemptNumber());
        return Schedule.Builder.create(this, "TickSchedule")
                .description("Spotter " + clusterName + ": reconcile tick")
                .schedule(ScheduleExpression.rate(Duration.minutes(1)))
                .target(LambdaInvoke.Builder.create(tick)
                        .input(ScheduleTargetInput.fromObject(input))
                        // A missed tick is replaced by the next one a minute later: no retries, no stale ticks.
                        .retryAttempts(0)
                        .maxEventAge(Duration.minutes(1))
                        .build())
                .build();
    }

    static Duration visibilityTimeout(SpotterFunction.Spec consumer) {
        return Duration.seconds(VISIBILITY_TIMEOUT_FACTOR * consumer.timeout().toSeconds().longValue());
    }

    private static Code code(Path artifact) {
        return Code.fromAsset(artifact.toString());
    }

    private static String sha256(Path file) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file),
                MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
