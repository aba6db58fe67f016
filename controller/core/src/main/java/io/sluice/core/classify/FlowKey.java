package io.sluice.core.classify;

import io.sluice.core.net.Ip4Address;
import io.sluice.core.net.MacAddress;
import io.sluice.core.topology.ConnectPoint;
import java.util.Objects;

/**
 * What identifies a flow for classification: its 5-tuple, VLAN (0 when untagged), the DSCP it
 * arrived with, and, when known, the MACs and the port it entered the fabric at. Immutable; build
 * with {@link #builder()}.
 */
public final class FlowKey {
    private final Ip4Address src;
    private final Ip4Address dst;
    private final int ipProto;
    private final int srcPort;
    private final int dstPort;
    private final int vlan;
    private final int dscp;
    private final MacAddress srcMac;
    private final MacAddress dstMac;
    private final ConnectPoint ingress;

    private FlowKey(Builder b) {
        src = Objects.requireNonNull(b.src, "src");
        dst = Objects.requireNonNull(b.dst, "dst");
        ipProto = b.ipProto;
        srcPort = b.srcPort;
        dstPort = b.dstPort;
        vlan = b.vlan;
        dscp = b.dscp;
        srcMac = b.srcMac;
        dstMac = b.dstMac;
        ingress = b.ingress;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Ip4Address src() {
        return src;
    }

    public Ip4Address dst() {
        return dst;
    }

    public int ipProto() {
        return ipProto;
    }

    /** 0 when the protocol has no ports. */
    public int srcPort() {
        return srcPort;
    }

    public int dstPort() {
        return dstPort;
    }

    /** 0 when untagged. */
    public int vlan() {
        return vlan;
    }

    public int dscp() {
        return dscp;
    }

    /** May be null. */
    public MacAddress srcMac() {
        return srcMac;
    }

    /** May be null. */
    public MacAddress dstMac() {
        return dstMac;
    }

    /** The edge port the flow entered by; may be null. */
    public ConnectPoint ingress() {
        return ingress;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof FlowKey)) {
            return false;
        }
        FlowKey k = (FlowKey) o;
        return ipProto == k.ipProto && srcPort == k.srcPort && dstPort == k.dstPort && vlan == k.vlan && dscp == k.dscp
                && src.equals(k.src) && dst.equals(k.dst) && Objects.equals(srcMac, k.srcMac)
                && Objects.equals(dstMac, k.dstMac) && Objects.equals(ingress, k.ingress);
    }

    @Override
    public int hashCode() {
        return Objects.hash(src, dst, ipProto, srcPort, dstPort, vlan, dscp, srcMac, dstMac, ingress);
    }

    @Override
    public String toString() {
        return src + ":" + srcPort + " -> " + dst + ":" + dstPort + " proto " + ipProto
                + (vlan != 0 ? " vlan " + vlan : "") + (dscp != 0 ? " dscp " + dscp : "");
    }

    /** Collects a flow key. */
    public static final class Builder {
        private Ip4Address src;
        private Ip4Address dst;
        private int ipProto;
        private int srcPort;
        private int dstPort;
        private int vlan;
        private int dscp;
        private MacAddress srcMac;
        private MacAddress dstMac;
        private ConnectPoint ingress;

        private Builder() {
        }

        public Builder src(Ip4Address a) {
            src = a;
            return this;
        }

        public Builder dst(Ip4Address a) {
            dst = a;
            return this;
        }

        public Builder ipProto(int p) {
            if (p < 0 || p > 255) {
                throw new IllegalArgumentException("IP protocol must be 0-255, got " + p);
            }
            ipProto = p;
            return this;
        }

        public Builder srcPort(int p) {
            srcPort = port(p);
            return this;
        }

        public Builder dstPort(int p) {
            dstPort = port(p);
            return this;
        }

        public Builder vlan(int v) {
            if (v < 0 || v > 4095) {
                throw new IllegalArgumentException("VLAN must be 0 (untagged) to 4095, got " + v);
            }
            vlan = v;
            return this;
        }

        public Builder dscp(int d) {
            if (d < 0 || d > 63) {
                throw new IllegalArgumentException("DSCP must be 0-63, got " + d);
            }
            dscp = d;
            return this;
        }

        public Builder srcMac(MacAddress m) {
            srcMac = m;
            return this;
        }

        public Builder dstMac(MacAddress m) {
            dstMac = m;
            return this;
        }

        public Builder ingress(ConnectPoint cp) {
            ingress = cp;
            return this;
        }

        private static int port(int p) {
            if (p < 0 || p > 65535) {
                throw new IllegalArgumentException("port must be 0-65535, got " + p);
            }
            return p;
        }

        public FlowKey build() {
            return new FlowKey(this);
        }
    }
}
