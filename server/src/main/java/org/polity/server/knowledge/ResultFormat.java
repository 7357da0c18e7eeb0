package org.polity.server.knowledge;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFFormat;
import org.apache.jena.riot.resultset.ResultSetLang;

/**
 * What a SPARQL answer is written as (SPARQL 1.1 Protocol 2.1.5, "Accepted Response Formats": chosen by content
 * negotiation). SELECT and ASK: the SPARQL 1.1 Query Results JSON, CSV, TSV and XML formats; CONSTRUCT and DESCRIBE:
 * Turtle, JSON-LD or N-Triples; {@code HTML} is the SPARQL page. A {@code format=} parameter names one for a browser,
 * which cannot set {@code Accept} from a link.
 */
public enum ResultFormat {
    JSON("json", "application/sparql-results+json", ResultSetLang.RS_JSON, null),
    CSV("csv", "text/csv; charset=utf-8", ResultSetLang.RS_CSV, null),
    TSV("tsv", "text/tab-separated-values; charset=utf-8", ResultSetLang.RS_TSV, null),
    XML("xml", "application/sparql-results+xml", ResultSetLang.RS_XML, null),
    TURTLE("ttl", "text/turtle; charset=utf-8", null, RDFFormat.TURTLE_PRETTY),
    JSONLD("jsonld", "application/ld+json", null, RDFFormat.JSONLD11_PRETTY),
    NTRIPLES("nt", "application/n-triples; charset=utf-8", null, RDFFormat.NTRIPLES),
    HTML("html", "text/html; charset=utf-8", null, null);

    private final String param;
    private final String contentType;
    private final Lang resultsLang;
    private final RDFFormat rdfFormat;

    ResultFormat(String param, String contentType, Lang resultsLang, RDFFormat rdfFormat) {
        this.param = param;
        this.contentType = contentType;
        this.resultsLang = resultsLang;
        this.rdfFormat = rdfFormat;
    }

    public String param() {
        return param;
    }

    public String contentType() {
        return contentType;
    }

    /** The media type without parameters. */
    public String mediaType() {
        int semi = contentType.indexOf(';');
        return semi < 0 ? contentType : contentType.substring(0, semi);
    }

    Lang resultsLang() {
        return resultsLang;
    }

    RDFFormat rdfFormat() {
        return rdfFormat;
    }

    /** True when this format can carry an answer of {@code form}. */
    public boolean fits(SparqlEndpoint.Form form) {
        return this == HTML || (form.graph() ? rdfFormat != null : resultsLang != null);
    }

    /** The format a {@code format=} value names (also its media type), if any. */
    public static Optional<ResultFormat> byParam(String value) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        for (ResultFormat f : values()) {
            if (f.param.equals(v) || f.mediaType().equals(v)) {
                return Optional.of(f);
            }
        }
        return switch (v) {
            case "turtle" -> Optional.of(TURTLE);
            case "json-ld" -> Optional.of(JSONLD);
            case "ntriples", "n-triples" -> Optional.of(NTRIPLES);
            default -> Optional.empty();
        };
    }

    /** Results JSON for SELECT and ASK, Turtle for CONSTRUCT and DESCRIBE. */
    public static ResultFormat defaultFor(SparqlEndpoint.Form form) {
        return form.graph() ? TURTLE : JSON;
    }

    /** True when {@code accept} prefers a web page over every answer format (a browser's navigation). */
    public static boolean prefersHtml(String accept) {
        return accept != null && ranked(accept).stream().findFirst()
                .map(r -> r.type().equals("text/html") || r.type().equals("application/xhtml+xml")).orElse(false);
    }

    /**
     * The format {@code accept} prefers for an answer of {@code form}: its media types by weight, the first this
     * endpoint writes; a wildcard, or none it writes, gets the default (a lenient choice over 406: SPARQL clients
     * often send types of their own beside the standard ones).
     */
    public static ResultFormat negotiate(String accept, SparqlEndpoint.Form form) {
        if (accept == null || accept.isBlank()) {
            return defaultFor(form);
        }
        for (Ranked r : ranked(accept)) {
            if (r.type().equals("*/*") || r.type().equals("application/*") || r.type().equals("text/*")) {
                return defaultFor(form);
            }
            if (r.type().equals("application/json")) {
                return form.graph() ? JSONLD : JSON;
            }
            for (ResultFormat f : values()) {
                if (f != HTML && f.mediaType().equals(r.type()) && f.fits(form)) {
                    return f;
                }
            }
        }
        return defaultFor(form);
    }

    private record Ranked(String type, double q, int order) {}

    /** The media ranges of an {@code Accept} header, most wanted first (RFC 9110 12.5.1); q=0 ones left out. */
    private static List<Ranked> ranked(String accept) {
        List<Ranked> out = new ArrayList<>();
        String[] parts = accept.split(",");
        for (int i = 0; i < parts.length && i < 50; i++) {
            String[] bits = parts[i].split(";");
            String type = bits[0].strip().toLowerCase(Locale.ROOT);
            double q = 1;
            for (int j = 1; j < bits.length; j++) {
                String p = bits[j].strip().toLowerCase(Locale.ROOT);
                if (p.startsWith("q=")) {
                    try {
                        q = Double.parseDouble(p.substring(2));
                    } catch (NumberFormatException e) {
                        q = 0;
                    }
                }
            }
            if (!type.isEmpty() && q > 0) {
                out.add(new Ranked(type, q, i));
            }
        }
        out.sort(Comparator.comparingDouble(Ranked::q).reversed().thenComparingInt(Ranked::order));
        return out;
    }
}
