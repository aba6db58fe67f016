package io.sluice.core.event;

/**
 * Something that happened to the network model, delivered to listeners.
 *
 * @param <T> the kind of event (an enum)
 * @param <S> what the event is about
 */
public interface Event<T extends Enum<T>, S> {
    T type();

    S subject();
}
