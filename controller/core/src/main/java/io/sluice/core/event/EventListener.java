package io.sluice.core.event;

/** Receives events of one kind. Called on the thread that caused the change; must not block. */
@FunctionalInterface
public interface EventListener<E extends Event<?, ?>> {
    void event(E event);
}
