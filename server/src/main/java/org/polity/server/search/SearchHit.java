package org.polity.server.search;

/**
 * One result, best first: the document's row id (the paging cursor), its type, the object or actor it
 * describes, and its score (engine-specific: only the order means something).
 */
public record SearchHit(long documentId, SearchType type, Long objectId, Long actorId, double score) {}
