package dev.spotter.config;

import java.util.Map;

/**
 * One term of an EC2NodeClass selector (subnets, security groups, AMIs, capacity reservations): the fields set are
 * ANDed, the terms of a list ORed. Unset strings are empty.
 */
public record SelectorTerm(String id, String name, String alias, String owner, Map<String, String> tags) {
    public SelectorTerm {
        id = id == null ? "" : id;
        name = name == null ? "" : name;
        alias = alias == null ? "" : alias;
        owner = owner == null ? "" : owner;
        tags = Map.copyOf(tags);
    }
}
