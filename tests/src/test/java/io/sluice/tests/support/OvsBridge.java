package io.sluice.tests.support;

import java.util.ArrayList;
import java.util.List;

/**
 * An Open vSwitch bridge on the userspace datapath, created for one test and deleted after it.
 * Ports are internal interfaces, which need no peer and can be brought up and down.
 */
public final class OvsBridge implements AutoCloseable {
    private final String name;
    private final long dpid;
    private final List<String> ports = new ArrayList<>();

    private OvsBridge(String name, long dpid) {
        this.name = name;
        this.dpid = dpid;
    }

    /** Fails with a clear message when Open vSwitch is not running, instead of odd errors later. */
    public static void requireOvs() {
        Commands.Result r = Commands.tryRun("ovs-vsctl", "--timeout=5", "show");
        if (r.exitCode() != 0) {
            throw new IllegalStateException("Open vSwitch is not running (ovs-vsctl show: " + r.output().trim()
                    + "); start it with ./sluice setup or /usr/share/openvswitch/scripts/ovs-ctl start");
        }
    }

    /**
     * A bridge speaking {@code protocols} (e.g. "OpenFlow13") with controller {@code controller}
     * (e.g. "tcp:127.0.0.1:6653"), in secure fail mode so that only the controller's rules forward.
     */
    public static OvsBridge create(String name, long dpid, String protocols, String controller) {
        requireOvs();
        if (name.length() > 12) {
            throw new IllegalArgumentException("bridge name " + name + " too long: ports append a suffix, and Linux allows 15");
        }
        // A bridge of this name left by an aborted run of this same test is ours to remove.
        Commands.run("ovs-vsctl", "--if-exists", "del-br", name);
        Commands.run("ovs-vsctl", "add-br", name,
                "--", "set", "bridge", name, "datapath_type=netdev", "protocols=" + protocols,
                "other-config:datapath-id=" + String.format("%016x", dpid),
                "--", "set-fail-mode", name, "secure",
                "--", "set-controller", name, controller);
        return new OvsBridge(name, dpid);
    }

    public String name() {
        return name;
    }

    public long dpid() {
        return dpid;
    }

    /** Adds an internal port named {@code <bridge>-<suffix>}, brought up. */
    public String addPort(String suffix) {
        String port = name + "-" + suffix;
        Commands.run("ovs-vsctl", "add-port", name, port, "--", "set", "interface", port, "type=internal");
        Commands.run("ip", "link", "set", port, "up");
        ports.add(port);
        return port;
    }

    public void deletePort(String port) {
        Commands.run("ovs-vsctl", "del-port", name, port);
        ports.remove(port);
    }

    public long ofPort(String port) {
        return Long.parseLong(Commands.run("ovs-vsctl", "get", "interface", port, "ofport").trim());
    }

    /** Replaces the bridge's controllers with {@code targets} (each like "tcp:127.0.0.1:6653"). */
    public void setController(String... targets) {
        String[] command = new String[3 + targets.length];
        command[0] = "ovs-vsctl";
        command[1] = "set-controller";
        command[2] = name;
        System.arraycopy(targets, 0, command, 3, targets.length);
        Commands.run(command);
    }

    public void deleteController() {
        Commands.run("ovs-vsctl", "del-controller", name);
    }

    public String dumpFlows() {
        return Commands.run("ovs-ofctl", "-O", "OpenFlow13", "dump-flows", name);
    }

    public String dumpMeters() {
        return Commands.run("ovs-ofctl", "-O", "OpenFlow13", "dump-meters", name);
    }

    @Override
    public void close() {
        Commands.run("ovs-vsctl", "--if-exists", "del-br", name);
    }
}
