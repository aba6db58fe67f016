package io.sluice.openflow.pipeline;

import java.util.Set;

/**
 * What a switch said it can do, as far as the base pipeline cares.
 *
 * @param tableCount      flow tables the switch has (FEATURES n_tables)
 * @param meterCapacity   meters it can hold (METER_FEATURES max_meter); 0 when it has none
 * @param dropBands       whether its meters support DROP bands
 * @param existingMeters  meter ids already configured on it (METER_CONFIG), e.g. from an earlier session
 */
public record SwitchCapabilities(int tableCount, long meterCapacity, boolean dropBands, Set<Long> existingMeters) {
    public SwitchCapabilities {
        existingMeters = Set.copyOf(existingMeters);
    }

    /** Whether the switch can rate-limit packet-ins with the meters the base pipeline needs. */
    public boolean canMeterPacketIns() {
        return dropBands && meterCapacity >= BasePipeline.METERS_NEEDED;
    }
}
