package dev.spotter.catalog;

import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CatalogCsvTest {
    private static final String HEADER = String.join(",", CatalogCsv.REQUIRED_COLUMNS);

    /** A row in REQUIRED_COLUMNS order. */
    private static String row(String name, String vcpu, String odPrice) {
        return String.join(",", name, "m7i", "current", "x86_64", vcpu, "8192", "0", "", "", "", "", "0", "",
                "3", "10", "29", "0", odPrice, "61", "us-east-1a;us-east-1b", "nitro", "false", "false", "true", "Intel");
    }

    @Test
    void loadDefault_whenShippedCatalog_readsEveryRowWithZoneNames() {
        Catalog catalog = CatalogCsv.loadDefault();

        assertThat(catalog.region()).isEqualTo("us-east-1");
        assertThat(catalog.size()).isEqualTo(1354);
        InstanceSpec m7i = catalog.find("m7i.large").orElseThrow();
        assertThat(m7i.vcpu()).isEqualTo(2);
        assertThat(m7i.memoryMib()).isEqualTo(8192);
        assertThat(m7i.maxPodsEni()).isEqualTo(29);
        assertThat(m7i.onDemandPrice()).isEqualTo(0.1008);
        assertThat(m7i.spotSavingsPercent()).isEqualTo(61);
        assertThat(m7i.zones()).containsExactly("us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d", "us-east-1f");
        assertThat(m7i.currentGeneration()).isTrue();
        assertThat(m7i.processorManufacturer()).isEqualTo("Intel");
    }

    @Test
    void loadDefault_whenMacOrUnpricedRow_keepsItWithNaNPrice() {
        InstanceSpec mac = CatalogCsv.loadDefault().find("mac1.metal").orElseThrow();

        assertThat(mac.arch()).isEqualTo("x86_64_mac");
        assertThat(mac.onDemandPrice()).isNaN();
        assertThat(mac.spotSavingsPercent()).isZero();
        assertThat(mac.hypervisor()).isEmpty();
        assertThat(mac.bareMetal()).isTrue();
    }

    @Test
    void loadDefault_whenGpuAndNeuronRows_readsDevices() {
        Catalog catalog = CatalogCsv.loadDefault();
        InstanceSpec g5 = catalog.find("g5.xlarge").orElseThrow();
        InstanceSpec inf2 = catalog.find("inf2.xlarge").orElseThrow();

        assertThat(g5.gpuCount()).isEqualTo(1);
        assertThat(g5.gpuName()).isEqualTo("A10G");
        assertThat(g5.gpuManufacturer()).isEqualTo("NVIDIA");
        assertThat(g5.gpuMemoryMib()).isEqualTo(22888);
        assertThat(inf2.acceleratorName()).isEqualTo("Inferentia2");
        assertThat(inf2.acceleratorManufacturer()).isEqualTo("AWS");
        assertThat(inf2.acceleratorCount()).isEqualTo(1);
    }

    @Test
    void parse_whenEmptyOnDemandPrice_readsNaN() {
        List<InstanceSpec> specs = CatalogCsv.parse("t.csv", new StringReader(HEADER + "\n" + row("m7i.large", "2", "") + "\n"));

        assertThat(specs).singleElement().satisfies(s -> assertThat(s.onDemandPrice()).isNaN());
    }

    @Test
    void parse_whenMalformedNumber_namesFileLineAndColumn() {
        String csv = HEADER + "\n" + row("m7i.large", "2", "0.1") + "\n" + row("m7i.xlarge", "four", "0.2") + "\n";

        assertThatThrownBy(() -> CatalogCsv.parse("my-catalog.csv", new StringReader(csv)))
                .isInstanceOf(CatalogFormatException.class)
                .hasMessageContaining("my-catalog.csv")
                .hasMessageContaining("line 3")
                .hasMessageContaining("column vcpu")
                .hasMessageContaining("'four'")
                .hasMessageContaining("m7i.xlarge")
                .satisfies(e -> {
                    CatalogFormatException error = (CatalogFormatException) e;
                    assertThat(error.line()).isEqualTo(3);
                    assertThat(error.column()).isEqualTo("vcpu");
                });
    }

    @Test
    void parse_whenTooFewFields_namesTheLine() {
        String csv = HEADER + "\nm7i.large,m7i,current\n";

        assertThatThrownBy(() -> CatalogCsv.parse("short.csv", new StringReader(csv)))
                .isInstanceOf(CatalogFormatException.class)
                .hasMessageContaining("short.csv: line 2")
                .hasMessageContaining("3 fields");
    }

    @Test
    void parse_whenColumnMissing_namesTheColumn() {
        String csv = HEADER.replace("od_price_usd_hr", "price") + "\n";

        assertThatThrownBy(() -> CatalogCsv.parse("old.csv", new StringReader(csv)))
                .isInstanceOf(CatalogFormatException.class)
                .hasMessageContaining("old.csv: line 1, column od_price_usd_hr: missing column");
    }

    @Test
    void parse_whenBadBoolean_namesColumn() {
        String csv = HEADER + "\n" + row("m7i.large", "2", "0.1").replace(",true,Intel", ",yes,Intel") + "\n";

        assertThatThrownBy(() -> CatalogCsv.parse("b.csv", new StringReader(csv)))
                .hasMessageContaining("column spot_supported")
                .hasMessageContaining("'yes' is not true or false");
    }

    @Test
    void split_whenQuotedFieldWithComma_keepsItWhole() {
        assertThat(CatalogCsv.split("q.csv", 1, "a,\"b,c\",\"say \"\"hi\"\"\",")).containsExactly("a", "b,c", "say \"hi\"", "");
    }

    @Test
    void load_whenFile_readsItForTheGivenRegion() throws Exception {
        Path file = Files.createTempFile("catalog", ".csv");
        try {
            Files.writeString(file, HEADER + "\n" + row("m7i.large", "2", "0.1") + "\n");
            Catalog catalog = CatalogCsv.load(file, "eu-west-1");
            assertThat(catalog.region()).isEqualTo("eu-west-1");
            assertThat(catalog.find("m7i.large")).isPresent();
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
