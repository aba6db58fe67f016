package io.sluice.openflow.fake;

import io.sluice.openflow.Dpid;
import static io.sluice.openflow.fake.FakeSwitchTablesTest.refusal;
import static io.sluice.openflow.fake.Rules.F;
import static io.sluice.openflow.fake.Rules.add;
import static io.sluice.openflow.fake.Rules.applying;
import static io.sluice.openflow.fake.Rules.bucket;
import static io.sluice.openflow.fake.Rules.groupAdd;
import static io.sluice.openflow.fake.Rules.inPort;
import static io.sluice.openflow.fake.Rules.match;
import static io.sluice.openflow.fake.Rules.output;
import static io.sluice.openflow.fake.Rules.setEthDst;
import static io.sluice.openflow.fake.Rules.toGroup;
import static io.sluice.openflow.fake.Rules.udp;
import static io.sluice.openflow.fake.Rules.watching;
import static io.sluice.openflow.fake.Rules.writing;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.core.device.DeviceId;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.protocol.OFBadActionCode;
import org.projectfloodlight.openflow.protocol.OFGroupModFailedCode;
import org.projectfloodlight.openflow.protocol.OFGroupType;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.MacAddress;
import org.projectfloodlight.openflow.types.OFGroup;
import org.projectfloodlight.openflow.types.OFPort;

/** Group-mod semantics (§6.5) and the four group types (§5.6.1) of the fake switch. */
class FakeGroupsTest {
    private final FakeSwitchTables sw = new FakeSwitchTables(Dpid.deviceId(0x201L), List.of(1L, 2L, 3L, 4L));

    @Test
    void groupModsAreChecked() throws Exception {
        assertThat(refusal(sw, add(0, 10, match().build(), applying(toGroup(7)))).code())
                .isEqualTo(OFBadActionCode.BAD_OUT_GROUP);

        sw.apply(groupAdd(7, OFGroupType.INDIRECT, bucket(output(2))));
        assertThat(refusal(sw, groupAdd(7, OFGroupType.INDIRECT, bucket(output(3)))).code())
                .isEqualTo(OFGroupModFailedCode.GROUP_EXISTS);
        assertThat(refusal(sw, F.buildGroupModify().setGroup(OFGroup.of(8)).setGroupType(OFGroupType.ALL)
                .setBuckets(List.of()).build()).code()).isEqualTo(OFGroupModFailedCode.UNKNOWN_GROUP);
        assertThat(refusal(sw, groupAdd(9, OFGroupType.INDIRECT, bucket(output(2)), bucket(output(3)))).code())
                .isEqualTo(OFGroupModFailedCode.BAD_BUCKET);
        assertThat(refusal(sw, groupAdd(9, OFGroupType.FF, bucket(output(2)))).code())
                .isEqualTo(OFGroupModFailedCode.BAD_WATCH);

        sw.apply(groupAdd(8, OFGroupType.ALL, bucket(toGroup(7))));
        assertThat(refusal(sw, F.buildGroupDelete().setGroup(OFGroup.of(7)).setGroupType(OFGroupType.INDIRECT).build())
                .code()).as("group 8 chains to 7").isEqualTo(OFGroupModFailedCode.CHAINED_GROUP);
        assertThat(refusal(sw, F.buildGroupModify().setGroup(OFGroup.of(7)).setGroupType(OFGroupType.INDIRECT)
                .setBuckets(List.of(bucket(toGroup(8)))).build()).code()).isEqualTo(OFGroupModFailedCode.LOOP);
        assertThat(sw.buckets(7)).containsExactly(bucket(output(2)));
    }

