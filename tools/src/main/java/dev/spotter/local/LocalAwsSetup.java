package dev.spotter.local;

import dev.spotter.adapters.dynamodb.StateTable;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.Subnet;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.ec2.model.Vpc;
import software.amazon.awssdk.services.eks.EksClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Creates, on an AWS emulator (moto's server) or in an account, what the functions need to run against it: the state
 * table (with {@link StateTable}'s schema), the provisioning queue, a VPC whose subnets and security group carry the
 * EC2NodeClass discovery tag, the AMI parameters under a private root, and an EKS cluster. Every step first looks for
 * what an earlier run made, so running it twice changes nothing.
 */
final class LocalAwsSetup {
    static final String DISCOVERY_TAG = "karpenter.sh/discovery";
    static final String OWNER_TAG = "spotter-local";
    private static final String CIDR_PREFIX = "10.77.";

    private final DynamoDbClient dynamo;
    private final SqsClient sqs;
    private final Ec2Client ec2;
    private final SsmClient ssm;
    private final EksClient eks;
    private final Consumer<String> progress;

    LocalAwsSetup(DynamoDbClient dynamo, SqsClient sqs, Ec2Client ec2, SsmClient ssm, EksClient eks, Consumer<String> progress) {
        this.dynamo = dynamo;
        this.sqs = sqs;
        this.ec2 = ec2;
        this.ssm = ssm;
        this.eks = eks;
        this.progress = progress;
    }

    /** What was set up, as the environment variables the functions read. */
    record Result(String tableName, String queueUrl, String vpcId, List<String> subnetIds, String securityGroupId,
                  String amiParameterRoot, String clusterName) {
    }

    Result run(String cluster, String region, String kubernetesVersion) {
        String table = stateTable("spotter-" + cluster + "-state");
        String queue = sqs.createQueue(b -> b.queueName("spotter-" + cluster + "-provisioning")).queueUrl();
        progress.accept("provisioning queue " + queue);
        String vpc = vpc(cluster);
        List<String> subnets = subnets(vpc, cluster, region);
        String securityGroup = securityGroup(vpc, cluster);
        String parameterRoot = "/spotter-local/" + cluster + "/aws/service";
        amiParameters(parameterRoot, kubernetesVersion);
        eksCluster(cluster, kubernetesVersion, subnets, securityGroup);
        return new Result(table, queue, vpc, subnets, securityGroup, parameterRoot, cluster);
    }

    private String stateTable(String name) {
        try {
            dynamo.describeTable(b -> b.tableName(name));
            progress.accept("state table " + name + " (already there)");
        } catch (ResourceNotFoundException e) {
            StateTable.create(dynamo, name);
            progress.accept("state table " + name + " (created)");
        }
        return name;
    }

    private String vpc(String cluster) {
        Optional<Vpc> existing = ec2.describeVpcs(b -> b.filters(tagFilter(OWNER_TAG, cluster))).vpcs().stream().findFirst();
        if (existing.isPresent()) {
            progress.accept("VPC " + existing.get().vpcId() + " (already there)");
            return existing.get().vpcId();
        }
        String id = ec2.createVpc(b -> b.cidrBlock(CIDR_PREFIX + "0.0/16")
                .tagSpecifications(tags(ResourceType.VPC, Map.of(OWNER_TAG, cluster, "Name", "spotter-local-" + cluster))))
                .vpc().vpcId();
        progress.accept("VPC " + id + " (created)");
        return id;
    }

    /** One subnet per zone a, b and c of the region, tagged for discovery. */
    private List<String> subnets(String vpc, String cluster, String region) {
        List<Subnet> existing = ec2.describeSubnets(b -> b.filters(vpcFilter(vpc), tagFilter(DISCOVERY_TAG, cluster))).subnets();
        List<String> ids = new ArrayList<>();
        String[] zones = {"a", "b", "c"};
        for (int i = 0; i < zones.length; i++) {
            String zone = region + zones[i];
            Optional<Subnet> inZone = existing.stream().filter(s -> s.availabilityZone().equals(zone)).findFirst();
            if (inZone.isPresent()) {
                ids.add(inZone.get().subnetId());
                continue;
            }
            String cidr = CIDR_PREFIX + (i + 1) + ".0/24";
            ids.add(ec2.createSubnet(b -> b.vpcId(vpc).cidrBlock(cidr).availabilityZone(zone)
                    .tagSpecifications(tags(ResourceType.SUBNET, Map.of(DISCOVERY_TAG, cluster, "Name", "spotter-local-" + zone))))
                    .subnet().subnetId());
        }
        progress.accept("subnets " + ids + " tagged " + DISCOVERY_TAG + "=" + cluster);
        return ids;
    }

    private String securityGroup(String vpc, String cluster) {
        Optional<SecurityGroup> existing = ec2.describeSecurityGroups(b -> b.filters(vpcFilter(vpc), tagFilter(DISCOVERY_TAG, cluster)))
                .securityGroups().stream().findFirst();
        String id = existing.map(SecurityGroup::groupId).orElseGet(() -> ec2.createSecurityGroup(b -> b
                .groupName("spotter-local-nodes-" + cluster).description("Spotter local nodes").vpcId(vpc)
                .tagSpecifications(tags(ResourceType.SECURITY_GROUP, Map.of(DISCOVERY_TAG, cluster)))).groupId());
        progress.accept("security group " + id + " tagged " + DISCOVERY_TAG + "=" + cluster);
        return id;
    }

    /**
     * The parameters an al2023@latest or bottlerocket@latest alias reads, under {@code root} instead of /aws/service
     * (which nobody may write), each naming an Amazon Linux 2023 image the endpoint knows for the architecture.
     */
    private void amiParameters(String root, String version) {
        String amd64 = image("x86_64");
        String arm64 = image("arm64");
        Map<String, String> parameters = new LinkedHashMap<>();
        String al2023 = root + "/eks/optimized-ami/" + version + "/amazon-linux-2023/";
        for (String variant : List.of("standard", "nvidia", "neuron")) {
            parameters.put(al2023 + "x86_64/" + variant + "/recommended/image_id", amd64);
        }
        for (String variant : List.of("standard", "nvidia")) {
            parameters.put(al2023 + "arm64/" + variant + "/recommended/image_id", arm64);
        }
        for (String flavour : List.of("", "-nvidia")) {
            parameters.put(root + "/bottlerocket/aws-k8s-" + version + flavour + "/x86_64/latest/image_id", amd64);
            parameters.put(root + "/bottlerocket/aws-k8s-" + version + flavour + "/arm64/latest/image_id", arm64);
        }
        parameters.forEach((name, value) -> ssm.putParameter(b -> b.name(name).value(value).type(ParameterType.STRING).overwrite(true)));
        progress.accept(parameters.size() + " AMI parameters under " + root + " (amd64 " + amd64 + ", arm64 " + arm64 + ")");
    }

    private String image(String architecture) {
        List<Image> images = ec2.describeImagesPaginator(b -> b.owners("amazon").filters(
                Filter.builder().name("name").values("al2023-ami-2023.*").build(),
                Filter.builder().name("architecture").values(architecture).build())).images().stream().toList();
        if (images.isEmpty()) {
            images = ec2.describeImagesPaginator(b -> b.owners("amazon").filters(
                    Filter.builder().name("architecture").values(architecture).build())).images().stream().toList();
        }
        return images.stream().max(Comparator.comparing((Image i) -> String.valueOf(i.creationDate())).thenComparing(Image::imageId))
                .map(Image::imageId)
                .orElseThrow(() -> new IllegalStateException("the endpoint knows no Amazon " + architecture
                        + " image to stand in for the EKS-optimized AMI"));
    }

    private void eksCluster(String cluster, String version, List<String> subnets, String securityGroup) {
        try {
            eks.describeCluster(b -> b.name(cluster));
            progress.accept("EKS cluster " + cluster + " (already there)");
        } catch (software.amazon.awssdk.services.eks.model.ResourceNotFoundException e) {
            eks.createCluster(b -> b.name(cluster).version(version)
                    .roleArn("arn:aws:iam::123456789012:role/spotter-local-cluster")
                    .resourcesVpcConfig(v -> v.subnetIds(subnets).securityGroupIds(securityGroup))
                    .kubernetesNetworkConfig(k -> k.serviceIpv4Cidr("172.20.0.0/16")));
            progress.accept("EKS cluster " + cluster + " " + version + " (created)");
        }
    }

    private static Filter tagFilter(String key, String value) {
        return Filter.builder().name("tag:" + key).values(value).build();
    }

    private static Filter vpcFilter(String vpc) {
        return Filter.builder().name("vpc-id").values(vpc).build();
    }

    private static TagSpecification tags(ResourceType type, Map<String, String> tags) {
        return TagSpecification.builder().resourceType(type)
                .tags(tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList())
                .build();
    }
}
