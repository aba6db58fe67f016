package io.sluice.openflow.fake;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.sluice.core.device.DeviceId;
import io.sluice.openflow.OpenFlowSwitch;
import io.sluice.openflow.session.OpenFlowErrorException;
import io.sluice.openflow.session.SwitchDisconnectedException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.projectfloodlight.openflow.protocol.OFBadActionCode;
import org.projectfloodlight.openflow.protocol.OFBadInstructionCode;
import org.projectfloodlight.openflow.protocol.OFBadMatchCode;
import org.projectfloodlight.openflow.protocol.OFBadRequestCode;
import org.projectfloodlight.openflow.protocol.OFErrorMsg;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFFlowModFailedCode;
import org.projectfloodlight.openflow.protocol.OFFlowStatsEntry;
import org.projectfloodlight.openflow.protocol.OFFlowStatsReply;
import org.projectfloodlight.openflow.protocol.OFFlowStatsRequest;
import org.projectfloodlight.openflow.protocol.OFGroupModFailedCode;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFMeterModFailedCode;
import org.projectfloodlight.openflow.protocol.OFPacketOut;
import org.projectfloodlight.openflow.protocol.OFStatsReply;
import org.projectfloodlight.openflow.protocol.OFStatsRequest;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.protocol.errormsg.OFErrorMsgs;
import org.projectfloodlight.openflow.types.OFErrorCauseData;
import org.projectfloodlight.openflow.types.TableId;
import org.projectfloodlight.openflow.types.U64;

/**
 * An {@link OpenFlowSwitch} whose session is a {@link FakeSwitchTables}: writes land in the tables
 * at once and their futures are already complete when returned, so tests of controller logic need
 * no threads, sockets or sleeps.
 */
public final class FakeOpenFlowSwitch implements OpenFlowSwitch {
    private static final OFFactory OF13 = OFFactories.getFactory(OFVersion.OF_13);

    private final FakeSwitchTables tables;
    private final List<OFPacketOut> packetOuts = new ArrayList<>();
    private final List<OFErrorMsg> unsolicitedErrors = new ArrayList<>();
    private boolean connected = true;
    private long nextXid = 1;

    public FakeOpenFlowSwitch(DeviceId id) {
        this(new FakeSwitchTables(id));
    }

    public FakeOpenFlowSwitch(FakeSwitchTables tables) {
        this.tables = tables;
    }

    public FakeSwitchTables tables() {
        return tables;
    }

    @Override
    public DeviceId id() {
        return tables.id();
    }

    @Override
    public OFFactory factory() {
        return OF13;
    }

    @Override
    public boolean isConnected() {
        return connected;
    }

    public void setConnected(boolean connected) {
        this.connected = connected;
    }

    /**
     * Applies the messages in order. As on a real switch a refused message does not stop the ones
     * after it; the future then fails with every refusal, each a proper OFPT_ERROR echoing the
     * refused message. Messages the fake does not model throw {@link UnsupportedOperationException}
     * right here, so a test cannot miss it in a future nobody looks at.
     */
    @Override
    public CompletableFuture<Void> write(List<? extends OFMessage> messages) {
        if (!connected) {
            return CompletableFuture.failedFuture(new SwitchDisconnectedException(name() + " is disconnected"));
        }
        List<OFErrorMsg> errors = new ArrayList<>();
        for (OFMessage m : messages) {
            OFMessage withXid = m.createBuilder().setXid(nextXid++).build();
            try {
                tables.apply(withXid);
            } catch (FakeOpenFlowException e) {
                errors.add(errorMsg(e, withXid));
            }
        }
        if (!errors.isEmpty()) {
            return CompletableFuture.failedFuture(new OpenFlowErrorException(name(), errors));
        }
        return CompletableFuture.completedFuture(null);
    }

