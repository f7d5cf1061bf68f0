package dev.spotter.catalog;

import dev.spotter.config.AmiFamily;
import dev.spotter.config.BlockDeviceMapping;
import dev.spotter.config.NodeClass;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What a node costs besides its instance: its EBS volumes (the EC2NodeClass's blockDeviceMappings, else its AMI
 * family's defaults: size x the volume type's GB-month price, plus gp3 IOPS above 3,000 and throughput above 125 MiB/s,
 * and provisioned IOPS of io1/io2) and a public IPv4 address when the EC2NodeClass asks for one
 * ({@code associatePublicIpAddress: true}). Prices come from a small table shipped with the catalog
 * ({@code node-costs-us-east-1.csv}, provenance in docs/data-provenance.md), per month converted at 730 hours.
 */
public final class NodeCosts {
    /** AWS's hours in a month for monthly prices. */
    public static final double HOURS_PER_MONTH = 730;
    private static final long GIB = 1L << 30;
    private static final int GP3_FREE_IOPS = 3000;
    private static final int GP3_FREE_THROUGHPUT = 125;
    private static final String DEFAULT_RESOURCE = "node-costs-us-east-1.csv";
    private static volatile NodeCosts shipped;

    private final Map<String, Double> prices;

    private NodeCosts(Map<String, Double> prices) {
        this.prices = Map.copyOf(prices);
    }

    /** The table shipped for us-east-1. */
    public static NodeCosts loadDefault() {
        NodeCosts table = shipped;
        if (table == null) {
            try (InputStream in = NodeCosts.class.getResourceAsStream(DEFAULT_RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("missing resource dev/spotter/catalog/" + DEFAULT_RESOURCE);
                }
                table = parse(DEFAULT_RESOURCE, new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read dev/spotter/catalog/" + DEFAULT_RESOURCE, e);
            }
            shipped = table;
        }
        return table;
    }

    /** A table of {@code item,usd,unit} rows (header first), e.g. one refreshed from the Pricing API. */
    public static NodeCosts parse(String source, String csv) {
        Map<String, Double> prices = new LinkedHashMap<>();
        try (BufferedReader lines = new BufferedReader(new java.io.StringReader(csv))) {
            String line = lines.readLine();
            if (line == null || !line.startsWith("item,usd")) {
                throw new IllegalArgumentException(source + ": the first line must be the header item,usd,unit");
            }
            int number = 1;
            while ((line = lines.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                String[] cells = line.split(",", -1);
                try {
                    double usd = Double.parseDouble(cells[1].trim());
                    if (!(usd >= 0) || Double.isInfinite(usd)) {
                        throw new NumberFormatException();
                    }
                    prices.put(cells[0].trim().toLowerCase(Locale.ROOT), usd);
                } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
                    throw new IllegalArgumentException(source + " line " + number + ": '" + line + "' needs item,usd with a non-negative price");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new NodeCosts(prices);
    }

    /** A node's costs besides its instance, per hour. */
    public record Extras(double volumesPerHour, double publicIpv4PerHour) {
        public static final Extras NONE = new Extras(0, 0);

        public double perHour() {
            return volumesPerHour + publicIpv4PerHour;
        }
    }

    /** The hourly extras of a node launched from {@code nodeClass}. */
    public Extras of(NodeClass nodeClass) {
        var mappings = nodeClass.blockDeviceMappings().isEmpty()
                ? AmiFamily.ofNodeClass(nodeClass).defaultBlockDevices() : nodeClass.blockDeviceMappings();
        double monthly = 0;
        for (BlockDeviceMapping volume : mappings) {
            monthly += monthly(volume);
        }
        double ipv4 = Boolean.TRUE.equals(nodeClass.associatePublicIpAddress()) ? price("ipv4:public") : 0;
        return new Extras(monthly / HOURS_PER_MONTH, ipv4);
    }

    private double monthly(BlockDeviceMapping volume) {
        String type = volume.volumeType() == null || volume.volumeType().isBlank() ? "gp3" : volume.volumeType().toLowerCase(Locale.ROOT);
        double gib = (double) volume.volumeSizeBytes() / GIB;
        double cost = gib * price("ebs:" + type);
        if (type.equals("gp3")) {
            cost += Math.max(0, volume.iops() - GP3_FREE_IOPS) * price("ebs:gp3:iops");
            cost += Math.max(0, volume.throughput() - GP3_FREE_THROUGHPUT) * price("ebs:gp3:throughput");
        } else if (type.equals("io1") || type.equals("io2")) {
            cost += volume.iops() * price("ebs:" + type + ":iops");
        }
        return cost;
    }

    private double price(String item) {
        Double price = prices.get(item);
        if (price == null) {
            throw new IllegalArgumentException("the node cost table has no price for " + item);
        }
        return price;
    }
}
