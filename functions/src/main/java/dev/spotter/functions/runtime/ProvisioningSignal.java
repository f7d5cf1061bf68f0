package dev.spotter.functions.runtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.time.Instant;
import java.util.Objects;

/**
 * A doorbell for the provisioner: "look at the pending pods now". It carries no state the provisioner relies on (it
 * reads the cluster itself), so losing or repeating one is harmless; {@code pod} and {@code reason} are for logs.
 *
 * @param reason why it rang, e.g. {@code pod-created}, {@code spot-interruption}
 * @param pod    {@code namespace/name} of the pod that caused it, or of its generateName prefix; empty if none
 * @param at     when it rang
 */
public record ProvisioningSignal(String reason, String pod, Instant at) {
    public static final String POD_CREATED = "pod-created";

    public ProvisioningSignal {
        Objects.requireNonNull(reason, "reason");
        pod = pod == null ? "" : pod;
        Objects.requireNonNull(at, "at");
    }

    public String toJson(ObjectMapper mapper) {
        try {
            return mapper.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write provisioning signal " + this, e);
        }
    }

    /** @throws IllegalArgumentException when the body is not a signal, naming what is wrong */
    public static ProvisioningSignal fromJson(ObjectMapper mapper, String body) {
        try {
            ProvisioningSignal signal = mapper.readValue(body, ProvisioningSignal.class);
            if (signal == null) {
                throw new IllegalArgumentException("provisioning signal body is empty");
            }
            return signal;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a provisioning signal (" + e.getMessage() + ")", e);
        }
    }
}
