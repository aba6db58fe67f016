package io.sluice.bench.openflow;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.sluice.openflow.channel.OpenFlowMessageDecoder;
import io.sluice.openflow.channel.OpenFlowMessageEncoder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFFlowAdd;
import org.projectfloodlight.openflow.protocol.OFFlowStatsEntry;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFPacketInReason;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.EthType;
import org.projectfloodlight.openflow.types.IPv4Address;
import org.projectfloodlight.openflow.types.IpProtocol;
import org.projectfloodlight.openflow.types.OFBufferId;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.TableId;
import org.projectfloodlight.openflow.types.TransportPort;
import org.projectfloodlight.openflow.types.U64;

/**
 * Cost of the southbound's wire path per message, through the same Netty pipeline handlers the
 * controller uses: framing plus openflowj parsing of a PACKET_IN (the message a reactive
 * controller sees most), of a FLOW_STATS reply of 100 per-flow entries (what it reads back every
 * second from each edge switch once it tracks flows: the emulator's profiles put it at 7 % of the
 * controller), and encoding of a FLOW_ADD with a 5-tuple match (what it sends most).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class OpenFlowCodecBenchmark {
    private static final OFFactory OF13 = OFFactories.getFactory(OFVersion.OF_13);

    private EmbeddedChannel decoder;
    private EmbeddedChannel encoder;
    private ByteBuf packetInBytes;
    private ByteBuf flowStatsBytes;
    private OFFlowAdd flowAdd;

    @Setup
    public void setUp() {
        decoder = new EmbeddedChannel(new OpenFlowMessageDecoder());
        encoder = new EmbeddedChannel(new OpenFlowMessageEncoder());
        OFMessage packetIn = OF13.buildPacketIn()
                .setXid(1)
                .setBufferId(OFBufferId.NO_BUFFER)
                .setReason(OFPacketInReason.NO_MATCH)
                .setTableId(TableId.of(0))
                .setMatch(OF13.buildMatch().setExact(MatchField.IN_PORT, OFPort.of(3)).build())
                .setData(new byte[128])
                .build();
        packetInBytes = Unpooled.directBuffer();
        packetIn.writeTo(packetInBytes);
        flowAdd = OF13.buildFlowAdd()
                .setTableId(TableId.of(0))
                .setPriority(30000)
                .setCookie(U64.of(0x51CE_0000_0000_0001L))
                .setIdleTimeout(10)
                .setMatch(OF13.buildMatch()
                        .setExact(MatchField.ETH_TYPE, EthType.IPv4)
                        .setExact(MatchField.IPV4_SRC, IPv4Address.of("10.0.1.1"))
                        .setExact(MatchField.IPV4_DST, IPv4Address.of("10.0.2.1"))
                        .setExact(MatchField.IP_PROTO, IpProtocol.TCP)
                        .setExact(MatchField.TCP_SRC, TransportPort.of(40000))
                        .setExact(MatchField.TCP_DST, TransportPort.of(8000))
                        .build())
                .setInstructions(List.of(OF13.instructions().applyActions(List.of(
                        OF13.actions().setField(OF13.oxms().ipDscp(org.projectfloodlight.openflow.types.IpDscp.DSCP_34)),
                        OF13.actions().output(OFPort.of(1), 0)))))
                .build();
        List<OFFlowStatsEntry> entries = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            entries.add(OF13.buildFlowStatsEntry().setTableId(TableId.of(0)).setDurationSec(3).setDurationNsec(1000)
                    .setPriority(49950).setIdleTimeout(10).setCookie(U64.of(0x51CE_0000_0000_0000L + i))
                    .setPacketCount(U64.of(1000 + i)).setByteCount(U64.of(1_000_000 + i))
                    .setMatch(OF13.buildMatch()
                            .setExact(MatchField.IN_PORT, OFPort.of(5))
                            .setExact(MatchField.ETH_TYPE, EthType.IPv4)
                            .setExact(MatchField.IPV4_SRC, IPv4Address.of(0x0A00_0101))
                            .setExact(MatchField.IPV4_DST, IPv4Address.of(0x0A00_0201))
                            .setExact(MatchField.IP_PROTO, IpProtocol.TCP)
                            .setExact(MatchField.TCP_SRC, TransportPort.of(20000 + i))
                            .setExact(MatchField.TCP_DST, TransportPort.of(80))
                            .build())
                    .setInstructions(flowAdd.getInstructions())
                    .build());
        }
        flowStatsBytes = Unpooled.directBuffer();
        OF13.buildFlowStatsReply().setXid(2).setEntries(entries).build().writeTo(flowStatsBytes);
    }

    @TearDown
    public void tearDown() {
        packetInBytes.release();
        flowStatsBytes.release();
        decoder.finishAndReleaseAll();
        encoder.finishAndReleaseAll();
    }

    @Benchmark
    public Object decodePacketIn() {
        decoder.writeInbound(packetInBytes.retainedDuplicate());
        return decoder.readInbound();
    }

    /** A FLOW_STATS reply of 100 entries (about 14 KB): messages a second; entries a second are 100x. */
    @Benchmark
    public Object decodeFlowStatsReply() {
        decoder.writeInbound(flowStatsBytes.retainedDuplicate());
        return decoder.readInbound();
    }

    @Benchmark
    public int encodeFlowAdd() {
        encoder.writeOutbound(flowAdd);
        ByteBuf out = encoder.readOutbound();
        int n = out.readableBytes();
        out.release();
        return n;
    }
}
