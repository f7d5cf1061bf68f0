package dev.spotter.functions.wiring;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spotter.config.ConfigException;
import dev.spotter.functions.runtime.Environment;
import dev.spotter.functions.runtime.Json;
import dev.spotter.interruption.RebalanceMode;
import dev.spotter.testing.Orchestration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SettingsLoaderTest {
    private static final String PARAMETER = "/spotter/demo/config";
    private static final String YAML = Orchestration.configYaml("demo");

    private final List<String> parametersRead = new ArrayList<>();

    @TempDir
    Path dir;

    @Test
    void load_whenSsmParameterHoldsTheObject_readsClusterDryRunRebalanceAndNodePools() {
        SpotterSettings settings = loader(Map.of(SettingsLoader.CONFIG_PARAMETER, PARAMETER),
                object("demo", true, "off", YAML)).load();

        assertThat(parametersRead).containsExactly(PARAMETER);
        assertThat(settings.cluster()).isEqualTo("demo");
        assertThat(settings.dryRun()).isTrue();
        assertThat(settings.rebalance()).isEqualTo(RebalanceMode.OFF);
        assertThat(settings.config().nodePools()).extracting(p -> p.name()).containsExactly("default");
        assertThat(settings.config().nodeClasses()).extracting(c -> c.name()).containsExactly("default");
    }

    @Test
    void load_whenObjectOmitsOptionalFields_defaultsToActingAndReplacingOnRebalance() {
        ObjectNode minimal = Json.MAPPER.createObjectNode().put("clusterName", "demo").put("nodePoolsYaml", YAML);

        SpotterSettings settings = loader(Map.of(SettingsLoader.CONFIG_PARAMETER, PARAMETER), minimal.toString()).load();

        assertThat(settings.dryRun()).isFalse();
        assertThat(settings.rebalance()).isEqualTo(RebalanceMode.REPLACE);
    }

    @Test
    void load_whenEnvironmentOverridesTheObject_theEnvironmentWins() {
        SpotterSettings settings = loader(Map.of(SettingsLoader.CONFIG_PARAMETER, PARAMETER,
                SettingsLoader.CLUSTER_NAME, "other", SettingsLoader.DRY_RUN, "TRUE", SettingsLoader.REBALANCE, "Replace"),
                object("demo", false, "off", YAML)).load();

        assertThat(settings.cluster()).isEqualTo("other");
        assertThat(settings.dryRun()).isTrue();
        assertThat(settings.rebalance()).isEqualTo(RebalanceMode.REPLACE);
    }

    @Test
    void load_whenConfigFileIsGiven_readsItWithTheEnvironment() throws IOException {
        Path file = Files.writeString(dir.resolve("nodepools.yaml"), YAML);

        SpotterSettings settings = loader(Map.of(SettingsLoader.CONFIG_FILE, file.toString(),
                SettingsLoader.CLUSTER_NAME, "demo", SettingsLoader.DRY_RUN, "false"), null).load();

        assertThat(parametersRead).isEmpty();
        assertThat(settings.cluster()).isEqualTo("demo");
        assertThat(settings.dryRun()).isFalse();
        assertThat(settings.rebalance()).isEqualTo(RebalanceMode.REPLACE);
        assertThat(settings.config().nodePool("default")).isPresent();
    }

    @Test
    void load_whenInlineYamlIsGiven_readsIt() {
        SpotterSettings settings = loader(Map.of(SettingsLoader.CONFIG_YAML, YAML, SettingsLoader.CLUSTER_NAME, "demo",
                SettingsLoader.REBALANCE, "off"), null).load();

        assertThat(settings.config().nodePools()).hasSize(1);
        assertThat(settings.rebalance()).isEqualTo(RebalanceMode.OFF);
    }

    @Test
    void load_whenNothingConfigured_namesTheThreeWaysToConfigure() {
        assertThatThrownBy(() -> loader(Map.of(SettingsLoader.CLUSTER_NAME, "demo"), null).load())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("SPOTTER_CONFIG_PARAMETER").hasMessageContaining("SPOTTER_CONFIG_FILE")
                .hasMessageContaining("SPOTTER_CONFIG_YAML");
    }

    @Test
    void load_whenFileIsMissing_namesTheFile() {
        Path missing = dir.resolve("missing.yaml");

        assertThatThrownBy(() -> loader(Map.of(SettingsLoader.CONFIG_FILE, missing.toString(),
                SettingsLoader.CLUSTER_NAME, "demo"), null).load())
                .isInstanceOf(UncheckedIOException.class).hasMessageContaining(missing.toString());
    }

    @Test
    void load_whenFileIsEmpty_saysSoInsteadOfAskingForConfiguration() throws IOException {
        Path empty = Files.writeString(dir.resolve("empty.yaml"), "\n");

        assertThatThrownBy(() -> loader(Map.of(SettingsLoader.CONFIG_FILE, empty.toString(),
                SettingsLoader.CLUSTER_NAME, "demo"), null).load())
                .hasMessageContaining("configuration file " + empty + " (SPOTTER_CONFIG_FILE) is empty");
    }

    @Test
    void load_whenYamlHasNoClusterName_namesTheVariable() {
        assertThatThrownBy(() -> loader(Map.of(SettingsLoader.CONFIG_YAML, YAML), null).load())
                .hasMessageContaining("SPOTTER_CLUSTER_NAME");
    }

    @Test
    void load_whenParameterIsNotJson_namesTheParameter() {
        assertThatThrownBy(() -> loader(Map.of(SettingsLoader.CONFIG_PARAMETER, PARAMETER), "clusterName: demo").load())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("ssm:" + PARAMETER + ": the configuration object is not JSON");
    }

    @Test
    void load_whenParameterIsAJsonArray_saysAnObjectIsExpected() {
        assertThatThrownBy(() -> loader(Map.of(SettingsLoader.CONFIG_PARAMETER, PARAMETER), "[1, 2]").load())
                .hasMessageContaining("ssm:" + PARAMETER + ": the configuration must be a JSON object")
                .hasMessageContaining("not array");
    }

    @Test
    void load_whenObjectLacksNodePools_namesTheField() {
        assertThatThrownBy(() -> loader(Map.of(SettingsLoader.CONFIG_PARAMETER, PARAMETER), "{\"clusterName\":\"demo\"}").load())
                .hasMessage("ssm:" + PARAMETER + ": the configuration object has no 'nodePoolsYaml'");
    }

    @Test
    void load_whenNodePoolsAreNotAString_namesTheField() {
        ObjectNode object = Json.MAPPER.createObjectNode().put("clusterName", "demo");
        object.putObject("nodePoolsYaml").put("kind", "NodePool");

        assertThatThrownBy(() -> loader(Map.of(SettingsLoader.CONFIG_PARAMETER, PARAMETER), object.toString()).load())
                .hasMessageContaining("'nodePoolsYaml' must be the NodePool and EC2NodeClass YAML as one non-empty string, not object");
    }

    @Test
    void load_whenNodePoolYamlIsWrong_namesTheParameterTheObjectAndTheField() {
        String broken = YAML.replace("operator: In\n          values: [spot, on-demand]", "operator: Inn\n          values: [spot, on-demand]");
        assertThat(broken).isNotEqualTo(YAML);

        assertThatThrownBy(() -> loader(Map.of(SettingsLoader.CONFIG_PARAMETER, PARAMETER), object("demo", false, "off", broken)).load())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("ssm:" + PARAMETER + ": NodePool/default: spec.template.spec.requirements[0].operator")
                .hasMessageContaining("Inn");
    }

    @Test
    void load_whenNoClusterNameAnywhere_saysWhereToPutIt() {
        ObjectNode object = Json.MAPPER.createObjectNode().put("nodePoolsYaml", YAML);

        assertThatThrownBy(() -> loader(Map.of(SettingsLoader.CONFIG_PARAMETER, PARAMETER), object.toString()).load())
                .hasMessage("ssm:" + PARAMETER + ": no cluster name ('clusterName' or SPOTTER_CLUSTER_NAME)");
    }

    @Test
    void load_whenDryRunIsNeitherTrueNorFalse_refusesItNamingTheField() {
        ObjectNode object = Json.MAPPER.createObjectNode().put("clusterName", "demo").put("dryRun", "yes").put("nodePoolsYaml", YAML);

        assertThatThrownBy(() -> loader(Map.of(SettingsLoader.CONFIG_PARAMETER, PARAMETER), object.toString()).load())
                .hasMessage("ssm:" + PARAMETER + ": 'dryRun'='yes' is not true or false");
    }

    @Test
    void load_whenDryRunVariableIsNeitherTrueNorFalse_refusesItNamingTheVariable() {
        assertThatThrownBy(() -> loader(Map.of(SettingsLoader.CONFIG_YAML, YAML, SettingsLoader.CLUSTER_NAME, "demo",
                SettingsLoader.DRY_RUN, "1"), null).load())
                .hasMessage("SPOTTER_DRY_RUN='1' is not true or false");
    }

    @Test
    void load_whenRebalanceIsUnknown_namesTheFieldAndTheAllowedValues() {
        assertThatThrownBy(() -> loader(Map.of(SettingsLoader.CONFIG_PARAMETER, PARAMETER), object("demo", false, "sometimes", YAML)).load())
                .hasMessageContaining("ssm:" + PARAMETER + ": 'rebalance': rebalance mode 'sometimes' is not one of off, replace");
    }

    @Test
    void load_whenTheParameterCannotBeRead_namesTheParameter() {
        SettingsLoader loader = new SettingsLoader(new Environment(Map.of(SettingsLoader.CONFIG_PARAMETER, PARAMETER)), Json.MAPPER,
                name -> {
                    throw new IllegalStateException("ParameterNotFound: Parameter " + name + " not found.");
                });

        assertThatThrownBy(loader::load)
                .hasMessageContaining("cannot read the configuration parameter " + PARAMETER + " (SPOTTER_CONFIG_PARAMETER) from SSM")
                .hasMessageContaining("ParameterNotFound");
    }

    private SettingsLoader loader(Map<String, String> variables, String parameterValue) {
        Function<String, String> reader = name -> {
            parametersRead.add(name);
            return parameterValue;
        };
        return new SettingsLoader(new Environment(new HashMap<>(variables)), Json.MAPPER, reader);
    }

    private static String object(String cluster, boolean dryRun, String rebalance, String yaml) {
        return Json.MAPPER.createObjectNode().put("clusterName", cluster).put("dryRun", dryRun).put("rebalance", rebalance)
                .put("nodePoolsYaml", yaml).toString();
    }
}
