package io.sluice.core.forward.impl;

import io.sluice.core.forward.ForwardingService;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** What the controller did with the frames that reached it, since start (shown in health). */
public final class ForwardingCounters implements ForwardingService {
    final LongAdder arpAnswered = new LongAdder();
    final LongAdder arpFlooded = new LongAdder();
    final LongAdder arpDelivered = new LongAdder();
    final LongAdder delivered = new LongAdder();
    final LongAdder flooded = new LongAdder();
    final LongAdder repeatFloodsDropped = new LongAdder();
    final LongAdder unknownDestinationDropped = new LongAdder();
    final LongAdder malformed = new LongAdder();
    final LongAdder strayAtFabricPort = new LongAdder();
    final LongAdder unknownDestinationProbed = new LongAdder();
    final LongAdder linkLocalDropped = new LongAdder();
    final LongAdder flowsAdmitted = new LongAdder();
    final LongAdder flowPacketsNotAdmitted = new LongAdder();

    @Override
    public Map<String, Long> counters() {
        Map<String, Long> out = new LinkedHashMap<>();
        out.put("arpAnswered", arpAnswered.sum());
        out.put("arpFlooded", arpFlooded.sum());
        out.put("arpDelivered", arpDelivered.sum());
        out.put("delivered", delivered.sum());
        out.put("flooded", flooded.sum());
        out.put("repeatFloodsDropped", repeatFloodsDropped.sum());
        out.put("unknownDestinationDropped", unknownDestinationDropped.sum());
        out.put("malformed", malformed.sum());
        out.put("strayAtFabricPort", strayAtFabricPort.sum());
        out.put("unknownDestinationProbed", unknownDestinationProbed.sum());
        out.put("linkLocalDropped", linkLocalDropped.sum());
        out.put("flowsAdmitted", flowsAdmitted.sum());
        out.put("flowPacketsNotAdmitted", flowPacketsNotAdmitted.sum());
        return out;
    }
}
