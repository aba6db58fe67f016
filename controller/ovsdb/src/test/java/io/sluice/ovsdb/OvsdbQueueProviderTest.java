package io.sluice.ovsdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.core.policy.BehaviourPolicy;
import io.sluice.core.policy.ClassProfile;
import io.sluice.core.policy.DscpTrust;
import io.sluice.core.policy.Policy;
import io.sluice.core.policy.RoutePreference;
import io.sluice.core.policy.Scheduling;
import io.sluice.core.policy.TrafficClass;
import io.sluice.core.qos.QosProfile;
import io.sluice.core.qos.QueueProvider;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The policy's queue profile on Open vSwitch ports, through a real ovsdb-server: QoS and Queue
 * rows match the profile after create, after a policy change, and are gone after removal; a port
 * someone else configured is left alone while the others are done.
 */
class OvsdbQueueProviderTest {
    private static final long LINK = 100_000_000L;
    @TempDir
    Path dir;
    private OvsdbServerProcess server;
    private OvsdbQueueProvider queues;

    @BeforeEach
    void start() throws Exception {
        server = OvsdbServerProcess.start(dir);
        server.vsctl("init");
        server.vsctl("add-br", "br0", "--", "add-port", "br0", "p1", "--", "add-port", "br0", "p2", "--",
                "add-port", "br0", "p3");
        queues = new OvsdbQueueProvider(server.endpoint(), Duration.ofSeconds(5));
    }

