package io.sluice.core.packet;

import java.util.Objects;

/**
 * Who takes which frames, stated once: discovery frames (LLDP, BDDP) go to link discovery only;
 * every other frame teaches host learning its sender, then goes to exactly one handler: ARP to the
 * ARP handling, a frame one of core's classifying rules sent up to flow admission, anything else
 * (a table miss) to unrouted-frame handling. The order is this class's, not the order anything
 * registered in. Immutable.
 */
public final class PacketDispatch {
    private final PacketProcessor linkDiscovery;
    private final PacketProcessor hostLearning;
    private final PacketProcessor arp;
    private final PacketProcessor flowAdmission;
    private final PacketProcessor unrouted;

    private PacketDispatch(PacketProcessor linkDiscovery, PacketProcessor hostLearning, PacketProcessor arp,
            PacketProcessor flowAdmission, PacketProcessor unrouted) {
        this.linkDiscovery = Objects.requireNonNull(linkDiscovery, "linkDiscovery");
        this.hostLearning = Objects.requireNonNull(hostLearning, "hostLearning");
        this.arp = Objects.requireNonNull(arp, "arp");
        this.flowAdmission = Objects.requireNonNull(flowAdmission, "flowAdmission");
        this.unrouted = Objects.requireNonNull(unrouted, "unrouted");
    }

    public static PacketDispatch of(PacketProcessor linkDiscovery, PacketProcessor hostLearning, PacketProcessor arp,
            PacketProcessor flowAdmission, PacketProcessor unrouted) {
        return new PacketDispatch(linkDiscovery, hostLearning, arp, flowAdmission, unrouted);
    }

    /** Nothing takes anything: frames are counted and dropped (before start, after stop). */
    public static PacketDispatch none() {
        PacketProcessor drop = p -> { };
        return new PacketDispatch(drop, drop, drop, drop, drop);
    }

    public PacketProcessor linkDiscovery() {
        return linkDiscovery;
    }

    public PacketProcessor hostLearning() {
        return hostLearning;
    }

    public PacketProcessor arp() {
        return arp;
    }

    public PacketProcessor flowAdmission() {
        return flowAdmission;
    }

    public PacketProcessor unrouted() {
        return unrouted;
    }
}
