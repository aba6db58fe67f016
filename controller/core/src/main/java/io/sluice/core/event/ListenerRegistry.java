package io.sluice.core.event;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listeners of one service. Delivers each event to every listener in registration order; a
 * listener that throws is logged and does not keep the event from the others.
 */
public final class ListenerRegistry<E extends Event<?, ?>, L extends EventListener<E>> {
    private static final Logger log = LoggerFactory.getLogger(ListenerRegistry.class);

    private final List<L> listeners = new CopyOnWriteArrayList<>();

    public void add(L listener) {
        listeners.add(listener);
    }

    public void remove(L listener) {
        listeners.remove(listener);
    }

    public void post(E event) {
        for (L listener : listeners) {
            try {
                listener.event(event);
            } catch (RuntimeException e) {
                log.error("listener {} failed on {}", listener.getClass().getName(), event, e);
            }
        }
    }
}
