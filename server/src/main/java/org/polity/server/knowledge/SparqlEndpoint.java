package org.polity.server.knowledge;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.jena.graph.Triple;
import org.apache.jena.query.ARQ;
import org.apache.jena.query.Query;
import org.apache.jena.query.QueryCancelledException;
import org.apache.jena.query.QueryException;
import org.apache.jena.query.QueryExecution;
import org.apache.jena.query.QueryFactory;
import org.apache.jena.query.QueryParseException;
import org.apache.jena.query.ResultSet;
import org.apache.jena.query.Syntax;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.ModelFactory;
import org.apache.jena.sparql.core.Var;
import org.apache.jena.sparql.engine.binding.Binding;
import org.apache.jena.update.UpdateFactory;
import org.polity.server.config.KnowledgeConfig;
import org.polity.server.service.Message;

/**
 * Runs one read-only SPARQL 1.1 query on the knowledge base, within limits (docs/api.md, "Knowledge base"): the
 * text at most {@link #MAX_QUERY_BYTES}; no update, no {@code SERVICE}, no {@code FROM}; at most
 * {@code sparql.timeout.ms} of work and {@code sparql.max.rows} rows (triples for CONSTRUCT and DESCRIBE); a few
 * queries at once. Every refusal is a {@link Refused} with the HTTP status and a sentence for a person.
 */
public final class SparqlEndpoint {
    /** The longest query text, in UTF-8 bytes: generous for a hand-written query, far short of an attack. */
    public static final int MAX_QUERY_BYTES = 10 * 1024;
    /** Queries running at once; one more waits up to {@link #WAIT_MILLIS}, then is told the endpoint is busy. */
    static final int CONCURRENT = Math.max(2, Runtime.getRuntime().availableProcessors());
    static final long WAIT_MILLIS = 2_000;

    /** The SPARQL 1.1 Update operations (SPARQL 1.1 Update, section 3), as the first word after the prologue. */
    private static final Pattern UPDATE = Pattern.compile("(?is)^\\s*(?:(?:PREFIX\\s+\\S*:\\s*<[^>]*>|BASE\\s+<[^>]*>"
            + "|#[^\\n]*)\\s*)*(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\\b");

    public enum Form { SELECT, ASK, CONSTRUCT, DESCRIBE;

        public boolean graph() {
            return this == CONSTRUCT || this == DESCRIBE;
        }
    }

    /**
     * One answer: SELECT's variables and rows, ASK's boolean, or CONSTRUCT's and DESCRIBE's graph; {@code truncated}
     * when the row (or triple) limit cut it.
     */
    public record Answer(Form form, List<Var> vars, List<Binding> rows, boolean ask, Model graph, boolean truncated,
            long millis) {}

    /** A query refused or stopped: the HTTP status, a short title and the sentence for a person. */
    public static final class Refused extends RuntimeException {
        private final int status;
        private final String title;
        private final transient Message message;

        Refused(int status, String title, Message message) {
            super(message.english());
            this.status = status;
            this.title = title;
            this.message = message;
        }

        public int status() {
            return status;
        }

        public String title() {
            return title;
        }

        public Message message() {
            return message;
        }
    }

    private final Supplier<Model> graph;
    private final KnowledgeConfig limits;
    private final Semaphore running = new Semaphore(CONCURRENT, true);

    /** {@code graph}: the graph to query as it is now (the knowledge base's latest snapshot). */
    public SparqlEndpoint(Supplier<Model> graph, KnowledgeConfig limits) {
        this.graph = graph;
        this.limits = limits;
    }

    public KnowledgeConfig limits() {
        return limits;
    }

    /** Parses and checks {@code text}; a query that would not run here is refused with the reason. */
    public Query parse(String text) {
        if (text == null || text.isBlank()) {
            throw new Refused(400, "No query", Message.of("knowledge.error.noQuery"));
        }
        if (text.getBytes(StandardCharsets.UTF_8).length > MAX_QUERY_BYTES) {
            throw new Refused(413, "Query too long", Message.of("knowledge.error.tooLong", MAX_QUERY_BYTES / 1024));
        }
        Query query;
        try {
            query = QueryFactory.create(text, Syntax.syntaxSPARQL_11);
        } catch (QueryParseException e) {
            if (isUpdate(text)) {
                throw updateRefused();
            }
            throw new Refused(400, "Query syntax error", Message.of("knowledge.error.syntax", e.getLine(),
                    e.getColumn(), firstLine(e.getMessage())));
        } catch (QueryException e) {
            throw new Refused(400, "Query syntax error", Message.of("knowledge.error.failed",
                    firstLine(e.getMessage())));
        }
        // SPARQL 1.1 Protocol 2.1.4: a service may refuse a dataset it does not offer. This one has a single
        // default graph; FROM / FROM NAMED would otherwise be IRIs ARQ could try to read from the network.
        if (query.hasDatasetDescription()) {
            throw new Refused(400, "Dataset not available", Message.of("knowledge.error.dataset"));
        }
        ServiceFinder.Found found = ServiceFinder.find(query);
        if (found.service()) {
            throw new Refused(400, "SERVICE not allowed", Message.of("knowledge.error.service"));
        }
        if (found.javaIri()) {
            throw new Refused(400, "Java functions not allowed", Message.of("knowledge.error.java"));
        }
        if (!(query.isSelectType() || query.isAskType() || query.isConstructType() || query.isDescribeType())) {
            throw new Refused(400, "Unsupported query form", Message.of("knowledge.error.form"));
        }
        return query;
    }

