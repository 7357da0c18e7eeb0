package org.polity.server.resources;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.polity.federation.vocab.ActivityStreams;
import org.polity.federation.vocab.Contexts;
import org.polity.server.Polity;
import org.polity.server.Uris;
import org.polity.server.model.Actor;
import org.polity.server.model.MediaItem;

/**
 * A resource of ours on the wire (docs/vocabulary.md, Resources): an uploaded file is
 * {@code ["Document","Resource"]} with its file as an {@code attachment} ({@code Document}, or {@code Image}
 * with the thumbnail as {@code icon} and {@code image}); a shared link is {@code ["Page","Resource"]} with the
 * link as {@code url}. Both carry {@code license} (a URI) with {@code licenseName}, and {@code language}.
 */
final class ResourceToAp {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private ResourceToAp() {}

    /**
     * The object as a client would post it: types, title, Markdown description, hashtags; public to the author's
     * followers, or, with a {@code group}, addressed to it as every thread is (FEP-1b12).
     */
    static ObjectNode object(Polity polity, Actor author, Actor group, List<String> types,
            ResourceService.Details d) {
        ObjectNode object = JSON.objectNode();
        ArrayNode type = object.putArray("type");
        types.forEach(type::add);
        object.put("name", d.title().strip());
        if (!d.description().isBlank()) {
            ObjectNode source = object.putObject("source");
            source.put("content", d.description());
            source.put("mediaType", "text/markdown");
        }
        if (group == null) {
            object.putArray("to").add(ActivityStreams.PUBLIC);
            object.putArray("cc").add(author.followersUri());
        } else {
            polity.federation().groups().addressing().addressThread(object, group);
        }
        ArrayNode hashtags = polity.federation().groups().hashtags().hashtags(d.description(), d.tags());
        if (!hashtags.isEmpty()) {
            object.set("tag", hashtags);
        }
        return object;
    }

    private static ObjectNode common(Licence licence, String language) {
        ObjectNode p = JSON.objectNode();
        ArrayNode context = p.putArray("@context");
        context.add(ActivityStreams.CONTEXT);
        context.add(Contexts.polityTerms());
        p.put("license", licence.uri());
        p.put("licenseName", licence.name());
        p.put("language", language);
        return p;
    }

    /** The server's own properties of an uploaded file's resource. */
    static ObjectNode uploadProperties(Uris uris, MediaItem item, ContentDetector.Accepted type, boolean thumbnail,
            Licence licence, String language) {
        ObjectNode p = common(licence, language);
        ObjectNode attachment = p.putArray("attachment").addObject();
        attachment.put("type", type.image() ? "Image" : "Document");
        attachment.put("mediaType", type.mediaType());
        attachment.put("url", uris.url("/media/" + item.storageKey()));
        attachment.put("name", item.fileName());
        attachment.put("size", item.sizeBytes());
        if (thumbnail) {
            ObjectNode icon = JSON.objectNode();
            icon.put("type", "Image");
            icon.put("mediaType", "image/png");
            icon.put("url", uris.url("/media/" + item.thumbnailKey()));
            p.set("icon", icon);
            p.set("image", icon.deepCopy());
        }
        return p;
    }

    /** The server's own properties of a shared link's resource. */
    static ObjectNode linkProperties(LinkPreview.Preview preview, Licence licence, String language) {
        ObjectNode p = common(licence, language);
        p.put("url", preview.url());
        ObjectNode link = p.putArray("attachment").addObject();
        link.put("type", "Link");
        link.put("href", preview.url());
        if (preview.mediaType() != null) {
            link.put("mediaType", preview.mediaType());
        }
        if (!preview.title().isBlank()) {
            link.put("name", preview.title());
        }
        return p;
    }
}
