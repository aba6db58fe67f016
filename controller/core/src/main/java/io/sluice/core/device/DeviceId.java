package io.sluice.core.device;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Identity of a switch, opaque to core: a URI-like name, {@code scheme:name}, as ONOS names
 * devices. Each southbound has its own scheme: OpenFlow {@code of:} and the 64-bit datapath id in
 * 16 lowercase hex digits ({@code of:0000000000000001}), P4Runtime {@code p4rt:} and the name the
 * switch was given ({@code p4rt:leaf1}). Core compares, orders and prints ids; it never looks inside
 * one. Ids of one scheme and width order as their names do, so OpenFlow switches list in
 * datapath-id order.
 */
public final class DeviceId implements Comparable<DeviceId> {
    private static final Pattern URI = Pattern.compile("[a-z][a-z0-9+.-]{0,15}:[!-.0-~]{1,128}");
    private static final Pattern OPENFLOW = Pattern.compile("of:[0-9a-f]{16}");
    private static final Pattern COLON_DPID = Pattern.compile("([0-9a-f]{2}:){7}[0-9a-f]{2}");
    private static final Pattern BARE_DPID = Pattern.compile("[0-9a-f]{1,16}");
    /** Hex octets joined by colons: a datapath id (or a MAC) however many there are. */
    private static final Pattern HEX_OCTETS = Pattern.compile("[0-9a-f]{1,2}(:[0-9a-f]{1,2})+");
    private final String uri;

    private DeviceId(String uri) {
        this.uri = uri;
    }

    /**
     * The device named {@code uri} exactly: a scheme (lowercase letters, digits, {@code + . -}), a
     * colon, then up to 128 printable characters without spaces or {@code /} (which separates a
     * device from its port in {@code device/port}). An {@code of:} id must carry its datapath id in
     * 16 lowercase hex digits, so one switch never has two spellings.
     */
    public static DeviceId of(String uri) {
        Objects.requireNonNull(uri, "uri");
        // dpid: is how people write a datapath id, never a scheme of its own (parse reads it as of:).
        if (!URI.matcher(uri).matches() || (uri.startsWith("of:") && !OPENFLOW.matcher(uri).matches())
                || uri.startsWith("dpid:")) {
            throw new IllegalArgumentException(problem(uri));
        }
        return new DeviceId(uri);
    }

    /**
     * Reads what people paste: any id as {@link #of} takes it, and the forms OpenFlow tools print
     * for a datapath id, which name the {@code of:} device: {@code 00:00:00:00:00:00:00:01},
     * {@code 0000000000000001} (or fewer digits), {@code of:} or {@code dpid:} (ovs-ofctl) before
     * either, in any case. Those are the forms REST, policy files ({@code trustDscp}) and the lab
     * used before ids were opaque, and they keep working.
     */
    public static DeviceId parse(String text) {
        String s = text.trim();
        String lower = s.toLowerCase(Locale.ROOT);
        String dpid = lower.startsWith("of:") ? lower.substring(3) : lower.startsWith("dpid:") ? lower.substring(5)
                : lower;
        if (COLON_DPID.matcher(dpid).matches() || BARE_DPID.matcher(dpid).matches()) {
            return new DeviceId(String.format("of:%016x", Long.parseUnsignedLong(dpid.replace(":", ""), 16)));
        }
        // Colon-joined hex that is not eight octets is a mistyped datapath id (or a MAC), not a name.
        if (lower.startsWith("of:") || lower.startsWith("dpid:") || s.indexOf(':') <= 0
                || HEX_OCTETS.matcher(lower).matches()) {
            throw new IllegalArgumentException(problem(text));
        }
        int colon = s.indexOf(':');
        return of(s.substring(0, colon).toLowerCase(Locale.ROOT) + s.substring(colon));
    }

    private static String problem(String text) {
        return "not a device id (want scheme:name, e.g. p4rt:leaf1, or an OpenFlow datapath id of 16 hex digits, "
                + "optionally colon-separated, e.g. of:0000000000000001 or 00:00:00:00:00:00:00:01): '"
                + (text.length() > 40 ? text.substring(0, 40) + "..." : text) + "'";
    }

    /** The scheme: which kind of target names the device ({@code of}, {@code p4rt}, ...). */
    public String scheme() {
        return uri.substring(0, uri.indexOf(':'));
    }

    /** The whole id, as {@link #toString()}. */
    public String uri() {
        return uri;
    }

    @Override
    public int compareTo(DeviceId other) {
        return uri.compareTo(other.uri);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DeviceId && ((DeviceId) o).uri.equals(uri);
    }

    @Override
    public int hashCode() {
        return uri.hashCode();
    }

    @Override
    public String toString() {
        return uri;
    }
}
