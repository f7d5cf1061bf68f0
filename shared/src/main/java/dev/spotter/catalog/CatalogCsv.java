package dev.spotter.catalog;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the instance catalog CSV (see docs/data-provenance.md for its columns and sources). The catalog of us-east-1
 * ships on the classpath as the offline default; a file of the same shape can replace it. Columns are found by their
 * header name, so their order and extra columns do not matter.
 */
public final class CatalogCsv {
    public static final String DEFAULT_REGION = "us-east-1";
    public static final String DEFAULT_RESOURCE = "/dev/spotter/catalog/ec2-catalog-us-east-1.csv";

    static final List<String> REQUIRED_COLUMNS = List.of("instance_type", "family", "generation", "arch", "vcpu",
            "memory_mib", "gpu_count", "gpu_name", "gpu_manufacturer", "gpu_memory_mib", "accelerator_name",
            "accelerator_count", "accelerator_manufacturer", "max_enis", "ipv4_per_eni", "max_pods_eni",
            "local_storage_gb", "od_price_usd_hr", "spot_savings_pct_estimate", "zones_offered_names", "hypervisor",
            "bare_metal", "burstable", "spot_supported", "processor_manufacturer");

    private CatalogCsv() {
    }

    /** The catalog shipped with Spotter (us-east-1), read once per JVM. */
    public static Catalog loadDefault() {
        return DefaultHolder.CATALOG;
    }

    /** Reads a catalog file of {@code region}. */
    public static Catalog load(Path file, String region) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return new Catalog(region, parse(file.toString(), reader));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read catalog " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads a catalog from a stream; {@code sourceName} names it in errors. The stream is not closed. */
    public static Catalog load(String sourceName, InputStream in, String region) {
        return new Catalog(region, parse(sourceName, new InputStreamReader(in, StandardCharsets.UTF_8)));
    }

