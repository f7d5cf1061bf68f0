package dev.spotter.catalog;

import dev.spotter.model.Requirements;
import dev.spotter.model.Resources;

import java.util.List;

/**
 * An instance type as a NodeClass would launch it: its labels (as requirements: single values, except zone and
 * capacity type, which list every offering's), its capacity and allocatable resources under the NodeClass's kubelet
 * settings, and where and at what price it can be bought.
 */
public record InstanceType(
        InstanceSpec spec,
        Requirements requirements,
        Resources capacity,
        Resources allocatable,
        List<Offering> offerings) {

    public InstanceType {
        offerings = List.copyOf(offerings);
    }

    public String name() {
        return spec.name();
    }

    public InstanceType withOfferings(List<Offering> replaced) {
        return new InstanceType(spec, requirements, capacity, allocatable, replaced);
    }
}
