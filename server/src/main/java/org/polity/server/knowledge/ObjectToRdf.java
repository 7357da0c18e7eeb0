package org.polity.server.knowledge;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.jena.datatypes.xsd.XSDDatatype;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.Property;
import org.apache.jena.rdf.model.Resource;
import org.apache.jena.vocabulary.RDF;
import org.jsoup.Jsoup;
import org.polity.server.casestudies.CaseStudyTerms;
import org.polity.server.model.ObjectKind;
import org.polity.server.model.StoredObject;

/**
 * One stored challenge, response or case study into RDF (docs/vocabulary.md, "Knowledge base"), read from its
 * compacted ActivityStreams document: each field by its short name, or {@code polity:}-prefixed. The subject is
 * the object's ActivityPub id. Values that are not what the vocabulary says (an unknown sector key, a goal
 * outside 1-17, a non-http IRI, an unparseable date) are left out, never guessed.
 */
final class ObjectToRdf {
    /** Characters of a description kept (the plain text of the summary, else of the content). */
    static final int DESCRIPTION_CHARS = 2_000;

    private final String base;
    private final ConceptSchemes schemes;

    ObjectToRdf(String base, ConceptSchemes schemes) {
        this.base = base;
        this.schemes = schemes;
    }

    /** Adds the triples of {@code object} (its document {@code doc}) to {@code m}. */
    void add(Model m, StoredObject object, JsonNode doc) {
        Resource s = m.createResource(object.uri());
        ObjectKind kind = object.kind();
        s.addProperty(RDF.type, KnowledgeTerms.type(KnowledgeTerms.DCAT, "Resource"));
        switch (kind) {
            case CHALLENGE -> s.addProperty(RDF.type, KnowledgeTerms.type(KnowledgeTerms.POLITY, "Challenge"));
            case RESPONSE -> s.addProperty(RDF.type, KnowledgeTerms.type(KnowledgeTerms.POLITY, "ChallengeResponse"));
            case CASE_STUDY -> {
                s.addProperty(RDF.type, KnowledgeTerms.type(KnowledgeTerms.POLITY, "CaseStudy"));
                s.addProperty(RDF.type, KnowledgeTerms.type(KnowledgeTerms.ADMS, "Asset"));
            }
            default -> { }
        }
        m.createResource(base + "/knowledge").addProperty(KnowledgeTerms.dcat("resource"), s);
        addText(m, s, KnowledgeTerms.dct("title"), doc, "name", false);
        if (!addText(m, s, KnowledgeTerms.dct("description"), doc, "summary", true)) {
            addText(m, s, KnowledgeTerms.dct("description"), doc, "content", true);
        }
        addDate(m, s, KnowledgeTerms.dct("issued"), text(doc, "published"), object.publishedAt());
        addDate(m, s, KnowledgeTerms.dct("modified"), text(doc, "updated"), null);
        iri(first(doc, "attributedTo")).ifPresent(a -> s.addProperty(KnowledgeTerms.dct("creator"),
                m.createResource(a)));
        origin(object.uri()).ifPresent(o -> s.addProperty(KnowledgeTerms.dct("source"), m.createResource(o)));
        landingPage(doc).ifPresent(u -> s.addProperty(KnowledgeTerms.dcat("landingPage"), m.createResource(u)));

        String country = upper(text(doc, "country"));
        if (country != null && country.matches("[A-Z]{2}")) {
            s.addProperty(KnowledgeTerms.polity("country"), country);
            String iri = KnowledgeTerms.countryIri(country);
            if (iri != null) {
                s.addProperty(KnowledgeTerms.dct("spatial"), m.createResource(iri));
            }
        }
        String organisation = text(doc, "organisation");
        if (organisation != null && !organisation.isBlank()) {
            s.addProperty(KnowledgeTerms.dct("publisher"), organisation(m, organisation.strip(), country));
        }
        concept(m, s, KnowledgeTerms.dct("subject"), ConceptSchemes.SECTORS, text(doc, "sector"));
        for (int goal : sdgs(doc)) {
            s.addProperty(KnowledgeTerms.dct("subject"), m.createResource(CaseStudyTerms.sdgIri(goal)));
        }
        for (String tag : tags(doc)) {
            s.addProperty(KnowledgeTerms.dcat("keyword"), tag);
        }
        for (String lang : languages(doc, kind)) {
            String iri = KnowledgeTerms.languageIri(lang);
            if (iri != null) {
                s.addProperty(KnowledgeTerms.dct("language"), m.createResource(iri));
            }
        }
        switch (kind) {
            case CHALLENGE -> challenge(m, s, doc);
            case RESPONSE -> response(m, s, doc);
            case CASE_STUDY -> caseStudy(m, s, doc);
            default -> { }
        }
    }

