package org.polity.server.activitypub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.polity.federation.vocab.ActivityStreams;
import org.polity.federation.vocab.ApReader;
import org.polity.server.Polity;
import org.polity.server.service.InvalidInput;
import org.polity.server.service.Message;

/**
 * The addressing of our actors' objects and activities, and the IRIs clients name in them. Addressing is the
 * client's to decide (ActivityPub, section 6): {@link ObjectCreation} adds nothing to a Create. An object sent
 * without any {@code to}, {@code cc}, {@code bto}, {@code bcc} or {@code audience} is private to its author
 * (visibility DIRECT with no recipients): stored, listed in the author's own outbox view, delivered to no one.
 * {@code bto} and {@code bcc} are kept in the addressing table but never served.
 */
public final class Addressing {
    public static final int MAX_RECIPIENTS = 500;
    static final List<String> ADDRESS_FIELDS = Publisher.ADDRESS_FIELDS;

    private final Polity polity;

    Addressing(Polity polity) {
        this.polity = polity;
    }

    /**
     * The addressing of the documents, field by field, merged: every value an absolute http(s) IRI or the
     * Public collection (written as its full IRI), at most {@value #MAX_RECIPIENTS} recipients in all. Fields
     * without values are left out.
     */
    static Map<String, List<String>> addressing(JsonNode... documents) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        Set<String> all = new LinkedHashSet<>();
        for (String field : ADDRESS_FIELDS) {
            Set<String> values = new LinkedHashSet<>();
            for (JsonNode doc : documents) {
                if (doc == null) {
                    continue;
                }
                JsonNode node = doc.get(field);
                if (node == null || node.isNull()) {
                    continue;
                }
                if (node.isArray() && node.size() > MAX_RECIPIENTS) {
                    throw tooMany();
                }
                for (JsonNode item : node.isArray() ? node : Publisher.JSON.createArrayNode().add(node)) {
                    String iri = ApReader.idOf(item);
                    if (iri == null) {
                        throw InvalidInput.of(field, Message.of("svc.addressing.ids", field));
                    }
                    if (ActivityStreams.isPublic(iri)) {
                        iri = ActivityStreams.PUBLIC;
                    } else {
                        checkIri(field, iri);
                    }
                    values.add(iri);
                }
            }
            if (!values.isEmpty()) {
                out.put(field, new ArrayList<>(values));
                all.addAll(values);
            }
        }
        if (all.size() > MAX_RECIPIENTS) {
            throw tooMany();
        }
        return out;
    }

    private static InvalidInput tooMany() {
        return InvalidInput.of("to", Message.of("svc.addressing.tooMany", MAX_RECIPIENTS));
    }

    static void checkIri(String field, String iri) {
        URI uri;
        try {
            uri = URI.create(iri);
        } catch (IllegalArgumentException e) {
            throw InvalidInput.of(field, Message.of("svc.iri.invalid", abbreviate(iri)));
        }
        if (iri.length() > 2048 || uri.getHost() == null
                || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
            throw InvalidInput.of(field, Message.of("svc.iri.http", abbreviate(iri)));
        }
    }

    static String optionalIri(ObjectNode input, String field) {
        JsonNode node = input.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        String iri = ApReader.idOf(node);
        if (iri == null) {
            throw InvalidInput.of(field, Message.of("svc.iri.objectId", field));
        }
        checkIri(field, iri);
        return iri;
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "…";
    }

    /**
     * Addresses {@code activity} to the recipients of {@code subjectUri}: {@code to}, {@code cc} and
     * {@code audience} as {@code document} shows them, and every other recorded recipient (the original
     * {@code bto}/{@code bcc}) in {@code bcc}, so blind recipients stay blind.
     */
    void addressLike(ObjectNode activity, String subjectUri, ObjectNode document) {
        Set<String> shown = new LinkedHashSet<>();
        for (String field : List.of("to", "cc", "audience")) {
            List<String> values = Publisher.addresses(document, field);
            if (!values.isEmpty()) {
                activity.set(field, addressValue(field, values));
                shown.addAll(values);
            }
        }
        List<String> blind = new ArrayList<>(polity.storage().stores().objects().findAddressing(subjectUri));
        blind.removeAll(shown);
        if (!blind.isEmpty()) {
            activity.set("bcc", array(blind));
        }
    }

    static void addTo(Map<String, List<String>> addressing, String field, String value) {
        if (value == null) {
            return;
        }
        List<String> values = addressing.computeIfAbsent(field, f -> new ArrayList<>());
        if (!values.contains(value)) {
            values.add(value);
        }
        if (addressing.values().stream().mapToInt(List::size).sum() > MAX_RECIPIENTS) {
            throw tooMany();
        }
    }

    static ObjectNode withoutBlind(ObjectNode document) {
        ObjectNode copy = document.deepCopy();
        copy.remove("bto");
        copy.remove("bcc");
        return copy;
    }

    /**
     * An addressing field as written: an array, except a single {@code audience}, which is written as one id
     * because Lemmy and Mbin read {@code audience} as a single community (FEP-1b12 examples do the same).
     */
    static JsonNode addressValue(String field, List<String> values) {
        if (field.equals("audience") && values.size() == 1) {
            return Publisher.JSON.getNodeFactory().textNode(values.get(0));
        }
        return array(values);
    }

    static ArrayNode array(List<String> values) {
        ArrayNode a = Publisher.JSON.createArrayNode();
        values.forEach(a::add);
        return a;
    }
}
