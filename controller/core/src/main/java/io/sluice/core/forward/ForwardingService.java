package io.sluice.core.forward;

import java.util.Map;

/** What the controller did with the frames it had to forward itself (ARP, unrouted frames, admitted flows). */
public interface ForwardingService {
    /** Counter name to value since start, in a stable order. */
    Map<String, Long> counters();
}
