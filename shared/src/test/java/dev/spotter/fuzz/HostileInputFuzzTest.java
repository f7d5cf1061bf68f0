package dev.spotter.fuzz;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spotter.config.ConfigException;
import dev.spotter.config.ConfigLoader;
import dev.spotter.interruption.InterruptionParseException;
import dev.spotter.interruption.InterruptionParsers;
import dev.spotter.manifest.ManifestReader;
import dev.spotter.model.Quantity;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Hostile input at the boundaries the shared module reads (issue 9): the NodePool/EC2NodeClass YAML and manifests,
 * EventBridge event bodies and Kubernetes quantities. Whatever arrives, the reader answers a value or its own typed
 * error naming what was wrong, quickly and without running out of memory.
 */
class HostileInputFuzzTest {
    private static final InterruptionParsers PARSERS = InterruptionParsers.defaults(new ObjectMapper());

    @Property(tries = 300)
    void config_anyText_isParsedOrAConfigException(@ForAll("yamlish") String yaml) {
        Throwable thrown = catchThrowable(() -> ConfigLoader.parse("fuzz.yaml", yaml));
        assertThat(thrown).satisfiesAnyOf(t -> assertThat(t).isNull(), t -> assertThat(t).isInstanceOf(ConfigException.class));
    }

    @Property(tries = 200)
    void manifests_anyText_areReadOrAConfigException(@ForAll("yamlish") String yaml) {
        Throwable thrown = catchThrowable(() -> ManifestReader.read("fuzz.yaml", yaml));
        assertThat(thrown).satisfiesAnyOf(t -> assertThat(t).isNull(), t -> assertThat(t).isInstanceOf(ConfigException.class));
    }

    @Example
    void config_aliasBomb_isRefusedAsAConfigException() {
        StringBuilder yaml = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x]\n");
        for (int i = 1; i < 12; i++) {
            yaml.append("a").append(i).append(": &a").append(i).append(" [");
            for (int j = 0; j < 9; j++) {
                yaml.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
            }
            yaml.append("]\n");
        }
        assertThatThrownBy(() -> ConfigLoader.parse("bomb.yaml", yaml.toString())).isInstanceOf(ConfigException.class)
                .hasMessageContaining("bomb.yaml");
    }

    @Example
    void config_deepNesting_isRefusedAsAConfigException() {
        String yaml = "a: " + "[".repeat(5_000) + "]".repeat(5_000);
        assertThatThrownBy(() -> ConfigLoader.parse("deep.yaml", yaml)).isInstanceOf(ConfigException.class);
        String blocks = "k:\n" + java.util.stream.IntStream.range(1, 200).mapToObj(i -> " ".repeat(i) + "k:\n")
                .reduce("", String::concat);
        assertThatThrownBy(() -> ConfigLoader.parse("deep.yaml", blocks)).isInstanceOf(ConfigException.class);
    }

    @Example
    void config_hugeDocument_isRefusedAsAConfigException() {
        String yaml = "# " + "x".repeat(2 << 20);
        assertThatThrownBy(() -> ConfigLoader.parse("huge.yaml", yaml)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("over the limit");
    }

    @Property(tries = 500)
    void eventBridge_anyBody_isAnEventOrAnInterruptionParseException(@ForAll("jsonish") String body) {
        Throwable thrown = catchThrowable(() -> PARSERS.parse(body));
        assertThat(thrown).satisfiesAnyOf(t -> assertThat(t).isNull(),
                t -> assertThat(t).isInstanceOf(InterruptionParseException.class));
    }

    @Property(tries = 1000)
    void quantity_anyText_isANonNegativeNumberOrAnIllegalArgument(@ForAll("quantityish") String text) {
        try {
            assertThat(Quantity.parseValue(text)).isNotNegative();
            assertThat(Quantity.parseMillis(text)).isNotNegative();
        } catch (IllegalArgumentException e) {
            assertThat(e.getMessage()).isNotBlank();
        }
    }

    @Provide
    Arbitrary<String> yamlish() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(300),
                Arbitraries.strings().withChars("{}[]:-&*!|>'\"#\n ,?%@`abcKkind").ofMaxLength(200),
                Arbitraries.of("apiVersion: karpenter.sh/v1\nkind: NodePool\n", "kind: EC2NodeClass\nspec: {}\n",
                        "--- &a [*a]\n", "!!binary zzz", "apiVersion: v1\nkind: Pod\nspec: {containers: [{resources: {requests: {cpu: 9Ei}}}]}\n"),
                Arbitraries.strings().withChars("{}[]:-\n ").ofMinLength(100).ofMaxLength(3000));
    }

    @Provide
    Arbitrary<String> jsonish() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(300),
                Arbitraries.strings().withChars("{}[]\":,0123456789.-etrufalsn aws.ec2 detail-type").ofMaxLength(300),
                Arbitraries.of("{}", "[]", "null", "{\"source\":\"aws.ec2\"}",
                        "{\"source\":\"aws.ec2\",\"detail-type\":\"EC2 Spot Instance Interruption Warning\",\"detail\":null}",
                        "{\"source\":\"aws.ec2\",\"detail-type\":\"EC2 Spot Instance Interruption Warning\",\"detail\":{\"instance-id\":7}}",
                        "{\"source\":\"aws.health\",\"detail-type\":\"AWS Health Event\",\"detail\":{\"affectedEntities\":\"x\"}}",
                        "[".repeat(100_000)));
    }

    @Provide
    Arbitrary<String> quantityish() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(80),
                Arbitraries.strings().withChars("0123456789.eE+-kMGTPEimnu ").ofMaxLength(40),
                Arbitraries.of("1e999999999", "1e-999999999", "9Ei", "8Ei", "7Ei", "1E", "0.000001n", "NaN", "Infinity"));
    }
}
