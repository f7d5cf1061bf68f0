package dev.spotter.functions.wiring;

import dev.spotter.adapters.aws.CallPolicy;
import dev.spotter.adapters.dynamodb.DynamoDbCatalogCache;
import dev.spotter.adapters.dynamodb.DynamoDbNodeClaimStore;
import dev.spotter.adapters.dynamodb.DynamoDbProvisioningLease;
import dev.spotter.adapters.dynamodb.DynamoDbUnavailableOfferings;
import dev.spotter.adapters.dynamodb.StateTable;
import dev.spotter.adapters.ec2.Ec2CloudProvider;
import dev.spotter.adapters.eventbridge.EventBridgeDecisionEvents;
import dev.spotter.events.DecisionEvents;
import dev.spotter.disruption.DisruptionPlanner;
import dev.spotter.functions.disruption.DisruptionExecutor;
import dev.spotter.functions.disruption.DisruptionSnapshot;
import dev.spotter.adapters.kubernetes.EksClusterInfo;
import dev.spotter.adapters.kubernetes.KubernetesClients;
import dev.spotter.adapters.kubernetes.KubernetesClusterApi;
import dev.spotter.adapters.kubernetes.KubernetesEventRecorder;
import dev.spotter.catalog.CatalogCache;
import dev.spotter.catalog.CatalogCsv;
import dev.spotter.catalog.UnavailableOfferings;
import dev.spotter.cloud.CloudProvider;
import dev.spotter.cloud.ClusterInfo;
import dev.spotter.cloud.LaunchWithFallback;
import dev.spotter.cluster.ClusterApi;
import dev.spotter.functions.provisioner.ClaimLauncher;
import dev.spotter.functions.provisioner.InstanceTypeSource;
import dev.spotter.functions.provisioner.ProvisioningPass;
import dev.spotter.functions.runtime.Environment;
import dev.spotter.functions.runtime.Json;
import dev.spotter.functions.runtime.Lazy;
import dev.spotter.functions.runtime.PowertoolsSpotterMetrics;
import dev.spotter.functions.runtime.ProvisioningQueue;
import dev.spotter.functions.runtime.SpotterMetrics;
import dev.spotter.functions.runtime.SqsProvisioningQueue;
import dev.spotter.functions.tick.LifecycleExecutor;
import dev.spotter.functions.tick.NodeClaimRetirement;
import dev.spotter.lifecycle.LifecycleSettings;
import dev.spotter.nodeclaim.NodeClaimStore;
import dev.spotter.nodeclaim.ProvisioningLease;
import dev.spotter.scheduling.Scheduler;
import io.fabric8.kubernetes.client.KubernetesClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.util.function.Supplier;

/**
 * The composition root: builds the adapters the handlers use, each on first use (never during function
 * initialisation, so that a SnapStart snapshot holds no credentials, tokens or connections). It reads only what a
 * deployment sets; whatever runs the functions elsewhere (the tools module's {@code invoke}, the tests) injects its own
 * adapters or factories through {@link #builder(Environment)}.
 */
public final class SpotterRuntime {

    private final Environment env;
    private final Clock clock;
    private final Lazy<SpotterSettings> settings;
    private final Lazy<NodeClaimStore> claims;
    private final Lazy<ProvisioningLease> lease;
    private final Lazy<UnavailableOfferings> unavailable;
    private final Lazy<CloudProvider> cloud;
    private final Lazy<ClusterApi> clusterApi;
    private final Lazy<ClusterInfo> clusterInfo;
    private final Supplier<InstanceTypeSource> instanceTypes;
    private final Lazy<CatalogCache> catalogCache;
    private final Lazy<SpotterMetrics> metrics;
    private final Lazy<ProvisioningQueue> provisioningQueue;
    private final Lazy<DecisionEvents> events;
    private final Scheduler scheduler;
    private final DisruptionPlanner disruptionPlanner;