    private void challenge(Model m, Resource s, JsonNode doc) {
        concept(m, s, KnowledgeTerms.polity("challengeStatus"), ConceptSchemes.STATUSES, text(doc, "challengeStatus"));
        addDate(m, s, KnowledgeTerms.polity("deadline"), text(doc, "deadline"), null);
        for (JsonNode q : items(doc, "subQuestions")) {
            iri(q.path("id").asText(null)).ifPresent(id -> {
                Resource r = m.createResource(id);
                r.addProperty(RDF.type, KnowledgeTerms.type(KnowledgeTerms.POLITY, "ChallengeQuestion"));
                addText(m, r, KnowledgeTerms.dct("title"), q, "name", false);
                s.addProperty(KnowledgeTerms.polity("subQuestions"), r);
            });
        }
        for (JsonNode c : items(doc, "responseCategories")) {
            iri(c.path("id").asText(null)).ifPresent(id -> {
                Resource r = m.createResource(id);
                r.addProperty(RDF.type, KnowledgeTerms.type(KnowledgeTerms.POLITY, "ResponseCategory"));
                addText(m, r, KnowledgeTerms.dct("title"), c, "name", false);
                s.addProperty(KnowledgeTerms.polity("responseCategories"), r);
            });
        }
    }

    private void response(Model m, Resource s, JsonNode doc) {
        iri(first(doc, "inReplyTo")).ifPresent(c -> s.addProperty(KnowledgeTerms.polity("respondsTo"),
                m.createResource(c)));
        iri(first(doc, "answersQuestion")).ifPresent(q -> s.addProperty(KnowledgeTerms.polity("answersQuestion"),
                m.createResource(q)));
        iri(first(doc, "responseCategory")).ifPresent(c -> s.addProperty(KnowledgeTerms.polity("responseCategory"),
                m.createResource(c)));
    }

    private void caseStudy(Model m, Resource s, JsonNode doc) {
        concept(m, s, m.createProperty(KnowledgeTerms.ADMS, "status"), ConceptSchemes.STAGES,
                text(doc, "lifecycleStage"));
        for (JsonNode f : items(doc, "innovationFacets")) {
            concept(m, s, KnowledgeTerms.dct("subject"), ConceptSchemes.FACETS, f.asText(null));
        }
        String level = text(doc, "levelOfGovernment");
        if (level != null && CaseStudyTerms.LEVELS.contains(level)) {
            s.addProperty(KnowledgeTerms.polity("levelOfGovernment"), level);
        }
        JsonNode year = field(doc, "launchYear");
        if (year != null && (year.canConvertToInt() || year.isTextual() && year.asText().matches("\\d{4}"))) {
            int y = year.asInt();
            if (y >= 1800 && y <= 2200) {
                s.addLiteral(KnowledgeTerms.polity("launchYear"), m.createTypedLiteral(String.valueOf(y),
                        XSDDatatype.XSDgYear));
            }
        }
        for (String rel : List.of("adaptedFrom", "adoptedFrom")) {
            for (JsonNode v : items(doc, rel)) {
                iri(v.isObject() ? v.path("id").asText(null) : v.asText(null)).ifPresent(
                        a -> s.addProperty(KnowledgeTerms.polity(rel), m.createResource(a)));
            }
        }
    }

