package dev.spotter.config;

import dev.spotter.model.Quantity;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads a karpenter.k8s.aws/v1 EC2NodeClass, with the checks of Karpenter's CRD (karpenter.k8s.aws_ec2nodeclasses.yaml). */
final class NodeClassParser {
    static final String GROUP = "karpenter.k8s.aws";
    static final String KIND = "EC2NodeClass";
    private static final Pattern ALIAS = Pattern.compile("[a-zA-Z0-9]+@.+");
    private static final Pattern VOLUME_SIZE = Pattern.compile("[0-9]+(Gi|G|Ti|T)");
    private static final Pattern PERCENT = Pattern.compile("(\\d{1,2}(\\.\\d{1,2})?|100(\\.0{1,2})?)%");
    private static final Set<String> VOLUME_TYPES = Set.of("standard", "io1", "io2", "gp2", "sc1", "st1", "gp3");
    private static final Set<String> RESERVED_KEYS = Set.of("cpu", "memory", "ephemeral-storage", "pid");
    private static final Set<String> EVICTION_SIGNALS = Set.of("memory.available", "nodefs.available", "nodefs.inodesFree",
            "imagefs.available", "imagefs.inodesFree", "pid.available");
    private static final Set<String> RESTRICTED_TAGS = Set.of("karpenter.sh/nodepool", "eks:eks-cluster-name",
            "karpenter.sh/nodeclaim", "karpenter.k8s.aws/ec2nodeclass");

    private NodeClassParser() {
    }

    static NodeClass parse(YamlNode root, String name) {
        YamlNode spec = root.get("spec").allowOnly("amiFamily", "amiSelectorTerms", "subnetSelectorTerms",
                "securityGroupSelectorTerms", "capacityReservationSelectorTerms", "role", "instanceProfile", "userData",
                "blockDeviceMappings", "metadataOptions", "kubelet", "tags", "associatePublicIPAddress",
                "detailedMonitoring", "instanceStorePolicy", "context", "placementGroupSelector");
        if (spec.isMissing()) {
            throw root.error("spec", "is required");
        }
        ignored(spec, "context", "EC2 Fleet context is not supported by Spotter; ignored");
        List<SelectorTerm> amiTerms = amiSelectorTerms(spec);
        String amiFamily = amiFamily(spec, amiTerms);
        List<SelectorTerm> subnets = selectorTerms(spec, "subnetSelectorTerms", Set.of("tags", "id"), "subnet-");
        List<SelectorTerm> securityGroups = selectorTerms(spec, "securityGroupSelectorTerms", Set.of("tags", "id", "name"), "sg-");
        String role = spec.string("role", "");
        String instanceProfile = spec.string("instanceProfile", "");
        if (role.isEmpty() == instanceProfile.isEmpty()) {
            throw spec.error("must specify exactly one of ['role', 'instanceProfile']");
        }
        List<BlockDeviceMapping> mappings = blockDeviceMappings(spec);
        String storePolicy = spec.string("instanceStorePolicy", "");
        if (!storePolicy.isEmpty() && !storePolicy.equals("RAID0")) {
            throw spec.error("instanceStorePolicy", "'" + storePolicy + "' is not supported (expected RAID0)");
        }
        List<SelectorTerm> reservationTerms = CapacityParser.selectorTerms(spec);
        PlacementGroupSelector placementSelector = CapacityParser.placementGroupSelector(spec);
        YamlNode annotations = root.get("metadata").get("annotations");
        List<CapacityReservation> reservations = CapacityParser.reservations(root.get("status"), annotations);
        PlacementGroup placementGroup = CapacityParser.placementGroup(annotations, placementSelector);
        return new NodeClass(name, amiFamily, amiTerms, subnets, securityGroups, role, instanceProfile,
                spec.string("userData", ""), mappings, metadataOptions(spec.get("metadataOptions")), kubelet(spec.get("kubelet")),
                tags(spec), spec.bool("associatePublicIPAddress", null), spec.bool("detailedMonitoring", false), storePolicy,
                reservationTerms, placementSelector, reservations, placementGroup);
    }

    private static void ignored(YamlNode spec, String field, String message) {
        if (spec.has(field)) {
            spec.get(field).warn(message);
        }
    }