    private SpotterRuntime(Builder b) {
        this.env = b.env;
        this.clock = b.clock;
        // Lambdas, not method references or builder calls: the class of a method reference is loaded when the runtime is
        // built, and a builder passed to CallPolicy makes the verifier load the SDK's builder interfaces (SnapStart
        // priming must load no client machinery; SnapStartPrimingTest).
        Lazy<DynamoDbClient> dynamo = Lazy.of(() -> StateTable.client());
        this.settings = Lazy.of(or(b.settings, () -> new SettingsLoader(env, Json.MAPPER, new SsmParameters()::read).load()));
        this.claims = Lazy.of(or(b.claims, () -> new DynamoDbNodeClaimStore(dynamo.get(), table())));
        this.lease = Lazy.of(or(b.lease, () -> new DynamoDbProvisioningLease(dynamo.get(), table())));
        this.unavailable = Lazy.of(or(b.unavailable, () -> new DynamoDbUnavailableOfferings(dynamo.get(), table(), cluster())));
        this.cloud = Lazy.of(or(b.cloud, b.cloudFactory != null ? b.cloudFactory : () -> Ec2CloudProvider.create()));
        Lazy<KubernetesClients> eks = Lazy.of(() -> KubernetesClients.create());
        Supplier<KubernetesClient> kubernetesClient = b.kubernetesClientFactory != null ? b.kubernetesClientFactory
                : () -> eks.get().forEksCluster(cluster());
        this.clusterApi = Lazy.of(or(b.clusterApi, () -> kubernetes(kubernetesClient.get())));
        this.clusterInfo = Lazy.of(or(b.clusterInfo, () -> toClusterInfo(eks.get().describe(cluster()))));
        this.catalogCache = Lazy.of(or(b.catalogCache, () -> new DynamoDbCatalogCache(dynamo.get(), table())));
        InstanceTypeSource givenTypes = b.instanceTypes;
        this.instanceTypes = givenTypes != null ? () -> givenTypes : defaultInstanceTypes();
        this.metrics = Lazy.of(or(b.metrics, PowertoolsSpotterMetrics::create));
        this.provisioningQueue = Lazy.of(or(b.provisioningQueue,
                () -> SqsProvisioningQueue.lazy(env.required("SPOTTER_PROVISIONING_QUEUE_URL"), CallPolicy.PROVISIONING_QUEUE)));
        this.scheduler = b.scheduler != null ? b.scheduler : Scheduler.create();
        this.events = Lazy.of(or(b.events, this::eventBridge));
        this.disruptionPlanner = b.disruptionPlanner;
    }

    /**
     * SPOTTER_EVENT_BUS_NAME names the bus Spotter publishes its decisions to (the stack sets it: its own bus, or
     * {@code default}); unset, nothing is published. A dry run publishes nothing: it decided nothing.
     */
    private DecisionEvents eventBridge() {
        String bus = env.optional("SPOTTER_EVENT_BUS_NAME", "");
        if (bus.isEmpty() || settings().dryRun()) {
            return DecisionEvents.NONE;
        }
        Lazy<software.amazon.awssdk.services.eventbridge.EventBridgeClient> client =
                Lazy.of(EventBridgeDecisionEvents::defaultClient);
        return new EventBridgeDecisionEvents(client::get, bus, metrics(), clock);
    }

    public static SpotterRuntime fromEnvironment() {
        return builder(Environment.system()).build();
    }

    public static Builder builder(Environment env) {
        return new Builder(env);
    }

    public SpotterSettings settings() {
        return settings.get();
    }

    public String cluster() {
        return settings().cluster();
    }

    public Clock clock() {
        return clock;
    }

    public NodeClaimStore claims() {
        return claims.get();
    }

    public ProvisioningLease lease() {
        return lease.get();
    }

    public UnavailableOfferings unavailable() {
        return unavailable.get();
    }

    public CloudProvider cloud() {
        return cloud.get();
    }

    public ClusterApi clusterApi() {
        return clusterApi.get();
    }

