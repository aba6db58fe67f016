package io.sluice.core.device;

import java.util.Objects;

/** What a switch says about itself (OpenFlow DESC): who made it, what runs on it. Immutable. */
public final class DeviceDescription {
    /** For a switch that has not (yet) described itself. */
    public static final DeviceDescription UNKNOWN = new DeviceDescription("", "", "", "", "");

    private final String manufacturer;
    private final String hardware;
    private final String software;
    private final String serialNumber;
    private final String datapathDescription;

    private DeviceDescription(String manufacturer, String hardware, String software, String serialNumber,
            String datapathDescription) {
        this.manufacturer = Objects.requireNonNull(manufacturer, "manufacturer");
        this.hardware = Objects.requireNonNull(hardware, "hardware");
        this.software = Objects.requireNonNull(software, "software");
        this.serialNumber = Objects.requireNonNull(serialNumber, "serialNumber");
        this.datapathDescription = Objects.requireNonNull(datapathDescription, "datapathDescription");
    }

    public static DeviceDescription of(String manufacturer, String hardware, String software, String serialNumber,
            String datapathDescription) {
        return new DeviceDescription(manufacturer, hardware, software, serialNumber, datapathDescription);
    }

    public String manufacturer() {
        return manufacturer;
    }

    public String hardware() {
        return hardware;
    }

    public String software() {
        return software;
    }

    public String serialNumber() {
        return serialNumber;
    }

    /** The operator-set free-text name of the datapath (e.g. the bridge name on Open vSwitch). */
    public String datapathDescription() {
        return datapathDescription;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof DeviceDescription)) {
            return false;
        }
        DeviceDescription d = (DeviceDescription) o;
        return manufacturer.equals(d.manufacturer) && hardware.equals(d.hardware) && software.equals(d.software)
                && serialNumber.equals(d.serialNumber) && datapathDescription.equals(d.datapathDescription);
    }

    @Override
    public int hashCode() {
        return Objects.hash(manufacturer, hardware, software, serialNumber, datapathDescription);
    }

    @Override
    public String toString() {
        return manufacturer + " " + hardware + " " + software;
    }
}
