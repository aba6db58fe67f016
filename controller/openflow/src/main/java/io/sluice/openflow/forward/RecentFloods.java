package io.sluice.openflow.forward;

import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Remembers the frames flooded in the last moment, so the same frame is never flooded twice: if a
 * port is taken for an edge port before discovery finds the link on it, a flooded frame comes back
 * through that link, and without this it would be flooded again, and again.
 */
final class RecentFloods {
    private static final int MAX_ENTRIES = 4096;
    private final long windowNanos;
    private final LongSupplier nanoClock;
    /** Frame fingerprint to when it was flooded, oldest first. Guarded by this. */
    private final LinkedHashMap<Long, Long> seen = new LinkedHashMap<>();

    RecentFloods(long windowNanos, LongSupplier nanoClock) {
        this.windowNanos = windowNanos;
        this.nanoClock = nanoClock;
    }

    /** True the first time a frame is offered within the window; false for a repeat. */
    synchronized boolean firstSighting(byte[] frame) {
        long now = nanoClock.getAsLong();
        for (Iterator<Map.Entry<Long, Long>> it = seen.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Long, Long> e = it.next();
            if (now - e.getValue() < windowNanos && seen.size() <= MAX_ENTRIES) {
                break;
            }
            it.remove();
        }
        long key = ((long) Arrays.hashCode(frame) << 32) | frame.length;
        if (seen.containsKey(key)) {
            return false;
        }
        seen.put(key, now);
        return true;
    }
}
