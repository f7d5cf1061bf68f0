package dev.spotter.infra;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The deployment package of each function: one shaded, minimised jar per function, built by the functions module's
 * package phase as {@code functions/target/spotter-<function>.jar} (see docs/packaging.md). Each function deploys only
 * its own: the webhook's holds no EC2, EKS or Kubernetes client, the interruption handler's no Pricing client.
 */
public record FunctionArtifacts(Path webhook, Path provisioner, Path interruption, Path tick, Path setup) {
    /** Where the functions module writes the jars, relative to infra-cdk/. */
    public static final String DEFAULT_DIRECTORY = "../functions/target";
    static final String BUILD_HINT = "build them first with `./mvnw -B package -pl functions -am -DskipTests` from the "
            + "repository root, or pass -c functionsDir=DIR";

    public FunctionArtifacts {
        Objects.requireNonNull(webhook, "webhook");
        Objects.requireNonNull(provisioner, "provisioner");
        Objects.requireNonNull(interruption, "interruption");
        Objects.requireNonNull(tick, "tick");
        Objects.requireNonNull(setup, "setup");
    }

    /** The five jars by their build names in {@code directory}. */
    public static FunctionArtifacts in(Path directory) {
        return new FunctionArtifacts(directory.resolve("spotter-webhook.jar"), directory.resolve("spotter-provisioner.jar"),
                directory.resolve("spotter-interruption.jar"), directory.resolve("spotter-tick.jar"),
                directory.resolve("spotter-setup.jar"));
    }

    /** Each function's jar by name, in a stable order. */
    public Map<String, Path> byFunction() {
        Map<String, Path> all = new LinkedHashMap<>();
        all.put("webhook", webhook);
        all.put("provisioner", provisioner);
        all.put("interruption", interruption);
        all.put("tick", tick);
        all.put("setup", setup);
        return all;
    }

    /** Fails synth, naming every missing jar, when one of them does not exist. */
    FunctionArtifacts requireAll() {
        String missing = byFunction().entrySet().stream().filter(e -> !Files.isRegularFile(e.getValue()))
                .map(e -> e.getKey() + " (" + e.getValue().toAbsolutePath() + ")")
                .reduce((a, b) -> a + ", " + b).orElse("");
        if (!missing.isEmpty()) {
            throw new InvalidConfigurationException("the function artifacts do not exist: " + missing + "; " + BUILD_HINT);
        }
        return this;
    }
}
