package io.sluice.bench.lab;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.HdrHistogram.SynchronizedHistogram;

/**
 * An open-loop inference probe: sends requests at a fixed rate whatever the answers do, spread over
 * a few connections, and times each answer from the moment its request was <em>due</em>, so a probe
 * that falls behind counts the wait (a closed-loop probe would wait for the answer before sending
 * the next request and hide exactly the queueing it is meant to see). Latency goes into an
 * HdrHistogram; the probe's own send lag (due to sent) is reported too, so a reader can tell a
 * slow network from a late probe.
 *
 * <pre>
 * java -cp ... io.sluice.bench.lab.InferenceProbe --target 10.0.6.1:8000 --rate 200 --seconds 30
 *     [--warmup 5] [--request-bytes 256] [--response-bytes 4096] [--connections 8] [--timeout-ms 1000]
 *     [--start-at EPOCH_MILLIS] [--out probe.json]
 * </pre>
 */
public final class InferenceProbe {
    private static final long HIGHEST_MICROS = 120_000_000L;
    /** Sleep until this close to a request's due time, then spin: parking alone wakes ~50 us late. */
    private static final long SPIN_NANOS = 200_000;

    private final Options o;
    /** When each request was due; written by the sender, read by the readers. */
    private final AtomicLongArray due;
    private final AtomicIntegerArray answered;
    private final Histogram latency = new SynchronizedHistogram(HIGHEST_MICROS, 3);
    private final Histogram sendLag = new Histogram(HIGHEST_MICROS, 3);
    private final AtomicLong late = new AtomicLong();
    private final AtomicReference<String> failure = new AtomicReference<>();
    private volatile long measuredFrom;
    private long startSkewMillis;

    private InferenceProbe(Options o) {
        this.o = o;
        int total = Math.toIntExact(Math.round(o.rate * (o.warmupSeconds + o.seconds)));
        this.due = new AtomicLongArray(total);
        this.answered = new AtomicIntegerArray(total);
    }

