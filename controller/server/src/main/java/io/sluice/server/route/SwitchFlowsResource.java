package io.sluice.server.route;

import io.sluice.core.device.DeviceId;
import io.sluice.core.flow.DeviceFlowEntry;
import io.sluice.core.flow.FlowRuleService;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.ServerErrorException;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code /api/v1/switches/{dpid}/flows}: the switch's flow table as the switch reports it, each
 * entry with where it comes from and why it exists.
 */
@Path("/api/v1/switches/{dpid}/flows")
@Produces(MediaType.APPLICATION_JSON)
public final class SwitchFlowsResource {
    private static final int GATEWAY_TIMEOUT = 504;
    private final FlowRuleService flows;
    private final Duration timeout;

    /** @param timeout how long to wait for the switch's answer */
    public SwitchFlowsResource(FlowRuleService flows, Duration timeout) {
        this.flows = flows;
        this.timeout = timeout;
    }

    @GET
    public FlowList flows(@PathParam("dpid") String dpid) throws InterruptedException {
        DeviceId id;
        try {
            id = DeviceId.parse(dpid);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("dpid: " + e.getMessage());
        }
        CompletableFuture<List<DeviceFlowEntry>> reading = flows.readEntries(id)
                .orElseThrow(() -> new NotFoundException("no connected switch " + id));
        try {
            List<DeviceFlowEntry> entries = reading.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return new FlowList(id.toString(), entries.size(), entries.stream().map(Entry::of).toList());
        } catch (TimeoutException e) {
            throw new ServerErrorException("switch " + id + " did not send its flow table within " + timeout,
                    GATEWAY_TIMEOUT);
        } catch (ExecutionException e) {
            throw new ServerErrorException("switch " + id + " could not send its flow table: "
                    + e.getCause().getMessage(), GATEWAY_TIMEOUT);
        }
    }

    /** The answer. */
    public record FlowList(String device, int count, List<Entry> flows) {
    }

    /** One entry of the table, in words. */
    public record Entry(int table, int priority, String match, String instructions, String cookie, long packets,
            long bytes, long durationSeconds, String origin, String reason) {
        static Entry of(DeviceFlowEntry e) {
            return new Entry(e.table(), e.priority(), e.match(), e.instructions(), e.cookie(), e.packets(), e.bytes(),
                    e.durationSeconds(), e.origin().label(), e.reason());
        }
    }
}
