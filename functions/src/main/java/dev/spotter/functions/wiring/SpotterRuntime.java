package dev.spotter.functions.wiring;

import dev.spotter.adapters.dynamodb.DynamoDbNodeClaimStore;
import dev.spotter.adapters.dynamodb.DynamoDbProvisioningLease;
import dev.spotter.adapters.dynamodb.DynamoDbUnavailableOfferings;
import dev.spotter.adapters.ec2.AwsClients;
import dev.spotter.adapters.ec2.Ec2CloudProvider;
import dev.spotter.adapters.kubernetes.EksClusterInfo;
import dev.spotter.adapters.kubernetes.KubernetesClients;
import dev.spotter.adapters.kubernetes.KubernetesClusterApi;
import dev.spotter.adapters.kubernetes.KubernetesEventRecorder;
import dev.spotter.catalog.Catalog;
import dev.spotter.catalog.CatalogCsv;
import dev.spotter.catalog.InstanceTypeResolver;
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
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import dev.spotter.adapters.dynamodb.DynamoDbCatalogCache;
import dev.spotter.adapters.ec2.AwsClients;
import dev.spotter.adapters.pricing.LiveCatalog;
import dev.spotter.catalog.CatalogCache;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.time.Duration;
import java.util.Optional;
import java.time.Clock;
import java.util.function.Supplier;

/**
 * The composition root: builds the adapters the handlers use, each on first use (never during function
 * initialisation, so that a SnapStart snapshot holds no credentials, tokens or connections). Tests replace any part
 * through {@link #builder(Environment)}.
 */
public final class SpotterRuntime {
    /** The live catalog changes rarely (new types, price updates); an hourly refresh keeps it current. */
    public static final Duration CATALOG_REFRESH_INTERVAL = Duration.ofHours(1);
    private static final Logger LOG = LoggerFactory.getLogger(SpotterRuntime.class);

    private final Environment env;
    private final Clock clock;
    private final Lazy<SpotterSettings> settings;
    private final Lazy<NodeClaimStore> claims;
    private final Lazy<ProvisioningLease> lease;
    private final Lazy<UnavailableOfferings> unavailable;
    private final Lazy<CloudProvider> cloud;
    private final Lazy<ClusterApi> clusterApi;
    private final Lazy<ClusterInfo> clusterInfo;
    private final Lazy<InstanceTypeSource> instanceTypes;
    private final Lazy<CatalogCache> catalogCache;
    private final Lazy<SpotterMetrics> metrics;
    private final Lazy<ProvisioningQueue> provisioningQueue;
    private final Scheduler scheduler;

