package io.sluice.tests.support;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The summary of a {@code ping} run, read from its output. */
public record Ping(int transmitted, int received) {
    private static final Pattern SUMMARY = Pattern.compile("(\\d+) packets transmitted, (\\d+) received");

    public static Ping parse(String output) {
        Matcher m = SUMMARY.matcher(output);
        if (!m.find()) {
            throw new IllegalArgumentException("no ping summary in: " + output);
        }
        return new Ping(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    }

    public int lost() {
        return transmitted - received;
    }
}
