package io.sluice.ovsdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link PortQos} against a real ovsdb-server holding bridge br0 with port p1. Every change is
 * checked twice: through {@link PortQos#read} and independently through ovs-vsctl.
 */
class OvsdbPortQosTest {

    private static final QueueSpec GOLD = new QueueSpec(1, 4_000_000, 8_000_000, 0);
    private static final QueueSpec SILVER = new QueueSpec(2, 2_000_000, 6_000_000, 1);
    private static final QueueSpec BRONZE = new QueueSpec(3, 500_000, 1_000_000, 2);

    @TempDir
    Path dir;

    private OvsdbServerProcess server;
    private OvsdbClient client;
    private PortQos qos;

    @BeforeEach
    void startServer() throws Exception {
        server = OvsdbServerProcess.start(dir);
        server.vsctl("init");
        server.vsctl("add-br", "br0", "--", "add-port", "br0", "p1");
        client = OvsdbClient.connect(server.endpoint(), Duration.ofSeconds(5));
        qos = new PortQos(client);
    }

    @AfterEach
    void stopServer() throws Exception {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void applyCreatesAnHtbQosWithItsQueuesOnThePort() throws Exception {
        qos.apply("p1", 10_000_000, List.of(GOLD, SILVER));

        PortQosConfig config = qos.read("p1").orElseThrow();
        assertThat(config.type()).isEqualTo("linux-htb");
        assertThat(config.maxRateBps()).hasValue(10_000_000);
        assertThat(config.sluiceManaged()).isTrue();
        assertThat(config.externalIds()).containsEntry(PortQos.PORT_KEY, "p1");
        assertThat(config.queues()).containsOnlyKeys(1L, 2L);
        assertThat(config.queues().get(1L).toSpec(1)).contains(GOLD);
        assertThat(config.queues().get(2L).toSpec(2)).contains(SILVER);
        assertThat(config.queues().get(1L).otherConfig())
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "min-rate", "4000000", "max-rate", "8000000", "priority", "0"));

        // Independently, with ovs-vsctl:
        String qosUuid = config.uuid().toString();
        String gold = config.queues().get(1L).uuid().toString();
        String silver = config.queues().get(2L).uuid().toString();
        assertThat(server.vsctl("get", "Port", "p1", "qos")).isEqualTo(qosUuid);
        assertThat(server.vsctl("get", "Port", "br0", "qos")).isEqualTo("[]");
        assertThat(server.vsctl("get", "QoS", qosUuid, "type")).isEqualTo("linux-htb");
        assertThat(server.vsctl("get", "QoS", qosUuid, "other_config:max-rate")).isEqualTo("\"10000000\"");
        assertThat(server.vsctl("get", "QoS", qosUuid, "external_ids:sluice-managed")).isEqualTo("\"true\"");
        assertThat(server.vsctl("get", "QoS", qosUuid, "queues")).isEqualTo("{1=" + gold + ", 2=" + silver + "}");
        assertThat(server.vsctl("get", "Queue", silver, "other_config:min-rate")).isEqualTo("\"2000000\"");
        assertThat(server.vsctl("get", "Queue", silver, "other_config:max-rate")).isEqualTo("\"6000000\"");
        assertThat(server.vsctl("get", "Queue", silver, "other_config:priority")).isEqualTo("\"1\"");
        assertThat(server.vsctl("list", "QoS")).contains(qosUuid, "linux-htb", "max-rate=\"10000000\"");
        assertThat(rows("QoS")).containsExactly(qosUuid);
        assertThat(rows("Queue")).containsExactlyInAnyOrder(gold, silver);
    }

    @Test
    void applyingAgainUpdatesTheSameRowsInPlaceAndDeletesTheQueueNoLongerWanted() throws Exception {
        qos.apply("p1", 10_000_000, List.of(GOLD, SILVER, BRONZE));
        PortQosConfig before = qos.read("p1").orElseThrow();
        String bronze = before.queues().get(3L).uuid().toString();

        QueueSpec fasterGold = new QueueSpec(1, 6_000_000, 12_000_000, 0);
        qos.apply("p1", 20_000_000, List.of(fasterGold, SILVER));

        PortQosConfig after = qos.read("p1").orElseThrow();
        assertThat(after.uuid()).isEqualTo(before.uuid());
        assertThat(after.maxRateBps()).hasValue(20_000_000);
        assertThat(after.queues()).containsOnlyKeys(1L, 2L);
        assertThat(after.queues().get(1L).uuid()).isEqualTo(before.queues().get(1L).uuid());
        assertThat(after.queues().get(1L).toSpec(1)).contains(fasterGold);
        assertThat(after.queues().get(2L).toSpec(2)).contains(SILVER);

        String qosUuid = before.uuid().toString();
        String gold = before.queues().get(1L).uuid().toString();
        assertThat(server.vsctl("get", "Port", "p1", "qos")).isEqualTo(qosUuid);
        assertThat(server.vsctl("get", "QoS", qosUuid, "other_config:max-rate")).isEqualTo("\"20000000\"");
        assertThat(server.vsctl("get", "Queue", gold, "other_config:max-rate")).isEqualTo("\"12000000\"");
        assertThat(rows("QoS")).containsExactly(qosUuid);
        assertThat(rows("Queue")).hasSize(2).doesNotContain(bronze)
                .containsExactlyInAnyOrder(gold, before.queues().get(2L).uuid().toString());
    }

    @Test
    void applyingAgainCreatesAQueueThatWasMissing() throws Exception {
        qos.apply("p1", 10_000_000, List.of(GOLD));
        PortQosConfig before = qos.read("p1").orElseThrow();

        qos.apply("p1", 10_000_000, List.of(GOLD, BRONZE));

        PortQosConfig after = qos.read("p1").orElseThrow();
        assertThat(after.uuid()).isEqualTo(before.uuid());
        assertThat(after.queues()).containsOnlyKeys(1L, 3L);
        assertThat(after.queues().get(1L).uuid()).isEqualTo(before.queues().get(1L).uuid());
        assertThat(after.queues().get(3L).toSpec(3)).contains(BRONZE);
        assertThat(rows("Queue")).containsExactlyInAnyOrder(
                after.queues().get(1L).uuid().toString(), after.queues().get(3L).uuid().toString());
    }

    @Test
    void removeClearsThePortAndDeletesTheRows() throws Exception {
        qos.apply("p1", 10_000_000, List.of(GOLD, SILVER));
        assertThat(rows("Queue")).hasSize(2);

        qos.remove("p1");

        assertThat(qos.read("p1")).isEmpty();
        assertThat(server.vsctl("get", "Port", "p1", "qos")).isEqualTo("[]");
        assertThat(rows("QoS")).isEmpty();
        assertThat(rows("Queue")).isEmpty();

        qos.remove("p1"); // nothing left to remove: a no-op, not an error
        assertThat(qos.read("p1")).isEmpty();
    }

    @Test
    void aQosSluiceDidNotMakeIsRefusedAndLeftUntouched() throws Exception {
        String foreign = server.vsctl("--", "set", "Port", "p1", "qos=@q",
                "--", "--id=@q", "create", "QoS", "type=linux-htb", "other-config:max-rate=1000000", "queues:0=@q0",
                "--", "--id=@q0", "create", "Queue", "other-config:max-rate=500000");
        String foreignQos = server.vsctl("get", "Port", "p1", "qos");
        assertThat(foreign).contains(foreignQos);
        String qosRows = server.vsctl("list", "QoS");
        String queueRows = server.vsctl("list", "Queue");

        assertThatThrownBy(() -> qos.apply("p1", 10_000_000, List.of(GOLD)))
                .isInstanceOfSatisfying(ForeignQosException.class, e -> {
                    assertThat(e.portName()).isEqualTo("p1");
                    assertThat(e.qosUuid()).isEqualTo(UUID.fromString(foreignQos));
                })
                .hasMessageContaining("'p1'")
                .hasMessageContaining(foreignQos)
                .hasMessageContaining("Sluice did not make");
        assertThatThrownBy(() -> qos.remove("p1")).isInstanceOf(ForeignQosException.class);

        assertThat(server.vsctl("get", "Port", "p1", "qos")).isEqualTo(foreignQos);
        assertThat(server.vsctl("list", "QoS")).isEqualTo(qosRows);
        assertThat(server.vsctl("list", "Queue")).isEqualTo(queueRows);
        PortQosConfig seen = qos.read("p1").orElseThrow();
        assertThat(seen.sluiceManaged()).isFalse();
        assertThat(seen.maxRateBps()).hasValue(1_000_000);
        assertThat(seen.queues()).containsOnlyKeys(0L);
        assertThat(seen.queues().get(0L).toSpec(0)).isEmpty(); // no min-rate, no priority
    }

    @Test
    void anUnknownPortIsAClearErrorAndWritesNothing() throws Exception {
        assertThatThrownBy(() -> qos.apply("nope", 10_000_000, List.of(GOLD)))
                .isInstanceOfSatisfying(UnknownPortException.class, e -> assertThat(e.portName()).isEqualTo("nope"))
                .hasMessage("no Port named 'nope' in the Open_vSwitch database at unix:" + server.socket());
        assertThatThrownBy(() -> qos.remove("nope")).isInstanceOf(UnknownPortException.class);
        assertThatThrownBy(() -> qos.read("nope")).isInstanceOf(UnknownPortException.class);
        assertThat(rows("QoS")).isEmpty();
        assertThat(rows("Queue")).isEmpty();
    }

    @Test
    void aPortWithoutQosReadsAsEmpty() {
        assertThat(qos.read("p1")).isEmpty();
        assertThat(qos.read("br0")).isEmpty();
    }

    @Test
    void invalidRequestsAreRejectedBeforeAnythingIsWritten() throws Exception {
        assertThatThrownBy(() -> qos.apply("p1", 10_000_000, List.of(GOLD, new QueueSpec(1, 1, 2, 5))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("queue id 1 appears twice");
        assertThatThrownBy(() -> qos.apply("p1", 0, List.of(GOLD)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxRateBps must be positive");
        assertThatThrownBy(() -> new QueueSpec(4, 2_000, 1_000, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0 < minRateBps <= maxRateBps");
        assertThatThrownBy(() -> new QueueSpec(QueueSpec.MAX_QUEUE_ID + 1, 1, 1, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(server.vsctl("get", "Port", "p1", "qos")).isEqualTo("[]");
        assertThat(rows("QoS")).isEmpty();
    }

    @Test
    void aChangeMadeBetweenReadAndWriteIsNotOverwritten() throws Exception {
        qos.apply("p1", 10_000_000, List.of(GOLD));
        String qosUuid = qos.read("p1").orElseThrow().uuid().toString();
        AtomicInteger interruptions = new AtomicInteger();
        // Someone else takes the QoS over after Sluice has read it but before Sluice writes.
        PortQos racing = new PortQos(client, () -> {
            if (interruptions.getAndIncrement() == 0) {
                vsctl("remove", "QoS", qosUuid, "external_ids", PortQos.MANAGED_KEY);
            }
        });

        // The write's wait sees the change; the retry reads afresh and finds the QoS no longer Sluice's.
        assertThatThrownBy(() -> racing.apply("p1", 20_000_000, List.of(SILVER)))
                .isInstanceOf(ForeignQosException.class);
        assertThat(interruptions).hasValue(1);
        assertThat(server.vsctl("get", "QoS", qosUuid, "other_config:max-rate")).isEqualTo("\"10000000\"");
        assertThat(server.vsctl("get", "QoS", qosUuid, "queues")).startsWith("{1=");
    }

    @Test
    void aDatabaseThatKeepsChangingMakesTheChangeGiveUpAfterBoundedRetries() throws Exception {
        qos.apply("p1", 10_000_000, List.of(GOLD));
        String qosUuid = qos.read("p1").orElseThrow().uuid().toString();
        AtomicInteger interruptions = new AtomicInteger();
        PortQos racing = new PortQos(client, () -> vsctl("set", "QoS", qosUuid,
                "external_ids:other-writer=" + interruptions.incrementAndGet()));

        assertThatThrownBy(() -> racing.remove("p1"))
                .isInstanceOf(OvsdbException.class)
                .hasMessageContaining("kept changing")
                .hasCauseInstanceOf(OvsdbTransactionException.class);
        assertThat(interruptions).hasValue(5);
        assertThat(server.vsctl("get", "Port", "p1", "qos")).isEqualTo(qosUuid);
        assertThat(rows("Queue")).hasSize(1);
    }

    private void vsctl(String... args) {
        try {
            server.vsctl(args);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The {@code _uuid}s of every row in a table, listed by ovs-vsctl. */
    private Set<String> rows(String table) throws Exception {
        String out = server.vsctl("--bare", "--columns=_uuid", "list", table);
        return Arrays.stream(out.split("\\s+")).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
    }
}
