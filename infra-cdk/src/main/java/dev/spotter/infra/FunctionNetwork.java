package dev.spotter.infra;

import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.lambda.Function;

import java.util.List;

/**
 * Where the functions run: outside any VPC (the default; the cluster endpoint is public) or in the given VPC
 * subnets, for clusters whose API endpoint is private. The subnets need a route to the AWS APIs (NAT or endpoints).
 */
record FunctionNetwork(IVpc vpc, SubnetSelection subnets, List<ISecurityGroup> securityGroups) {

    static FunctionNetwork none() {
        return new FunctionNetwork(null, null, List.of());
    }

    static FunctionNetwork of(SpotterClusterProps props) {
        return new FunctionNetwork(props.vpc().orElse(null), props.vpcSubnets().orElse(null),
                props.securityGroups());
    }

    boolean inVpc() {
        return vpc != null;
    }

    void applyTo(Function.Builder builder) {
        if (vpc == null) {
            return;
        }
        builder.vpc(vpc);
        if (subnets != null) {
            builder.vpcSubnets(subnets);
        }
        if (!securityGroups.isEmpty()) {
            builder.securityGroups(securityGroups);
        }
    }
}
