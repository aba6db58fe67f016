package io.sluice.openflow.fake;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.LongPredicate;
import java.util.function.Predicate;
import org.projectfloodlight.openflow.protocol.OFBadActionCode;
import org.projectfloodlight.openflow.protocol.OFBadInstructionCode;
import org.projectfloodlight.openflow.protocol.OFBadMatchCode;
import org.projectfloodlight.openflow.protocol.OFInstructionType;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFMeterModFailedCode;
import org.projectfloodlight.openflow.protocol.action.OFAction;
import org.projectfloodlight.openflow.protocol.action.OFActionGroup;
import org.projectfloodlight.openflow.protocol.action.OFActionOutput;
import org.projectfloodlight.openflow.protocol.action.OFActionPushVlan;
import org.projectfloodlight.openflow.protocol.action.OFActionSetField;
import org.projectfloodlight.openflow.protocol.instruction.OFInstruction;
import org.projectfloodlight.openflow.protocol.instruction.OFInstructionApplyActions;
import org.projectfloodlight.openflow.protocol.instruction.OFInstructionGotoTable;
import org.projectfloodlight.openflow.protocol.instruction.OFInstructionMeter;
import org.projectfloodlight.openflow.protocol.instruction.OFInstructionWriteActions;
import org.projectfloodlight.openflow.protocol.match.Match;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.EthType;
import org.projectfloodlight.openflow.types.OFGroup;
import org.projectfloodlight.openflow.types.OFPort;

/**
 * What a switch checks before it accepts a flow-mod or group-mod, with the error it answers.
 * Features the fake does not model fail with {@link UnsupportedOperationException} instead, so a
 * test never passes because the fake silently ignored an action.
 */
final class Checks {
    private static final Set<OFInstructionType> MODELLED_INSTRUCTIONS = EnumSet.of(OFInstructionType.APPLY_ACTIONS,
            OFInstructionType.WRITE_ACTIONS, OFInstructionType.CLEAR_ACTIONS, OFInstructionType.GOTO_TABLE,
            OFInstructionType.METER, OFInstructionType.WRITE_METADATA);

    private Checks() {
    }

    /** Every field's prerequisites are in the match too (§7.2.3.6), e.g. IPV4_DST needs ETH_TYPE=0x0800. */
    static void match(Match match, OFMessage m) throws FakeOpenFlowException {
        MatchField<?> f = MatchAlgebra.missingPrerequisite(match);
        if (f != null) {
            throw new FakeOpenFlowException(OFBadMatchCode.BAD_PREREQ, m,
                    "match field " + f.getName() + " lacks its prerequisite " + f.getPrerequisites() + " in " + match);
        }
    }

    /**
     * Instructions of an entry in {@code tableId}: at most one of each type, goto only forward and
     * into an existing table (§5.1: the pipeline only moves forward), meters and groups existing.
     */
    static void instructions(List<OFInstruction> instructions, int tableId, int tableCount, LongPredicate meterExists,
            Predicate<OFGroup> groupExists, OFMessage m) throws FakeOpenFlowException {
        Set<OFInstructionType> seen = EnumSet.noneOf(OFInstructionType.class);
        for (OFInstruction i : instructions) {
            if (!seen.add(i.getType())) {
                throw new FakeOpenFlowException(OFBadInstructionCode.DUP_INST, m, "two " + i.getType() + " instructions");
            }
            if (!MODELLED_INSTRUCTIONS.contains(i.getType())) {
                throw new UnsupportedOperationException("the fake switch does not model instruction " + i);
            }
            if (i instanceof OFInstructionGotoTable g) {
                int target = g.getTableId().getValue();
                if (target <= tableId || target >= tableCount) {
                    throw new FakeOpenFlowException(OFBadInstructionCode.BAD_TABLE_ID, m, "goto table " + target
                            + " from table " + tableId + " (must be a later table, at most " + (tableCount - 1) + ")");
                }
            } else if (i instanceof OFInstructionMeter meter && !meterExists.test(meter.getMeterId())) {
                throw new FakeOpenFlowException(OFMeterModFailedCode.UNKNOWN_METER, m,
                        "meter " + meter.getMeterId() + " does not exist");
            } else if (i instanceof OFInstructionApplyActions a) {
                actions(a.getActions(), groupExists, m);
            } else if (i instanceof OFInstructionWriteActions w) {
                actions(w.getActions(), groupExists, m);
            }
        }
    }

    /** Actions of an instruction or a group bucket. */
    static void actions(List<OFAction> actions, Predicate<OFGroup> groupExists, OFMessage m)
            throws FakeOpenFlowException {
        for (OFAction a : actions) {
            switch (a.getType()) {
                case OUTPUT -> outputPort(((OFActionOutput) a).getPort(), m);
                case GROUP -> {
                    OFGroup g = ((OFActionGroup) a).getGroup();
                    if (!groupExists.test(g)) {
                        throw new FakeOpenFlowException(OFBadActionCode.BAD_OUT_GROUP, m,
                                "group " + Integer.toUnsignedString(g.getGroupNumber()) + " does not exist");
                    }
                }
                case PUSH_VLAN -> {
                    EthType t = ((OFActionPushVlan) a).getEthertype();
                    if (t.getValue() != 0x8100 && t.getValue() != 0x88a8) {
                        throw new FakeOpenFlowException(OFBadActionCode.BAD_ARGUMENT, m,
                                "push_vlan with ethertype " + t + " (want 0x8100 or 0x88a8)");
                    }
                }
                case SET_FIELD -> {
                    if (((OFActionSetField) a).getField().isMasked()) {
                        throw new FakeOpenFlowException(OFBadActionCode.BAD_SET_MASK, m,
                                "masked set_field is OpenFlow 1.5: " + a);
                    }
                }
                case POP_VLAN, SET_QUEUE -> {
                    // nothing to check
                }
                default -> throw new UnsupportedOperationException("the fake switch does not model action " + a);
            }
        }
    }

    private static void outputPort(OFPort port, OFMessage m) throws FakeOpenFlowException {
        if (port.equals(OFPort.ANY) || port.getPortNumber() == 0) {
            throw new FakeOpenFlowException(OFBadActionCode.BAD_OUT_PORT, m, "output to port " + port);
        }
        if (port.equals(OFPort.NORMAL) || port.equals(OFPort.TABLE)) {
            // TABLE is only meaningful in a packet-out; NORMAL hands over to a legacy pipeline.
            throw new UnsupportedOperationException("the fake switch does not model output to " + port);
        }
    }
}