    private static List<SelectorTerm> amiSelectorTerms(YamlNode spec) {
        List<SelectorTerm> terms = selectorTerms(spec, "amiSelectorTerms", Set.of("alias", "tags", "id", "name", "owner", "ssmParameter"), "ami-");
        List<YamlNode> items = spec.list("amiSelectorTerms");
        long aliases = terms.stream().filter(t -> !t.alias().isEmpty()).count();
        for (int i = 0; i < terms.size(); i++) {
            SelectorTerm term = terms.get(i);
            YamlNode item = items.get(i);
            if (term.alias().isEmpty()) {
                continue;
            }
            if (aliases > 1 || terms.size() > 1) {
                throw item.error("alias", "'alias' is mutually exclusive, cannot be set with a combination of other amiSelectorTerms");
            }
            if (item.raw().size() > 1) {
                throw item.error("'alias' is mutually exclusive, cannot be set with a combination of other fields in amiSelectorTerms");
            }
            if (!ALIAS.matcher(term.alias()).matches()) {
                throw item.error("alias", "'" + term.alias() + "' is not an alias like al2023@latest or bottlerocket@v1.20.3");
            }
            AmiFamily family = AmiFamily.fromAlias(term.alias()).orElseThrow(() -> item.error("alias",
                    "family '" + term.alias().substring(0, term.alias().indexOf('@')) + "' is not supported (expected al2, al2023, "
                            + "bottlerocket, windows2019 or windows2022)"));
            if (family.isWindows() && !term.alias().endsWith("@latest")) {
                throw item.error("alias", "windows families may only specify version 'latest'");
            }
        }
        return terms;
    }

    /** The amiFamily field (with an alias: its family or Custom), else the alias's family, as Karpenter's AMIFamily(). */
    private static String amiFamily(YamlNode spec, List<SelectorTerm> amiTerms) {
        Optional<AmiFamily> fromAlias = amiTerms.stream().filter(t -> !t.alias().isEmpty()).findFirst()
                .flatMap(t -> AmiFamily.fromAlias(t.alias()));
        if (!spec.has("amiFamily")) {
            return fromAlias.orElseThrow(() -> spec.error("amiFamily",
                    "amiFamily is required if amiSelectorTerms does not specify an alias")).yamlName();
        }
        String name = spec.string("amiFamily");
        AmiFamily family = AmiFamily.fromYaml(name).orElseThrow(() -> spec.error("amiFamily",
                "'" + name + "' is not one of AL2, AL2023, Bottlerocket, Custom, Windows2019, Windows2022"));
        if (fromAlias.isPresent() && fromAlias.get() != family && family != AmiFamily.CUSTOM) {
            throw spec.error("amiFamily", "when an alias is specified, amiFamily may only be set to its family ("
                    + fromAlias.get().yamlName() + ") or Custom, got " + name);
        }
        return family.yamlName();
    }

    private static List<SelectorTerm> selectorTerms(YamlNode spec, String field, Set<String> allowed, String idPrefix) {
        if (!spec.has(field)) {
            throw spec.error(field, "is required");
        }
        List<YamlNode> items = spec.list(field);
        if (items.isEmpty() || items.size() > 30) {
            throw spec.error(field, "must have between 1 and 30 terms, got " + items.size());
        }
        List<SelectorTerm> terms = new ArrayList<>();
        for (YamlNode item : items) {
            item.allowOnly(allowed.toArray(String[]::new));
            Map<String, String> tags = selectorTags(item);
            String id = item.string("id", "");
            String name = item.string("name", "");
            String alias = item.string("alias", "");
            String owner = item.string("owner", "");
            boolean any = !tags.isEmpty() || !id.isEmpty() || !name.isEmpty() || !alias.isEmpty() || !owner.isEmpty()
                    || item.has("ssmParameter");
            if (!any) {
                throw item.error("expected at least one, got none, " + allowed.stream().sorted().toList());
            }
            if (!id.isEmpty()) {
                if (item.raw().size() > 1) {
                    throw item.error("'id' is mutually exclusive, cannot be set with a combination of other fields in " + field);
                }
                if (!id.startsWith(idPrefix)) {
                    throw item.error("id", "'" + id + "' is not an id starting with " + idPrefix);
                }
            }
            if (item.has("ssmParameter")) {
                item.get("ssmParameter").warn("AMI selection by SSM parameter is not supported by Spotter; ignored");
            }
            terms.add(new SelectorTerm(id, name, alias, owner, tags));
        }
        return terms;
    }

    /** A selector term's tags; empty keys or values are rejected, as Karpenter's CRD does. */
    static Map<String, String> selectorTags(YamlNode item) {
        Map<String, String> tags = item.stringMap("tags");
        tags.forEach((key, value) -> {
            if (key.isEmpty() || value.isEmpty()) {
                throw new ConfigException(item.source(), item.object(), item.get("tags").childPath(key),
                        "empty tag keys or values aren't supported");
            }
        });
        return tags;
    }