    // --- Values --------------------------------------------------------------------------------------------------

    private Resource organisation(Model m, String name, String country) {
        String iri = base + "/knowledge/organisations/" + (country == null ? "xx" : country.toLowerCase(Locale.ROOT))
                + "/" + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
        Resource o = m.createResource(iri);
        o.addProperty(RDF.type, KnowledgeTerms.type(KnowledgeTerms.FOAF, "Agent"));
        o.addProperty(RDF.type, KnowledgeTerms.type(KnowledgeTerms.ORG, "Organization"));
        o.addProperty(m.createProperty(KnowledgeTerms.FOAF, "name"), name);
        if (country != null) {
            String c = KnowledgeTerms.countryIri(country);
            if (c != null) {
                o.addProperty(KnowledgeTerms.dct("spatial"), m.createResource(c));
            }
        }
        return o;
    }

    private void concept(Model m, Resource s, Property p, ConceptSchemes.Scheme scheme, String key) {
        String iri = schemes.conceptIri(scheme, key);
        if (iri != null) {
            s.addProperty(p, m.createResource(iri));
        }
    }

    /** A plain or HTML text field, with its language map's entries as language-tagged literals. */
    private static boolean addText(Model m, Resource s, Property p, JsonNode doc, String name, boolean html) {
        boolean added = false;
        JsonNode map = field(doc, name + "Map");
        Set<String> seen = new LinkedHashSet<>();
        if (map != null && map.isObject()) {
            for (Map.Entry<String, JsonNode> e : (Iterable<Map.Entry<String, JsonNode>>) map::fields) {
                String v = clean(e.getValue().asText(""), html);
                if (!v.isEmpty() && e.getKey().matches("[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*")) {
                    s.addProperty(p, v, e.getKey());
                    seen.add(v);
                    added = true;
                }
            }
        }
        String plain = clean(text(doc, name), html);
        if (!plain.isEmpty() && !seen.contains(plain)) {
            s.addProperty(p, plain);
            added = true;
        }
        return added;
    }

    private static String clean(String value, boolean html) {
        if (value == null) {
            return "";
        }
        String v = html ? Jsoup.parse(value).text() : value;
        v = v.strip();
        return v.length() > DESCRIPTION_CHARS ? v.substring(0, DESCRIPTION_CHARS) + "…" : v;
    }

    private static void addDate(Model m, Resource s, Property p, String value, Instant fallback) {
        Instant at = null;
        if (value != null) {
            try {
                at = OffsetDateTime.parse(value).toInstant();
            } catch (java.time.format.DateTimeParseException e) {
                at = null;
            }
        }
        if (at == null) {
            at = fallback;
        }
        if (at != null) {
            s.addLiteral(p, m.createTypedLiteral(at.toString(), XSDDatatype.XSDdateTime));
        }
    }

    private static List<Integer> sdgs(JsonNode doc) {
        Set<Integer> goals = new LinkedHashSet<>();
        for (JsonNode v : items(doc, "sdgs")) {
            int n = CaseStudyTerms.sdg(v.isObject() ? v.path("id").asText(null) : v.asText(null));
            if (n > 0) {
                goals.add(n);
            }
        }
        return List.copyOf(goals);
    }

    private static List<String> tags(JsonNode doc) {
        Set<String> tags = new LinkedHashSet<>();
        for (JsonNode t : items(doc, "tag")) {
            String type = t.path("type").asText("");
            String name = t.path("name").asText("").strip();
            if ((type.isEmpty() || type.endsWith("Hashtag")) && !name.isEmpty()) {
                tags.add(name.startsWith("#") ? name.substring(1) : name);
            }
        }
        return List.copyOf(tags);
    }

