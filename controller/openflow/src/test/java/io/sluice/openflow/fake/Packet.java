package io.sluice.openflow.fake;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.protocol.match.Match;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.protocol.oxm.OFOxm;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.OFValueType;
import org.projectfloodlight.openflow.types.OFVlanVidMatch;
import org.projectfloodlight.openflow.types.U64;

/**
 * A packet on its way through the pipeline: its header fields, each with one exact value. Tests
 * describe packets as openflowj {@link Match}es with exact fields; inside the fake they are mutable
 * so that set-field and VLAN push/pop can rewrite them. An untagged packet has no VLAN_VID field.
 */
final class Packet {
    private final Map<MatchField<?>, OFValueType<?>> fields;
    /** Set by SET_QUEUE, carried to the outputs that follow; not a header field. */
    OptionalLong queueId = OptionalLong.empty();

    private Packet(Map<MatchField<?>, OFValueType<?>> fields) {
        this.fields = fields;
    }

    static Packet of(Match match) {
        Map<MatchField<?>, OFValueType<?>> fields = new LinkedHashMap<>();
        for (OFOxm<?> oxm : MatchAlgebra.oxms(match)) {
            OFOxm<?> c = oxm.getCanonical();
            if (c == null || c.isMasked()) {
                throw new IllegalArgumentException("a packet has exact header values, not " + oxm.getMatchField()
                        + "=" + oxm.getValue() + "/" + oxm.getMask() + " (in " + match + ")");
            }
            fields.put(c.getMatchField(), c.getValue());
        }
        if (!fields.containsKey(MatchField.IN_PORT)) {
            throw new IllegalArgumentException("a packet needs IN_PORT to enter a switch: " + match);
        }
        return new Packet(fields);
    }

    Packet copy() {
        Packet p = new Packet(new LinkedHashMap<>(fields));
        p.queueId = queueId;
        return p;
    }

    boolean has(MatchField<?> field) {
        return fields.containsKey(field);
    }

    OFValueType<?> get(MatchField<?> field) {
        return fields.get(field);
    }

    /**
     * The value a flow entry's match sees. OpenFlow 1.3 §7.2.3.8 has VLAN_VID=0x0000 (OFPVID_NONE)
     * match untagged packets, and METADATA starts at zero in every pipeline run.
     */
    OFValueType<?> valueForMatching(MatchField<?> field) {
        OFValueType<?> v = fields.get(field);
        if (v != null) {
            return v;
        }
        if (field.equals(MatchField.VLAN_VID)) {
            return OFVlanVidMatch.NONE;
        }
        if (field.equals(MatchField.METADATA)) {
            return U64.ZERO;
        }
        return null;
    }

    void set(MatchField<?> field, OFValueType<?> value) {
        fields.put(field, Objects.requireNonNull(value));
    }

    void remove(MatchField<?> field) {
        fields.remove(field);
    }

    OFPort inPort() {
        return (OFPort) fields.get(MatchField.IN_PORT);
    }

    /** The packet as a test sees it on the wire: metadata is pipeline state and does not leave. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    Match toMatch() {
        Match.Builder b = OFFactories.getFactory(OFVersion.OF_13).buildMatch();
        for (Map.Entry<MatchField<?>, OFValueType<?>> e : fields.entrySet()) {
            if (!e.getKey().equals(MatchField.METADATA)) {
                b.setExact((MatchField) e.getKey(), (OFValueType) e.getValue());
            }
        }
        return b.build();
    }

    /**
     * A stable hash of the flow's headers for select groups: the same for every packet of one flow
     * and across runs (no identity hashes), ignoring where the packet came in so that a flow picks
     * the same bucket whichever port it arrives on.
     */
    int flowHash() {
        int h = 17;
        for (Map.Entry<String, OFValueType<?>> e : byName().entrySet()) {
            h = 31 * h + e.getKey().hashCode();
            h = 31 * h + e.getValue().toString().hashCode();
        }
        // Spread the low bits, which pick the bucket, over the whole word (murmur3 finaliser).
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h & Integer.MAX_VALUE;
    }

    private Map<String, OFValueType<?>> byName() {
        Map<String, OFValueType<?>> out = new TreeMap<>();
        fields.forEach((f, v) -> {
            if (!f.equals(MatchField.IN_PORT) && !f.equals(MatchField.METADATA)) {
                out.put(f.getName(), v);
            }
        });
        return out;
    }

    /**
     * {@code match} with IN_PORT replaced. Not {@code match.createBuilder().setExact(...)}: in
     * openflowj 3.6 that builder starts from an empty field list and silently drops the rest.
     */
    static Match withInPort(Match match, long port) {
        Packet p = new Packet(new LinkedHashMap<>());
        for (OFOxm<?> oxm : MatchAlgebra.oxms(match)) {
            p.fields.put(oxm.getMatchField(), oxm.getValue());
        }
        p.fields.put(MatchField.IN_PORT, OFPort.of((int) port));
        return p.toMatch();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        fields.forEach((f, v) -> sb.append(sb.length() > 1 ? ", " : "").append(f.getName()).append('=').append(v));
        return sb.append('}').toString();
    }
}
