package org.polity.server.storage;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.polity.server.model.RemoteHost;

public interface HostStore {
    Optional<RemoteHost> findHost(String host);

    /** A delivery to the host succeeded: it is available and no longer failing. */
    void recordSuccess(String host, Instant at);

    /** A delivery failed: starts (or continues) its failing period. */
    void recordFailure(String host, Instant at);

    /** Marks hosts failing since before {@code cutoff} unavailable; returns how many changed. */
    int markUnavailableFailingSince(Instant cutoff);

    /** Records the software a host runs (NodeInfo {@code software.name}, lower-case; "unknown" when it said none). */
    void recordSoftware(String host, String software);

    /** The software a host runs, when learnt. */
    Optional<String> findSoftware(String host);

    /** The host contacted us (a signed request arrived): available again. */
    void recordSeen(String host, Instant at);

    /** Hosts that are failing or unavailable, the longest failing first. */
    List<RemoteHost> findTroubled(int limit);
}
