package io.sluice.openflow.fake;

import io.sluice.openflow.Dpid;
import static io.sluice.openflow.fake.Rules.add;
import static io.sluice.openflow.fake.Rules.applying;
import static io.sluice.openflow.fake.Rules.groupAdd;
import static io.sluice.openflow.fake.Rules.inPort;
import static io.sluice.openflow.fake.Rules.match;
import static io.sluice.openflow.fake.Rules.output;
import static io.sluice.openflow.fake.Rules.setEthDst;
import static io.sluice.openflow.fake.Rules.toGroup;
import static io.sluice.openflow.fake.Rules.udp;
import static io.sluice.openflow.fake.Rules.watching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.core.device.DeviceId;
import io.sluice.core.topology.ConnectPoint;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.protocol.OFGroupType;
import org.projectfloodlight.openflow.protocol.match.Match;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.EthType;
import org.projectfloodlight.openflow.types.MacAddress;
import org.projectfloodlight.openflow.types.OFPort;

/** Packets traced across fake switches and cables. */
class FakeFabricTest {
    private static final DeviceId S1 = Dpid.deviceId(0x201L);
    private static final DeviceId S2 = Dpid.deviceId(0x202L);
    private static final DeviceId S3 = Dpid.deviceId(0x203L);
    private static final MacAddress GATEWAY_MAC = MacAddress.of("0e:00:00:00:00:99");

    private final FakeFabric fabric = new FakeFabric();

    private static ConnectPoint at(DeviceId d, long port) {
        return ConnectPoint.of(d, port);
    }

    private static Trace.Hop hop(DeviceId d, long in, long out) {
        return new Trace.Hop(d, in, OFPort.of((int) out));
    }

    private static Match ethDst(MacAddress mac) {
        return match().setExact(MatchField.ETH_DST, mac).build();
    }

    @Test
    void followsALineAndTheRewriteIsWhatTheNextSwitchAndTheHostSee() throws Exception {
        fabric.addSwitch(S1, 1, 2);
        fabric.addSwitch(S2, 1, 2);
        fabric.addSwitch(S3, 1, 2);
        fabric.cable(at(S1, 2), at(S2, 1));
        fabric.cable(at(S2, 2), at(S3, 1));
        fabric.switchTables(S1).apply(add(0, 10, inPort(1), applying(setEthDst(GATEWAY_MAC), output(2))));
        // S2 and S3 only forward the rewritten address, so delivery proves the rewrite crossed the cables.
        fabric.switchTables(S2).apply(add(0, 10, ethDst(GATEWAY_MAC), applying(output(2))));
        fabric.switchTables(S3).apply(add(0, 10, ethDst(GATEWAY_MAC), applying(output(2))));

        Trace t = fabric.trace(at(S1, 1), udp(1, "10.0.0.1", "10.0.0.2"));

        assertThat(t.deliveredTo()).as(t.toString()).containsExactly(at(S3, 2));
        assertThat(t.packetsAt(at(S3, 2))).singleElement().satisfies(p -> {
            assertThat(p.get(MatchField.ETH_DST)).isEqualTo(GATEWAY_MAC);
            assertThat(p.get(MatchField.IPV4_DST)).hasToString("10.0.0.2");
            assertThat(p.get(MatchField.IN_PORT)).as("as S3 received it").isEqualTo(OFPort.of(1));
        });
        assertThat(t.hops()).containsExactly(hop(S1, 1, 2), hop(S2, 1, 2), hop(S3, 1, 2));
        assertThat(t.looped()).isFalse();
        assertThat(t.toController()).isEmpty();
    }

    @Test
    void aLoopRoundARingIsReportedNotSpun() throws Exception {
        ring();
        for (DeviceId d : new DeviceId[] {S1, S2, S3}) {
            fabric.switchTables(d).apply(add(0, 10, match().build(), applying(output(2))));
        }

        Trace t = fabric.trace(at(S1, 3), udp(3, "10.0.0.1", "10.0.0.2"));

        assertThat(t.looped()).isTrue();
        assertThat(t.hops()).hasSize(FakeFabric.MAX_SWITCH_VISITS);
        assertThat(t.hops().subList(0, 4)).containsExactly(hop(S1, 3, 2), hop(S2, 1, 2), hop(S3, 1, 2), hop(S1, 1, 2));
        assertThat(t.toString()).contains("LOOPED");
        assertThat(t.deliveredTo()).isEmpty();
    }

    @Test
    void floodingRoundARingEndsAtTheHopLimitToo() throws Exception {
        ring();
        for (DeviceId d : new DeviceId[] {S1, S2, S3}) {
            fabric.switchTables(d).apply(add(0, 10, match().build(), applying(output(OFPort.FLOOD))));
        }

        Trace t = fabric.trace(at(S1, 3), udp(3, "10.0.0.1", "10.0.0.2"));

        assertThat(t.looped()).isTrue();
        assertThat(t.deliveredTo()).as("host ports heard the flood on its way").contains(at(S2, 3), at(S3, 3));
    }

