package dev.spotter.adapters.ec2;

import dev.spotter.catalog.InstanceSpec;
import dev.spotter.cloud.ClusterInfo;
import dev.spotter.cloud.NodeClassNotReadyException;
import dev.spotter.config.AmiFamily;
import dev.spotter.config.NodeClass;
import dev.spotter.config.SelectorTerm;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeImagesRequest;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Picks the AMI of each candidate instance type from an EC2NodeClass's amiSelectorTerms. An alias (al2023@latest,
 * al2023@v20240807, bottlerocket@latest, bottlerocket@v1.20.3) reads the public SSM parameters Karpenter reads, per
 * architecture and variant (standard, nvidia for NVIDIA GPUs, neuron for Inferentia/Trainium); other terms (id, name
 * with owner, tags) go to DescribeImages, and each architecture gets the newest image found.
 */
final class AmiResolver {
    /** Where AWS publishes its public parameters; tests on emulators that forbid writing there use another root. */
    static final String PUBLIC_PARAMETER_ROOT = "/aws/service";

    private final Ec2Client ec2;
    private final SsmClient ssm;
    private final String parameterRoot;

    AmiResolver(Ec2Client ec2, SsmClient ssm, String parameterRoot) {
        this.ec2 = ec2;
        this.ssm = ssm;
        this.parameterRoot = parameterRoot;
    }

    /** The family and the image per instance type name; types no image fits are absent. */
    record Resolution(AmiFamily family, Map<String, String> imageByType) {
    }

    Resolution resolve(NodeClass nodeClass, ClusterInfo cluster, List<InstanceSpec> types) {
        List<SelectorTerm> terms = nodeClass.amiSelectorTerms();
        if (terms.isEmpty()) {
            throw new NodeClassNotReadyException("EC2NodeClass " + nodeClass.name() + " has no amiSelectorTerms");
        }
        Optional<SelectorTerm> alias = terms.stream().filter(term -> !term.alias().isEmpty()).findFirst();
        if (alias.isPresent()) {
            return fromAlias(nodeClass, alias.get().alias(), cluster.kubernetesVersion(), types);
        }
        AmiFamily family;
        try {
            family = launchFamily(nodeClass.amiFamily());
        } catch (IllegalArgumentException e) {
            throw new NodeClassNotReadyException("EC2NodeClass " + nodeClass.name() + ": " + e.getMessage(), e);
        }
        return new Resolution(family, fromImages(nodeClass, types));
    }

    /** The family of a NodeClass without an alias: its amiFamily (any case), Custom when empty; only families Spotter launches. */
    static AmiFamily launchFamily(String amiFamily) {
        if (amiFamily == null || amiFamily.isBlank()) {
            return AmiFamily.CUSTOM;
        }
        for (AmiFamily family : AmiFamily.values()) {
            if (family.launchable() && family.yamlName().equalsIgnoreCase(amiFamily.trim())) {
                return family;
            }
        }
        throw new IllegalArgumentException("amiFamily '" + amiFamily
                + "' is not supported by Spotter (supported: AL2023, Bottlerocket, Custom)");
    }

    private Resolution fromAlias(NodeClass nodeClass, String alias, String kubernetesVersion, List<InstanceSpec> types) {
        int at = alias.indexOf('@');
        String name = (at < 0 ? alias : alias.substring(0, at)).toLowerCase(Locale.ROOT);
        String version = at < 0 ? "latest" : alias.substring(at + 1);
        AmiFamily family = switch (name) {
            case "al2023" -> AmiFamily.AL2023;
            case "bottlerocket" -> AmiFamily.BOTTLEROCKET;
            default -> throw new NodeClassNotReadyException("EC2NodeClass " + nodeClass.name() + ": AMI alias '" + alias
                    + "' is not supported by Spotter (use al2023@... or bottlerocket@...)");
        };
        Map<String, Optional<String>> byPath = new HashMap<>();
        Map<String, String> images = new LinkedHashMap<>();
        for (InstanceSpec type : types) {
            parameterPath(family, architecture(type), variant(type, family), kubernetesVersion, version)
                    .flatMap(path -> byPath.computeIfAbsent(path, this::parameter))
                    .ifPresent(image -> images.put(type.name(), image));
        }
        if (images.isEmpty() && !types.isEmpty()) {
            throw new NodeClassNotReadyException("EC2NodeClass " + nodeClass.name() + ": no AMI found for alias '" + alias
                    + "' and Kubernetes " + kubernetesVersion + " (SSM parameters " + byPath.keySet() + ")");
        }
        return new Resolution(family, images);
    }

