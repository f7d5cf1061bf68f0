package dev.spotter.config;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class YamlDocumentsTest {

    @Test
    void read_whenDocumentsAreEmpty_skipsThemAndKeepsTheOthersIndices() {
        var documents = YamlDocuments.read("m.yaml", "---\na: 1\n---\n---\nb: 2\n---\n");

        assertThat(documents).extracting(YamlDocuments.Document::index).containsExactly(1, 3);
        assertThat(documents).extracting(d -> d.tree().size()).containsExactly(1, 1);
    }
}