    @Test
    void fastFailoverDetoursAroundADownCable() throws Exception {
        // A triangle: S1-S3 direct, and S1-S2-S3 as the backup. Hosts on S1/1 and S3/2.
        fabric.addSwitch(S1, 1, 2, 3);
        fabric.addSwitch(S2, 1, 2);
        fabric.addSwitch(S3, 1, 2, 3);
        fabric.cable(at(S1, 2), at(S3, 1));
        fabric.cable(at(S1, 3), at(S2, 1));
        fabric.cable(at(S2, 2), at(S3, 3));
        fabric.switchTables(S1).apply(groupAdd(1, OFGroupType.FF, watching(2, output(2)), watching(3, output(3))));
        fabric.switchTables(S1).apply(add(0, 10, inPort(1), applying(toGroup(1))));
        fabric.switchTables(S2).apply(add(0, 10, inPort(1), applying(output(2))));
        fabric.switchTables(S3).apply(add(0, 10, match().build(), applying(output(2))));
        Match packet = udp(1, "10.0.0.1", "10.0.0.2");

        assertThat(fabric.trace(at(S1, 1), packet).hops()).containsExactly(hop(S1, 1, 2), hop(S3, 1, 2));

        fabric.setCableUp(at(S1, 2), at(S3, 1), false);
        Trace detour = fabric.trace(at(S1, 1), packet);
        assertThat(detour.hops()).as(detour.toString())
                .containsExactly(hop(S1, 1, 3), hop(S2, 1, 2), hop(S3, 3, 2));
        assertThat(detour.deliveredTo()).containsExactly(at(S3, 2));

        fabric.setCableUp(at(S3, 1), at(S1, 2), true);
        assertThat(fabric.trace(at(S1, 1), packet).hops()).containsExactly(hop(S1, 1, 2), hop(S3, 1, 2));
    }

    @Test
    void whatIsSentOnADownCableIsLost() throws Exception {
        fabric.addSwitch(S1, 1, 2);
        fabric.addSwitch(S2, 1, 2);
        fabric.cable(at(S1, 2), at(S2, 1));
        fabric.switchTables(S1).apply(add(0, 10, inPort(1), applying(output(2))));
        fabric.switchTables(S2).apply(add(0, 10, match().build(), applying(output(2))));
        fabric.setCableUp(at(S1, 2), at(S2, 1), false);

        Trace t = fabric.trace(at(S1, 1), udp(1, "10.0.0.1", "10.0.0.2"));

        assertThat(t.deliveredTo()).isEmpty();
        assertThat(t.drops()).singleElement().asString().contains("down cable");
        assertThat(t.hops()).containsExactly(hop(S1, 1, 2));
    }

    @Test
    void controllerCopiesAndTableMissesAreRecorded() throws Exception {
        fabric.addSwitch(S1, 1, 2);
        Match lldp = match().setExact(MatchField.ETH_TYPE, EthType.LLDP).build();
        fabric.switchTables(S1).apply(add(0, 60000, lldp, applying(output(OFPort.CONTROLLER))));

        Trace toController = fabric.trace(at(S1, 2),
                match().setExact(MatchField.IN_PORT, OFPort.of(2)).setExact(MatchField.ETH_TYPE, EthType.LLDP).build());
        assertThat(toController.toController()).singleElement().satisfies(p -> {
            assertThat(p.device()).isEqualTo(S1);
            assertThat(p.inPort()).isEqualTo(2);
        });

        Trace missed = fabric.trace(at(S1, 1), udp(1, "10.0.0.1", "10.0.0.2"));
        assertThat(missed.toController()).isEmpty();
        assertThat(missed.deliveredTo()).isEmpty();
        assertThat(missed.drops()).singleElement().asString().contains("table 0 miss");
        assertThat(missed.hops()).containsExactly(new Trace.Hop(S1, 1, null));
    }

    @Test
    void cablesNeedExistingFreePorts() {
        fabric.addSwitch(S1, 1, 2);
        fabric.addSwitch(S2, 1, 2);
        fabric.cable(at(S1, 2), at(S2, 1));

        assertThatThrownBy(() -> fabric.cable(at(S1, 3), at(S2, 2))).hasMessageContaining("no port 3");
        assertThatThrownBy(() -> fabric.cable(at(S1, 2), at(S2, 2))).hasMessageContaining("already cabled");
        assertThatThrownBy(() -> fabric.setCableUp(at(S1, 1), at(S2, 2), false)).hasMessageContaining("no cable");
    }

    /** S1, S2, S3 in a ring on ports 1 and 2 (S1/2-S2/1, S2/2-S3/1, S3/2-S1/1); port 3 of each is a host. */
    private void ring() {
        fabric.addSwitch(S1, 1, 2, 3);
        fabric.addSwitch(S2, 1, 2, 3);
        fabric.addSwitch(S3, 1, 2, 3);
        fabric.cable(at(S1, 2), at(S2, 1));
        fabric.cable(at(S2, 2), at(S3, 1));
        fabric.cable(at(S3, 2), at(S1, 1));
    }
}
