package dev.spotter.functions.provisioner;

import dev.spotter.catalog.CapacityType;
import dev.spotter.catalog.InstanceType;
import dev.spotter.catalog.Offering;
import dev.spotter.catalog.OfferingKey;
import dev.spotter.config.NodeClass;
import dev.spotter.testing.Orchestration;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The source remembers its last resolutions: the same question gets the same answer without walking the catalog. */
class InstanceTypeSourceTest {
    private final InstanceTypeSource source = Orchestration.instanceTypes();
    private final NodeClass nodeClass = Orchestration.config("demo").nodeClasses().get(0);

    @Test
    void theSameQuestionIsAnsweredFromMemoryAndAChangedOneAfresh() {
        Set<String> zones = Set.of("us-east-1a", "us-east-1b");
        List<InstanceType> first = source.forNodeClass(nodeClass, zones, Set.of());
        assertThat(source.forNodeClass(nodeClass, Set.of("us-east-1b", "us-east-1a"), Set.of())).isSameAs(first);

        OfferingKey gone = new OfferingKey(CapacityType.SPOT, "m5.large", "us-east-1a");
        List<InstanceType> without = source.forNodeClass(nodeClass, zones, Set.of(gone));
        assertThat(without).isNotSameAs(first);
        Offering offering = without.stream().filter(t -> t.name().equals("m5.large")).findFirst().orElseThrow()
                .offerings().stream().filter(o -> o.zone().equals("us-east-1a") && o.capacityType() == CapacityType.SPOT)
                .findFirst().orElseThrow();
        assertThat(offering.available()).isFalse();
        assertThatThrownBy(() -> first.remove(0)).isInstanceOf(UnsupportedOperationException.class);
    }
}
