package io.sluice.ovsdb;

/** The database has no {@code Port} row with the given name. */
public final class UnknownPortException extends OvsdbException {

    private final String portName;

    public UnknownPortException(String portName, OvsdbEndpoint endpoint) {
        super("no Port named '" + portName + "' in the Open_vSwitch database at " + endpoint);
        this.portName = portName;
    }

    public String portName() {
        return portName;
    }
}
