package dev.spotter.adapters.ec2;

import dev.spotter.config.NodeClass;
import dev.spotter.config.PlacementGroup;
import dev.spotter.config.PlacementGroupSelector;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesRequest;
import software.amazon.awssdk.services.ec2.model.DescribePlacementGroupsRequest;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Instance;

import java.util.Optional;

/**
 * Resolves an EC2NodeClass's placementGroupSelector with DescribePlacementGroups (by name or id). The zone of a
 * cluster group is that of an instance already running in it (DescribeInstances filtered on placement-group-name);
 * an empty group has none yet, and the first launch picks it.
 */
final class PlacementGroupResolver {
    private final Ec2Client ec2;

    PlacementGroupResolver(Ec2Client ec2) {
        this.ec2 = ec2;
    }

    Optional<PlacementGroup> resolve(NodeClass nodeClass) {
        PlacementGroupSelector selector = nodeClass.placementGroupSelector();
        if (!selector.isSet()) {
            return Optional.empty();
        }
        DescribePlacementGroupsRequest.Builder request = DescribePlacementGroupsRequest.builder();
        if (!selector.id().isEmpty()) {
            request.groupIds(selector.id());
        } else {
            request.groupNames(selector.name());
        }
        software.amazon.awssdk.services.ec2.model.PlacementGroup found;
        try {
            found = ec2.describePlacementGroups(request.build()).placementGroups().stream().findFirst().orElse(null);
        } catch (Ec2Exception e) {
            if (Ec2Errors.code(e).startsWith("InvalidPlacementGroup")) {
                return Optional.empty();
            }
            throw e;
        }
        if (found == null) {
            return Optional.empty();
        }
        PlacementGroup.Strategy strategy = PlacementGroup.Strategy.fromLabel(found.strategyAsString())
                .orElse(PlacementGroup.Strategy.CLUSTER);
        String zone = "";
        if (strategy == PlacementGroup.Strategy.CLUSTER) {
            zone = ec2.describeInstances(DescribeInstancesRequest.builder().filters(
                            SelectorFilters.filter("placement-group-name", found.groupName()),
                            SelectorFilters.filter("instance-state-name", "pending", "running")).build())
                    .reservations().stream().flatMap(r -> r.instances().stream()).map(Instance::placement)
                    .filter(p -> p != null && p.availabilityZone() != null).map(p -> p.availabilityZone())
                    .findFirst().orElse("");
        }
        int partitions = found.partitionCount() == null ? 0 : found.partitionCount();
        return Optional.of(new PlacementGroup(found.groupName(), found.groupId(), strategy, partitions, zone));
    }
}
