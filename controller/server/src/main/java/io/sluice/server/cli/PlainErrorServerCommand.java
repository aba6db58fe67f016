package io.sluice.server.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.dropwizard.configuration.ConfigurationException;
import io.dropwizard.core.Application;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.cli.ServerCommand;
import io.dropwizard.core.setup.Environment;
import io.sluice.core.southbound.SouthboundStartException;
import io.sluice.server.SluiceConfiguration;
import java.io.IOException;
import java.io.PrintWriter;
import net.sourceforge.argparse4j.inf.Namespace;
import org.slf4j.LoggerFactory;

/**
 * Dropwizard's {@code server} command, with start-up failures an operator can read: a bad
 * configuration file prints Dropwizard's list of errors (key by key) and nothing else; an address
 * already in use prints one line naming it. Only a fault Sluice did not foresee gets a stack trace.
 */
public final class PlainErrorServerCommand extends ServerCommand<SluiceConfiguration> {
    public PlainErrorServerCommand(Application<SluiceConfiguration> application) {
        super(application);
    }

    @Override
    protected void run(Environment environment, Namespace namespace, SluiceConfiguration configuration)
            throws Exception {
        // ServerCommand logs a start-up failure with its stack trace before rethrowing it;
        // onError below reports the same failure, plainly.
        ((Logger) LoggerFactory.getLogger(ServerCommand.class)).setLevel(Level.OFF);
        super.run(environment, namespace, configuration);
    }

    @Override
    public void onError(Cli cli, Namespace namespace, Throwable error) {
        PrintWriter err = new PrintWriter(cli.getStdErr(), true);
        ConfigurationException badConfig = find(error, ConfigurationException.class);
        if (badConfig != null) {
            err.println(badConfig.getMessage());
            return;
        }
        err.println("sluice: cannot start: " + chain(error));
        if (find(error, IOException.class) == null && find(error, SouthboundStartException.class) == null) {
            error.printStackTrace(err); // not an operator's mistake: the details are for a bug report
        }
    }

    private static <T extends Throwable> T find(Throwable t, Class<T> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
        }
        return null;
    }

    /** Each distinct message down the cause chain, joined: "Failed to bind to ...: Address already in use". */
    private static String chain(Throwable t) {
        StringBuilder sb = new StringBuilder();
        String last = "";
        for (Throwable c = t; c != null; c = c.getCause()) {
            String m = c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
            if (!last.contains(m)) {
                sb.append(sb.length() == 0 ? "" : ": ").append(m);
            }
            last = m;
        }
        return sb.toString();
    }
}
