package dev.spotter.adapters.ec2;

import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;

import java.util.Comparator;
import java.util.Map;
import java.util.UUID;

/**
 * A VPC with subnets and security groups tagged for one test cluster, AMI parameters in SSM, against whatever
 * AWS_ENDPOINT_URL names (moto in scripts/test-all.sh; LocalStack or a real account also work). Every name carries a
 * random suffix, so tests sharing one server do not see each other's resources.
 */
final class Ec2TestEnvironment {
    final String cluster = "it-" + UUID.randomUUID().toString().substring(0, 8);
    final String discoveryKey = "karpenter.sh/discovery";
    final Ec2Client ec2 = Ec2Client.builder().httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    final SsmClient ssm = SsmClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    /**
     * Nobody may write under /aws/service (moto refuses as AWS does), so the tests put the AMI parameters under a
     * private root of the same layout, on moto, LocalStack and a real account alike.
     */
    final String parameterRoot = "/spotter-it/" + cluster + "/aws/service";
    final String vpcId;
    final String subnetA;
    final String subnetASmall;
    final String subnetB;
    final String securityGroup;
    final String namedSecurityGroupName = "nodes-" + cluster;
    final String namedSecurityGroup;
    final Image amd64Image;
    final Image arm64Image;

    Ec2TestEnvironment() {
        vpcId = ec2.createVpc(r -> r.cidrBlock("10.42.0.0/16")).vpc().vpcId();
        subnetA = subnet("10.42.1.0/24", "us-east-1a", Map.of(discoveryKey, cluster));
        subnetASmall = subnet("10.42.2.0/26", "us-east-1a", Map.of(discoveryKey, cluster));
        subnetB = subnet("10.42.3.0/24", "us-east-1b", Map.of(discoveryKey, cluster, "tier", "private"));
        securityGroup = ec2.createSecurityGroup(r -> r.groupName("tagged-" + cluster).description("nodes").vpcId(vpcId)
                .tagSpecifications(tags(ResourceType.SECURITY_GROUP, Map.of(discoveryKey, cluster)))).groupId();
        namedSecurityGroup = ec2.createSecurityGroup(r -> r.groupName(namedSecurityGroupName).description("nodes by name")
                .vpcId(vpcId)).groupId();
        amd64Image = newestAmazonImage("al2023-ami-2023.*-kernel-6.1-x86_64");
        arm64Image = newestAmazonImage("al2023-ami-2023.*-kernel-6.1-arm64");
        putParameter("/eks/optimized-ami/1.31/amazon-linux-2023/x86_64/standard/recommended/image_id", amd64Image.imageId());
        putParameter("/eks/optimized-ami/1.31/amazon-linux-2023/arm64/standard/recommended/image_id", arm64Image.imageId());
    }

    private String subnet(String cidr, String zone, Map<String, String> tags) {
        return ec2.createSubnet(r -> r.vpcId(vpcId).cidrBlock(cidr).availabilityZone(zone)
                .tagSpecifications(tags(ResourceType.SUBNET, tags))).subnet().subnetId();
    }

    private Image newestAmazonImage(String namePattern) {
        return ec2.describeImagesPaginator(r -> r.owners("amazon").filters(Filter.builder().name("name").values(namePattern).build()))
                .images().stream().max(Comparator.comparing(Image::creationDate).thenComparing(Image::name)).orElseThrow(
                        () -> new IllegalStateException("the endpoint has no Amazon image named " + namePattern));
    }

    void putParameter(String relativePath, String value) {
        ssm.putParameter(r -> r.name(parameterRoot + relativePath).value(value).type(ParameterType.STRING).overwrite(true));
    }

    static TagSpecification tags(ResourceType type, Map<String, String> tags) {
        return TagSpecification.builder().resourceType(type)
                .tags(tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList()).build();
    }
}
