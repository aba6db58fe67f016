package io.sluice.openflow.fake;

import java.util.Map;
import org.projectfloodlight.openflow.protocol.OFBadActionCode;
import org.projectfloodlight.openflow.protocol.OFBadInstructionCode;
import org.projectfloodlight.openflow.protocol.OFBadMatchCode;
import org.projectfloodlight.openflow.protocol.OFBadRequestCode;
import org.projectfloodlight.openflow.protocol.OFErrorType;
import org.projectfloodlight.openflow.protocol.OFFlowModFailedCode;
import org.projectfloodlight.openflow.protocol.OFGroupModFailedCode;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFMeterModFailedCode;

/**
 * What a real switch would have answered with an OFPT_ERROR: the error type and code (openflowj
 * enums, so tests compare against e.g. {@code OFFlowModFailedCode.OVERLAP}), plus the refused
 * message and a sentence saying why, so a failing test names the offending rule.
 */
public final class FakeOpenFlowException extends Exception {
    private static final long serialVersionUID = 1L;

    // The error type follows from the code's enum class; keeping one table avoids passing both.
    private static final Map<Class<?>, OFErrorType> TYPE_OF_CODE = Map.of(
            OFFlowModFailedCode.class, OFErrorType.FLOW_MOD_FAILED,
            OFGroupModFailedCode.class, OFErrorType.GROUP_MOD_FAILED,
            OFMeterModFailedCode.class, OFErrorType.METER_MOD_FAILED,
            OFBadActionCode.class, OFErrorType.BAD_ACTION,
            OFBadInstructionCode.class, OFErrorType.BAD_INSTRUCTION,
            OFBadMatchCode.class, OFErrorType.BAD_MATCH,
            OFBadRequestCode.class, OFErrorType.BAD_REQUEST);

    private final OFErrorType type;
    private final Enum<?> code;
    private final transient OFMessage offending;

    public FakeOpenFlowException(Enum<?> code, OFMessage offending, String why) {
        super(typeOf(code) + "/" + code.name() + ": " + why + " -- refused " + offending);
        this.type = typeOf(code);
        this.code = code;
        this.offending = offending;
    }

    private static OFErrorType typeOf(Enum<?> code) {
        OFErrorType t = TYPE_OF_CODE.get(code.getDeclaringClass());
        if (t == null) {
            throw new IllegalArgumentException("not an OpenFlow error code enum: " + code.getDeclaringClass());
        }
        return t;
    }

    public OFErrorType type() {
        return type;
    }

    /** One of the openflowj {@code OF*Code} enums, matching {@link #type()}. */
    public Enum<?> code() {
        return code;
    }

    /** The message the switch refused (with the transaction id it was applied under). */
    public OFMessage offending() {
        return offending;
    }
}
