package dev.spotter.config;

import dev.spotter.catalog.MigProfiles;
import dev.spotter.model.Quantity;
import dev.spotter.model.Requirement;
import dev.spotter.model.Requirements;
import dev.spotter.model.Resources;

import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a karpenter.sh/v1alpha1 NodeOverlay with the checks of Karpenter's CRD: at most 100 requirements, price and
 * priceAdjustment mutually exclusive, capacity of extended resources only (cpu, memory, ephemeral-storage and pods
 * cannot be overlaid), a weight between 0 and 10000.
 */
final class NodeOverlayParser {
    private static final Pattern PRICE = Pattern.compile("[0-9]+(\\.[0-9]+)?");
    private static final Pattern ADJUSTMENT = Pattern.compile("([+-])([0-9]+(\\.[0-9]+)?)(%?)");
    private static final Set<String> STANDARD = Set.of(Resources.CPU, Resources.MEMORY, Resources.EPHEMERAL_STORAGE, Resources.PODS);

    private NodeOverlayParser() {
    }

    static NodeOverlay parse(YamlNode root, String name) {
        YamlNode spec = root.get("spec").allowOnly("requirements", "capacity", "price", "priceAdjustment", "weight");
        if (spec.isMissing()) {
            throw root.error("spec", "is required");
        }
        List<Requirement> list = RequirementParser.parseList(spec, "requirements", RequirementParser.NODE_OPERATORS, false);
        if (list.size() > 100) {
            throw spec.error("requirements", "at most 100 requirements are allowed, got " + list.size());
        }
        int weight = spec.integer("weight", 0);
        if (weight < 0 || weight > 10000) {
            throw spec.error("weight", "must be between 0 and 10000, got " + weight);
        }
        if (spec.has("price") && spec.has("priceAdjustment")) {
            throw spec.error("price and priceAdjustment are mutually exclusive");
        }
        NodeOverlay.PriceChange price = null;
        if (spec.has("price")) {
            String text = spec.string("price").trim();
            if (!PRICE.matcher(text).matches()) {
                throw spec.error("price", "'" + text + "' is not a price like 5.00");
            }
            price = new NodeOverlay.PriceChange(NodeOverlay.PriceChange.Kind.SET, Double.parseDouble(text));
        } else if (spec.has("priceAdjustment")) {
            String text = spec.string("priceAdjustment").trim();
            Matcher matcher = ADJUSTMENT.matcher(text);
            if (!matcher.matches()) {
                throw spec.error("priceAdjustment", "'" + text + "' is not a signed amount or percentage like +5.00, -0.50 or -10%");
            }
            double value = Double.parseDouble(matcher.group(2)) * (matcher.group(1).equals("-") ? -1 : 1);
            price = new NodeOverlay.PriceChange(matcher.group(4).isEmpty() ? NodeOverlay.PriceChange.Kind.ADD
                    : NodeOverlay.PriceChange.Kind.PERCENT, value);
        }
        Resources.Builder capacity = Resources.builder();
        YamlNode capacityNode = spec.get("capacity");
        spec.stringMap("capacity").forEach((resource, text) -> {
            if (STANDARD.contains(resource)) {
                throw capacityNode.error(resource, "only extended resources can be overlaid, not " + resource);
            }
            try {
                capacity.set(resource, Quantity.parseValue(text));
            } catch (IllegalArgumentException | ArithmeticException e) {
                throw capacityNode.error(resource, e.getMessage());
            }
        });
        YamlNode annotations = root.get("metadata").get("annotations");
        String mig = annotations.string(NodeOverlay.MIG_CONFIG_ANNOTATION, "");
        if (!mig.isEmpty() && !MigProfiles.isKnownConfig(mig)) {
            throw annotations.error(NodeOverlay.MIG_CONFIG_ANNOTATION, "'" + mig
                    + "' is not a MIG configuration of a known GPU (all-balanced, or all-<profile> such as all-1g.10gb)");
        }
        return new NodeOverlay(name, weight, Requirements.of(list), capacity.build(), price, mig);
    }
}
