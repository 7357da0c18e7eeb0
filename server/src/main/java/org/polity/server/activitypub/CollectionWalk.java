package org.polity.server.activitypub;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.polity.federation.http.FetchBudget;
import org.polity.federation.http.FetchException;
import org.polity.federation.resolve.ObjectFetcher;
import org.polity.federation.vocab.ApReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the items of a remote (Ordered)Collection: inline {@code orderedItems} / {@code items}, or its
 * {@code first} page and the {@code next} ones, at most {@code pages} fetched pages and {@code max} items.
 * Every page is fetched from its id (the fetcher checks it) and must live on the collection's origin, so a
 * collection cannot lead the reader to pages another server serves. A page that fails ends the walk with what
 * was read so far.
 */
final class CollectionWalk {
    private static final Logger log = LoggerFactory.getLogger(CollectionWalk.class);

    private CollectionWalk() {}

    static List<JsonNode> items(ObjectFetcher fetcher, URI collection, int pages, int max, FetchBudget budget) {
        try {
            return itemsOrThrow(fetcher, collection, pages, max, budget);
        } catch (FetchException e) {
            log.debug("collection {}: not read: {}", collection, e.getMessage());
            return List.of();
        }
    }

    /** As {@link #items}, but a collection that cannot be fetched at all throws (a later page ends the walk). */
    static List<JsonNode> itemsOrThrow(ObjectFetcher fetcher, URI collection, int pages, int max, FetchBudget budget)
            throws FetchException {
        List<JsonNode> out = new ArrayList<>();
        JsonNode page = fetcher.fetch(collection, budget);
        try {
            int fetched = 1;
            boolean first = true;
            while (page != null && out.size() < max) {
                add(page, out, max);
                JsonNode nextRef = first && page.get("first") != null ? page.get("first") : page.get("next");
                first = false;
                String next = ApReader.idOf(nextRef);
                if (next == null || out.size() >= max) {
                    break;
                }
                if (nextRef.isObject() && nextRef.has("type") && (nextRef.has("orderedItems") || nextRef.has("items"))
                        && ObjectFetcher.sameOrigin(URI.create(next), collection)) {
                    page = nextRef; // an embedded first page, served by the collection's origin
                    continue;
                }
                URI nextUri = URI.create(next);
                if (!ObjectFetcher.sameOrigin(nextUri, collection) || fetched >= pages) {
                    break;
                }
                page = fetcher.fetch(nextUri, budget);
                fetched++;
            }
        } catch (FetchException | IllegalArgumentException e) {
            log.debug("collection {}: stopped after {} items: {}", collection, out.size(), e.getMessage());
        }
        return out;
    }

    private static void add(JsonNode page, List<JsonNode> out, int max) {
        JsonNode items = page.has("orderedItems") ? page.get("orderedItems") : page.get("items");
        if (items == null) {
            return;
        }
        for (JsonNode item : items.isArray() ? items : List.of(items)) {
            if (out.size() >= max) {
                return;
            }
            if (item.isObject() || item.isTextual()) {
                out.add(item);
            }
        }
    }
}
