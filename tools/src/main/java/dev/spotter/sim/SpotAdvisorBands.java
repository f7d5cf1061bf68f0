package dev.spotter.sim;

import dev.spotter.catalog.CatalogCsv;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The Spot Instance Advisor's "frequency of interruption" band of each instance type, from the shipped catalog's
 * {@code spot_interrupt_band} column (&lt;5%, 5-10%, 10-15%, 15-20%, &gt;20%: the share of instances of that type
 * interrupted over the last month). A band is read as its midpoint (&gt;20% as 25%), a type with none as 10%.
 */
public final class SpotAdvisorBands {
    static final double UNKNOWN = 0.10;
    private final Map<String, Double> monthlyByType;

    private SpotAdvisorBands(Map<String, Double> monthlyByType) {
        this.monthlyByType = Map.copyOf(monthlyByType);
    }

    public static SpotAdvisorBands shipped() {
        String resource = CatalogCsv.DEFAULT_RESOURCE;
        try (InputStream in = CatalogCsv.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the classpath");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String[] header = reader.readLine().split(",", -1);
            int name = indexOf(header, "instance_type");
            int band = indexOf(header, "spot_interrupt_band");
            Map<String, Double> bands = new HashMap<>();
            String line;
            while ((line = reader.readLine()) != null) {
                String[] cells = line.split(",", -1);
                if (cells.length > Math.max(name, band)) {
                    bands.put(cells[name], monthly(cells[band]));
                }
            }
            return new SpotAdvisorBands(bands);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    /** The share of this type's instances interrupted per 30 days. */
    public double monthlyRate(String instanceType) {
        return monthlyByType.getOrDefault(instanceType, UNKNOWN);
    }

    static double monthly(String band) {
        return switch (band.trim()) {
            case "<5%" -> 0.025;
            case "5-10%" -> 0.075;
            case "10-15%" -> 0.125;
            case "15-20%" -> 0.175;
            case ">20%" -> 0.25;
            default -> UNKNOWN;
        };
    }

    private static int indexOf(String[] header, String column) {
        for (int i = 0; i < header.length; i++) {
            if (header[i].trim().equals(column)) {
                return i;
            }
        }
        throw new IllegalStateException("the catalog has no column " + column);
    }
}
