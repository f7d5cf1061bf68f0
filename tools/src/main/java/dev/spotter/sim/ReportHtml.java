package dev.spotter.sim;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * report.html: one self-contained page (no network needed to open it). The charts are drawn by Apache ECharts
 * (Apache-2.0), whose minified file comes inside the jar from its WebJar and is inlined into the page with the
 * report's JSON; the page's own script only arranges report.json's figures into chart options.
 */
public final class ReportHtml {
    static final String ECHARTS = "META-INF/resources/webjars/echarts/5.3.1/dist/echarts.min.js";
    private static final String TEMPLATE = "dev/spotter/sim/report.html";
    private static final String SCRIPT = "dev/spotter/sim/report.js";

    private ReportHtml() {
    }

    public static String render(SimulationReport report) {
        String data;
        try {
            data = SimulationReport.JSON.writeValueAsString(report.toJson());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialise the report", e);
        }
        // the library goes in last, so that nothing inside it is taken for a placeholder
        return resource(TEMPLATE)
                .replace("/*REPORT*/", data.replace("</", "<\\/"))
                .replace("/*SCRIPT*/", resource(SCRIPT))
                .replace("/*ECHARTS*/", resource(ECHARTS).replace("</script", "<\\/script"));
    }

    public static void write(SimulationReport report, Path file) {
        try {
            Files.writeString(file, render(report), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static String resource(String name) {
        try (InputStream in = ReportHtml.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is not on the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name, e);
        }
    }
}
