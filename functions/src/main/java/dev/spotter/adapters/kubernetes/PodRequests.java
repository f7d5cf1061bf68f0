package dev.spotter.adapters.kubernetes;

import dev.spotter.model.Resources;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;

import java.util.HashMap;
import java.util.Map;

import static dev.spotter.adapters.kubernetes.LabelSelectors.orEmpty;

/**
 * A pod's effective requests, computed as the scheduler does (k8s.io/component-helpers resource.PodRequests): the
 * larger of the app containers' sum and the peak during init, plus pod overhead. Sidecars (init containers with
 * restartPolicy Always) keep running, so they add to the app sum and to every later init step.
 */
final class PodRequests {
    private PodRequests() {
    }

    static Resources of(PodSpec spec) {
        Resources apps = Resources.NONE;
        for (Container container : orEmpty(spec.getContainers())) {
            apps = apps.plus(requests(container));
        }
        Resources sidecars = Resources.NONE;
        Resources initPeak = Resources.NONE;
        for (Container init : orEmpty(spec.getInitContainers())) {
            Resources step;
            if ("Always".equals(init.getRestartPolicy())) {
                apps = apps.plus(requests(init));
                sidecars = sidecars.plus(requests(init));
                step = sidecars;
            } else {
                step = requests(init).plus(sidecars);
            }
            initPeak = initPeak.max(step);
        }
        return apps.max(initPeak).plus(resources(spec.getOverhead()));
    }

    /** A container's requests; a resource with a limit but no request is requested at its limit, as defaulting does. */
    static Resources requests(Container container) {
        ResourceRequirements resources = container.getResources();
        if (resources == null) {
            return Resources.NONE;
        }
        Map<String, Quantity> effective = new HashMap<>(orEmpty(resources.getLimits()));
        effective.putAll(orEmpty(resources.getRequests()));
        return resources(effective);
    }

    /** A ResourceList in Spotter's units (cpu in millicores). */
    static Resources resources(Map<String, Quantity> list) {
        Resources total = Resources.NONE;
        for (Map.Entry<String, Quantity> entry : orEmpty(list).entrySet()) {
            String name = entry.getKey();
            try {
                total = total.plus(Resources.parse(Map.of(name, asText(name, entry.getValue()))));
            } catch (IllegalArgumentException | ArithmeticException e) {
                throw new IllegalArgumentException("resource " + name + ": " + e.getMessage(), e);
            }
        }
        return total;
    }

    private static String asText(String name, Quantity quantity) {
        if (quantity == null || quantity.getAmount() == null) {
            throw new IllegalArgumentException("resource " + name + " has no quantity");
        }
        return quantity.getAmount() + (quantity.getFormat() == null ? "" : quantity.getFormat());
    }
}
