package io.sluice.core.classify;

/** Told when classification is switched on or off; must return quickly. */
@FunctionalInterface
public interface ClassificationModeListener {
    /** @param why what changed and who changed it, e.g. {@code classification on (by api)} */
    void modeChanged(String why);
}
