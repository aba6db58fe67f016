package io.sluice.core.topology;

/** Write side of links, for discovery providers (LLDP today). */
public interface LinkProviderService {
    /**
     * A probe sent from {@code src} arrived at {@code dst}. Ignored (false) when either end is not
     * a known, up port; otherwise the link exists from now on (true).
     */
    boolean linkDetected(ConnectPoint src, ConnectPoint dst);

    /** The link from {@code src} to {@code dst} stopped answering probes. */
    void linkVanished(ConnectPoint src, ConnectPoint dst);
}