    /** A challenge's invited languages, else the languages its document is written in (contentMap, nameMap). */
    private static List<String> languages(JsonNode doc, ObjectKind kind) {
        Set<String> langs = new LinkedHashSet<>();
        if (kind == ObjectKind.CHALLENGE) {
            for (JsonNode l : items(doc, "languages")) {
                langs.add(l.asText(""));
            }
        }
        if (langs.isEmpty()) {
            for (String map : List.of("contentMap", "nameMap")) {
                JsonNode n = field(doc, map);
                if (n != null && n.isObject()) {
                    n.fieldNames().forEachRemaining(langs::add);
                }
            }
        }
        return langs.stream().filter(l -> l.matches("[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*")).toList();
    }

    private static java.util.Optional<String> landingPage(JsonNode doc) {
        for (JsonNode u : items(doc, "url")) {
            String href = u.isObject() ? u.path("href").asText(null) : u.asText(null);
            if (href != null && (!u.isObject() || u.path("mediaType").asText("text/html").startsWith("text/html"))) {
                java.util.Optional<String> iri = iri(href);
                if (iri.isPresent()) {
                    return iri;
                }
            }
        }
        return java.util.Optional.empty();
    }

    /** The scheme and authority of an id: the instance it comes from. */
    static java.util.Optional<String> origin(String uri) {
        try {
            URI u = URI.create(uri);
            return u.getScheme() == null || u.getRawAuthority() == null ? java.util.Optional.empty()
                    : java.util.Optional.of(u.getScheme() + "://" + u.getRawAuthority() + "/");
        } catch (IllegalArgumentException e) {
            return java.util.Optional.empty();
        }
    }

    /** An absolute http(s) IRI without characters RDF forbids, or nothing. */
    static java.util.Optional<String> iri(String value) {
        if (value == null) {
            return java.util.Optional.empty();
        }
        String v = value.strip();
        if (!(v.startsWith("https://") || v.startsWith("http://")) || v.length() > 2_000
                || v.chars().anyMatch(c -> c <= 0x20 || "<>\"{}|\\^`".indexOf(c) >= 0)) {
            return java.util.Optional.empty();
        }
        try {
            URI.create(v);
            return java.util.Optional.of(v);
        } catch (IllegalArgumentException e) {
            return java.util.Optional.empty();
        }
    }

    // --- Reading the compacted document ------------------------------------------------------------------------

    /** A field by its short name, else {@code polity:name}. */
    static JsonNode field(JsonNode doc, String name) {
        JsonNode v = doc.get(name);
        if (v == null || v.isNull()) {
            v = doc.get("polity:" + name);
        }
        return v == null || v.isNull() ? null : v;
    }

    static String text(JsonNode doc, String name) {
        JsonNode v = field(doc, name);
        if (v == null) {
            return null;
        }
        if (v.isObject()) {
            JsonNode value = v.get("@value");
            return value == null ? null : value.asText();
        }
        return v.isValueNode() ? v.asText() : null;
    }

    /** A field as a list: an array's elements, a single value as one, nothing as none. */
    static List<JsonNode> items(JsonNode doc, String name) {
        JsonNode v = field(doc, name);
        List<JsonNode> out = new ArrayList<>();
        if (v == null) {
            return out;
        }
        if (v.isArray()) {
            v.forEach(out::add);
        } else {
            out.add(v);
        }
        return out;
    }

    /** The first id of a field that holds an IRI, an object with an id, or a list of them. */
    static String first(JsonNode doc, String name) {
        for (JsonNode v : items(doc, name)) {
            String id = v.isObject() ? v.path("id").asText(null) : v.asText(null);
            if (id != null) {
                return id;
            }
        }
        return null;
    }

    private static String upper(String s) {
        return s == null ? null : s.strip().toUpperCase(Locale.ROOT);
    }
}
