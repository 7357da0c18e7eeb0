package org.polity.server.knowledge;

import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.polity.server.web.Messages;
import org.polity.server.web.Web;

/**
 * The SPARQL page ({@code knowledge/sparql.jte}): a query form, the example queries as links that run them, the
 * answer as a table (a graph as Turtle), links to the same answer as JSON and CSV, and to the dumps. A refused
 * query shows the page again with the reason beside the form, under the refusal's status.
 */
public final class SparqlPage {
    /** Rows the page shows; the JSON and CSV links carry the whole answer. */
    static final int SHOWN_ROWS = 500;

    private final Web web;
    private final SparqlEndpoint endpoint;

    SparqlPage(Web web, SparqlEndpoint endpoint) {
        this.web = web;
        this.endpoint = endpoint;
    }

    /** The page, with {@code answer} to {@code text} when there is one. */
    void show(Context ctx, String text, SparqlEndpoint.Answer answer) {
        Map<String, Object> params = params(ctx, text);
        if (answer != null) {
            params.put("form", answer.form().name());
            params.put("truncated", answer.truncated());
            params.put("millis", answer.millis());
            switch (answer.form()) {
                case SELECT -> params.put("table", ResultTable.of(answer.vars(), answer.rows(), SHOWN_ROWS));
                case ASK -> params.put("ask", answer.ask());
                case CONSTRUCT, DESCRIBE -> params.put("graph", new String(KnowledgeRoutes.write(answer.graph(),
                        ResultFormat.TURTLE.rdfFormat()), StandardCharsets.UTF_8));
            }
            String q = "?query=" + URLEncoder.encode(text, StandardCharsets.UTF_8);
            params.put("links", answer.form().graph()
                    ? List.of(link(ResultFormat.TURTLE, q), link(ResultFormat.JSONLD, q))
                    : List.of(link(ResultFormat.JSON, q), link(ResultFormat.CSV, q)));
        }
        render(ctx, 200, params);
    }

    void refused(Context ctx, String text, SparqlEndpoint.Refused e) {
        Map<String, Object> params = params(ctx, text);
        params.put("error", web.messages(ctx).t(e.message()));
        render(ctx, e.status(), params);
    }

    /** A link to the answer in another format: its label's format name and its href. */
    public record Link(String name, String href) {}

    private static Link link(ResultFormat f, String query) {
        return new Link(f.param(), KnowledgeRoutes.SPARQL + query + "&format=" + f.param());
    }

    private Map<String, Object> params(Context ctx, String text) {
        Map<String, Object> params = new HashMap<>();
        params.put("query", text == null ? SparqlExamples.RESPONSES_BY_COUNTRY.query() : text);
        params.put("examples", SparqlExamples.ALL);
        params.put("timeoutMillis", endpoint.limits().sparqlTimeoutMillis());
        params.put("maxRows", endpoint.limits().sparqlMaxRows());
        params.put("maxKiB", SparqlEndpoint.MAX_QUERY_BYTES / 1024);
        params.put("shownRows", SHOWN_ROWS);
        params.put("prefixes", KnowledgeTerms.sparqlPrefixes());
        return params;
    }

    private void render(Context ctx, int status, Map<String, Object> params) {
        Messages m = web.messages(ctx);
        ctx.header("Cache-Control", "private, no-cache");
        Map<String, Object> all = new HashMap<>();
        for (String k : List.of("form", "truncated", "millis", "table", "ask", "graph", "links", "error")) {
            all.put(k, null);
        }
        all.put("truncated", false);
        all.put("millis", 0L);
        all.put("links", List.of());
        all.putAll(params);
        web.render(ctx, status, "knowledge/sparql.jte", web.page(ctx, m.t("knowledge.sparql.title")), all);
    }
}
