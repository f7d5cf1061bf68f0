package dev.spotter.infra;

/** Names of the environment variables the functions read (documented in docs/deploy.md). */
final class FunctionEnvironment {

    static final String CLUSTER_NAME = "SPOTTER_CLUSTER_NAME";
    static final String TABLE_NAME = "SPOTTER_TABLE_NAME";
    static final String PROVISIONING_QUEUE_URL = "SPOTTER_PROVISIONING_QUEUE_URL";
    static final String INTERRUPTION_QUEUE_URL = "SPOTTER_INTERRUPTION_QUEUE_URL";
    static final String CONFIG_PARAMETER = "SPOTTER_CONFIG_PARAMETER";
    static final String NODE_ROLE_NAME = "SPOTTER_NODE_ROLE_NAME";
    static final String DRY_RUN = "SPOTTER_DRY_RUN";
    static final String LIVE_CATALOG = "SPOTTER_LIVE_CATALOG";
    static final String EVENT_BUS_NAME = "SPOTTER_EVENT_BUS_NAME";
    static final String WEBHOOK_PATH_SECRET = "SPOTTER_WEBHOOK_PATH_SECRET";
    static final String POWERTOOLS_SERVICE_NAME = "POWERTOOLS_SERVICE_NAME";
    static final String POWERTOOLS_METRICS_NAMESPACE = "POWERTOOLS_METRICS_NAMESPACE";
    static final String JAVA_TOOL_OPTIONS = "JAVA_TOOL_OPTIONS";

    static final String METRICS_NAMESPACE = "Spotter";
    /** Tiered compilation stopped at C1: the JIT work of a short-lived function pays off only at level 1. */
    static final String FAST_START_JVM_OPTIONS = "-XX:+TieredCompilation -XX:TieredStopAtLevel=1";

    private FunctionEnvironment() {
    }
}
