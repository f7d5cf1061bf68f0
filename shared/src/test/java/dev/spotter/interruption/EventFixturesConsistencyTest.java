package dev.spotter.interruption;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The SQS samples wrap the EventBridge samples unchanged: catches a source edited without events/generate.py. */
class EventFixturesConsistencyTest {
    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void sqsSamples_whenComparedWithEventBridgeSamples_carryThemAsTheMessageBody() throws IOException {
        List<Path> sources = list("eventbridge");
        assertThat(sources).hasSizeGreaterThanOrEqualTo(11);

        for (Path source : sources) {
            JsonNode wrapped = mapper.readTree(EventFixtures.read("sqs/" + source.getFileName()));
            JsonNode records = wrapped.get("Records");
            assertThat(records.size()).as(source.getFileName().toString()).isEqualTo(1);
            JsonNode body = mapper.readTree(records.get(0).get("body").asText());
            assertThat(body).as(source.getFileName().toString()).isEqualTo(mapper.readTree(source.toFile()));
        }
    }

    @Test
    void poisonBatch_whenRead_holdsOneBodyThatIsNotJsonBetweenTwoEvents() throws IOException {
        JsonNode records = mapper.readTree(EventFixtures.read("sqs/batch-with-poison.json")).get("Records");

        assertThat(records.size()).isEqualTo(3);
        assertThat(records.get(1).get("body").asText()).doesNotStartWith("{");
        assertThat(mapper.readTree(records.get(0).get("body").asText()).get("detail-type").asText())
                .isEqualTo("EC2 Spot Instance Interruption Warning");
    }

    private static List<Path> list(String folder) throws IOException {
        try (Stream<Path> files = Files.list(EventFixtures.root().resolve(folder))) {
            return files.filter(p -> p.toString().endsWith(".json")).sorted().collect(Collectors.toList());
        }
    }
}
