package io.sluice.server.health;

import com.codahale.metrics.health.HealthCheck;
import io.sluice.core.southbound.SouthboundStatus;
import java.util.function.Supplier;

/** Healthy while the southbound can take switches (for OpenFlow: its listener is bound). */
public final class SouthboundHealthCheck extends HealthCheck {
    private final Supplier<SouthboundStatus> status;

    public SouthboundHealthCheck(Supplier<SouthboundStatus> status) {
        this.status = status;
    }

    @Override
    protected Result check() {
        SouthboundStatus s = status.get();
        return s.isUp() ? Result.healthy(s.details().toString()) : Result.unhealthy("cannot take switches: " + s.details());
    }
}
