package org.polity.server.knowledge;

import java.util.List;
import java.util.Optional;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.ModelFactory;
import org.apache.jena.rdf.model.Resource;
import org.apache.jena.vocabulary.RDF;
import org.polity.server.casestudies.CaseStudyTerms;
import org.polity.server.web.Messages;

/**
 * The SKOS concept schemes Polity publishes itself, for the controlled values of its documents: sectors,
 * lifecycle stages, innovation facets and challenge statuses. Each scheme is {@code <base>/knowledge/schemes/
 * {name}}, each concept {@code <scheme>/{key}} (the wire key), labelled in every language of the UI from the
 * message catalogs. SDGs use the UN's own concepts ({@code http://metadata.un.org/sdg/{n}}), not a scheme here.
 */
public final class ConceptSchemes {
    /** One scheme: its path segment, its keys, and the message key prefix of the keys' labels. */
    public record Scheme(String name, List<String> keys, String labelPrefix) {
        public String titleKey() {
            return "knowledge.scheme." + name;
        }
    }

    public static final Scheme SECTORS = new Scheme("sectors", CaseStudyTerms.SECTORS, "casestudies.sector.");
    public static final Scheme STAGES = new Scheme("lifecycle-stages", CaseStudyTerms.STAGES, "casestudies.stage.");
    public static final Scheme FACETS = new Scheme("facets", CaseStudyTerms.FACETS, "casestudies.facet.");
    /** A draft never leaves its server, so the published statuses are these three. */
    public static final Scheme STATUSES = new Scheme("challenge-statuses", List.of("open", "reviewing", "closed"),
            "challenges.status.");
    public static final List<Scheme> ALL = List.of(SECTORS, STAGES, FACETS, STATUSES);

    private final String base;

    /** {@code base}: the instance's base URL, without a trailing slash. */
    public ConceptSchemes(String base) {
        this.base = base;
    }

    public static Optional<Scheme> byName(String name) {
        return ALL.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    public String schemeIri(Scheme scheme) {
        return base + "/knowledge/schemes/" + scheme.name();
    }

    /** The concept of {@code key} in {@code scheme}, or null when the key is not one of the scheme's. */
    public String conceptIri(Scheme scheme, String key) {
        return key != null && scheme.keys().contains(key) ? schemeIri(scheme) + "/" + key : null;
    }

    /** One scheme and its concepts. */
    public Model model(Scheme scheme) {
        Model m = ModelFactory.createDefaultModel();
        m.setNsPrefixes(KnowledgeTerms.PREFIXES);
        addTo(m, scheme);
        return m;
    }

    /** Every scheme and its concepts into {@code m}. */
    public void addAll(Model m) {
        for (Scheme s : ALL) {
            addTo(m, s);
        }
    }

    private void addTo(Model m, Scheme scheme) {
        Resource s = m.createResource(schemeIri(scheme));
        s.addProperty(RDF.type, KnowledgeTerms.type(KnowledgeTerms.SKOS, "ConceptScheme"));
        for (String lang : Messages.LANGUAGES) {
            s.addProperty(KnowledgeTerms.skos("prefLabel"), Messages.of(lang).t(scheme.titleKey()), lang);
        }
        for (String key : scheme.keys()) {
            Resource c = m.createResource(conceptIri(scheme, key));
            c.addProperty(RDF.type, KnowledgeTerms.type(KnowledgeTerms.SKOS, "Concept"));
            c.addProperty(KnowledgeTerms.skos("inScheme"), s);
            c.addProperty(KnowledgeTerms.skos("topConceptOf"), s);
            c.addProperty(KnowledgeTerms.skos("notation"), key);
            s.addProperty(KnowledgeTerms.skos("hasTopConcept"), c);
            for (String lang : Messages.LANGUAGES) {
                c.addProperty(KnowledgeTerms.skos("prefLabel"), Messages.of(lang).t(scheme.labelPrefix() + key), lang);
            }
        }
    }
}