    private static List<BlockDeviceMapping> blockDeviceMappings(YamlNode spec) {
        List<BlockDeviceMapping> mappings = new ArrayList<>();
        int roots = 0;
        for (YamlNode item : spec.list("blockDeviceMappings")) {
            item.allowOnly("deviceName", "rootVolume", "ebs");
            YamlNode ebs = item.get("ebs").allowOnly("volumeSize", "volumeType", "iops", "throughput", "encrypted",
                    "kmsKeyID", "deleteOnTermination", "snapshotID", "volumeInitializationRate");
            boolean root = item.bool("rootVolume", false);
            roots += root ? 1 : 0;
            if (roots > 1) {
                throw item.error("rootVolume", "must have only one blockDeviceMappings with rootVolume");
            }
            long size = 0;
            if (ebs.has("volumeSize")) {
                String text = ebs.string("volumeSize");
                if (!VOLUME_SIZE.matcher(text).matches()) {
                    throw ebs.error("volumeSize", "'" + text + "' is not a volume size like 100Gi, 100G, 1Ti or 1T");
                }
                size = Quantity.parseValue(text);
                if (size > (64L << 40) || size <= 0) {
                    throw ebs.error("volumeSize", "'" + text + "' is outside EBS's 1Gi to 64Ti");
                }
            }
            String type = ebs.string("volumeType", "");
            if (!type.isEmpty() && !VOLUME_TYPES.contains(type)) {
                throw ebs.error("volumeType", "'" + type + "' is not one of " + VOLUME_TYPES.stream().sorted().toList());
            }
            mappings.add(new BlockDeviceMapping(item.string("deviceName", ""), root, size, type, ebs.integer("iops", 0),
                    ebs.integer("throughput", 0), ebs.bool("encrypted", null), ebs.string("kmsKeyID", ""),
                    ebs.bool("deleteOnTermination", null), ebs.string("snapshotID", "")));
        }
        if (mappings.size() > 50) {
            throw spec.error("blockDeviceMappings", "at most 50 mappings are allowed, got " + mappings.size());
        }
        return mappings;
    }

    private static MetadataOptions metadataOptions(YamlNode node) {
        if (node.isMissing()) {
            return MetadataOptions.DEFAULT;
        }
        node.allowOnly("httpEndpoint", "httpProtocolIPv6", "httpPutResponseHopLimit", "httpTokens");
        MetadataOptions defaults = MetadataOptions.DEFAULT;
        String endpoint = oneOf(node, "httpEndpoint", defaults.httpEndpoint(), "enabled", "disabled");
        String ipv6 = oneOf(node, "httpProtocolIPv6", defaults.httpProtocolIpv6(), "enabled", "disabled");
        int hops = node.integer("httpPutResponseHopLimit", defaults.httpPutResponseHopLimit());
        if (hops < 1 || hops > 64) {
            throw node.error("httpPutResponseHopLimit", "must be between 1 and 64, got " + hops);
        }
        String tokens = oneOf(node, "httpTokens", defaults.httpTokens(), "required", "optional");
        return new MetadataOptions(endpoint, ipv6, hops, tokens);
    }

    private static String oneOf(YamlNode node, String field, String defaultValue, String... allowed) {
        String value = node.string(field, defaultValue);
        if (!List.of(allowed).contains(value)) {
            throw node.error(field, "'" + value + "' is not one of " + List.of(allowed));
        }
        return value;
    }

    private static KubeletConfiguration kubelet(YamlNode node) {
        if (node.isMissing()) {
            return KubeletConfiguration.DEFAULT;
        }
        node.allowOnly("clusterDNS", "maxPods", "podsPerCore", "systemReserved", "kubeReserved", "evictionHard",
                "evictionSoft", "evictionSoftGracePeriod", "evictionMaxPodGracePeriod", "imageGCHighThresholdPercent",
                "imageGCLowThresholdPercent", "cpuCFSQuota");
        int maxPods = nonNegative(node, "maxPods");
        int podsPerCore = nonNegative(node, "podsPerCore");
        Map<String, String> systemReserved = reserved(node, "systemReserved");
        Map<String, String> kubeReserved = reserved(node, "kubeReserved");
        Map<String, String> evictionHard = eviction(node, "evictionHard");
        Map<String, String> evictionSoft = eviction(node, "evictionSoft");
        Map<String, String> gracePeriods = gracePeriods(node, evictionSoft);
        Integer high = percent(node, "imageGCHighThresholdPercent");
        Integer low = percent(node, "imageGCLowThresholdPercent");
        if (high != null && low != null && high <= low) {
            throw node.error("imageGCHighThresholdPercent", "imageGCHighThresholdPercent must be greater than imageGCLowThresholdPercent");
        }
        Integer maxPodGrace = node.integer("evictionMaxPodGracePeriod", null);
        return new KubeletConfiguration(maxPods, podsPerCore, systemReserved, kubeReserved, evictionHard, evictionSoft,
                node.stringList("clusterDNS"), high, low, node.bool("cpuCFSQuota", null), gracePeriods, maxPodGrace);
    }

