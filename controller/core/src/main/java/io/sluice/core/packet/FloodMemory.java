package io.sluice.core.packet;

import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Remembers the frames the controller flooded in the last moment. If a port is taken for an edge
 * port before discovery finds the link on it, a flooded frame comes back through that link: it
 * must not be flooded again (or it would circle for ever) and must not teach host discovery that
 * its sender lives behind that link. One instance is shared by everything that floods or learns.
 */
public final class FloodMemory {
    private static final int MAX_ENTRIES = 4096;
    private final long windowNanos;
    private final LongSupplier nanoClock;
    /** Frame fingerprint to when it was flooded, oldest first. Guarded by this. */
    private final LinkedHashMap<Long, Long> seen = new LinkedHashMap<>();

    public FloodMemory(long windowNanos, LongSupplier nanoClock) {
        this.windowNanos = windowNanos;
        this.nanoClock = nanoClock;
    }

    /** Whether this frame was flooded within the window: a copy arriving now is an echo. */
    public synchronized boolean recentlyFlooded(byte[] frame) {
        forgetOld(nanoClock.getAsLong());
        return seen.containsKey(key(frame));
    }

    /** Records the frame as flooded now and returns true, unless it was flooded within the window. */
    public synchronized boolean floodIfNew(byte[] frame) {
        long now = nanoClock.getAsLong();
        forgetOld(now);
        long key = key(frame);
        if (seen.containsKey(key)) {
            return false;
        }
        seen.put(key, now);
        return true;
    }

    private static long key(byte[] frame) {
        return ((long) Arrays.hashCode(frame) << 32) | frame.length;
    }

    private void forgetOld(long now) {
        for (Iterator<Map.Entry<Long, Long>> it = seen.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Long, Long> e = it.next();
            if (now - e.getValue() < windowNanos && seen.size() <= MAX_ENTRIES) {
                break;
            }
            it.remove();
        }
    }
}
