package io.sluice.ovsdb;

import java.util.UUID;

/**
 * A port already has a QoS row that Sluice did not make. Sluice refuses to change or remove it,
 * because that configuration belongs to someone else (an operator, another controller).
 */
public final class ForeignQosException extends OvsdbException {

    private final String portName;
    private final UUID qosUuid;

    public ForeignQosException(String portName, UUID qosUuid) {
        super("port '" + portName + "' already has QoS row " + qosUuid + " that Sluice did not make (no external_ids:"
                + PortQos.MANAGED_KEY + "=true); refusing to change it. Remove that QoS from the port first if Sluice "
                + "should manage it.");
        this.portName = portName;
        this.qosUuid = qosUuid;
    }

    public String portName() {
        return portName;
    }

    public UUID qosUuid() {
        return qosUuid;
    }
}
