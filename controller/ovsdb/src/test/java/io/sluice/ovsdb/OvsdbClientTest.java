package io.sluice.ovsdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.net.ServerSocket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JSON-RPC client against a real ovsdb-server, and against a fake peer for the failure cases. */
class OvsdbClientTest {

    @TempDir
    Path dir;

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    private OvsdbServerProcess server() throws Exception {
        OvsdbServerProcess server = OvsdbServerProcess.start(dir);
        toClose.add(server);
        server.vsctl("init");
        server.vsctl("add-br", "br0", "--", "add-port", "br0", "p1");
        return server;
    }

    private OvsdbClient client(OvsdbEndpoint endpoint, Duration timeout) {
        OvsdbClient client = OvsdbClient.connect(endpoint, timeout);
        toClose.add(client);
        return client;
    }

    @Test
    void talksToARealServer() throws Exception {
        OvsdbClient client = client(server().endpoint(), Duration.ofSeconds(5));

        assertThat(client.listDatabases()).contains(OvsdbClient.DATABASE);
        ArrayNode result = client.transact(List.of(
                Ops.select("Port", Ops.whereEquals("name", TextNode.valueOf("p1")), "name", "qos")));
        assertThat(result.get(0).path("rows").get(0).path("name").asText()).isEqualTo("p1");
    }

    @Test
    void failedOperationIsNamedWithOvsdbErrorAndDetailsAndNothingIsApplied() throws Exception {
        OvsdbServerProcess server = server();
        OvsdbClient client = client(server.endpoint(), Duration.ofSeconds(5));
        ObjectNode fine = Ops.row();
        fine.set("other_config", OvsdbJson.stringMap(Map.of("max-rate", "1000")));
        ObjectNode outOfRange = Ops.row().put("dscp", 99);

        assertThatThrownBy(() -> client.transact(List.of(
                Ops.insert("Queue", fine, "a"), Ops.insert("Queue", outOfRange, "b"))))
                .isInstanceOfSatisfying(OvsdbTransactionException.class, e -> {
                    assertThat(e.operationIndex()).isEqualTo(1);
                    assertThat(e.operation()).isEqualTo("insert into Queue");
                    assertThat(e.error()).isEqualTo("constraint violation");
                    assertThat(e.details()).contains("99");
                    assertThat(e.getMessage()).contains("operation 1 (insert into Queue)", "constraint violation", "99");
                });
        assertThat(server.vsctl("--bare", "--columns=_uuid", "list", "Queue")).isEmpty();
    }

    @Test
    void failedCommitIsReportedAsTheCommit() throws Exception {
        OvsdbClient client = client(server().endpoint(), Duration.ofSeconds(5));
        ObjectNode dangling = Ops.row();
        dangling.set("qos", OvsdbJson.uuid(UUID.randomUUID()));

        assertThatThrownBy(() -> client.transact(List.of(
                Ops.update("Port", Ops.whereEquals("name", TextNode.valueOf("p1")), dangling))))
                .isInstanceOfSatisfying(OvsdbTransactionException.class, e -> {
                    assertThat(e.operationIndex()).isEqualTo(1);
                    assertThat(e.operation()).isEqualTo("commit");
                    assertThat(e.error()).isEqualTo("referential integrity violation");
                });
    }

