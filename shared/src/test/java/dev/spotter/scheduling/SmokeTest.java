package dev.spotter.scheduling;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SmokeTest {
    @Test
    void ffd_smoke() {
        Plan plan = new FirstFitDecreasing().plan(Fixtures.input(Fixtures.pods("web", 10, 1000, 2, Map.of()), Fixtures.generalTypes(),
                Fixtures.pool("default")).build());
        System.out.println(plan);
        assertThat(plan.unschedulable()).isEmpty();
    }
}
