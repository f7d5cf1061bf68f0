package dev.spotter.adapters.ec2;

import dev.spotter.config.NodeClass;
import dev.spotter.config.SelectorTerm;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeSecurityGroupsRequest;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;

import java.util.List;
import java.util.TreeSet;

/** Finds the security groups an EC2NodeClass selects, by id, name or tags (one DescribeSecurityGroups call per term). */
final class SecurityGroupResolver {
    private final Ec2Client ec2;

    SecurityGroupResolver(Ec2Client ec2) {
        this.ec2 = ec2;
    }

    /** The selected group ids, sorted, each once. */
    List<String> resolve(NodeClass nodeClass) {
        TreeSet<String> ids = new TreeSet<>();
        for (SelectorTerm term : nodeClass.securityGroupSelectorTerms()) {
            if (SelectorFilters.isEmpty(term)) {
                continue;
            }
            DescribeSecurityGroupsRequest request = DescribeSecurityGroupsRequest.builder()
                    .filters(SelectorFilters.securityGroupFilters(term)).build();
            ec2.describeSecurityGroupsPaginator(request).securityGroups().stream().map(SecurityGroup::groupId).forEach(ids::add);
        }
        return List.copyOf(ids);
    }
}
