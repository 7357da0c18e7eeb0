package org.polity.server.config;

import java.time.Duration;

/**
 * How this node works the shared queues (docs/operations.md, Several nodes).
 *
 * @param nodeId the node's name in claims, logs and the queue pages
 * @param lease how long a claim on a queued item lasts before another node may take it
 * @param inboxThreads threads processing received activities on this node
 * @param inboxPerHost received activities of one remote host processed at once on this node
 * @param shareRates whether the nodes share their rate-limit counts through the database; empty: when the
 *     database is PostgreSQL (where several nodes may run), not on the embedded H2
 * @param retention how long finished queue rows (delivered or failed deliveries, processed received activities
 *     no inbox shows, checked deferred requests) are kept before the hourly pruning deletes them
 * @param deferredMax {@code inbox.deferred.max}: received requests waiting to be checked (their signing key not
 *     fetched yet) beyond which the inboxes answer 503 with {@code Retry-After} instead of taking more
 */
public record QueueConfig(String nodeId, Duration lease, int inboxThreads, int inboxPerHost,
        java.util.Optional<Boolean> shareRates, Duration retention, int deferredMax) {
    public static QueueConfig defaults() {
        return new QueueConfig(defaultNodeId(), Duration.ofMinutes(5), 4, 2, java.util.Optional.empty(),
                Duration.ofDays(30), 10_000);
    }

    /** Whether rate-limit counts are shared on the database engine {@code engine} ({@code Storage#engine}). */
    public boolean sharesRates(String engine) {
        return shareRates.orElse("postgresql".equals(engine));
    }

    /**
     * The host name and the port the node listens on: unique among the nodes of one installation and the same
     * after a restart, so that a restarted node takes back its own claims at once. With port 0 (tests: a free
     * port chosen at start) the process id and a random suffix instead, unique even for several instances in
     * one JVM.
     */
    public static String defaultNodeId(int port) {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "node";
        }
        String id = port > 0 ? host + ":" + port : host + ":" + ProcessHandle.current().pid() + "-"
                + Integer.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
        return id.length() > 100 ? id.substring(0, 100) : id;
    }

    /** {@link #defaultNodeId(int)} for a node whose port is chosen at start. */
    public static String defaultNodeId() {
        return defaultNodeId(0);
    }
}
