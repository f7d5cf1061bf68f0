package dev.spotter.testing;

import dev.spotter.adapters.kubernetes.KubernetesClients;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * The real Kubernetes control plane scripts/k8s-control-plane.sh starts on 127.0.0.1 (etcd, kube-apiserver,
 * kube-controller-manager, kube-scheduler, kwok) and describes in {@code SPOTTER_TEST_K8S_*} variables, which
 * scripts/test-all.sh exports. Without them the tests that need it fail at once, naming the script.
 *
 * <p>{@link #admin()} sets the cluster up and reads it back (system:masters); {@link #impersonating} is the
 * identity Spotter's functions have in EKS: a user in the stack's Kubernetes group, whose rights come only from the
 * ClusterRole the stack applies.
 */
public final class KubernetesControlPlane {
    public static final String URL_VARIABLE = "SPOTTER_TEST_K8S_URL";
    private static final int TIMEOUT_MILLIS = 20_000;

    private static KubernetesClient admin;

    private KubernetesControlPlane() {
    }

    public static String url() {
        return variable(URL_VARIABLE);
    }

    /** The CA that signed the API server's certificate and the test webhook's, base64 of PEM as EKS gives it. */
    public static String caData() {
        try {
            return java.util.Base64.getEncoder().encodeToString(Files.readAllBytes(Path.of(variable("SPOTTER_TEST_K8S_CA_FILE"))));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the control plane's CA", e);
        }
    }

    /** A cluster-admin client shared by the tests (do not close it). */
    public static synchronized KubernetesClient admin() {
        if (admin == null) {
            admin = client(base().build());
        }
        return admin;
    }

    /** A new cluster-admin client (the caller closes it). */
    public static KubernetesClient newAdmin() {
        return client(base().build());
    }

    /**
     * A new client acting as {@code user} in {@code groups} (the admin certificate impersonates them, so RBAC decides
     * on their rights alone); timeouts and no HTTP retry as {@link KubernetesClients#forEndpoint} sets for Spotter.
     */
    public static KubernetesClient impersonating(String user, String... groups) {
        return client(base().withImpersonateUsername(user).withImpersonateGroups(groups).build());
    }

    /** TLS for a server the API server calls (the webhook): a certificate for 127.0.0.1 signed by the test CA. */
    public static SSLContext webhookSslContext() {
        char[] password = variable("SPOTTER_TEST_K8S_WEBHOOK_KEYSTORE_PASSWORD").toCharArray();
        try (InputStream in = Files.newInputStream(Path.of(variable("SPOTTER_TEST_K8S_WEBHOOK_KEYSTORE")))) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot load the webhook's keystore", e);
        }
    }

    /** A fresh namespace (the controller-manager gives it its default ServiceAccount, which pods need). */
    public static String namespace(String prefix) {
        String name = TestAws.uniqueName(prefix);
        admin().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build()).create();
        await(Duration.ofSeconds(30), "the default ServiceAccount of namespace " + name,
                () -> admin().serviceAccounts().inNamespace(name).withName("default").get() != null);
        return name;
    }

    /**
     * Polls until {@code done} holds, failing with {@code what} after {@code limit}: for the cluster's own controllers
     * (scheduler, kwok, controller-manager), which act on their own time. A wait, never a performance assertion.
     */
    public static void await(Duration limit, String what, BooleanSupplier done) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + limit.toSeconds() + " s: " + what);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            }
        }
    }

    private static ConfigBuilder base() {
        return new ConfigBuilder(Config.empty())
                .withMasterUrl(url())
                .withCaCertFile(variable("SPOTTER_TEST_K8S_CA_FILE"))
                .withClientCertFile(variable("SPOTTER_TEST_K8S_CLIENT_CERT_FILE"))
                .withClientKeyFile(variable("SPOTTER_TEST_K8S_CLIENT_KEY_FILE"))
                .withConnectionTimeout(TIMEOUT_MILLIS)
                .withRequestTimeout(TIMEOUT_MILLIS)
                .withRequestRetryBackoffLimit(0);
    }

    private static KubernetesClient client(Config config) {
        return new KubernetesClientBuilder().withConfig(config).withHttpClientFactory(new JdkHttpClientFactory()).build();
    }

    private static String variable(String name) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("no Kubernetes control plane for the tests: " + name + " is not set. "
                    + "scripts/test-all.sh starts one; by hand: scripts/k8s-control-plane.sh start target/k8s "
                    + "&& source target/k8s/env");
        }
        return value;
    }
}
