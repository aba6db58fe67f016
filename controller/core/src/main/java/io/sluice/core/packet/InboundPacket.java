package io.sluice.core.packet;

import io.sluice.core.topology.ConnectPoint;
import java.util.Arrays;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * A frame a switch sent to the controller, in core's terms: where it entered the fabric, the whole
 * frame, and which of core's rules sent it up, if one did (a table miss or a base-pipeline rule sent
 * it otherwise). Immutable: the frame is copied in, and {@link #frame()} hands out copies.
 */
public final class InboundPacket {
    private final ConnectPoint receivedFrom;
    private final byte[] frame;
    private final long ruleId;

    private InboundPacket(ConnectPoint receivedFrom, byte[] frame, long ruleId) {
        this.receivedFrom = Objects.requireNonNull(receivedFrom, "receivedFrom");
        this.frame = Objects.requireNonNull(frame, "frame").clone();
        this.ruleId = ruleId;
    }

    /** A frame no rule of core's sent up (a table miss, or a base-pipeline rule such as ARP or LLDP). */
    public static InboundPacket of(ConnectPoint receivedFrom, byte[] frame) {
        return new InboundPacket(receivedFrom, frame, -1);
    }

    /**
     * A frame that core's rule {@code ruleId} (an {@link io.sluice.core.flow.InstalledRule} id on that
     * switch) sent to the controller.
     */
    public static InboundPacket fromRule(ConnectPoint receivedFrom, byte[] frame, long ruleId) {
        if (ruleId < 0) {
            throw new IllegalArgumentException("not a rule id: " + ruleId);
        }
        return new InboundPacket(receivedFrom, frame, ruleId);
    }

    /** The switch and port the frame entered by. */
    public ConnectPoint receivedFrom() {
        return receivedFrom;
    }

    /** A copy of the whole Ethernet frame. */
    public byte[] frame() {
        return frame.clone();
    }

    /** The frame's length in bytes. */
    public int length() {
        return frame.length;
    }

    /** The frame's payload type, behind up to two VLAN tags; -1 for a frame too short to say. */
    public int etherType() {
        return Frames.etherType(frame);
    }

    /** The id of core's rule that sent the frame up, if one did. */
    public OptionalLong sentByRule() {
        return ruleId < 0 ? OptionalLong.empty() : OptionalLong.of(ruleId);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof InboundPacket)) {
            return false;
        }
        InboundPacket p = (InboundPacket) o;
        return receivedFrom.equals(p.receivedFrom) && ruleId == p.ruleId && Arrays.equals(frame, p.frame);
    }

    @Override
    public int hashCode() {
        return Objects.hash(receivedFrom, ruleId, Arrays.hashCode(frame));
    }

    @Override
    public String toString() {
        return "packet at " + receivedFrom + (ruleId < 0 ? "" : " from rule " + ruleId) + ": " + Frames.summary(frame);
    }
}