    private SpotterRuntime(Builder b) {
        this.env = b.env;
        this.clock = b.clock;
        Lazy<DynamoDbClient> dynamo = Lazy.of(() -> DynamoDbClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build());
        this.settings = Lazy.of(or(b.settings, () -> new SettingsLoader(env, Json.MAPPER, new SsmParameters()::read).load()));
        this.claims = Lazy.of(or(b.claims, () -> new DynamoDbNodeClaimStore(dynamo.get(), table())));
        this.lease = Lazy.of(or(b.lease, () -> new DynamoDbProvisioningLease(dynamo.get(), table())));
        this.unavailable = Lazy.of(or(b.unavailable, () -> new DynamoDbUnavailableOfferings(dynamo.get(), table(), cluster())));
        this.cloud = Lazy.of(or(b.cloud, () -> ec2(env)));
        Lazy<KubernetesClients> eks = Lazy.of(KubernetesClients::create);
        this.clusterApi = Lazy.of(or(b.clusterApi, () -> kubernetes(kubernetesClient(eks))));
        this.clusterInfo = Lazy.of(or(b.clusterInfo, () -> toClusterInfo(eks.get().describe(cluster()))));
        this.catalogCache = Lazy.of(or(b.catalogCache, () -> new DynamoDbCatalogCache(dynamo.get(), table())));
        this.instanceTypes = Lazy.of(or(b.instanceTypes, this::defaultInstanceTypes));
        this.metrics = Lazy.of(or(b.metrics, PowertoolsSpotterMetrics::create));
        this.provisioningQueue = Lazy.of(or(b.provisioningQueue,
                () -> SqsProvisioningQueue.lazy(env.required("SPOTTER_PROVISIONING_QUEUE_URL"))));
        this.scheduler = b.scheduler != null ? b.scheduler : Scheduler.create();
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

    public ClaimLauncher claimLauncher() {
        return new ClaimLauncher(new LaunchWithFallback(cloud(), unavailable(), clock), cloud(), claims(), instanceTypes(),
                clusterInfo, clock);
    }

    public ProvisioningPass provisioningPass() {
        return new ProvisioningPass(cluster(), clusterApi(), claims(), lease(), unavailable(), instanceTypes(),
                cloud(), claimLauncher(), scheduler, clock);
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

    private String table() {
        return env.required("SPOTTER_TABLE_NAME");
    }

    /**
     * SPOTTER_KUBERNETES_URL points at any API server (a local one, or the mock server in tests), authenticated by
     * SPOTTER_KUBERNETES_TOKEN if set; otherwise the EKS cluster, with an IAM bearer token.
     */
    private KubernetesClient kubernetesClient(Lazy<KubernetesClients> eks) {
        String url = env.optional("SPOTTER_KUBERNETES_URL", "");
        if (url.isEmpty()) {
            return eks.get().forEksCluster(cluster());
        }
        String token = env.optional("SPOTTER_KUBERNETES_TOKEN", "");
        return KubernetesClients.forEndpoint(url, null, token.isEmpty() ? null : () -> token);
    }

    private ClusterApi kubernetes(KubernetesClient client) {
        String reporter = env.optional("AWS_LAMBDA_FUNCTION_NAME", "spotter");
        return new KubernetesClusterApi(client, new KubernetesEventRecorder(client, clock, reporter));
    }

    private static ClusterInfo toClusterInfo(EksClusterInfo eks) {
        return new ClusterInfo(eks.name(), eks.endpoint(), eks.certificateAuthority(), eks.kubernetesVersion(), eks.serviceCidr());
    }

    /**
     * SPOTTER_AMI_PARAMETER_ROOT moves the public AMI parameters (/aws/service/...) to a root of the same layout, for
     * emulators that, like AWS, refuse writes under /aws (moto in scripts/local-env.sh). Deployments leave it unset.
     */
    private static CloudProvider ec2(Environment env) {
        String parameterRoot = env.optional("SPOTTER_AMI_PARAMETER_ROOT", "");
        return parameterRoot.isEmpty() ? Ec2CloudProvider.create()
                : new Ec2CloudProvider(AwsClients.ec2(), AwsClients.ssm(), parameterRoot);
    }

    /**
     * The shipped us-east-1 catalog, or with SPOTTER_LIVE_CATALOG=true (the deployment sets it) the region's catalog
     * the tick last fetched from EC2 and the Pricing API into the cache; the shipped one whenever none is cached.
     */
    private InstanceTypeSource defaultInstanceTypes() {
        Catalog catalog = liveCatalog() ? cachedCatalog() : CatalogCsv.loadDefault();
        return new InstanceTypeSource(catalog, InstanceTypeResolver.estimated(catalog));
    }

    private Catalog cachedCatalog() {
        try {
            return catalogCache.get().get(region()).map(cached -> new Catalog(cached.region(), cached.specs()))
                    .orElseGet(CatalogCsv::loadDefault);
        } catch (RuntimeException e) {
            LOG.warn("cannot read the cached catalog of {}; using the shipped one: {}", region(), e.toString());
            return CatalogCsv.loadDefault();
        }
    }

    /**
     * Fetches the region's instance types and prices into the cache when the cached copy is older than
     * {@link #CATALOG_REFRESH_INTERVAL} (live catalog only); a failed call falls back to the shipped catalog.
     * Returns whether it fetched.
     */
    public boolean refreshCatalogIfStale() {
        if (!liveCatalog()) {
            return false;
        }
        Optional<CatalogCache.CachedCatalog> cached = catalogCache.get().get(region());
        if (cached.isPresent() && cached.get().fetchedAt().isAfter(clock.instant().minus(CATALOG_REFRESH_INTERVAL))) {
            return false;
        }
        new LiveCatalog(AwsClients.ec2(), AwsClients.pricing(), region(), CatalogCsv.loadDefault(), catalogCache.get(), clock)
                .refresh();
        return true;
    }

    private boolean liveCatalog() {
        return Boolean.parseBoolean(env.optional("SPOTTER_LIVE_CATALOG", "false"));
    }

    private String region() {
        return env.optional("AWS_REGION", CatalogCsv.DEFAULT_REGION);
    }

    private static <T> Supplier<T> or(T given, Supplier<T> fallback) {
        return given != null ? () -> given : fallback;
    }

    /** Overrides for tests and the local invoke command; anything not set is built from the environment. */
    public static final class Builder {
        private final Environment env;
        private Clock clock = Clock.systemUTC();
        private SpotterSettings settings;
        private NodeClaimStore claims;
        private ProvisioningLease lease;
        private UnavailableOfferings unavailable;
        private CloudProvider cloud;
        private ClusterApi clusterApi;
        private ClusterInfo clusterInfo;
        private InstanceTypeSource instanceTypes;
        private CatalogCache catalogCache;
        private SpotterMetrics metrics;
        private ProvisioningQueue provisioningQueue;
        private Scheduler scheduler;

        private Builder(Environment env) {
            this.env = env;
        }

        public Builder clock(Clock value) { this.clock = value; return this; }
        public Builder settings(SpotterSettings value) { this.settings = value; return this; }
        public Builder claims(NodeClaimStore value) { this.claims = value; return this; }
        public Builder lease(ProvisioningLease value) { this.lease = value; return this; }
        public Builder unavailable(UnavailableOfferings value) { this.unavailable = value; return this; }
        public Builder cloud(CloudProvider value) { this.cloud = value; return this; }
        public Builder clusterApi(ClusterApi value) { this.clusterApi = value; return this; }
        public Builder clusterInfo(ClusterInfo value) { this.clusterInfo = value; return this; }
        public Builder instanceTypes(InstanceTypeSource value) { this.instanceTypes = value; return this; }
        public Builder catalogCache(CatalogCache value) { this.catalogCache = value; return this; }
        public Builder metrics(SpotterMetrics value) { this.metrics = value; return this; }
        public Builder provisioningQueue(ProvisioningQueue value) { this.provisioningQueue = value; return this; }
        /** The placement engine; Scheduler.create() (the default strategy) unless set. */
        public Builder scheduler(Scheduler value) { this.scheduler = value; return this; }

        public SpotterRuntime build() {
            return new SpotterRuntime(this);
        }
    }
}
