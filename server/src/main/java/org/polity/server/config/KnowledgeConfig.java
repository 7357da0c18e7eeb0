package org.polity.server.config;

/**
 * The knowledge base's SPARQL endpoint limits: how long one query may run ({@code sparql.timeout.ms}) and the
 * most result rows one answer carries ({@code sparql.max.rows}).
 */
public record KnowledgeConfig(long sparqlTimeoutMillis, int sparqlMaxRows) {
    /** The defaults: 5 seconds, 10,000 rows. */
    public static KnowledgeConfig defaults() {
        return new KnowledgeConfig(5_000, 10_000);
    }
}