    @AfterEach
    void stop() {
        if (queues != null) {
            queues.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private static Policy policy(int inferenceMin, int inferenceMax) {
        Map<TrafficClass, ClassProfile> c = new EnumMap<>(TrafficClass.class);
        c.put(TrafficClass.CONTROL, ClassProfile.of(TrafficClass.CONTROL, 48, 0, 2, 5, Scheduling.STRICT,
                RoutePreference.SHORTEST));
        c.put(TrafficClass.INFERENCE, ClassProfile.of(TrafficClass.INFERENCE, 34, 1, inferenceMin, inferenceMax,
                Scheduling.STRICT, RoutePreference.LOWEST_LATENCY));
        c.put(TrafficClass.TRAINING, ClassProfile.of(TrafficClass.TRAINING, 26, 2, 40, 100, Scheduling.WEIGHTED,
                RoutePreference.SPREAD));
        c.put(TrafficClass.BEST_EFFORT, ClassProfile.of(TrafficClass.BEST_EFFORT, 0, 3, 10, 100, Scheduling.WEIGHTED,
                RoutePreference.SHORTEST));
        c.put(TrafficClass.ARCHIVAL, ClassProfile.of(TrafficClass.ARCHIVAL, 8, 4, 5, 100, Scheduling.SCAVENGER,
                RoutePreference.LEAST_UTILISED));
        return Policy.of(c, Map.of(), List.of(), BehaviourPolicy.OFF, DscpTrust.NONE, TrafficClass.BEST_EFFORT);
    }

    private String queueOf(String port, int queue, String key) throws Exception {
        String qosUuid = server.vsctl("get", "Port", port, "qos").trim();
        String queues = server.vsctl("get", "QoS", qosUuid, "queues").trim();
        String uuid = queues.replaceAll(".*\\b" + queue + "=([0-9a-f-]+).*", "$1");
        return server.vsctl("get", "Queue", uuid, "other_config:" + key).trim().replace("\"", "");
    }

    /** Every port at {@link #LINK}, all with the same policy's queues. */
    private int configure(List<String> ports, Policy policy) {
        Map<String, QosProfile> profiles = new java.util.LinkedHashMap<>();
        ports.forEach(p -> profiles.put(p, QosProfile.of(policy, LINK)));
        return queues.configure(profiles);
    }

    @Test
    void portsFollowThePolicyThroughCreateChangeAndRemoval() throws Exception {
        QosProfile first = QosProfile.of(policy(20, 50), LINK);
        assertThat(configure(List.of("p1", "p2"), policy(20, 50)))
                .isEqualTo(2);
        assertThat(queueOf("p1", 1, "min-rate")).isEqualTo("20000000");
        assertThat(queueOf("p1", 1, "max-rate")).isEqualTo("50000000");
        assertThat(queueOf("p2", 4, "priority")).isEqualTo(Integer.toString(
                first.queueOf(TrafficClass.ARCHIVAL).orElseThrow().priority()));
        assertThat(server.vsctl("get", "QoS", server.vsctl("get", "Port", "p1", "qos").trim(),
                "other_config:max-rate").trim().replace("\"", "")).isEqualTo("100000000");

        configure(List.of("p1", "p2"), policy(30, 60));
        assertThat(queueOf("p1", 1, "min-rate")).as("updated for the new policy").isEqualTo("30000000");
        assertThat(queueOf("p2", 1, "max-rate")).isEqualTo("60000000");

        queues.removeAll();
        assertThat(server.vsctl("get", "Port", "p1", "qos").trim()).isEqualTo("[]");
        assertThat(server.vsctl("--bare", "--columns=_uuid", "list", "QoS").trim()).isEmpty();
        assertThat(server.vsctl("--bare", "--columns=_uuid", "list", "Queue").trim()).isEmpty();
        assertThat(queues.configuredPorts()).isEmpty();
    }

    @Test
    void aPortSomeoneElseConfiguredIsLeftAloneAndTheOthersAreDone() throws Exception {
        server.vsctl("--", "set", "Port", "p3", "qos=@q", "--", "--id=@q", "create", "QoS", "type=linux-htb",
                "other-config:max-rate=1000000");
        String before = server.vsctl("list", "QoS");
        assertThat(configure(List.of("p1", "p3", "nope"), policy(20, 50))).isEqualTo(1);
        assertThat(queues.configuredPorts()).containsExactly("p1");
        assertThat(server.vsctl("get", "QoS", server.vsctl("get", "Port", "p3", "qos").trim(), "other_config:max-rate")
                .trim().replace("\"", "")).isEqualTo("1000000");
        assertThat(server.vsctl("list", "QoS")).contains(before.lines().filter(l -> l.startsWith("_uuid")).findFirst()
                .orElseThrow());
    }

    @Test
    void whatADeletedPortLeftBehindIsCleanedUpButOthersRowsStay() throws Exception {
        configure(List.of("p1", "p2"), policy(20, 50));
        String foreign = server.vsctl("create", "QoS", "type=linux-htb").trim();
        server.vsctl("del-port", "br0", "p2"); // the port goes; its QoS and queues stay (root tables)
        assertThat(server.vsctl("--bare", "--columns=_uuid", "list", "QoS").lines().filter(l -> !l.isBlank()))
                .hasSize(3);

        queues.removeAll();
        assertThat(server.vsctl("--bare", "--columns=_uuid", "list", "QoS").trim()).isEqualTo(foreign);
        assertThat(server.vsctl("--bare", "--columns=_uuid", "list", "Queue").trim()).isEmpty();
    }

    @Test
    void asCoresQueueProviderEachPortGetsTheProfileItIsGiven() throws Exception {
        QueueProvider provider = queues;
        assertThat(provider.configure(Map.of("p1", QosProfile.of(policy(20, 50), LINK),
                "p2", QosProfile.of(policy(20, 50), 10 * LINK)))).isEqualTo(2);
        assertThat(queueOf("p1", 1, "min-rate")).isEqualTo("20000000");
        assertThat(queueOf("p2", 1, "min-rate")).as("sized for its own speed").isEqualTo("200000000");
        server.vsctl("del-port", "br0", "p2");
        provider.removeOrphans();
        assertThat(queues.configuredPorts()).containsExactly("p1");
        assertThat(server.vsctl("--bare", "--columns=_uuid", "list", "QoS").lines().filter(l -> !l.isBlank()))
                .hasSize(1);
        assertThat(provider.toString()).isEqualTo("OVS queues at " + server.endpoint());
        provider.close();
        provider.close(); // idempotent
    }
}