    public static void main(String[] args) throws Exception {
        Options o;
        try {
            o = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("InferenceProbe: " + e.getMessage());
            System.err.println(Options.USAGE);
            System.exit(2);
            return;
        }
        Map<String, Object> result = new InferenceProbe(o).run();
        String json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(result);
        if (o.out != null) {
            Files.writeString(o.out, json);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> ms = (Map<String, Object>) result.get("latencyMs");
        System.out.printf("probe %s: %d sent, %d answered, %d timeouts; p50 %s ms, p99 %s ms, p99.9 %s ms, max %s ms%n",
                o.target, result.get("sent"), result.get("answered"), result.get("timeouts"), ms.get("p50"),
                ms.get("p99"), ms.get("p99.9"), ms.get("max"));
        if (result.get("error") != null) {
            System.err.println("InferenceProbe: " + result.get("error"));
            System.exit(1);
        }
    }

    private Map<String, Object> run() throws IOException, InterruptedException {
        List<Socket> sockets = new ArrayList<>();
        List<OutputStream> outs = new ArrayList<>();
        List<Thread> readers = new ArrayList<>();
        try {
            for (int i = 0; i < o.connections; i++) {
                Socket s = new Socket();
                s.setTcpNoDelay(true);
                s.connect(o.target, 5000);
                sockets.add(s);
                outs.add(s.getOutputStream());
                Thread reader = new Thread(() -> read(s), "probe-read-" + i);
                reader.setDaemon(true);
                reader.start();
                readers.add(reader);
            }
            // A start time given by the caller lines the probe up with the rest of the experiment.
            long lead = o.startAtMillis > 0 ? (o.startAtMillis - System.currentTimeMillis()) * 1_000_000L : 0;
            if (lead < 100_000_000L) {
                // Ready too late for the time given (or none given): start as soon as is sensible,
                // and say by how much the start slipped, so the caller can tell.
                startSkewMillis = o.startAtMillis > 0 ? (100_000_000L - lead) / 1_000_000 : 0;
                lead = 100_000_000L;
            }
            long start = System.nanoTime() + lead;
            long period = Math.round(1e9 / o.rate);
            measuredFrom = start + Math.round(o.warmupSeconds * 1e9);
            byte[] request = new byte[o.requestBytes];
            ByteBuffer.wrap(request).putInt(4, o.requestBytes).putInt(8, o.responseBytes);
            int sent = 0;
            for (int id = 0; id < due.length() && failure.get() == null; id++) {
                long at = start + id * period;
                due.set(id, at);
                waitUntil(at);
                ByteBuffer.wrap(request).putInt(0, id);
                outs.get(id % outs.size()).write(request);
                long lag = System.nanoTime() - at;
                if (at >= measuredFrom) {
                    sendLag.recordValue(Math.min(HIGHEST_MICROS, Math.max(0, lag / 1000)));
                }
                sent++;
            }
            // Answers still on the way get until their timeout.
            long deadline = System.nanoTime() + o.timeoutMillis * 1_000_000L;
            while (System.nanoTime() < deadline && !allAnswered(sent)) {
                Thread.sleep(5);
            }
            long end = System.nanoTime();
            // Readers stop before the books are closed: an answer arriving meanwhile would count twice.
            for (Socket s : sockets) {
                s.close();
            }
            for (Thread r : readers) {
                r.join(2000);
                if (r.isAlive()) {
                    failure.compareAndSet(null, r.getName() + " did not stop after its connection closed");
                }
            }
            return summary(sent, end);
        } finally {
            for (Socket s : sockets) {
                s.close();
            }
        }
    }

    private boolean allAnswered(int sent) {
        for (int i = 0; i < sent; i++) {
            if (answered.get(i) == 0) {
                return false;
            }
        }
        return true;
    }

    private static void waitUntil(long at) {
        long left;
        while ((left = at - System.nanoTime()) > SPIN_NANOS) {
            LockSupport.parkNanos(left - SPIN_NANOS);
        }
        while (System.nanoTime() < at) {
            Thread.onSpinWait();
        }
    }

    private void read(Socket s) {
        try {
            DataInputStream in = new DataInputStream(new BufferedInputStream(s.getInputStream(), 64 * 1024));
            while (true) {
                int id = in.readInt();
                int length = in.readInt();
                in.skipNBytes(length - InferenceWire.ANSWER_HEADER);
                long now = System.nanoTime();
                if (id < 0 || id >= due.length() || length != o.responseBytes || !answered.compareAndSet(id, 0, 1)) {
                    failure.compareAndSet(null, "unexpected answer (id " + id + ", length " + length + ")");
                    return;
                }
                long micros = (now - due.get(id)) / 1000;
                if (due.get(id) >= measuredFrom) {
                    latency.recordValue(Math.min(HIGHEST_MICROS, micros));
                    if (micros > o.timeoutMillis * 1000L) {
                        late.incrementAndGet();
                    }
                }
            }
        } catch (IOException e) {
            if (!s.isClosed()) {
                failure.compareAndSet(null, "connection " + s.getLocalPort() + " failed: " + e.getMessage());
            }
        }
    }

    /**
     * A request never answered is recorded at how long it was waited for (a lower bound of its
     * latency), so the percentiles and the CDF cover every request sent, not only the answered.
     */
    private Map<String, Object> summary(int sent, long end) {
        int measured = 0;
        int unanswered = 0;
        long answeredCount = latency.getTotalCount();
        for (int i = 0; i < sent; i++) {
            if (due.get(i) >= measuredFrom) {
                measured++;
                if (answered.get(i) == 0) {
                    unanswered++;
                    latency.recordValue(Math.min(HIGHEST_MICROS, (end - due.get(i)) / 1000));
                }
            }
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("target", o.target.getHostString() + ":" + o.target.getPort());
        r.put("ratePerSecond", o.rate);
        r.put("seconds", o.seconds);
        r.put("warmupSeconds", o.warmupSeconds);
        r.put("requestBytes", o.requestBytes);
        r.put("responseBytes", o.responseBytes);
        r.put("connections", o.connections);
        r.put("startSkewMs", startSkewMillis);
        r.put("timeoutMs", o.timeoutMillis);
        r.put("sent", measured);
        r.put("answered", answeredCount);
        r.put("timeouts", late.get() + unanswered);
        r.put("unanswered", unanswered);
        r.put("latencyMs", percentiles(latency, true));
        r.put("sendLagMs", percentiles(sendLag, false));
        List<double[]> cdf = new ArrayList<>();
        for (HistogramIterationValue v : latency.percentiles(10)) {
            cdf.add(new double[] {v.getValueIteratedTo() / 1000.0, v.getPercentileLevelIteratedTo() / 100.0});
        }
        r.put("cdf", cdf);
        r.put("error", failure.get());
        return r;
    }

    private static Map<String, Object> percentiles(Histogram h, boolean full) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("p50", ms(h.getValueAtPercentile(50)));
        if (full) {
            m.put("p90", ms(h.getValueAtPercentile(90)));
        }
        m.put("p99", ms(h.getValueAtPercentile(99)));
        if (full) {
            m.put("p99.9", ms(h.getValueAtPercentile(99.9)));
            m.put("mean", ms(Math.round(h.getMean())));
        }
        m.put("max", ms(h.getMaxValue()));
        return m;
    }

    private static double ms(long micros) {
        return Math.round(micros / 10.0) / 100.0;
    }

    private static final class Options {
        static final String USAGE = "usage: InferenceProbe --target HOST:PORT [--rate 200] [--seconds 30] [--warmup 5] "
                + "[--request-bytes 256] [--response-bytes 4096] [--connections 8] [--timeout-ms 1000] [--start-at EPOCH_MS] [--out FILE]";
        InetSocketAddress target;
        double rate = 200;
        double seconds = 30;
        double warmupSeconds = 5;
        int requestBytes = 256;
        int responseBytes = 4096;
        int connections = 8;
        long timeoutMillis = 1000;
        long startAtMillis;
        Path out;

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i += 2) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(args[i] + " needs a value");
                }
                String v = args[i + 1];
                switch (args[i]) {
                    case "--target" -> {
                        int colon = v.lastIndexOf(':');
                        if (colon <= 0) {
                            throw new IllegalArgumentException("--target: want HOST:PORT, got '" + v + "'");
                        }
                        o.target = new InetSocketAddress(v.substring(0, colon), (int) number("--target port",
                                v.substring(colon + 1), 1, 65535));
                    }
                    case "--rate" -> o.rate = number(args[i], v, 1, 100_000);
                    case "--seconds" -> o.seconds = number(args[i], v, 0.1, 86_400);
                    case "--warmup" -> o.warmupSeconds = number(args[i], v, 0, 3_600);
                    case "--request-bytes" -> o.requestBytes = (int) number(args[i], v, InferenceWire.REQUEST_HEADER,
                            1 << 20);
                    case "--response-bytes" -> o.responseBytes = (int) number(args[i], v, InferenceWire.ANSWER_HEADER,
                            InferenceWire.MAX_ANSWER);
                    case "--connections" -> o.connections = (int) number(args[i], v, 1, 1024);
                    case "--timeout-ms" -> o.timeoutMillis = (long) number(args[i], v, 1, 600_000);
                    case "--out" -> o.out = Path.of(v);
                    case "--start-at" -> o.startAtMillis = (long) number(args[i], v, 1, 1e14);
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            if (o.target == null) {
                throw new IllegalArgumentException("--target is required");
            }
            return o;
        }

        private static double number(String name, String text, double min, double max) {
            double d;
            try {
                d = Double.parseDouble(text);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + ": want a number, got '" + text + "'");
            }
            if (!(d >= min && d <= max)) {
                throw new IllegalArgumentException(name + ": must be " + min + " to " + max + ", got " + text);
            }
            return d;
        }
    }
}
