package io.sluice.bench.compare;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * One controller in the comparison: how to start it for a mode, what it is (version and options, as
 * the report must say), and whether it can be measured in a mode at all.
 */
public interface Contender {
    /** Short name: sluice, ovs-testcontroller, os-ken. */
    String name();

    /** Its exact version, as its own command reports it. */
    String version();

    /** The command line it runs with in {@code mode}, for the report. */
    String options(String mode);

    /** Why {@code mode} cannot be measured on it, or empty if it can. */
    Optional<String> unsupported(String mode);

    /** The OpenFlow port it listens on. */
    int port();

    /** Whether the emulator may ask it over Sluice's REST API. */
    boolean hasRest();

    /**
     * Starts it for {@code mode}, logging into {@code dir}. {@code rulesPerSwitch} is how many rules the
     * flowmods mode asks of it.
     */
    ControllerProcess start(String mode, Path dir, int rulesPerSwitch) throws IOException, InterruptedException;

    /** FLOW_MODs it will push by itself in the flowmods mode on {@code switches} switches (0: asked over REST). */
    long pushedFlowMods(int switches, int rulesPerSwitch);
}
