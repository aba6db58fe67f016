package io.sluice.core.topology;

import io.sluice.core.event.EventListener;

/** Told about every change to switches, links and hosts. */
public interface TopologyListener extends EventListener<TopologyEvent> {
}
