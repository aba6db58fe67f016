package io.sluice.core.flow;

import io.sluice.core.device.Port;
import io.sluice.core.net.Ip4Prefix;
import io.sluice.core.net.MacAddress;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * Which packets a rule applies to; a field left unset matches anything. Immutable; build with
 * {@link #builder()}. Fields: in port, destination MAC, VLAN, EtherType (LLDP and ARP for the base
 * rules; IPv4 is implied by any IPv4 field), IPv4 protocol, prefixes, masked transport ports, DSCP.
 */
public final class TrafficSelector {
    /** {@link #vlan()} when the rule matches any VLAN, tagged or not. */
    public static final int ANY_VLAN = -1;
    /** {@link #vlan()} when the rule matches only untagged frames. */
    public static final int UNTAGGED = 0;
    /** EtherType of IPv4: {@link Builder#ethType} with it is the same as {@link Builder#ipv4()}. */
    public static final int ETH_TYPE_IPV4 = 0x0800;
    /** EtherType of ARP. */
    public static final int ETH_TYPE_ARP = 0x0806;
    /** EtherType of LLDP (IEEE 802.1AB), which discovery probes are. */
    public static final int ETH_TYPE_LLDP = 0x88cc;

    private final Long inPort;
    private final MacAddress ethDst;
    private final int vlan;
    /** An EtherType other than IPv4's (IPv4 is {@link #isIp()}), or null. */
    private final Integer ethType;
    private final Integer ipProto;
    private final Ip4Prefix ipv4Src;
    private final Ip4Prefix ipv4Dst;
    private final Integer srcPort;
    private final Integer dstPort;
    private final int srcPortMask;
    private final int dstPortMask;
    private final Integer dscp;
    private final boolean ipv4;

