package io.sluice.server.switches;

import io.sluice.core.device.Device;
import io.sluice.core.device.DeviceDescription;
import java.util.List;

/** A switch as the REST API shows it. */
public record SwitchView(
        String id,
        String protocol,
        String remoteAddress,
        String connectedSince,
        int tables,
        String manufacturer,
        String hardware,
        String software,
        String serialNumber,
        String description,
        List<PortView> ports) {

    public static SwitchView of(Device d) {
        DeviceDescription desc = d.description();
        return new SwitchView(d.id().toString(), d.protocol(), d.remoteAddress(), d.connectedSince().toString(),
                d.tableCount(), desc.manufacturer(), desc.hardware(), desc.software(), desc.serialNumber(),
                desc.datapathDescription(), d.ports().stream().map(PortView::of).toList());
    }
}