    public InstanceTypeSource instanceTypes() {
        return instanceTypes.get();
    }

    public SpotterMetrics metrics() {
        return metrics.get();
    }

    public ProvisioningQueue provisioningQueue() {
        return provisioningQueue.get();
    }

    /** Where decisions are published; built on first use, flushed at the end of each invocation. */
    public DecisionEvents events() {
        return events.get();
    }

    /** Sends the events this invocation published, if any was (an invocation that published none builds nothing). */
    public void flushEvents() {
        if (events.isBuilt()) {
            events.get().flush();
        }
    }

    public ClaimLauncher claimLauncher() {
        return new ClaimLauncher(new LaunchWithFallback(cloud(), unavailable(), clock), cloud(), claims(), instanceTypes(),
                clusterInfo, clock, events());
    }

    public ProvisioningPass provisioningPass() {
        return new ProvisioningPass(cluster(), clusterApi(), claims(), lease(), unavailable(), instanceTypes(),
                cloud(), claimLauncher(), scheduler, clock, events());
    }

    /**
     * The retirement actions, whose cluster and cloud clients are only built when an action first needs them: an
     * interruption batch of no-ops (instances Spotter does not own) then never describes the cluster or signs a token.
     */
    public NodeClaimRetirement retirement() {
        return new NodeClaimRetirement(deferred(ClusterApi.class, clusterApi), deferred(CloudProvider.class, cloud),
                claims(), clock, LifecycleSettings.DEFAULT.tombstoneRetention());
    }