    private TrafficSelector(Builder b) {
        this.inPort = b.inPort;
        this.ethDst = b.ethDst;
        this.vlan = b.vlan;
        this.ethType = b.ethType != null && b.ethType == ETH_TYPE_IPV4 ? null : b.ethType;
        this.ipProto = b.ipProto;
        this.ipv4Src = b.ipv4Src;
        this.ipv4Dst = b.ipv4Dst;
        this.srcPort = b.srcPort;
        this.dstPort = b.dstPort;
        this.srcPortMask = b.srcPortMask;
        this.dstPortMask = b.dstPortMask;
        this.dscp = b.dscp;
        this.ipv4 = b.ipv4 || (b.ethType != null && b.ethType == ETH_TYPE_IPV4);
        if (ethType != null && isIp()) {
            throw new IllegalArgumentException(String.format("IPv4 fields need EtherType IPv4, not 0x%04x", ethType));
        }
        if ((srcPort != null || dstPort != null) && (ipProto == null || !(ipProto == 6 || ipProto == 17 || ipProto == 132))) {
            throw new IllegalArgumentException("transport ports need IP protocol 6, 17 or 132, got " + ipProto);
        }
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

    /**
     * The EtherType the frame carries (after any VLAN tag), or null for any: {@link #ETH_TYPE_IPV4}
     * for a rule that matches IPv4 only ({@link #isIp()}).
     */
    public Integer ethType() {
        return isIp() ? Integer.valueOf(ETH_TYPE_IPV4) : ethType;
    }

    /** IPv4 protocol, or null for any (and for non-IP). */
    public Integer ipProto() {
        return ipProto;
    }

    public Ip4Prefix ipv4Src() {
        return ipv4Src;
    }

    public Ip4Prefix ipv4Dst() {
        return ipv4Dst;
    }

    /** Exact transport source port, or null. */
    public Integer srcPort() {
        return srcPort;
    }

    public Integer dstPort() {
        return dstPort;
    }

    /** Bits of {@link #srcPort()} that must match: 0xFFFF for an exact port. */
    public int srcPortMask() {
        return srcPortMask;
    }

    public int dstPortMask() {
        return dstPortMask;
    }

    /** The DSCP the packet carries, or null for any. */
    public Integer dscp() {
        return dscp;
    }

    /**
     * Whether the rule matches IPv4 packets only: asked for, or implied by an IPv4 field. The match
     * then needs eth_type IPv4, and so does a rule that rewrites an IP field.
     */
    public boolean isIp() {
        return ipv4 || ipProto != null || ipv4Src != null || ipv4Dst != null || dscp != null;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof TrafficSelector)) {
            return false;
        }
        TrafficSelector s = (TrafficSelector) o;
        return vlan == s.vlan && Objects.equals(inPort, s.inPort) && Objects.equals(ethDst, s.ethDst)
                && Objects.equals(ethType, s.ethType)
                && Objects.equals(ipProto, s.ipProto) && Objects.equals(ipv4Src, s.ipv4Src)
                && Objects.equals(ipv4Dst, s.ipv4Dst) && Objects.equals(srcPort, s.srcPort)
                && Objects.equals(dstPort, s.dstPort) && srcPortMask == s.srcPortMask && dstPortMask == s.dstPortMask
                && Objects.equals(dscp, s.dscp) && isIp() == s.isIp();
    }

    @Override
    public int hashCode() {
        int h = Objects.hash(inPort, ethDst, vlan, ipProto, ipv4Src, ipv4Dst, srcPort, dstPort, srcPortMask, dstPortMask,
                dscp, isIp());
        // Selectors without an EtherType hash as they did before there was one.
        return ethType == null ? h : 31 * h + ethType;
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
        if (ethType != null) {
            j.add(String.format("eth_type=0x%04x", ethType));
        }
        if (isIp() && ipProto == null && ipv4Src == null && ipv4Dst == null && dscp == null) {
            j.add("ipv4");
        }
        add(j, "ip_proto", ipProto);
        add(j, "ipv4_src", ipv4Src);
        add(j, "ipv4_dst", ipv4Dst);
        add(j, "tp_src", srcPort == null ? null : srcPortMask == 0xFFFF ? srcPort
                : srcPort + "/0x" + Integer.toHexString(srcPortMask));
        add(j, "tp_dst", dstPort == null ? null : dstPortMask == 0xFFFF ? dstPort
                : dstPort + "/0x" + Integer.toHexString(dstPortMask));
        add(j, "ip_dscp", dscp);
        String s = j.toString();
        return s.isEmpty() ? "any" : s;
    }

    private static void add(StringJoiner j, String name, Object value) {
        if (value != null) {
            j.add(name + "=" + value);
        }
    }

    /** Collects the fields of a selector. */
    public static final class Builder {
        private Long inPort;
        private MacAddress ethDst;
        private int vlan = ANY_VLAN;
        private Integer ethType;
        private Integer ipProto;
        private Ip4Prefix ipv4Src;
        private Ip4Prefix ipv4Dst;
        private Integer srcPort;
        private Integer dstPort;
        private int srcPortMask = 0xFFFF;
        private int dstPortMask = 0xFFFF;
        private Integer dscp;
        private boolean ipv4;

        private Builder() {
        }

        /** IPv4 packets only (implied by any IPv4 field). */
        public Builder ipv4() {
            this.ipv4 = true;
            return this;
        }

        public Builder inPort(long port) {
            if (!Port.isPhysicalNumber(port)) {
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

        /**
         * Frames of this EtherType only (after any VLAN tag), e.g. {@link TrafficSelector#ETH_TYPE_LLDP};
         * IPv4's is the same as {@link #ipv4()}, and any other excludes IPv4 fields.
         */
        public Builder ethType(int type) {
            if (type < 0x0600 || type > 0xFFFF) {
                throw new IllegalArgumentException(String.format("not an EtherType (0x0600-0xffff): 0x%04x", type));
            }
            this.ethType = type;
            return this;
        }

        public Builder ipProto(int proto) {
            if (proto < 0 || proto > 255) {
                throw new IllegalArgumentException("IP protocol must be 0-255, got " + proto);
            }
            this.ipProto = proto;
            return this;
        }

        /** A /0 is the same as leaving the field out. */
        public Builder ipv4Src(Ip4Prefix p) {
            this.ipv4Src = p == null || p.length() == 0 ? null : p;
            return this;
        }

        public Builder ipv4Dst(Ip4Prefix p) {
            this.ipv4Dst = p == null || p.length() == 0 ? null : p;
            return this;
        }

        public Builder srcPort(int port) {
            this.srcPort = port(port);
            return this;
        }

        public Builder dstPort(int port) {
            this.dstPort = port(port);
            return this;
        }

        /** Ports whose bits under {@code mask} equal {@code port}'s (a block of a range). */
        public Builder srcPort(int port, int mask) {
            this.srcPortMask = mask(port, mask);
            this.srcPort = port;
            return this;
        }

        public Builder dstPort(int port, int mask) {
            this.dstPortMask = mask(port, mask);
            this.dstPort = port;
            return this;
        }

        private static int mask(int port, int mask) {
            port(port);
            if (mask <= 0 || mask > 0xFFFF || (port & ~mask) != 0) {
                throw new IllegalArgumentException("port mask must be 1-0xffff and cover the port's set bits, got "
                        + port + "/0x" + Integer.toHexString(mask));
            }
            return mask;
        }

        public Builder dscp(int d) {
            if (d < 0 || d > 63) {
                throw new IllegalArgumentException("DSCP must be 0-63, got " + d);
            }
            this.dscp = d;
            return this;
        }

        private static int port(int p) {
            if (p < 0 || p > 65535) {
                throw new IllegalArgumentException("port must be 0-65535, got " + p);
            }
            return p;
        }

        public TrafficSelector build() {
            return new TrafficSelector(this);
        }
    }
}
