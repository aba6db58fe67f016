package io.sluice.core.discovery;

/** Host learning as others see it. */
public interface HostDiscoveryService {
    /** Frames that reached the controller but were not Ethernet frames, since start. */
    long malformedFrames();
}