    /** The public SSM parameter of an alias's image, if that family publishes one for the architecture and variant. */
    Optional<String> parameterPath(AmiFamily family, String architecture, String variant, String kubernetesVersion, String version) {
        boolean latest = "latest".equals(version);
        if (family == AmiFamily.AL2023) {
            if ("neuron".equals(variant) && "arm64".equals(architecture)) {
                return Optional.empty();
            }
            String release = latest ? "recommended"
                    : "amazon-eks-node-al2023-" + architecture + "-" + variant + "-" + kubernetesVersion + "-" + version;
            return Optional.of(parameterRoot + "/eks/optimized-ami/" + kubernetesVersion + "/amazon-linux-2023/"
                    + architecture + "/" + variant + "/" + release + "/image_id");
        }
        String suffix = "nvidia".equals(variant) ? "-nvidia" : "";
        String release = latest ? "latest" : version.replaceFirst("^v", "");
        return Optional.of(parameterRoot + "/bottlerocket/aws-k8s-" + kubernetesVersion + suffix + "/" + architecture + "/"
                + release + "/image_id");
    }

    private Optional<String> parameter(String path) {
        try {
            return Optional.ofNullable(ssm.getParameter(request -> request.name(path)).parameter().value());
        } catch (ParameterNotFoundException e) {
            return Optional.empty();
        }
    }

    private Map<String, String> fromImages(NodeClass nodeClass, List<InstanceSpec> types) {
        List<Image> images = new ArrayList<>();
        for (SelectorTerm term : nodeClass.amiSelectorTerms()) {
            if (SelectorFilters.isEmpty(term)) {
                continue;
            }
            DescribeImagesRequest.Builder request = DescribeImagesRequest.builder().filters(SelectorFilters.imageFilters(term));
            if (!term.owner().isEmpty()) {
                request.owners(term.owner());
            } else if (!term.name().isEmpty()) {
                request.owners("self", "amazon");
            }
            ec2.describeImagesPaginator(request.build()).images().forEach(images::add);
        }
        Map<String, Image> newestByArch = new HashMap<>();
        for (Image image : images) {
            newestByArch.merge(image.architectureAsString(), image, (a, b) ->
                    Comparator.comparing((Image i) -> i.creationDate() == null ? "" : i.creationDate())
                            .thenComparing(Image::imageId).compare(a, b) >= 0 ? a : b);
        }
        if (newestByArch.isEmpty()) {
            throw new NodeClassNotReadyException("EC2NodeClass " + nodeClass.name() + ": no available AMI matches its amiSelectorTerms");
        }
        Map<String, String> byType = new LinkedHashMap<>();
        for (InstanceSpec type : types) {
            Image image = newestByArch.get(architecture(type));
            if (image != null) {
                byType.put(type.name(), image.imageId());
            }
        }
        return byType;
    }

    /** EC2's architecture name (x86_64, arm64) for a catalog row that may use Kubernetes' (amd64). */
    static String architecture(InstanceSpec type) {
        String arch = type.arch().toLowerCase(Locale.ROOT);
        return "amd64".equals(arch) || "x86_64".equals(arch) ? "x86_64" : arch;
    }

    /** nvidia for NVIDIA GPUs, neuron for AWS Inferentia/Trainium (AL2023 only), else standard. */
    static String variant(InstanceSpec type, AmiFamily family) {
        if (type.hasGpu() && type.gpuManufacturer().equalsIgnoreCase("nvidia")) {
            return "nvidia";
        }
        if (family == AmiFamily.AL2023 && type.hasAccelerator() && type.acceleratorManufacturer().equalsIgnoreCase("aws")) {
            return "neuron";
        }
        return "standard";
    }
}