    /** A stand-in for a port that builds the real implementation on its first call. */
    private static <T> T deferred(Class<T> port, Lazy<T> real) {
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                return method.getName().equals("toString") ? "deferred " + port.getSimpleName()
                        : method.getName().equals("hashCode") ? System.identityHashCode(proxy) : proxy == args[0];
            }
            try {
                return method.invoke(real.get(), args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return port.cast(Proxy.newProxyInstance(port.getClassLoader(), new Class<?>[]{port}, handler));
    }

    public LifecycleExecutor lifecycleExecutor() {
        return new LifecycleExecutor(claims(), cloud(), clusterApi(), retirement(), claimLauncher(), clock);
    }

    /**
     * The disruption executor, with the planner SPOTTER_DISRUPTION_STRATEGY names ({@code spotter}, the default, or
     * {@code karpenter}).
     */
    public DisruptionExecutor disruptionExecutor() {
        DisruptionPlanner planner = disruptionPlanner != null ? disruptionPlanner
                : DisruptionPlanner.named(env.optional("SPOTTER_DISRUPTION_STRATEGY", DisruptionPlanner.SPOTTER));
        return new DisruptionExecutor(cluster(), claims(), clusterApi(), retirement(), claimLauncher(),
                new DisruptionSnapshot(clusterApi(), instanceTypes()), planner, events(), metrics(), clock);
    }

    private String table() {
        return env.required("SPOTTER_TABLE_NAME");
    }

    private ClusterApi kubernetes(KubernetesClient client) {
        String reporter = env.optional("AWS_LAMBDA_FUNCTION_NAME", "spotter");
        return new KubernetesClusterApi(client, new KubernetesEventRecorder(client, clock, reporter));
    }

    private static ClusterInfo toClusterInfo(EksClusterInfo eks) {
        return new ClusterInfo(eks.name(), eks.endpoint(), eks.certificateAuthority(), eks.kubernetesVersion(), eks.serviceCidr());
    }

    /**
     * The shipped us-east-1 catalog, or with SPOTTER_LIVE_CATALOG=true (the deployment sets it) the region's catalog
     * and spot prices the tick last fetched into the cache, re-read when the cache holds a newer one (checked at most
     * once a minute); the shipped one whenever none is cached.
     */
    private Supplier<InstanceTypeSource> defaultInstanceTypes() {
        if (liveCatalog()) {
            return new CachedInstanceTypes(region(), catalogCache, clock);
        }
        return Lazy.of(() -> CachedInstanceTypes.shipped());
    }

    /** Where the live catalog is cached (the state table unless injected). */
    public CatalogCache catalogCache() {
        return catalogCache.get();
    }

    /** SPOTTER_LIVE_CATALOG=true (the deployment sets it): plan with the region's catalog the tick refreshes. */
    public boolean liveCatalog() {
        return Boolean.parseBoolean(env.optional("SPOTTER_LIVE_CATALOG", "false"));
    }

    /** The function's region (AWS_REGION), the shipped catalog's when unset. */
    public String region() {
        return env.optional("AWS_REGION", CatalogCsv.DEFAULT_REGION);
    }

    private static <T> Supplier<T> or(T given, Supplier<T> fallback) {
        return given != null ? () -> given : fallback;
    }

    /** Adapters or factories injected by the tests and the tools module; anything not set is built for Lambda. */
    public static final class Builder {
        private final Environment env;
        private Clock clock = Clock.systemUTC();
        private SpotterSettings settings;
        private NodeClaimStore claims;
        private ProvisioningLease lease;
        private UnavailableOfferings unavailable;
        private CloudProvider cloud;
        private Supplier<CloudProvider> cloudFactory;
        private Supplier<KubernetesClient> kubernetesClientFactory;
        private ClusterApi clusterApi;
        private ClusterInfo clusterInfo;
        private InstanceTypeSource instanceTypes;
        private CatalogCache catalogCache;
        private SpotterMetrics metrics;
        private ProvisioningQueue provisioningQueue;
        private Scheduler scheduler;
        private DecisionEvents events;
        private DisruptionPlanner disruptionPlanner;

        private Builder(Environment env) {
            this.env = env;
        }

        public Builder clock(Clock value) { this.clock = value; return this; }
        public Builder settings(SpotterSettings value) { this.settings = value; return this; }
        public Builder claims(NodeClaimStore value) { this.claims = value; return this; }
        public Builder lease(ProvisioningLease value) { this.lease = value; return this; }
        public Builder unavailable(UnavailableOfferings value) { this.unavailable = value; return this; }
        public Builder cloud(CloudProvider value) { this.cloud = value; return this; }
        /** Builds the cloud provider on first use (instead of EC2 on the default chains), unless {@link #cloud} is set. */
        public Builder cloudFactory(Supplier<CloudProvider> value) { this.cloudFactory = value; return this; }
        /**
         * Builds the Kubernetes client on first use, for an API server other than the EKS cluster's (a local one, a
         * test server); unless {@link #clusterApi} is set. The default describes the EKS cluster and signs IAM tokens.
         */
        public Builder kubernetesClientFactory(Supplier<KubernetesClient> value) {
            this.kubernetesClientFactory = value;
            return this;
        }
        public Builder clusterApi(ClusterApi value) { this.clusterApi = value; return this; }
        public Builder clusterInfo(ClusterInfo value) { this.clusterInfo = value; return this; }
        public Builder instanceTypes(InstanceTypeSource value) { this.instanceTypes = value; return this; }
        public Builder catalogCache(CatalogCache value) { this.catalogCache = value; return this; }
        public Builder metrics(SpotterMetrics value) { this.metrics = value; return this; }
        public Builder provisioningQueue(ProvisioningQueue value) { this.provisioningQueue = value; return this; }
        /** The placement engine; Scheduler.create() (the default strategy) unless set. */
        public Builder scheduler(Scheduler value) { this.scheduler = value; return this; }
        /** Where decisions are published; from SPOTTER_EVENT_BUS_NAME unless set. */
        public Builder events(DecisionEvents value) { this.events = value; return this; }
        /** The disruption planner; from SPOTTER_DISRUPTION_STRATEGY unless set. */
        public Builder disruptionPlanner(DisruptionPlanner value) { this.disruptionPlanner = value; return this; }

        public SpotterRuntime build() {
            return new SpotterRuntime(this);
        }
    }
}
