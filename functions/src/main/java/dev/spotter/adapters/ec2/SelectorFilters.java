package dev.spotter.adapters.ec2;

import dev.spotter.config.SelectorTerm;
import software.amazon.awssdk.services.ec2.model.Filter;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns one EC2NodeClass selector term into EC2 Describe* filters, with Karpenter's semantics: the fields of a term
 * are ANDed (EC2 ANDs filters), the terms of a list ORed (one call per term); a tag value of "*" matches any value.
 */
final class SelectorFilters {
    private SelectorFilters() {
    }

    /** Filters for a term's tags: tag:key=value, or tag-key=key for the "*" wildcard. */
    static List<Filter> tagFilters(Map<String, String> tags) {
        List<Filter> filters = new ArrayList<>();
        new TreeMap<>(tags).forEach((key, value) -> filters.add("*".equals(value)
                ? filter("tag-key", key)
                : filter("tag:" + key, value)));
        return filters;
    }

    static List<Filter> subnetFilters(SelectorTerm term) {
        List<Filter> filters = new ArrayList<>(tagFilters(term.tags()));
        if (!term.id().isEmpty()) {
            filters.add(filter("subnet-id", term.id()));
        }
        return filters;
    }

    static List<Filter> securityGroupFilters(SelectorTerm term) {
        List<Filter> filters = new ArrayList<>(tagFilters(term.tags()));
        if (!term.id().isEmpty()) {
            filters.add(filter("group-id", term.id()));
        }
        if (!term.name().isEmpty()) {
            filters.add(filter("group-name", term.name()));
        }
        return filters;
    }

    static List<Filter> imageFilters(SelectorTerm term) {
        List<Filter> filters = new ArrayList<>(tagFilters(term.tags()));
        if (!term.id().isEmpty()) {
            filters.add(filter("image-id", term.id()));
        }
        if (!term.name().isEmpty()) {
            filters.add(filter("name", term.name()));
        }
        filters.add(filter("state", "available"));
        return filters;
    }

    /** A capacity reservation term: its id, or its tags and owner; only active reservations (Karpenter's query). */
    static List<Filter> capacityReservationFilters(SelectorTerm term) {
        List<Filter> filters = new ArrayList<>(tagFilters(term.tags()));
        if (!term.id().isEmpty()) {
            filters.add(filter("capacity-reservation-id", term.id()));
        }
        if (!term.owner().isEmpty()) {
            filters.add(filter("owner-id", term.owner()));
        }
        filters.add(filter("state", "active"));
        return filters;
    }

    static boolean isEmpty(SelectorTerm term) {
        return term.id().isEmpty() && term.name().isEmpty() && term.alias().isEmpty() && term.owner().isEmpty()
                && term.tags().isEmpty();
    }

    static Filter filter(String name, String... values) {
        return Filter.builder().name(name).values(values).build();
    }
}
