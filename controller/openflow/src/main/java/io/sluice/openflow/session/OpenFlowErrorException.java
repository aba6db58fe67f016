package io.sluice.openflow.session;

import java.util.List;
import java.util.stream.Collectors;
import org.projectfloodlight.openflow.protocol.OFErrorMsg;

/** A switch refused one or more messages of a request; carries every OFPT_ERROR it sent back. */
public final class OpenFlowErrorException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient List<OFErrorMsg> errors;

    public OpenFlowErrorException(String switchName, List<OFErrorMsg> errors) {
        super(switchName + " refused: "
                + errors.stream().map(OpenFlowErrors::describe).collect(Collectors.joining("; ")));
        this.errors = List.copyOf(errors);
    }

    public List<OFErrorMsg> errors() {
        return errors;
    }
}
