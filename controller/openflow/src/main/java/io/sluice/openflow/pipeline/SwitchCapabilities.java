package io.sluice.openflow.pipeline;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.projectfloodlight.openflow.protocol.OFFeaturesReply;
import org.projectfloodlight.openflow.protocol.OFMeterConfig;
import org.projectfloodlight.openflow.protocol.OFMeterConfigStatsReply;
import org.projectfloodlight.openflow.protocol.OFMeterFeatures;
import org.projectfloodlight.openflow.protocol.OFMeterFeaturesStatsReply;

/**
 * What a switch said it can do, as far as the base pipeline cares.
 *
 * @param tableCount      flow tables the switch has (FEATURES n_tables)
 * @param meterCapacity   meters it can hold (METER_FEATURES max_meter); 0 when it has none
 * @param dropBands       whether its meters support DROP bands
 * @param packetRates     whether its meters can count packets per second (OFPMF_PKTPS)
 * @param bursts          whether its meters take a burst size (OFPMF_BURST)
 * @param maxBands        bands a meter may have
 * @param existingMeters  meter ids already configured on it (METER_CONFIG), e.g. from an earlier session
 */
public record SwitchCapabilities(int tableCount, long meterCapacity, boolean dropBands, boolean packetRates,
        boolean bursts, int maxBands, Set<Long> existingMeters) {
    /** METER_FEATURES band_types is a bitmap of 1 &lt;&lt; OFPMBT_*; OFPMBT_DROP is 1. */
    private static final long DROP_BAND = 1L << 1;
    /** METER_FEATURES capabilities is a bitmap of OFPMF_* flags. */
    private static final long OFPMF_PKTPS = 1L << 1;
    private static final long OFPMF_BURST = 1L << 2;

    public SwitchCapabilities {
        existingMeters = Set.copyOf(existingMeters);
    }

    /**
     * From the switch's answers; an empty METER_FEATURES answer (the switch refused the request)
     * means no meters.
     */
    public static SwitchCapabilities of(OFFeaturesReply features, List<OFMeterFeaturesStatsReply> meterFeatures,
            List<OFMeterConfigStatsReply> meterConfig) {
        int tables = features.getNTables() & 0xFF;
        Set<Long> existing = meterConfig.stream().flatMap(r -> r.getEntries().stream())
                .map(OFMeterConfig::getMeterId).collect(Collectors.toSet());
        if (meterFeatures.isEmpty()) {
            return new SwitchCapabilities(tables, 0, false, false, false, 0, existing);
        }
        OFMeterFeatures mf = meterFeatures.get(0).getFeatures();
        return new SwitchCapabilities(tables, mf.getMaxMeter(), (mf.getBandTypes() & DROP_BAND) != 0,
                (mf.getCapabilities() & OFPMF_PKTPS) != 0, (mf.getCapabilities() & OFPMF_BURST) != 0,
                mf.getMaxBands() & 0xFF, existing);
    }

    /** Whether the switch can rate-limit packet-ins with the meters the base pipeline needs. */
    public boolean canMeterPacketIns() {
        return dropBands && packetRates && maxBands >= 1 && meterCapacity >= BasePipeline.METERS_NEEDED;
    }

    /** The same switch, taken as having no meters (after it refused the ones it advertised). */
    public SwitchCapabilities withoutMeters() {
        return new SwitchCapabilities(tableCount, 0, false, false, false, 0, existingMeters);
    }

    @Override
    public String toString() {
        return "max_meter " + meterCapacity + ", drop bands " + dropBands + ", pktps " + packetRates
                + ", burst " + bursts + ", max_bands " + maxBands;
    }
}
