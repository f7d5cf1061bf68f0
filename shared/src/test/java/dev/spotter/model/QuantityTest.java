package dev.spotter.model;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QuantityTest {
    @Test
    void parseMillis_whenCpuForms_givesMillicores() {
        assertThat(Quantity.parseMillis("250m")).isEqualTo(250);
        assertThat(Quantity.parseMillis("1.5")).isEqualTo(1500);
        assertThat(Quantity.parseMillis("2")).isEqualTo(2000);
        assertThat(Quantity.parseMillis("0.0001")).isEqualTo(1);
    }

    @Test
    void parseValue_whenBinaryAndDecimalSuffixes_givesBytes() {
        assertThat(Quantity.parseValue("512Mi")).isEqualTo(512L << 20);
        assertThat(Quantity.parseValue("1Gi")).isEqualTo(1L << 30);
        assertThat(Quantity.parseValue("2G")).isEqualTo(2_000_000_000L);
        assertThat(Quantity.parseValue("7935188Ki")).isEqualTo(7935188L * 1024);
        assertThat(Quantity.parseValue("1e3")).isEqualTo(1000);
        assertThat(Quantity.parseValue("1.5Gi")).isEqualTo(3L << 29);
    }

    @Test
    void parseValue_whenFraction_roundsUp() {
        assertThat(Quantity.parseValue("100m")).isEqualTo(1);
        assertThat(Quantity.parseValue("1.2")).isEqualTo(2);
    }

    @Test
    void parseValue_whenExaSuffixes_givesBytes() {
        // regression: E and Ei were unknown suffixes, so a Node reporting them could not be read
        assertThat(Quantity.parseValue("1E")).isEqualTo(1_000_000_000_000_000_000L);
        assertThat(Quantity.parseValue("2Ei")).isEqualTo(2L << 60);
        assertThat(Quantity.parseValue("1E3")).as("an exponent, not exa").isEqualTo(1000);
    }

    @Test
    void parse_whenOutOfRange_throwsATypedErrorQuickly() {
        assertThatThrownBy(() -> Quantity.parseValue("8Ei")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("too large");
        assertThatThrownBy(() -> Quantity.parseValue("1e999999999")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("out of range");
        assertThat(Quantity.parseValue("1e-999999999")).isEqualTo(1);
        assertThatThrownBy(() -> Quantity.parseValue("1".repeat(100))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("too long");
    }

    @Test
    void parse_whenMalformed_throwsNamingTheText() {
        assertThatThrownBy(() -> Quantity.parseValue("abc")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'abc'");
        assertThatThrownBy(() -> Quantity.parseValue("5Xi")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("suffix 'Xi'");
        assertThatThrownBy(() -> Quantity.parseValue("-1")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("negative");
        assertThatThrownBy(() -> Quantity.parseValue(" ")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
    }

    @Test
    void resourcesParse_whenResourceList_keepsCpuInMillis() {
        Resources resources = Resources.parse(Map.of("cpu", "500m", "memory", "1Gi", "nvidia.com/gpu", "1"));

        assertThat(resources.cpuMillis()).isEqualTo(500);
        assertThat(resources.memoryBytes()).isEqualTo(1L << 30);
        assertThat(resources.get(Resources.NVIDIA_GPU)).isEqualTo(1);
    }
}
