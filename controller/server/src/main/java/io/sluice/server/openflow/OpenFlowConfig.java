package io.sluice.server.openflow;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import io.dropwizard.validation.ValidationMethod;
import io.sluice.openflow.OpenFlowSettings;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** The {@code openflow:} section of the configuration file. */
public final class OpenFlowConfig {
    private static final String HOST_PORT = "^(\\[[0-9a-fA-F:.]+\\]|[^:\\s]+):([0-9]{1,5})$";
    /** Meter rates and bursts travel as unsigned 32-bit fields. */
    private static final long MAX_UINT32 = 0xFFFF_FFFFL;

    /** host:port pairs to listen on; 6653 is the IANA port, 6633 the one older switches default to. */
    @NotEmpty
    private List<@NotNull @Pattern(regexp = HOST_PORT, message = "must be host:port, e.g. 127.0.0.1:6653") String> listen =
            List.of("127.0.0.1:6653");

    /** Event-loop threads for switch sessions; 0 = two per core. */
    @Min(0)
    @Max(256)
    private int workerThreads = 0;

    @NotNull
    @MinDuration(value = 100, unit = TimeUnit.MILLISECONDS)
    private Duration echoInterval = Duration.seconds(5);

    @NotNull
    @MinDuration(value = 200, unit = TimeUnit.MILLISECONDS)
    private Duration keepaliveTimeout = Duration.seconds(15);

    @NotNull
    @MinDuration(value = 100, unit = TimeUnit.MILLISECONDS)
    private Duration handshakeTimeout = Duration.seconds(10);

    @NotNull
    @MinDuration(value = 100, unit = TimeUnit.MILLISECONDS)
    private Duration requestTimeout = Duration.seconds(10);

    /** Packets per second the table-miss meter lets through to the controller, per switch. */
    @Min(1)
    @Max(MAX_UINT32)
    private long packetInRate = 1000;

    /** Burst of the table-miss and LLDP meters, in packets. */
    @Min(1)
    @Max(MAX_UINT32)
    private long packetInBurst = 100;

    /** Packets per second the LLDP meter lets through to the controller, per switch. */
    @Min(1)
    @Max(MAX_UINT32)
    private long lldpRate = 1000;

    /** Delete every flow, group and meter on a switch when it connects. */
    private boolean clearOnConnect = false;

    @NotNull
    private OpenFlowSettings.ControllerRole role = OpenFlowSettings.ControllerRole.EQUAL;

    @JsonProperty
    public List<String> getListen() {
        return listen;
    }

    @JsonProperty
    public void setListen(List<String> listen) {
        this.listen = listen;
    }

    @JsonProperty
    public int getWorkerThreads() {
        return workerThreads;
    }

    @JsonProperty
    public void setWorkerThreads(int workerThreads) {
        this.workerThreads = workerThreads;
    }

    @JsonProperty
    public Duration getEchoInterval() {
        return echoInterval;
    }

    @JsonProperty
    public void setEchoInterval(Duration echoInterval) {
        this.echoInterval = echoInterval;
    }

    @JsonProperty
    public Duration getKeepaliveTimeout() {
        return keepaliveTimeout;
    }

    @JsonProperty
    public void setKeepaliveTimeout(Duration keepaliveTimeout) {
        this.keepaliveTimeout = keepaliveTimeout;
    }

    @JsonProperty
    public Duration getHandshakeTimeout() {
        return handshakeTimeout;
    }

    @JsonProperty
    public void setHandshakeTimeout(Duration handshakeTimeout) {
        this.handshakeTimeout = handshakeTimeout;
    }

    @JsonProperty
    public Duration getRequestTimeout() {
        return requestTimeout;
    }

    @JsonProperty
    public void setRequestTimeout(Duration requestTimeout) {
        this.requestTimeout = requestTimeout;
    }

    @JsonProperty
    public long getPacketInRate() {
        return packetInRate;
    }

    @JsonProperty
    public void setPacketInRate(long packetInRate) {
        this.packetInRate = packetInRate;
    }

    @JsonProperty
    public long getPacketInBurst() {
        return packetInBurst;
    }

    @JsonProperty
    public void setPacketInBurst(long packetInBurst) {
        this.packetInBurst = packetInBurst;
    }

    @JsonProperty
    public long getLldpRate() {
        return lldpRate;
    }

    @JsonProperty
    public void setLldpRate(long lldpRate) {
        this.lldpRate = lldpRate;
    }

    @JsonProperty
    public boolean isClearOnConnect() {
        return clearOnConnect;
    }

    @JsonProperty
    public void setClearOnConnect(boolean clearOnConnect) {
        this.clearOnConnect = clearOnConnect;
    }

    @JsonProperty
    public OpenFlowSettings.ControllerRole getRole() {
        return role;
    }

    @JsonProperty
    public void setRole(OpenFlowSettings.ControllerRole role) {
        this.role = role;
    }

    @ValidationMethod(message = "openflow.keepaliveTimeout must be longer than openflow.echoInterval, or every echo would time out")
    public boolean isKeepaliveTimeoutLongerThanEchoInterval() {
        return keepaliveTimeout == null || echoInterval == null
                || keepaliveTimeout.toNanoseconds() > echoInterval.toNanoseconds();
    }

    @ValidationMethod(message = "openflow.listen: every port must be between 0 and 65535")
    public boolean isListenPortsInRange() {
        return listen == null || listen.stream().allMatch(a -> a == null || !a.matches(HOST_PORT)
                || Integer.parseInt(a.substring(a.lastIndexOf(':') + 1)) <= 65535);
    }

    @ValidationMethod(message = "openflow.listen: every host must be an IP address or a name that resolves")
    public boolean isListenHostsResolvable() {
        return wellFormedListen().allMatch(a -> !address(a).isUnresolved());
    }

    private Stream<String> wellFormedListen() {
        return listen == null ? Stream.empty()
                : listen.stream().filter(a -> a != null && a.matches(HOST_PORT)
                        && Integer.parseInt(a.substring(a.lastIndexOf(':') + 1)) <= 65535);
    }

    public OpenFlowSettings toSettings() {
        return new OpenFlowSettings(java(echoInterval), java(keepaliveTimeout), java(handshakeTimeout),
                java(requestTimeout), packetInRate, packetInBurst, lldpRate, clearOnConnect, role);
    }

    public List<InetSocketAddress> listenAddresses() {
        return listen.stream().map(OpenFlowConfig::address).toList();
    }

    private static InetSocketAddress address(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        String host = hostPort.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return new InetSocketAddress(host, Integer.parseInt(hostPort.substring(colon + 1)));
    }

    private static java.time.Duration java(Duration d) {
        return java.time.Duration.ofNanos(d.toNanoseconds());
    }
}