    /** The refusal of an update: this endpoint is read-only (SPARQL 1.1 Protocol 2.2 is not offered). */
    public static Refused updateRefused() {
        return new Refused(400, "Updates not allowed", Message.of("knowledge.error.update"));
    }

    /** True when {@code text} reads as a SPARQL Update request: it parses as one, or begins with an operation. */
    static boolean isUpdate(String text) {
        Matcher m = UPDATE.matcher(text);
        if (m.find()) {
            return true;
        }
        try {
            UpdateFactory.create(text, Syntax.syntaxSPARQL_11);
            return true;
        } catch (QueryException e) {
            return false;
        }
    }

    /** Parses, checks and runs {@code text} on the knowledge base as it is now. */
    public Answer run(String text) {
        Query query = parse(text);
        boolean acquired;
        try {
            acquired = running.tryAcquire(WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            acquired = false;
        }
        if (!acquired) {
            throw new Refused(503, "Busy", Message.of("knowledge.error.busy"));
        }
        try {
            return execute(query, graph.get());
        } finally {
            running.release();
        }
    }

    private Answer execute(Query query, Model model) {
        int max = limits.sparqlMaxRows();
        // One row more than the limit tells a cut answer from one that is exactly the limit long; a query's own
        // smaller LIMIT stays. With a LIMIT, ARQ keeps only the top rows of an ORDER BY, not every row it sorts.
        if (query.isSelectType() && (!query.hasLimit() || query.getLimit() > max)) {
            query.setLimit(max + 1L);
        }
        long t0 = System.nanoTime();
        try (QueryExecution qe = QueryExecution.create().query(query).model(model)
                .overallTimeout(limits.sparqlTimeoutMillis(), TimeUnit.MILLISECONDS)
                // Belt and braces: parse() refuses SERVICE already; this stops ARQ making any HTTP call at all.
                .set(ARQ.httpServiceAllowed, false)
                .build()) {
            if (query.isAskType()) {
                boolean yes = qe.execAsk();
                return new Answer(Form.ASK, List.of(), List.of(), yes, null, false, millis(t0));
            }
            if (query.isSelectType()) {
                ResultSet rs = qe.execSelect();
                List<Var> vars = rs.getResultVars().stream().map(Var::alloc).toList();
                List<Binding> rows = new ArrayList<>();
                while (rs.hasNext() && rows.size() <= max) {
                    rows.add(rs.nextBinding());
                }
                boolean truncated = rows.size() > max;
                List<Binding> kept = truncated ? List.copyOf(rows.subList(0, max)) : List.copyOf(rows);
                return new Answer(Form.SELECT, vars, kept, false, null, truncated, millis(t0));
            }
            Iterator<Triple> triples = query.isConstructType() ? qe.execConstructTriples() : qe.execDescribeTriples();
            Model graph = ModelFactory.createDefaultModel();
            graph.setNsPrefixes(KnowledgeTerms.PREFIXES);
            graph.setNsPrefixes(query.getPrefixMapping());
            boolean truncated = false;
            while (triples.hasNext()) {
                if (graph.size() >= max) {
                    truncated = true;
                    break;
                }
                graph.getGraph().add(triples.next());
            }
            return new Answer(query.isConstructType() ? Form.CONSTRUCT : Form.DESCRIBE, List.of(), List.of(), false,
                    graph, truncated, millis(t0));
        } catch (QueryCancelledException e) {
            // Fuseki's convention, and what SPARQL 1.1 Protocol 2.1.7 allows a service that will not finish a query.
            throw new Refused(503, "Query timed out", Message.of("knowledge.error.timeout",
                    limits.sparqlTimeoutMillis()));
        } catch (QueryException e) {
            throw new Refused(400, "Query failed", Message.of("knowledge.error.failed", firstLine(e.getMessage())));
        }
    }

    private static long millis(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    /** Jena's message without its long "Was expecting one of" list. */
    static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        String line = message.strip().lines().findFirst().orElse("").strip();
        return line.length() > 300 ? line.substring(0, 300) + "…" : line;
    }
}
