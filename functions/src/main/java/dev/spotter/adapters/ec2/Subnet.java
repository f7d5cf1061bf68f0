package dev.spotter.adapters.ec2;

import java.util.Map;

/** A subnet an EC2NodeClass selects, with the free addresses EC2 last reported. */
record Subnet(String id, String zone, int availableIpAddressCount, Map<String, String> tags) {
    Subnet {
        tags = Map.copyOf(tags);
    }
}
