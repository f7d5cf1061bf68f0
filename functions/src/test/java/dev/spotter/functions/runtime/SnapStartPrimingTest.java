package dev.spotter.functions.runtime;

import dev.spotter.interruption.InterruptionParsers;
import dev.spotter.lifecycle.LifecyclePlanner;
import dev.spotter.lifecycle.LifecycleSettings;
import dev.spotter.scheduling.Plan;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SnapStart readiness: what runs before the snapshot (the Lambda constructors and the CRaC beforeCheckpoint hooks)
 * must build no AWS or Kubernetes client and open no connection, or the snapshot would hold credentials, tokens and
 * sockets that are stale after restore. The handlers are loaded in a class loader of their own that records every
 * class it is asked for: a client cannot be built without loading its builder, HTTP client and credential provider.
 */
class SnapStartPrimingTest {
    /**
     * Classes whose loading means a client, an HTTP connection or a credential lookup was set up. Interfaces and
     * exceptions may load (the verifier needs them for the handlers' lazy factories); implementations may not.
     */
    private static final Pattern FORBIDDEN = Pattern.compile(String.join("|",
            "software\\.amazon\\.awssdk\\.(core|awscore)\\.client\\.builder\\..*",
            "software\\.amazon\\.awssdk\\.services\\..*\\.Default\\w*ClientBuilder",
            "software\\.amazon\\.awssdk\\.http\\.urlconnection\\..*",
            "software\\.amazon\\.awssdk\\.auth\\.credentials\\.(?!AwsCredentialsProvider$).*",
            "software\\.amazon\\.awssdk\\.regions\\.providers\\..*",
            "io\\.fabric8\\.kubernetes\\.client\\.(KubernetesClientBuilder|jdkhttp\\..*|impl\\..*)"));
    private static final List<String> HANDLERS = List.of(
            "dev.spotter.functions.provisioner.ProvisionerHandler",
            "dev.spotter.functions.interruption.InterruptionHandler",
            "dev.spotter.functions.tick.ReconcileTickHandler");

    private final List<URI> connectionsAttempted = new CopyOnWriteArrayList<>();
    private ProxySelector previousProxySelector;

    /** Every URL connection (HttpURLConnection, java.net.http) asks the default ProxySelector first: record those. */
    @BeforeEach
    void watchConnections() {
        previousProxySelector = ProxySelector.getDefault();
        ProxySelector.setDefault(new ProxySelector() {
            @Override
            public List<Proxy> select(URI uri) {
                connectionsAttempted.add(uri);
                return List.of(Proxy.NO_PROXY);
            }

            @Override
            public void connectFailed(URI uri, SocketAddress address, IOException e) {
                // recorded in select already
            }
        });
    }

    @AfterEach
    void restoreProxySelector() {
        ProxySelector.setDefault(previousProxySelector);
    }

    @Test
    void beforeCheckpoint_whenLambdaConstructsEachHandler_primesWithoutBuildingClientsOrConnecting() throws Exception {
        try (RecordingClassLoader loader = new RecordingClassLoader()) {
            List<String> primed = new ArrayList<>();
            for (String handler : HANDLERS) {
                loader.loadClass(handler).getConstructor().newInstance();
            }
            Class<?> priming = loader.loadClass(Priming.class.getName());
            for (Object registered : (List<?>) priming.getMethod("registered").invoke(null)) {
                boolean ok = (boolean) priming.getMethod("prime").invoke(registered);
                assertThat(ok).as("warm-up %s succeeded", priming.getMethod("name").invoke(registered)).isTrue();
                primed.add((String) priming.getMethod("name").invoke(registered));
            }

            assertThat(primed).containsExactly("provisioner", "interruption", "reconcile tick");
            assertThat(loader.loaded).as("classes loaded by the constructors and warm-ups")
                    .contains("dev.spotter.scheduling.Scheduler", "dev.spotter.catalog.CatalogCsv")
                    .noneMatch(SnapStartPrimingTest::forbidden);
            assertThat(connectionsAttempted).isEmpty();
        }
    }

    /** The control: were a warm-up to build a client, the recording loader would see it. */
    @Test
    void recordingClassLoader_whenAClientBuilderIsCreated_seesForbiddenClasses() throws Exception {
        try (RecordingClassLoader loader = new RecordingClassLoader()) {
            loader.loadClass("software.amazon.awssdk.services.dynamodb.DynamoDbClient").getMethod("builder").invoke(null);

            assertThat(loader.loaded).anyMatch(SnapStartPrimingTest::forbidden);
        }
    }

    @Test
    void provisioner_whenRun_plansThePrimingClusterOnTheCatalog() {
        Plan plan = WarmUps.planOnce();

        assertThat(plan.nodeClaims()).isNotEmpty();
        assertThat(plan.placedPodCount()).isEqualTo(WarmUps.primingCluster().pendingPods().size());
        assertThat(Priming.register("provisioner-test", WarmUps.provisioner()).prime()).isTrue();
    }

    @Test
    void interruptionAndTick_whenRun_succeedOnTheShippedSamples() {
        Priming interruption = Priming.register("interruption-test",
                WarmUps.interruption(InterruptionParsers.defaults(Json.MAPPER)));
        Priming tick = Priming.register("tick-test", WarmUps.tick(new LifecyclePlanner(LifecycleSettings.DEFAULT)));

        assertThat(interruption.prime()).isTrue();
        assertThat(tick.prime()).isTrue();
        assertThat(connectionsAttempted).isEmpty();
    }

    private static boolean forbidden(String className) {
        return FORBIDDEN.matcher(className).matches();
    }

    /** Loads the test class path itself (only the JDK comes from the parent) and records every class asked for. */
    private static final class RecordingClassLoader extends URLClassLoader {
        private final Set<String> loaded = ConcurrentHashMap.newKeySet();

        RecordingClassLoader() {
            super(classPath(), ClassLoader.getPlatformClassLoader());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            loaded.add(name);
            return super.loadClass(name, resolve);
        }

        /** Surefire may hide the class path in a manifest-only jar; it names the real one in this property. */
        private static URL[] classPath() {
            String path = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
            List<URL> urls = new ArrayList<>();
            for (String entry : path.split(File.pathSeparator)) {
                if (!entry.isBlank()) {
                    try {
                        urls.add(Path.of(entry).toUri().toURL());
                    } catch (MalformedURLException e) {
                        throw new IllegalStateException("class path entry " + entry, e);
                    }
                }
            }
            return urls.toArray(URL[]::new);
        }
    }
}
