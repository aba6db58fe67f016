package io.sluice.server.discovery;

import io.dropwizard.lifecycle.Managed;
import io.sluice.openflow.discovery.HostDiscovery;
import io.sluice.openflow.discovery.LinkDiscovery;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs link and host discovery with the application: one timer thread drives their periodic work. */
public final class ManagedDiscovery implements Managed {
    private static final Logger log = LoggerFactory.getLogger(ManagedDiscovery.class);
    private static final long TICK_MS = 100;

    private final LinkDiscovery links;
    private final HostDiscovery hosts;
    private ScheduledExecutorService timer;

    public ManagedDiscovery(LinkDiscovery links, HostDiscovery hosts) {
        this.links = links;
        this.hosts = hosts;
    }

    @Override
    public void start() {
        links.start();
        hosts.start();
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sluice-discovery");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleAtFixedRate(this::tick, TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
    }

    /** A periodic task that throws is never run again: log and carry on instead. */
    private void tick() {
        try {
            links.tick();
            hosts.tick();
        } catch (RuntimeException e) {
            log.error("discovery timer: fault, carrying on", e);
        }
    }

    @Override
    public void stop() throws InterruptedException {
        if (timer != null) {
            timer.shutdownNow();
            timer.awaitTermination(5, TimeUnit.SECONDS);
        }
        hosts.stop();
        links.stop();
    }
}