    @Test
    void concurrentRequestsEachGetTheirOwnReply() throws Exception {
        OvsdbClient client = client(server().endpoint(), Duration.ofSeconds(5));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> answers = new ArrayList<>();
            List<String> asked = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                String name = i % 2 == 0 ? "br0" : "p1";
                asked.add(name);
                answers.add(pool.submit(() -> client.transact(List.of(
                        Ops.select("Port", Ops.whereEquals("name", TextNode.valueOf(name)), "name")))
                        .get(0).path("rows").get(0).path("name").asText()));
            }
            for (int i = 0; i < answers.size(); i++) {
                assertThat(answers.get(i).get(10, TimeUnit.SECONDS)).isEqualTo(asked.get(i));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void answersTheServersEchoSoAnIdleConnectionSurvivesItsInactivityProbe() throws Exception {
        // With a 1 s probe the server sends an echo after 1 s of silence and, unanswered, hangs up
        // 1 s later: a connection that lives through three echoes must have answered them.
        Path probed = server().addManager("probed.sock", Duration.ofSeconds(1));
        OvsdbClient client = client(new OvsdbEndpoint.Unix(probed), Duration.ofSeconds(5));

        OvsdbServerProcess.await(Duration.ofSeconds(20), "three echoes answered",
                () -> client.echoesAnswered() >= 3 || !client.isConnected());

        assertThat(client.isConnected()).isTrue();
        assertThat(client.echoesAnswered()).isGreaterThanOrEqualTo(3);
        assertThat(client.listDatabases()).contains(OvsdbClient.DATABASE);
    }

    @Test
    void unreachableEndpointsAreClearErrors() throws Exception {
        OvsdbEndpoint missing = new OvsdbEndpoint.Unix(dir.resolve("nobody-here.sock"));
        assertThatThrownBy(() -> OvsdbClient.connect(missing, Duration.ofSeconds(2)))
                .isInstanceOf(OvsdbException.class)
                .hasMessageContaining("cannot connect to OVSDB at " + missing);

        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        OvsdbEndpoint refused = OvsdbEndpoint.parse("tcp:127.0.0.1:" + closedPort);
        assertThatThrownBy(() -> OvsdbClient.connect(refused, Duration.ofSeconds(2)))
                .isInstanceOf(OvsdbException.class)
                .hasMessageContaining("cannot connect to OVSDB at tcp:127.0.0.1:" + closedPort);
    }

    @Test
    void aSilentServerMakesRequestsTimeOutWithinTheBound() throws Exception {
        ServerSocketChannel silent = listen("silent.sock");
        OvsdbClient client = client(new OvsdbEndpoint.Unix(dir.resolve("silent.sock")), Duration.ofMillis(300));
        toClose.add(silent.accept());

        long start = System.nanoTime();
        assertThatThrownBy(client::listDatabases)
                .isInstanceOf(OvsdbException.class)
                .hasMessageContaining("no reply to list_dbs")
                .hasMessageContaining("within PT0.3S");
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(took).isBetween(Duration.ofMillis(250), Duration.ofSeconds(5));
    }

    @Test
    void aServerHangingUpFailsTheWaitingRequestAtOnce() throws Exception {
        ServerSocketChannel peer = listen("hangup.sock");
        OvsdbClient client = client(new OvsdbEndpoint.Unix(dir.resolve("hangup.sock")), Duration.ofSeconds(60));
        SocketChannel accepted = peer.accept();
        toClose.add(accepted);

        CompletableFuture<List<String>> call = CompletableFuture.supplyAsync(client::listDatabases);
        // Once the request has arrived the call is surely waiting for its reply; then hang up.
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> accepted.read(ByteBuffer.allocate(4096)));
        accepted.close();

        assertThatThrownBy(() -> call.get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(OvsdbException.class)
                .hasMessageContaining("closed the connection");
        assertThat(client.isConnected()).isFalse();
        assertThatThrownBy(client::listDatabases)
                .isInstanceOf(OvsdbException.class)
                .hasMessageContaining("closed the connection");
    }

    @Test
    void serverErrorReplyIsAnException() throws Exception {
        OvsdbClient client = client(server().endpoint(), Duration.ofSeconds(5));
        ArrayNode params = OvsdbJson.NODES.arrayNode().add("No_Such_Database");

        assertThatThrownBy(() -> client.call("transact", params))
                .isInstanceOf(OvsdbException.class)
                .hasMessageContaining("refused transact")
                .hasMessageContaining("unknown database");
        // The connection is still usable afterwards.
        JsonNode dbs = client.call("list_dbs", OvsdbJson.NODES.arrayNode());
        assertThat(dbs.toString()).contains(OvsdbClient.DATABASE);
    }

    private ServerSocketChannel listen(String name) throws Exception {
        ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        channel.bind(UnixDomainSocketAddress.of(dir.resolve(name)));
        toClose.add(channel);
        return channel;
    }
}
