package io.sluice.server.qos;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.sluice.ovsdb.OvsdbEndpoint;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.DecimalMin;

/**
 * The {@code qos:} section: where to configure Open vSwitch's queues (off unless {@code ovsdb} is
 * set), at what port speed, and whether to take them off again at shutdown.
 */
public final class QosConfig {
    /** OVSDB endpoint, {@code unix:/var/run/openvswitch/db.sock} or {@code tcp:host:6640}; unset: off. */
    private String ovsdb;

    /** Port speed the queues are sized for; unset: each port's reported speed (1 Gbit/s if none). */
    @DecimalMin(value = "0.001", message = "must be a positive number of Mbit/s")
    private Double linkMbps;

    private boolean removeOnShutdown = true;

    /** Classify by policy (true), or mark everything BEST_EFFORT (the QoS-off baseline). */
    private boolean classify = true;

    /** For validation: an endpoint that is set must be one the client can use. */
    @JsonIgnore
    @AssertTrue(message = "qos.ovsdb must be unix:<path> or tcp:<host>:<port>")
    public boolean isOvsdbReadable() {
        if (ovsdb == null || ovsdb.isBlank()) {
            return true;
        }
        try {
            OvsdbEndpoint.parse(ovsdb);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @JsonProperty
    public String getOvsdb() {
        return ovsdb;
    }

    @JsonProperty
    public void setOvsdb(String ovsdb) {
        this.ovsdb = ovsdb;
    }

    @JsonProperty
    public Double getLinkMbps() {
        return linkMbps;
    }

    @JsonProperty
    public void setLinkMbps(Double linkMbps) {
        this.linkMbps = linkMbps;
    }

    @JsonProperty
    public boolean isClassify() {
        return classify;
    }

    @JsonProperty
    public void setClassify(boolean classify) {
        this.classify = classify;
    }

    @JsonProperty
    public boolean isRemoveOnShutdown() {
        return removeOnShutdown;
    }

    @JsonProperty
    public void setRemoveOnShutdown(boolean removeOnShutdown) {
        this.removeOnShutdown = removeOnShutdown;
    }
}
