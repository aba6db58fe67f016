package io.sluice.server.switches;

import io.sluice.core.device.DeviceId;
import io.sluice.core.device.DeviceService;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** {@code /api/v1/switches}: the connected switches and their ports. */
@Path("/api/v1/switches")
@Produces(MediaType.APPLICATION_JSON)
public final class SwitchResource {
    private final DeviceService devices;

    public SwitchResource(DeviceService devices) {
        this.devices = devices;
    }

    /** Every connected switch, in datapath-id order. */
    @GET
    public SwitchList list() {
        List<SwitchView> views = devices.getDevices().stream().map(SwitchView::of).toList();
        return new SwitchList(views.size(), views);
    }

    /** One switch; {@code dpid} in any usual form (colons or not, {@code of:} or {@code dpid:} prefix). */
    @GET
    @Path("{dpid}")
    public SwitchView get(@PathParam("dpid") String dpid) {
        DeviceId id = parse(dpid);
        return devices.getDevice(id).map(SwitchView::of)
                .orElseThrow(() -> new NotFoundException("no connected switch " + id));
    }

    static DeviceId parse(String dpid) {
        try {
            return DeviceId.parse(dpid);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("dpid: " + e.getMessage());
        }
    }

    /** The list response: a count and the switches. */
    public record SwitchList(int count, List<SwitchView> switches) {
    }
}
