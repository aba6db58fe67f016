package io.sluice.openflow.fake;

import java.util.LinkedHashMap;
import java.util.Map;
import org.projectfloodlight.openflow.protocol.OFMatchV3;
import org.projectfloodlight.openflow.protocol.match.Match;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.protocol.oxm.OFOxm;
import org.projectfloodlight.openflow.types.OFValueType;

/**
 * Set algebra on OpenFlow matches, field by field: a match is the set of packets it accepts, each
 * field a value under a bit mask. Flow-mod semantics need three questions answered: does a packet
 * fall in the set, do two sets intersect (overlap), does one set contain another (non-strict
 * modify/delete filters).
 */
final class MatchAlgebra {
    private MatchAlgebra() {
    }

    /**
     * One field's constraint. {@code mask} is null for an exact match; otherwise {@code value} is
     * already masked, so two constraints that accept the same values are equal.
     */
    record Constraint(OFValueType<?> value, OFValueType<?> mask) {
        boolean accepts(OFValueType<?> v) {
            return mask == null ? value.equals(v) : and(v, mask).equals(value);
        }

        /** Some value is accepted by both: they agree on every bit both masks care about. */
        boolean overlaps(Constraint o) {
            if (mask == null) {
                return o.accepts(value);
            }
            if (o.mask == null) {
                return accepts(o.value);
            }
            return and(value, o.mask).equals(and(o.value, mask));
        }

        /** Every value {@code o} accepts, this accepts too (this is the wider one). */
        boolean covers(Constraint o) {
            if (mask == null) {
                return o.mask == null && value.equals(o.value);
            }
            if (o.mask == null) {
                return accepts(o.value);
            }
            return and(mask, o.mask).equals(mask) && and(o.value, mask).equals(value);
        }

        @Override
        public String toString() {
            return mask == null ? String.valueOf(value) : value + "/" + mask;
        }
    }

    /**
     * The fields a match constrains, as the switch would store them: a field masked with all ones
     * becomes exact and one masked with all zeros disappears (openflowj's canonical OXM form), so
     * that "identical match" compares meaning rather than encoding.
     */
    static Map<MatchField<?>, Constraint> constraints(Match match) {
        Map<MatchField<?>, Constraint> out = new LinkedHashMap<>();
        for (OFOxm<?> oxm : oxms(match)) {
            OFOxm<?> c = oxm.getCanonical();
            if (c == null) {
                continue;
            }
            out.put(c.getMatchField(), c.isMasked()
                    ? new Constraint(and(c.getValue(), c.getMask()), c.getMask())
                    : new Constraint(c.getValue(), null));
        }
        return out;
    }

    /** For messages: {@code {in_port=1, ipv4_dst=10.0.0.0/255.0.0.0}} ({@link MatchField} has no toString). */
    static String show(Map<MatchField<?>, Constraint> fields) {
        StringBuilder sb = new StringBuilder("{");
        fields.forEach((f, c) -> sb.append(sb.length() > 1 ? ", " : "").append(f.getName()).append('=').append(c));
        return sb.append('}').toString();
    }

    static String show(Match match) {
        return show(constraints(match));
    }

    /** The raw OXM list, including fields whose prerequisites are missing (openflowj hides those). */
    static Iterable<OFOxm<?>> oxms(Match match) {
        if (!(match instanceof OFMatchV3)) {
            throw new IllegalArgumentException("only OpenFlow 1.3 (OXM) matches are supported: " + match);
        }
        return ((OFMatchV3) match).getOxmList();
    }

    /** The first field whose prerequisite (e.g. ETH_TYPE=0x0800 for IPV4_DST) is missing, or null. */
    static MatchField<?> missingPrerequisite(Match match) {
        for (OFOxm<?> oxm : oxms(match)) {
            if (!oxm.getMatchField().arePrerequisitesOK(match)) {
                return oxm.getMatchField();
            }
        }
        return null;
    }

    /**
     * Some packet could match both. A field only one side constrains restricts nothing, so only
     * the shared fields decide.
     */
    static boolean overlap(Map<MatchField<?>, Constraint> a, Map<MatchField<?>, Constraint> b) {
        for (Map.Entry<MatchField<?>, Constraint> e : a.entrySet()) {
            Constraint other = b.get(e.getKey());
            if (other != null && !e.getValue().overlaps(other)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The non-strict filter of OpenFlow 1.3 §6.4: {@code entry} is selected when it is as specific
     * as {@code filter} or more, i.e. it constrains every field the filter does, at least as tightly.
     */
    static boolean covers(Map<MatchField<?>, Constraint> filter, Map<MatchField<?>, Constraint> entry) {
        for (Map.Entry<MatchField<?>, Constraint> e : filter.entrySet()) {
            Constraint c = entry.get(e.getKey());
            if (c == null || !e.getValue().covers(c)) {
                return false;
            }
        }
        return true;
    }

    /** The packet has every field the entry constrains, with an accepted value. */
    static boolean accepts(Map<MatchField<?>, Constraint> entry, Packet packet) {
        for (Map.Entry<MatchField<?>, Constraint> e : entry.entrySet()) {
            OFValueType<?> v = packet.valueForMatching(e.getKey());
            if (v == null || !e.getValue().accepts(v)) {
                return false;
            }
        }
        return true;
    }

    // openflowj's applyMask is a bitwise AND for every value type; the raw call spares each
    // caller the generic capture.
    @SuppressWarnings({"unchecked", "rawtypes"})
    static OFValueType<?> and(OFValueType a, OFValueType b) {
        return (OFValueType<?>) a.applyMask(b);
    }
}
