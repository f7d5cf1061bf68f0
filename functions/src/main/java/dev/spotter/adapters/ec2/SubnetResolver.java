package dev.spotter.adapters.ec2;

import dev.spotter.config.NodeClass;
import dev.spotter.config.SelectorTerm;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeSubnetsRequest;
import software.amazon.awssdk.services.ec2.model.Tag;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Finds the subnets an EC2NodeClass selects (one DescribeSubnets call per term) and picks one per zone. */
final class SubnetResolver {
    private final Ec2Client ec2;

    SubnetResolver(Ec2Client ec2) {
        this.ec2 = ec2;
    }

    /** Every subnet some term selects, each once, in id order. */
    List<Subnet> resolve(NodeClass nodeClass) {
        Map<String, Subnet> byId = new TreeMap<>();
        for (SelectorTerm term : nodeClass.subnetSelectorTerms()) {
            if (SelectorFilters.isEmpty(term)) {
                continue;
            }
            DescribeSubnetsRequest request = DescribeSubnetsRequest.builder().filters(SelectorFilters.subnetFilters(term)).build();
            ec2.describeSubnetsPaginator(request).subnets().forEach(subnet -> byId.put(subnet.subnetId(),
                    new Subnet(subnet.subnetId(), subnet.availabilityZone(),
                            subnet.availableIpAddressCount() == null ? 0 : subnet.availableIpAddressCount(),
                            tags(subnet.tags()))));
        }
        return List.copyOf(byId.values());
    }

    /** Per zone, the subnet with the most free addresses (ties broken by id), as Karpenter picks them. */
    static Map<String, Subnet> zonal(List<Subnet> subnets) {
        return subnets.stream().collect(Collectors.groupingBy(Subnet::zone, TreeMap::new, Collectors.collectingAndThen(
                Collectors.toList(), inZone -> inZone.stream()
                        .max(Comparator.comparingInt(Subnet::availableIpAddressCount)
                                .thenComparing(Subnet::id, Comparator.reverseOrder()))
                        .orElseThrow())));
    }

    static Map<String, String> tags(List<Tag> tags) {
        Map<String, String> map = new LinkedHashMap<>();
        if (tags != null) {
            tags.forEach(tag -> map.put(tag.key(), tag.value() == null ? "" : tag.value()));
        }
        return map;
    }
}
