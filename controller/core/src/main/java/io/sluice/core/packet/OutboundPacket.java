package io.sluice.core.packet;

import io.sluice.core.device.DeviceId;
import io.sluice.core.device.Port;
import io.sluice.core.topology.ConnectPoint;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A frame the controller hands a switch: either sent out of some of its ports as it is, or put
 * into its pipeline as if it had just arrived at a port, so it meets the switch's rules like any
 * other packet. Immutable.
 */
public final class OutboundPacket {
    private final DeviceId device;
    private final List<Long> ports;
    private final ConnectPoint inPort;
    private final byte[] frame;

    private OutboundPacket(DeviceId device, List<Long> ports, ConnectPoint inPort, byte[] frame) {
        this.device = device;
        this.ports = ports;
        this.inPort = inPort;
        this.frame = Objects.requireNonNull(frame, "frame").clone();
    }

    /** Out of each of {@code ports} of {@code device} (physical ports, at least one), untouched by its rules. */
    public static OutboundPacket toPorts(DeviceId device, List<Long> ports, byte[] frame) {
        Objects.requireNonNull(device, "device");
        List<Long> copy = List.copyOf(ports);
        if (copy.isEmpty()) {
            throw new IllegalArgumentException("a frame sent out of no port goes nowhere");
        }
        for (long p : copy) {
            if (!Port.isPhysicalNumber(p)) {
                throw new IllegalArgumentException("not a physical port number: " + p);
            }
        }
        return new OutboundPacket(device, copy, null, frame);
    }

    /** Out of one port. */
    public static OutboundPacket toPort(ConnectPoint port, byte[] frame) {
        return toPorts(port.deviceId(), List.of(port.port()), frame);
    }

    /** Into the switch's pipeline as if it had arrived at {@code inPort}: it takes whatever rule matches it now. */
    public static OutboundPacket intoPipeline(ConnectPoint inPort, byte[] frame) {
        Objects.requireNonNull(inPort, "inPort");
        return new OutboundPacket(inPort.deviceId(), List.of(), inPort, frame);
    }

    public DeviceId device() {
        return device;
    }

    /** Whether the frame goes into the pipeline (else out of {@link #ports()}). */
    public boolean isIntoPipeline() {
        return inPort != null;
    }

    /** The ports it leaves by; empty for a frame put into the pipeline. */
    public List<Long> ports() {
        return ports;
    }

    /** The port it is to seem to have arrived at, for a frame put into the pipeline; else null. */
    public ConnectPoint inPort() {
        return inPort;
    }

    /** A copy of the frame. */
    public byte[] frame() {
        return frame.clone();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof OutboundPacket)) {
            return false;
        }
        OutboundPacket p = (OutboundPacket) o;
        return device.equals(p.device) && ports.equals(p.ports) && Objects.equals(inPort, p.inPort)
                && Arrays.equals(frame, p.frame);
    }

    @Override
    public int hashCode() {
        return Objects.hash(device, ports, inPort, Arrays.hashCode(frame));
    }

    @Override
    public String toString() {
        return (inPort != null ? "into the pipeline of " + device + " from port " + inPort.port()
                : "out of " + device + " port(s) " + ports) + ": " + Frames.summary(frame);
    }
}
