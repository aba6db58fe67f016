package io.sluice.openflow.session;

import java.util.Optional;
import org.projectfloodlight.openflow.protocol.OFErrorMsg;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.errormsg.OFAsyncConfigFailedErrorMsg;
import org.projectfloodlight.openflow.protocol.errormsg.OFBadActionErrorMsg;
import org.projectfloodlight.openflow.protocol.errormsg.OFBadInstructionErrorMsg;
import org.projectfloodlight.openflow.protocol.errormsg.OFBadMatchErrorMsg;
import org.projectfloodlight.openflow.protocol.errormsg.OFBadPropertyErrorMsg;
import org.projectfloodlight.openflow.protocol.errormsg.OFBadRequestErrorMsg;
import org.projectfloodlight.openflow.protocol.errormsg.OFBundleFailedErrorMsg;
import org.projectfloodlight.openflow.protocol.errormsg.OFFlowModFailedErrorMsg;
import org.projectfloodlight.openflow.protocol.errormsg.OFFlowMonitorFailedErrorMsg;
import org.projectfloodlight.openflow.protocol.errormsg.OFGroupModFailedErrorMsg;
import org.projectfloodlight.openflow.protocol.errormsg.OFHelloFailedErrorMsg;
import org.projectfloodlight.openflow.protocol.errormsg.OFMeterModFailedErrorMsg;
import org.projectfloodlight.openflow.protocol.errormsg.OFPortModFailedErrorMsg;
import org.projectfloodlight.openflow.protocol.errormsg.OFQueueOpFailedErrorMsg;
import org.projectfloodlight.openflow.protocol.errormsg.OFRoleRequestFailedErrorMsg;
import org.projectfloodlight.openflow.protocol.errormsg.OFSwitchConfigFailedErrorMsg;
import org.projectfloodlight.openflow.protocol.errormsg.OFTableFeaturesFailedErrorMsg;
import org.projectfloodlight.openflow.protocol.errormsg.OFTableModFailedErrorMsg;

/** Turns an OFPT_ERROR into words an operator can act on: type, code, and the message it refused. */
public final class OpenFlowErrors {
    private OpenFlowErrors() {
    }

    /** For example {@code FLOW_MOD_FAILED/BAD_TABLE_ID in reply to FLOW_ADD (xid 17)}. */
    public static String describe(OFErrorMsg error) {
        StringBuilder sb = new StringBuilder();
        sb.append(error.getErrType()).append('/').append(code(error));
        Optional<OFMessage> cause = causeOf(error);
        if (cause.isPresent()) {
            sb.append(" in reply to ").append(cause.get().getType()).append(" (xid ").append(cause.get().getXid())
                    .append(')');
        } else {
            sb.append(" (xid ").append(error.getXid()).append(')');
        }
        return sb.toString();
    }

    /** The standard error code's name; the raw class name for experimenter errors. */
    static String code(OFErrorMsg e) {
        // The code lives on each typed subclass; openflowj has no common accessor for it.
        if (e instanceof OFHelloFailedErrorMsg) {
            return ((OFHelloFailedErrorMsg) e).getCode().name();
        } else if (e instanceof OFBadRequestErrorMsg) {
            return ((OFBadRequestErrorMsg) e).getCode().name();
        } else if (e instanceof OFBadActionErrorMsg) {
            return ((OFBadActionErrorMsg) e).getCode().name();
        } else if (e instanceof OFBadInstructionErrorMsg) {
            return ((OFBadInstructionErrorMsg) e).getCode().name();
        } else if (e instanceof OFBadMatchErrorMsg) {
            return ((OFBadMatchErrorMsg) e).getCode().name();
        } else if (e instanceof OFFlowModFailedErrorMsg) {
            return ((OFFlowModFailedErrorMsg) e).getCode().name();
        } else if (e instanceof OFGroupModFailedErrorMsg) {
            return ((OFGroupModFailedErrorMsg) e).getCode().name();
        } else if (e instanceof OFPortModFailedErrorMsg) {
            return ((OFPortModFailedErrorMsg) e).getCode().name();
        } else if (e instanceof OFTableModFailedErrorMsg) {
            return ((OFTableModFailedErrorMsg) e).getCode().name();
        } else if (e instanceof OFQueueOpFailedErrorMsg) {
            return ((OFQueueOpFailedErrorMsg) e).getCode().name();
        } else if (e instanceof OFSwitchConfigFailedErrorMsg) {
            return ((OFSwitchConfigFailedErrorMsg) e).getCode().name();
        } else if (e instanceof OFRoleRequestFailedErrorMsg) {
            return ((OFRoleRequestFailedErrorMsg) e).getCode().name();
        } else if (e instanceof OFMeterModFailedErrorMsg) {
            return ((OFMeterModFailedErrorMsg) e).getCode().name();
        } else if (e instanceof OFTableFeaturesFailedErrorMsg) {
            return ((OFTableFeaturesFailedErrorMsg) e).getCode().name();
        } else if (e instanceof OFBadPropertyErrorMsg) {
            return ((OFBadPropertyErrorMsg) e).getCode().name();
        } else if (e instanceof OFAsyncConfigFailedErrorMsg) {
            return ((OFAsyncConfigFailedErrorMsg) e).getCode().name();
        } else if (e instanceof OFFlowMonitorFailedErrorMsg) {
            return ((OFFlowMonitorFailedErrorMsg) e).getCode().name();
        } else if (e instanceof OFBundleFailedErrorMsg) {
            return ((OFBundleFailedErrorMsg) e).getCode().name();
        }
        return e.getClass().getSimpleName();
    }

    private static Optional<OFMessage> causeOf(OFErrorMsg error) {
        try {
            return Optional.ofNullable(error.getData().getParsedMessage().orNull());
        } catch (RuntimeException e) {
            // The switch echoes at least 64 bytes of the refused message; a truncated echo may not parse.
            return Optional.empty();
        }
    }
}
