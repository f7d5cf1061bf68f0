package dev.spotter.scheduling;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SmokeTest {
    @Test
    void ffd_smoke() {
        for (PlacementStrategy s : List.of(new FirstFitDecreasing(), new CostOptimizing())) {
            Plan plan = s.plan(Fixtures.input(Fixtures.pods("web", 10, 1000, 2, Map.of()), Fixtures.generalTypes(),
                    Fixtures.pool("default")).build());
            System.out.println(plan.hourlyCost() + " " + plan.nodeClaims().stream().map(c -> c.instanceTypes().get(0) + "x" + c.pods().size()).toList());
            assertThat(plan.unschedulable()).isEmpty();
        }
    }
}