    @Test
    void deletingAGroupDeletesTheFlowsThatForwardToIt() throws Exception {
        sw.apply(groupAdd(1, OFGroupType.INDIRECT, bucket(output(2))));
        sw.apply(groupAdd(2, OFGroupType.INDIRECT, bucket(output(3))));
        sw.apply(add(0, 10, inPort(1), applying(toGroup(1))));
        sw.apply(add(0, 10, inPort(2), writing(toGroup(2))));
        sw.apply(add(0, 10, inPort(3), applying(output(4))));

        sw.apply(F.buildGroupDelete().setGroup(OFGroup.of(1)).setGroupType(OFGroupType.INDIRECT).build());
        assertThat(sw.groupIds()).containsExactly(2L);
        assertThat(sw.flowCount()).isEqualTo(2);

        sw.apply(F.buildGroupDelete().setGroup(OFGroup.of(99)).setGroupType(OFGroupType.INDIRECT).build());
        sw.apply(F.buildGroupDelete().setGroup(OFGroup.ALL).setGroupType(OFGroupType.ALL).build());
        assertThat(sw.groupIds()).isEmpty();
        assertThat(sw.entries(0)).singleElement().satisfies(e -> assertThat(e.match()).isEqualTo(inPort(3)));
    }

    @Test
    void allGroupSendsACopyThroughEveryBucket() throws Exception {
        MacAddress rewritten = MacAddress.of("0e:00:00:00:00:99");
        sw.apply(groupAdd(1, OFGroupType.ALL, bucket(setEthDst(rewritten), output(2)), bucket(output(3))));
        sw.apply(add(0, 10, inPort(1), applying(toGroup(1))));

        FakeSwitchTables.Result r = sw.process(udp(1, "10.0.0.1", "10.0.0.2"));

        assertThat(r.ports()).containsExactly(OFPort.of(2), OFPort.of(3));
        assertThat(r.outputs().get(0).packet().get(MatchField.ETH_DST)).isEqualTo(rewritten);
        assertThat(r.outputs().get(1).packet().get(MatchField.ETH_DST)).as("each bucket has its own copy")
                .isEqualTo(Rules.MAC_B);
    }

    @Test
    void selectGroupKeepsAFlowOnOneBucketAndSpreadsFlows() throws Exception {
        sw.apply(groupAdd(1, OFGroupType.SELECT, bucket(output(2)), bucket(output(3)), bucket(output(4))));
        sw.apply(add(0, 10, inPort(1), writing(toGroup(1))));

        Set<OFPort> used = new HashSet<>();
        for (int i = 1; i <= 30; i++) {
            List<OFPort> ports = sw.process(udp(1, "10.0.0." + i, "10.0.1.1")).ports();
            assertThat(ports).hasSize(1);
            assertThat(sw.process(udp(1, "10.0.0." + i, "10.0.1.1")).ports()).as("same flow, same bucket")
                    .isEqualTo(ports);
            used.add(ports.get(0));
        }
        assertThat(used).containsExactlyInAnyOrder(OFPort.of(2), OFPort.of(3), OFPort.of(4));
    }

    @Test
    void fastFailoverTakesTheFirstLiveBucket() throws Exception {
        sw.apply(groupAdd(1, OFGroupType.FF, watching(2, output(2)), watching(3, output(3))));
        sw.apply(add(0, 10, inPort(1), applying(toGroup(1))));

        assertThat(sw.process(udp(1, "10.0.0.1", "10.0.0.2"), port -> true).ports()).containsExactly(OFPort.of(2));
        assertThat(sw.process(udp(1, "10.0.0.1", "10.0.0.2"), port -> port != 2).ports())
                .containsExactly(OFPort.of(3));
        FakeSwitchTables.Result none = sw.process(udp(1, "10.0.0.1", "10.0.0.2"), port -> false);
        assertThat(none.dropped()).isTrue();
        assertThat(none.notes()).singleElement().asString().contains("no live bucket");
    }

    @Test
    void groupInTheActionSetOverridesItsOutput() throws Exception {
        sw.apply(groupAdd(1, OFGroupType.INDIRECT, bucket(output(3))));
        sw.apply(add(0, 10, inPort(1), writing(output(2), toGroup(1))));

        assertThat(sw.process(udp(1, "10.0.0.1", "10.0.0.2")).ports()).containsExactly(OFPort.of(3));
    }
}