    /** Parses every row into an {@link InstanceSpec}; throws {@link CatalogFormatException} at the first bad one. */
    public static List<InstanceSpec> parse(String sourceName, Reader reader) {
        BufferedReader lines = reader instanceof BufferedReader b ? b : new BufferedReader(reader);
        try {
            String header = lines.readLine();
            if (header == null) {
                throw new CatalogFormatException(sourceName, 1, "", "empty file, expected a header line");
            }
            Map<String, Integer> columns = columns(sourceName, header);
            List<InstanceSpec> specs = new ArrayList<>();
            int lineNumber = 1;
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                specs.add(new Row(sourceName, lineNumber, split(sourceName, lineNumber, line), columns).toSpec());
            }
            return specs;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read catalog " + sourceName + ": " + e.getMessage(), e);
        }
    }

    private static Map<String, Integer> columns(String sourceName, String header) {
        List<String> names = split(sourceName, 1, header.startsWith("\uFEFF") ? header.substring(1) : header);
        Map<String, Integer> columns = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            columns.putIfAbsent(names.get(i).trim(), i);
        }
        for (String required : REQUIRED_COLUMNS) {
            if (!columns.containsKey(required)) {
                throw new CatalogFormatException(sourceName, 1, required, "missing column (the header must name " + REQUIRED_COLUMNS + ")");
            }
        }
        return columns;
    }

    /** Splits one CSV line; fields may be double-quoted, with "" for a quote inside. */
    static List<String> split(String sourceName, int lineNumber, String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"' && field.isEmpty()) {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        if (quoted) {
            throw new CatalogFormatException(sourceName, lineNumber, "", "unterminated quoted field");
        }
        fields.add(field.toString());
        return fields;
    }

    /** One data line, with typed access to its fields that names the column when a value is wrong. */
    private record Row(String source, int line, List<String> fields, Map<String, Integer> columns) {

        InstanceSpec toSpec() {
            if (fields.size() < columns.values().stream().mapToInt(Integer::intValue).max().orElse(0) + 1) {
                throw new CatalogFormatException(source, line, "", "has " + fields.size() + " fields, the header has "
                        + (columns.values().stream().mapToInt(Integer::intValue).max().orElse(0) + 1));
            }
            String name = text("instance_type");
            if (name.isEmpty()) {
                throw new CatalogFormatException(source, line, "instance_type", "empty instance type");
            }
            return new InstanceSpec(name, text("family"), generation(), text("arch"), (int) integer("vcpu"),
                    integer("memory_mib"), (int) integer("gpu_count"), text("gpu_name"), text("gpu_manufacturer"),
                    integer("gpu_memory_mib"), text("accelerator_name"), text("accelerator_manufacturer"),
                    (int) integer("accelerator_count"), (int) integer("max_enis"), (int) integer("ipv4_per_eni"),
                    (int) integer("max_pods_eni"), integer("local_storage_gb"), price("od_price_usd_hr"),
                    savings(), zones(), text("hypervisor"), bool("bare_metal"), bool("burstable"),
                    bool("spot_supported"), text("processor_manufacturer"));
        }

        String text(String column) {
            return fields.get(columns.get(column)).trim();
        }

        /** A non-negative integer; empty reads as 0 (DescribeInstanceTypes leaves absent counts out). */
        long integer(String column) {
            String value = text(column);
            if (value.isEmpty()) {
                return 0;
            }
            try {
                long number = Long.parseLong(value);
                if (number < 0) {
                    throw bad(column, value, "a non-negative integer");
                }
                if (number > Integer.MAX_VALUE && !column.endsWith("_mib") && !column.endsWith("_gb")) {
                    throw bad(column, value, "an integer below 2^31");
                }
                return number;
            } catch (NumberFormatException e) {
                throw bad(column, value, "an integer");
            }
        }

        /** A price in USD per hour; empty means unknown (NaN). */
        double price(String column) {
            String value = text(column);
            if (value.isEmpty()) {
                return Double.NaN;
            }
            double number = decimal(column, value);
            if (number <= 0) {
                throw bad(column, value, "a positive price or empty");
            }
            return number;
        }

        /** The Spot Advisor's saving in percent; empty means unknown (0). */
        double savings() {
            String value = text("spot_savings_pct_estimate");
            if (value.isEmpty()) {
                return 0;
            }
            double number = decimal("spot_savings_pct_estimate", value);
            if (number < 0 || number >= 100) {
                throw bad("spot_savings_pct_estimate", value, "a percentage in [0, 100)");
            }
            return number;
        }

        double decimal(String column, String value) {
            try {
                double number = Double.parseDouble(value);
                if (!Double.isFinite(number)) {
                    throw bad(column, value, "a finite number");
                }
                return number;
            } catch (NumberFormatException e) {
                throw bad(column, value, "a number");
            }
        }

        boolean bool(String column) {
            String value = text(column);
            return switch (value) {
                case "true" -> true;
                case "false" -> false;
                default -> throw bad(column, value, "true or false");
            };
        }

        boolean generation() {
            String value = text("generation");
            return switch (value) {
                case "current" -> true;
                case "previous" -> false;
                default -> throw bad("generation", value, "current or previous");
            };
        }

        List<String> zones() {
            String value = text("zones_offered_names");
            if (value.isEmpty()) {
                return List.of();
            }
            List<String> zones = Arrays.stream(value.split(";")).map(String::trim).toList();
            if (zones.stream().anyMatch(String::isEmpty)) {
                throw bad("zones_offered_names", value, "zone names separated by ';'");
            }
            return zones;
        }

        CatalogFormatException bad(String column, String value, String expected) {
            return new CatalogFormatException(source, line, column, "'" + value + "' is not " + expected
                    + " (instance type '" + fields.get(columns.get("instance_type")) + "')");
        }
    }

    private static final class DefaultHolder {
        static final Catalog CATALOG = readDefault();

        private static Catalog readDefault() {
            try (InputStream in = CatalogCsv.class.getResourceAsStream(DEFAULT_RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("the default catalog " + DEFAULT_RESOURCE + " is not on the classpath");
                }
                return load("classpath:" + DEFAULT_RESOURCE, in, DEFAULT_REGION);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