    private static int nonNegative(YamlNode node, String field) {
        int value = node.integer(field, 0);
        if (value < 0) {
            throw node.error(field, "must not be negative, got " + value);
        }
        return value;
    }

    private static Integer percent(YamlNode node, String field) {
        Integer value = node.integer(field, null);
        if (value != null && (value < 0 || value > 100)) {
            throw node.error(field, "must be between 0 and 100, got " + value);
        }
        return value;
    }

    private static Map<String, String> reserved(YamlNode kubelet, String field) {
        Map<String, String> map = kubelet.stringMap(field);
        YamlNode node = kubelet.get(field);
        map.forEach((key, value) -> {
            if (!RESERVED_KEYS.contains(key)) {
                throw fieldError(node, key, "valid keys for " + field + " are ['cpu','memory','ephemeral-storage','pid']");
            }
            try {
                Quantity.parseValue(value);
            } catch (IllegalArgumentException | ArithmeticException e) {
                throw fieldError(node, key, e.getMessage());
            }
        });
        return map;
    }

    private static Map<String, String> eviction(YamlNode kubelet, String field) {
        Map<String, String> map = kubelet.stringMap(field);
        YamlNode node = kubelet.get(field);
        map.forEach((key, value) -> {
            if (!EVICTION_SIGNALS.contains(key)) {
                throw fieldError(node, key, "valid keys for " + field + " are " + EVICTION_SIGNALS.stream().sorted().toList());
            }
            if (value.endsWith("%")) {
                if (!PERCENT.matcher(value).matches()) {
                    throw fieldError(node, key, "'" + value + "' is not a percentage between 0% and 100%");
                }
            } else {
                try {
                    Quantity.parseValue(value);
                } catch (IllegalArgumentException | ArithmeticException e) {
                    throw fieldError(node, key, e.getMessage());
                }
            }
        });
        return map;
    }

    /** evictionSoftGracePeriod: a duration per signal, and exactly the signals of evictionSoft (the kubelet needs both). */
    private static Map<String, String> gracePeriods(YamlNode kubelet, Map<String, String> evictionSoft) {
        Map<String, String> map = new LinkedHashMap<>(kubelet.stringMap("evictionSoftGracePeriod"));
        YamlNode node = kubelet.get("evictionSoftGracePeriod");
        map.forEach((key, value) -> {
            if (!EVICTION_SIGNALS.contains(key)) {
                throw fieldError(node, key, "valid keys for evictionSoftGracePeriod are " + EVICTION_SIGNALS.stream().sorted().toList());
            }
            if (!value.matches("([0-9]+(\\.[0-9]+)?(s|m|h|ms|us|ns))+")) {
                throw fieldError(node, key, "'" + value + "' is not a duration like 1m30s");
            }
            if (!evictionSoft.containsKey(key)) {
                throw fieldError(node, key, "evictionSoftGracePeriod OwnerKey does not have a matching evictionSoft");
            }
        });
        for (String signal : evictionSoft.keySet()) {
            if (!map.containsKey(signal)) {
                throw fieldError(kubelet.get("evictionSoft"), signal, "evictionSoft OwnerKey does not have a matching evictionSoftGracePeriod");
            }
        }
        return map;
    }

    private static Map<String, String> tags(YamlNode spec) {
        Map<String, String> tags = spec.stringMap("tags");
        YamlNode node = spec.get("tags");
        tags.forEach((key, value) -> {
            if (key.isEmpty()) {
                throw node.error("empty tag keys aren't supported");
            }
            if (key.startsWith("kubernetes.io/cluster/")) {
                throw fieldError(node, key, "tag contains a restricted tag matching kubernetes.io/cluster/");
            }
            if (RESTRICTED_TAGS.contains(key)) {
                throw fieldError(node, key, "tag contains a restricted tag matching " + key);
            }
        });
        return tags;
    }

    private static ConfigException fieldError(YamlNode map, String key, String problem) {
        return new ConfigException(map.source(), map.object(), map.childPath(key), problem);
    }
}
