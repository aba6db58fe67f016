package io.sluice.core.policy;

import io.sluice.core.net.Ip4Prefix;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * What a classification rule matches; a field left unset matches anything. Numeric fields hold
 * what was written, valid or not, so that {@link PolicyValidator} can point at a bad value rather
 * than the loader failing on it. Immutable; build with {@link #builder()}.
 */
public final class RuleMatch {
    private final Ip4Prefix srcCidr;
    private final Ip4Prefix dstCidr;
    private final Integer ipProto;
    private final PortRange srcPorts;
    private final PortRange dstPorts;
    private final Integer vlan;
    private final Integer dscp;
    private final String srcGroup;
    private final String dstGroup;

    private RuleMatch(Builder b) {
        srcCidr = b.srcCidr;
        dstCidr = b.dstCidr;
        ipProto = b.ipProto;
        srcPorts = b.srcPorts;
        dstPorts = b.dstPorts;
        vlan = b.vlan;
        dscp = b.dscp;
        srcGroup = b.srcGroup;
        dstGroup = b.dstGroup;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Ip4Prefix srcCidr() {
        return srcCidr;
    }

    public Ip4Prefix dstCidr() {
        return dstCidr;
    }

    /** IP protocol number (6 TCP, 17 UDP, ...), or null for any. */
    public Integer ipProto() {
        return ipProto;
    }

    public PortRange srcPorts() {
        return srcPorts;
    }

    public PortRange dstPorts() {
        return dstPorts;
    }

    /** VLAN id, 0 meaning untagged only; null for any VLAN or none. */
    public Integer vlan() {
        return vlan;
    }

    /** The DSCP the packet arrives with (0-63), or null for any. */
    public Integer dscp() {
        return dscp;
    }

    /** Name of a host group the source must belong to, or null. */
    public String srcGroup() {
        return srcGroup;
    }

    /** Name of a host group the destination must belong to, or null. */
    public String dstGroup() {
        return dstGroup;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof RuleMatch)) {
            return false;
        }
        RuleMatch m = (RuleMatch) o;
        return Objects.equals(srcCidr, m.srcCidr) && Objects.equals(dstCidr, m.dstCidr)
                && Objects.equals(ipProto, m.ipProto) && Objects.equals(srcPorts, m.srcPorts)
                && Objects.equals(dstPorts, m.dstPorts) && Objects.equals(vlan, m.vlan) && Objects.equals(dscp, m.dscp)
                && Objects.equals(srcGroup, m.srcGroup) && Objects.equals(dstGroup, m.dstGroup);
    }

    @Override
    public int hashCode() {
        return Objects.hash(srcCidr, dstCidr, ipProto, srcPorts, dstPorts, vlan, dscp, srcGroup, dstGroup);
    }

    @Override
    public String toString() {
        StringJoiner j = new StringJoiner(", ", "{", "}");
        add(j, "srcCidr", srcCidr);
        add(j, "dstCidr", dstCidr);
        add(j, "proto", ipProto);
        add(j, "srcPorts", srcPorts);
        add(j, "dstPorts", dstPorts);
        add(j, "vlan", vlan);
        add(j, "dscp", dscp);
        add(j, "srcGroup", srcGroup);
        add(j, "dstGroup", dstGroup);
        return j.toString();
    }

    private static void add(StringJoiner j, String name, Object value) {
        if (value != null) {
            j.add(name + "=" + value);
        }
    }

    /** Collects the fields of a match. */
    public static final class Builder {
        private Ip4Prefix srcCidr;
        private Ip4Prefix dstCidr;
        private Integer ipProto;
        private PortRange srcPorts;
        private PortRange dstPorts;
        private Integer vlan;
        private Integer dscp;
        private String srcGroup;
        private String dstGroup;

        private Builder() {
        }

        public Builder srcCidr(Ip4Prefix p) {
            srcCidr = p;
            return this;
        }

        public Builder dstCidr(Ip4Prefix p) {
            dstCidr = p;
            return this;
        }

        public Builder ipProto(Integer proto) {
            ipProto = proto;
            return this;
        }

        public Builder srcPorts(PortRange r) {
            srcPorts = r;
            return this;
        }

        public Builder dstPorts(PortRange r) {
            dstPorts = r;
            return this;
        }

        public Builder vlan(Integer v) {
            vlan = v;
            return this;
        }

        public Builder dscp(Integer d) {
            dscp = d;
            return this;
        }

        public Builder srcGroup(String g) {
            srcGroup = g;
            return this;
        }

        public Builder dstGroup(String g) {
            dstGroup = g;
            return this;
        }

        public RuleMatch build() {
            return new RuleMatch(this);
        }
    }
}
