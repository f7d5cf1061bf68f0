package dev.spotter.bench;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;

import static org.assertj.core.api.Assertions.assertThat;

/** The Alibaba trace reader on hostile files (issue 9): pods, or an IllegalArgumentException naming file and line. */
class AlibabaTraceFuzzTest {
    private static final String HEADER = "name,cpu_milli,memory_mib,num_gpu,gpu_milli,gpu_spec,qos,pod_phase,creation_time,deletion_time,scheduled_time\n";

    @Property(tries = 500)
    void parse_anyRows_arePodsOrANamedIllegalArgument(@ForAll("rows") String rows, @ForAll boolean withHeader) throws IOException {
        String text = (withHeader ? HEADER : "") + rows;
        try {
            assertThat(AlibabaTrace.parse(new BufferedReader(new StringReader(text)), "fuzz.csv")).isNotNull();
        } catch (IllegalArgumentException e) {
            assertThat(e.getMessage()).contains("fuzz.csv");
        }
    }

    @Provide
    Arbitrary<String> rows() {
        Arbitrary<String> cell = Arbitraries.oneOf(Arbitraries.strings().withChars("0123456789-.eE").ofMaxLength(25),
                Arbitraries.strings().ofMaxLength(10), Arbitraries.of("", "9223372036854775807", "-1", "A10", "G3"));
        Arbitrary<String> row = cell.list().ofMaxSize(13).map(cells -> String.join(",", cells));
        return Arbitraries.oneOf(row.list().ofMaxSize(5).map(lines -> String.join("\n", lines)),
                Arbitraries.strings().ofMaxLength(300));
    }
}
