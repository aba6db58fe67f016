package io.sluice.core.discovery;

import java.util.Map;

/** Link discovery as others see it: what it sent and what became of the discovery frames it received. */
public interface LinkDiscoveryService {
    /** Probes sent, then received frames by verdict (ACCEPTED, FORGED, ...), since start. */
    Map<String, Long> stats();
}
