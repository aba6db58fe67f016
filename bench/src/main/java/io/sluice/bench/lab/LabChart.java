package io.sluice.bench.lab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.text.DecimalFormat;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYStepRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Draws the lab's chart from its results.json: on the left the inference latency CDF of every phase
 * that ran the probe (log latency axis, so idle and starved fit on one chart), on the right the
 * goodput of each bulk class across the bottleneck per phase, against the bottleneck's rate.
 *
 * <pre>java -Djava.awt.headless=true -cp ... io.sluice.bench.lab.LabChart results.json chart.png</pre>
 */
public final class LabChart {
    private static final int WIDTH = 1600;
    private static final int HEIGHT = 650;

    private LabChart() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: LabChart RESULTS_JSON OUT_PNG");
            System.exit(2);
        }
        JsonNode results = new ObjectMapper().readTree(Path.of(args[0]).toFile());
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);
        latency(results).draw(g, new Rectangle2D.Double(0, 0, WIDTH * 0.56, HEIGHT));
        goodput(results).draw(g, new Rectangle2D.Double(WIDTH * 0.56, 0, WIDTH * 0.44, HEIGHT));
        g.dispose();
        ImageIO.write(image, "png", Path.of(args[1]).toFile());
    }

    private static String label(JsonNode phase) {
        return phase.get("phase").asText() + ": " + phase.get("title").asText();
    }

    static JFreeChart latency(JsonNode results) {
        XYSeriesCollection data = new XYSeriesCollection();
        double lowest = Double.MAX_VALUE;
        for (JsonNode phase : results.get("phases")) {
            JsonNode inference = phase.get("inference");
            if (inference == null) {
                continue;
            }
            XYSeries s = new XYSeries(label(phase) + " (p99 " + inference.get("latencyMs").get("p99").asDouble()
                    + " ms)", false, true);
            for (JsonNode point : inference.get("cdf")) {
                double ms = Math.max(point.get(0).asDouble(), 0.001);
                lowest = Math.min(lowest, ms);
                s.add(ms, point.get(1).asDouble());
            }
            data.addSeries(s);
        }
        JFreeChart chart = ChartFactory.createXYLineChart("Inference latency, open-loop probe at "
                + results.get("parameters").get("rate").asDouble() + " req/s", "latency (ms, log scale)",
                "fraction of requests (unanswered: at the time waited)", data, PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = chart.getXYPlot();
        LogAxis x = new LogAxis("latency (ms, log scale)");
        x.setSmallestValue(lowest == Double.MAX_VALUE ? 0.01 : lowest / 2);
        x.setTickUnit(new NumberTickUnit(1)); // one tick per power of ten
        x.setNumberFormatOverride(new DecimalFormat("0.###"));
        plot.setDomainAxis(x);
        ((NumberAxis) plot.getRangeAxis()).setRange(0, 1.0);
        XYStepRenderer renderer = new XYStepRenderer();
        for (int i = 0; i < data.getSeriesCount(); i++) {
            renderer.setSeriesStroke(i, new BasicStroke(2.5f));
        }
        plot.setRenderer(renderer);
        plot.addRangeMarker(new ValueMarker(0.99, Color.GRAY, new BasicStroke(1f, BasicStroke.CAP_BUTT,
                BasicStroke.JOIN_MITER, 1f, new float[] {4f, 4f}, 0f)));
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        return chart;
    }

    static JFreeChart goodput(JsonNode results) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (JsonNode phase : results.get("phases")) {
            if (phase.get("flows").isEmpty()) {
                continue; // inference alone: no bulk to show
            }
            for (String cls : new String[] {"TRAINING", "ARCHIVAL"}) {
                data.addValue(phase.get("goodputMbps").get(cls).asDouble(), cls, label(phase));
            }
        }
        double link = results.get("rackUplinkMbps").asDouble();
        String title = "Goodput from rack A to rack B (bottleneck " + results.get("bottleneck").asText() + ")";
        JFreeChart chart = ChartFactory.createBarChart(title, "phase", "Mbit/s", data, PlotOrientation.VERTICAL, true,
                false, false);
        var plot = chart.getCategoryPlot();
        ((NumberAxis) plot.getRangeAxis()).setRange(0, link * 1.1);
        ValueMarker rate = new ValueMarker(link, Color.DARK_GRAY, new BasicStroke(1.5f));
        rate.setLabel("rack A uplink capacity " + link + " Mbit/s");
        rate.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
        rate.setLabelTextAnchor(TextAnchor.BOTTOM_RIGHT);
        plot.addRangeMarker(rate);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        return chart;
    }
}
