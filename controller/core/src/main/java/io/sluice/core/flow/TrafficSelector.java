package io.sluice.core.flow;

import io.sluice.core.net.MacAddress;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * Which packets a rule applies to; a field left unset matches anything. Immutable; build with
 * {@link #builder()}.
 */
public final class TrafficSelector {
    /** {@link #vlan()} when the rule matches any VLAN, tagged or not. */
    public static final int ANY_VLAN = -1;
    /** {@link #vlan()} when the rule matches only untagged frames. */
    public static final int UNTAGGED = 0;

    private final Long inPort;
    private final MacAddress ethDst;
    private final int vlan;

    private TrafficSelector(Builder b) {
        this.inPort = b.inPort;
        this.ethDst = b.ethDst;
        this.vlan = b.vlan;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The ingress port, or null for any. */
    public Long inPort() {
        return inPort;
    }

    /** The destination MAC address, or null for any. */
    public MacAddress ethDst() {
        return ethDst;
    }

    /** {@link #ANY_VLAN}, {@link #UNTAGGED}, or a VLAN id 1-4095. */
    public int vlan() {
        return vlan;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof TrafficSelector)) {
            return false;
        }
        TrafficSelector s = (TrafficSelector) o;
        return vlan == s.vlan && Objects.equals(inPort, s.inPort) && Objects.equals(ethDst, s.ethDst);
    }

    @Override
    public int hashCode() {
        return Objects.hash(inPort, ethDst, vlan);
    }

    @Override
    public String toString() {
        StringJoiner j = new StringJoiner(",");
        if (inPort != null) {
            j.add("in_port=" + inPort);
        }
        if (ethDst != null) {
            j.add("eth_dst=" + ethDst);
        }
        if (vlan == UNTAGGED) {
            j.add("vlan=untagged");
        } else if (vlan != ANY_VLAN) {
            j.add("vlan=" + vlan);
        }
        String s = j.toString();
        return s.isEmpty() ? "any" : s;
    }

    /** Collects the fields of a selector. */
    public static final class Builder {
        private Long inPort;
        private MacAddress ethDst;
        private int vlan = ANY_VLAN;

        private Builder() {
        }

        public Builder inPort(long port) {
            if (port <= 0 || port > 0xFFFF_FF00L) {
                throw new IllegalArgumentException("not a physical port number: " + port);
            }
            this.inPort = port;
            return this;
        }

        public Builder ethDst(MacAddress mac) {
            this.ethDst = Objects.requireNonNull(mac, "mac");
            return this;
        }

        /** @param vlan {@link #UNTAGGED} or 1-4095 */
        public Builder vlan(int vlan) {
            if (vlan < 0 || vlan > 4095) {
                throw new IllegalArgumentException("VLAN must be 0 (untagged) or 1-4095, got " + vlan);
            }
            this.vlan = vlan;
            return this;
        }

        public TrafficSelector build() {
            return new TrafficSelector(this);
        }
    }
}
