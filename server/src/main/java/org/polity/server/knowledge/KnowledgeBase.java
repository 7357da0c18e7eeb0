package org.polity.server.knowledge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.ModelFactory;
import org.apache.jena.rdf.model.Resource;
import org.apache.jena.sparql.graph.GraphReadOnly;
import org.apache.jena.vocabulary.RDF;
import org.polity.server.Polity;
import org.polity.server.model.ObjectKind;
import org.polity.server.model.StoredObject;
import org.polity.server.storage.ObjectStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The knowledge base (docs/vocabulary.md, "Knowledge base"): every public challenge, response and case study this
 * instance holds, its own and those received from other instances (on the hub, the whole network's), as one RDF
 * graph, with Polity's SKOS concept schemes. It lives in memory and is rebuilt on the first read after the stored
 * objects changed ({@link ObjectStore#fingerprintOfKinds}): a read costs one small aggregate query when nothing
 * changed. A built graph is read-only and never changes, so any number of threads read one at once, and a rebuild
 * swaps in a new one without disturbing queries still running on the old.
 */
public final class KnowledgeBase {
    private static final Logger log = LoggerFactory.getLogger(KnowledgeBase.class);
    /** The kinds of object the knowledge base holds. */
    public static final Set<ObjectKind> KINDS = EnumSet.of(ObjectKind.CHALLENGE, ObjectKind.RESPONSE,
            ObjectKind.CASE_STUDY);
    private static final int PAGE = 500;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One built graph and the fingerprint of the rows it was built from. */
    public record Snapshot(String fingerprint, Model model, int objects) {}

    private final Polity polity;
    private final Object building = new Object();
    private volatile Snapshot current;

    public KnowledgeBase(Polity polity) {
        this.polity = polity;
    }

    /** The catalogue's IRI: {@code <base>/knowledge}, the dataset every object is a resource of. */
    public String catalogIri() {
        return base() + "/knowledge";
    }

    /** The graph as of now: the one built before when nothing changed since, else a new one. */
    public Snapshot snapshot() {
        ObjectStore objects = polity.storage().stores().objects();
        String fingerprint = objects.fingerprintOfKinds(KINDS);
        Snapshot s = current;
        if (s != null && s.fingerprint().equals(fingerprint)) {
            return s;
        }
        // One thread builds; the others wait for its graph rather than building the same one beside it.
        synchronized (building) {
            s = current;
            if (s != null && s.fingerprint().equals(fingerprint)) {
                return s;
            }
            long t0 = System.nanoTime();
            s = build(objects, fingerprint);
            current = s;
            log.debug("knowledge base rebuilt: {} objects, {} triples in {} ms", s.objects(), s.model().size(),
                    (System.nanoTime() - t0) / 1_000_000);
            return s;
        }
    }

    /** The graph of the objects stored now (a write during the walk is caught by the next fingerprint). */
    private Snapshot build(ObjectStore objects, String fingerprint) {
        String base = base();
        ConceptSchemes schemes = new ConceptSchemes(base);
        ObjectToRdf toRdf = new ObjectToRdf(base, schemes);
        Model m = ModelFactory.createDefaultModel();
        m.setNsPrefixes(KnowledgeTerms.PREFIXES);
        catalog(m, base);
        schemes.addAll(m);
        int count = 0;
        long after = 0;
        while (true) {
            List<StoredObject> page = objects.findPublicObjectsOfKinds(KINDS, after, PAGE);
            for (StoredObject o : page) {
                after = o.id();
                if (add(m, toRdf, o)) {
                    count++;
                }
            }
            if (page.size() < PAGE) {
                break;
            }
        }
        // The wrapper refuses every add and delete, prefixes included (they are the ones set on m above).
        Model readOnly = ModelFactory.createModelForGraph(new GraphReadOnly(m.getGraph()));
        return new Snapshot(fingerprint, readOnly, count);
    }

    /** One object; a document that cannot be read is left out (and logged), never the whole graph. */
    private static boolean add(Model m, ObjectToRdf toRdf, StoredObject o) {
        try {
            JsonNode doc = JSON.readTree(o.payload());
            if (doc == null || !doc.isObject()) {
                return false;
            }
            // Its triples go to a model of their own first, so a failure halfway leaves nothing of it behind.
            Model one = ModelFactory.createDefaultModel();
            toRdf.add(one, o, doc);
            m.add(one);
            return true;
        } catch (Exception e) {
            log.warn("knowledge base: object {} left out: {}", o.uri(), e.toString());
            return false;
        }
    }

    /** The catalogue itself: a {@code dcat:Catalog} titled after the instance, published by it. */
    private void catalog(Model m, String base) {
        Resource c = m.createResource(base + "/knowledge");
        c.addProperty(RDF.type, KnowledgeTerms.type(KnowledgeTerms.DCAT, "Catalog"));
        c.addProperty(KnowledgeTerms.dct("title"), polity.config().instanceName() + " knowledge base", "en");
        c.addProperty(KnowledgeTerms.dct("publisher"), m.createResource(base + "/"));
        c.addProperty(KnowledgeTerms.dcat("landingPage"), m.createResource(base + "/sparql"));
        for (ConceptSchemes.Scheme s : ConceptSchemes.ALL) {
            c.addProperty(KnowledgeTerms.dcat("themeTaxonomy"),
                    m.createResource(base + "/knowledge/schemes/" + s.name()));
        }
        c.addProperty(KnowledgeTerms.dcat("themeTaxonomy"), m.createResource("http://metadata.un.org/sdg"));
        String country = KnowledgeTerms.countryIri(polity.config().country());
        if (country != null) {
            c.addProperty(KnowledgeTerms.dct("spatial"), m.createResource(country));
        }
    }

    private String base() {
        return polity.uris().base().toString();
    }
}