    /** Flow stats only, answered from the tables with the request's filters (§7.3.5.2). */
    @Override
    @SuppressWarnings("unchecked")
    public <R extends OFStatsReply> CompletableFuture<List<R>> request(OFStatsRequest<R> request) {
        if (!connected) {
            return CompletableFuture.failedFuture(new SwitchDisconnectedException(name() + " is disconnected"));
        }
        if (!(request instanceof OFFlowStatsRequest f)) {
            return CompletableFuture.failedFuture(
                    new UnsupportedOperationException("the fake switch answers only flow stats, not " + request));
        }
        TableId table = f.getTableId();
        if (!table.equals(TableId.ALL) && table.getValue() >= FakeSwitchTables.TABLE_COUNT) {
            return CompletableFuture.failedFuture(new OpenFlowErrorException(name(), List.of(OF13.errorMsgs()
                    .buildBadRequestErrorMsg().setCode(OFBadRequestCode.BAD_TABLE_ID).setXid(f.getXid())
                    .setData(cause(f)).build())));
        }
        List<OFFlowStatsEntry> entries = tables.select(table, f.getMatch(), f.getOutPort(), f.getOutGroup(),
                f.getCookie(), f.getCookieMask()).stream().map(FakeOpenFlowSwitch::statsEntry).toList();
        OFFlowStatsReply reply = OF13.buildFlowStatsReply().setXid(f.getXid()).setEntries(entries).build();
        return CompletableFuture.completedFuture((List<R>) List.of(reply));
    }

    private static OFFlowStatsEntry statsEntry(FakeSwitchTables.Entry e) {
        return OF13.buildFlowStatsEntry()
                .setTableId(TableId.of(e.tableId()))
                .setPriority(e.priority())
                .setMatch(e.match())
                .setCookie(e.cookie())
                .setPacketCount(U64.of(e.packetCount()))
                .setByteCount(U64.ZERO)
                .setFlags(e.flags())
                .setIdleTimeout(e.idleTimeout())
                .setHardTimeout(e.hardTimeout())
                .setInstructions(e.instructions())
                .build();
    }

    /**
     * Packet-outs are recorded for {@link #sentPacketOuts()}. Anything else is applied like a
     * write without a barrier; a refusal is kept in {@link #unsolicitedErrors()}, where a real
     * switch's error would arrive unasked.
     */
    @Override
    public void send(OFMessage message) {
        OFMessage withXid = message.createBuilder().setXid(nextXid++).build();
        if (withXid instanceof OFPacketOut po) {
            packetOuts.add(po);
            return;
        }
        try {
            tables.apply(withXid);
        } catch (FakeOpenFlowException e) {
            unsolicitedErrors.add(errorMsg(e, withXid));
        }
    }

    public List<OFPacketOut> sentPacketOuts() {
        return List.copyOf(packetOuts);
    }

    public List<OFErrorMsg> unsolicitedErrors() {
        return List.copyOf(unsolicitedErrors);
    }

    private String name() {
        return "fake switch " + id();
    }

    /** The OFPT_ERROR a switch would send: typed code, the refused message's xid, its bytes echoed. */
    static OFErrorMsg errorMsg(FakeOpenFlowException e, OFMessage refused) {
        OFErrorMsgs b = OF13.errorMsgs();
        OFErrorCauseData data = cause(refused);
        long xid = refused.getXid();
        return switch (e.type()) {
            case FLOW_MOD_FAILED -> b.buildFlowModFailedErrorMsg().setCode((OFFlowModFailedCode) e.code())
                    .setXid(xid).setData(data).build();
            case GROUP_MOD_FAILED -> b.buildGroupModFailedErrorMsg().setCode((OFGroupModFailedCode) e.code())
                    .setXid(xid).setData(data).build();
            case METER_MOD_FAILED -> b.buildMeterModFailedErrorMsg().setCode((OFMeterModFailedCode) e.code())
                    .setXid(xid).setData(data).build();
            case BAD_ACTION -> b.buildBadActionErrorMsg().setCode((OFBadActionCode) e.code())
                    .setXid(xid).setData(data).build();
            case BAD_INSTRUCTION -> b.buildBadInstructionErrorMsg().setCode((OFBadInstructionCode) e.code())
                    .setXid(xid).setData(data).build();
            case BAD_MATCH -> b.buildBadMatchErrorMsg().setCode((OFBadMatchCode) e.code())
                    .setXid(xid).setData(data).build();
            case BAD_REQUEST -> b.buildBadRequestErrorMsg().setCode((OFBadRequestCode) e.code())
                    .setXid(xid).setData(data).build();
            default -> throw new IllegalStateException("no error message for " + e.type());
        };
    }

    /** The refused message's bytes, which the session's error reporting parses back. */
    private static OFErrorCauseData cause(OFMessage refused) {
        ByteBuf buf = Unpooled.buffer();
        try {
            refused.writeTo(buf);
            byte[] bytes = new byte[buf.readableBytes()];
            buf.readBytes(bytes);
            return OFErrorCauseData.of(bytes, OFVersion.OF_13);
        } finally {
            buf.release();
        }
    }
}
