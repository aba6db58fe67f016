package io.sluice.openflow.fake;

import java.util.List;
import java.util.Set;
import org.projectfloodlight.openflow.protocol.OFBucket;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFFlowAdd;
import org.projectfloodlight.openflow.protocol.OFFlowModFlags;
import org.projectfloodlight.openflow.protocol.OFGroupMod;
import org.projectfloodlight.openflow.protocol.OFGroupType;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.protocol.action.OFAction;
import org.projectfloodlight.openflow.protocol.instruction.OFInstruction;
import org.projectfloodlight.openflow.protocol.match.Match;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.EthType;
import org.projectfloodlight.openflow.types.IPv4Address;
import org.projectfloodlight.openflow.types.IpProtocol;
import org.projectfloodlight.openflow.types.MacAddress;
import org.projectfloodlight.openflow.types.OFGroup;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.TableId;
import org.projectfloodlight.openflow.types.TransportPort;
import org.projectfloodlight.openflow.types.U64;

/** Short builders for the flow-mods, group-mods and packets the fake's tests use. */
final class Rules {
    static final OFFactory F = OFFactories.getFactory(OFVersion.OF_13);
    static final MacAddress MAC_A = MacAddress.of("0e:00:00:00:00:0a");
    static final MacAddress MAC_B = MacAddress.of("0e:00:00:00:00:0b");

    private Rules() {
    }

    static Match.Builder match() {
        return F.buildMatch();
    }

    static Match inPort(long port) {
        return match().setExact(MatchField.IN_PORT, OFPort.of((int) port)).build();
    }

    static Match ipv4Dst(String cidr) {
        return match().setExact(MatchField.ETH_TYPE, EthType.IPv4)
                .setMasked(MatchField.IPV4_DST, IPv4Address.of(cidr.split("/")[0]),
                        IPv4Address.ofCidrMaskLength(Integer.parseInt(cidr.split("/")[1])))
                .build();
    }

    /** A UDP/IPv4 packet from MAC_A to MAC_B arriving on {@code inPort}. */
    static Match udp(long inPort, String src, String dst) {
        return match().setExact(MatchField.IN_PORT, OFPort.of((int) inPort))
                .setExact(MatchField.ETH_SRC, MAC_A)
                .setExact(MatchField.ETH_DST, MAC_B)
                .setExact(MatchField.ETH_TYPE, EthType.IPv4)
                .setExact(MatchField.IPV4_SRC, IPv4Address.of(src))
                .setExact(MatchField.IPV4_DST, IPv4Address.of(dst))
                .setExact(MatchField.IP_PROTO, IpProtocol.UDP)
                .setExact(MatchField.UDP_SRC, TransportPort.of(5000))
                .setExact(MatchField.UDP_DST, TransportPort.of(53))
                .build();
    }

    static OFFlowAdd.Builder flow(int table, int priority, Match match, OFInstruction... instructions) {
        return F.buildFlowAdd().setTableId(TableId.of(table)).setPriority(priority).setMatch(match)
                .setInstructions(List.of(instructions));
    }

    static OFFlowAdd add(int table, int priority, Match match, OFInstruction... instructions) {
        return flow(table, priority, match, instructions).build();
    }

    static OFFlowAdd addResettingCounts(int table, int priority, Match match, OFInstruction... instructions) {
        return flow(table, priority, match, instructions).setFlags(Set.of(OFFlowModFlags.RESET_COUNTS)).build();
    }

    static OFInstruction applying(OFAction... actions) {
        return F.instructions().applyActions(List.of(actions));
    }

    static OFInstruction writing(OFAction... actions) {
        return F.instructions().writeActions(List.of(actions));
    }

    static OFInstruction gotoTable(int table) {
        return F.instructions().gotoTable(TableId.of(table));
    }

    static OFAction output(long port) {
        return F.actions().output(OFPort.of((int) port), 0xffff);
    }

    static OFAction output(OFPort port) {
        return F.actions().output(port, 0xffff);
    }

    static OFAction toGroup(long group) {
        return F.actions().group(OFGroup.of((int) group));
    }

    static OFAction setEthDst(MacAddress mac) {
        return F.actions().setField(F.oxms().ethDst(mac));
    }

    static OFAction setIpv4Dst(String ip) {
        return F.actions().setField(F.oxms().ipv4Dst(IPv4Address.of(ip)));
    }

    static OFBucket bucket(OFAction... actions) {
        return F.buildBucket().setWatchPort(OFPort.ANY).setWatchGroup(OFGroup.ANY).setWeight(1)
                .setActions(List.of(actions)).build();
    }

    static OFBucket watching(long port, OFAction... actions) {
        return F.buildBucket().setWatchPort(OFPort.of((int) port)).setWatchGroup(OFGroup.ANY)
                .setActions(List.of(actions)).build();
    }

    static OFGroupMod groupAdd(long id, OFGroupType type, OFBucket... buckets) {
        return F.buildGroupAdd().setGroup(OFGroup.of((int) id)).setGroupType(type).setBuckets(List.of(buckets)).build();
    }

    static U64 cookie(long c) {
        return U64.of(c);
    }
}
