package org.polity.server.knowledge;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.jena.riot.RDFDataMgr;
import org.apache.jena.riot.RDFFormat;
import org.apache.jena.sparql.exec.RowSetStream;
import org.apache.jena.sparql.resultset.ResultsWriter;
import org.polity.server.service.Message;
import org.polity.server.web.Problems;
import org.polity.server.web.RouteGroup;
import org.polity.server.web.Web;

/**
 * The knowledge base on the web (docs/api.md, "Knowledge base"): the dumps {@code GET /knowledge.ttl} and
 * {@code /knowledge.jsonld} ({@code GET /knowledge} negotiates between them), the concept schemes at
 * {@code /knowledge/schemes/{name}}, and the read-only SPARQL 1.1 endpoint {@code GET|POST /sparql} with its page
 * for people ({@link SparqlPage}). Nothing here writes anything; the endpoint is exempt from the CSRF check for
 * that reason (PolityServer.csrfCheck).
 */
public final class KnowledgeRoutes implements RouteGroup {
    public static final String SPARQL = "/sparql";
    /** Says whether the row limit cut the answer ({@code true} or {@code false}), on every SPARQL answer. */
    public static final String TRUNCATED_HEADER = "Polity-Results-Truncated";

    private final Web web;
    private final KnowledgeBase knowledge;
    private final SparqlEndpoint endpoint;
    private final SparqlPage page;
    /** The last dump written of each format, with the fingerprint of the graph it was written from. */
    private final Map<ResultFormat, Dump> dumps = new ConcurrentHashMap<>();

    private record Dump(String fingerprint, byte[] bytes) {}

    public KnowledgeRoutes(Web web, KnowledgeBase knowledge) {
        this.web = web;
        this.knowledge = knowledge;
        this.endpoint = new SparqlEndpoint(() -> knowledge.snapshot().model(),
                web.polity().config().knowledge());
        this.page = new SparqlPage(web, endpoint);
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/knowledge.ttl", ctx -> dump(ctx, ResultFormat.TURTLE));
        routes.get("/knowledge.jsonld", ctx -> dump(ctx, ResultFormat.JSONLD));
        routes.get("/knowledge", this::negotiatedDump);
        routes.get("/knowledge/schemes/{name}", this::scheme);
        routes.get("/knowledge/schemes/{name}/{key}", this::concept);
        routes.get(SPARQL, this::get);
        routes.post(SPARQL, this::post);
        routes.options(SPARQL, KnowledgeRoutes::preflight);
    }

    /**
     * CORS preflight: a web application elsewhere may POST a query as {@code application/sparql-query} (which is
     * not a "simple" request). The data is public and the endpoint reads no credentials, so any origin may.
     */
    private static void preflight(Context ctx) {
        ctx.header("Access-Control-Allow-Origin", "*");
        ctx.header("Access-Control-Allow-Methods", "GET, POST");
        ctx.header("Access-Control-Allow-Headers", "Content-Type, Accept");
        ctx.header("Access-Control-Max-Age", "86400");
        ctx.header("Allow", "GET, POST, OPTIONS");
        ctx.status(204);
    }

    // --- Dumps ---------------------------------------------------------------------------------------------------

    private void negotiatedDump(Context ctx) {
        Web.vary(ctx, "Accept");
        String accept = Objects.requireNonNullElse(ctx.header("Accept"), "");
        if (ResultFormat.prefersHtml(accept)) {
            ctx.redirect(SPARQL, io.javalin.http.HttpStatus.SEE_OTHER);
            return;
        }
        dump(ctx, ResultFormat.negotiate(accept, SparqlEndpoint.Form.CONSTRUCT));
    }

    /** The whole graph; written once per change of the stored objects, with an ETag for conditional requests. */
    private void dump(Context ctx, ResultFormat format) {
        KnowledgeBase.Snapshot s = knowledge.snapshot();
        Dump d = dumps.get(format);
        if (d == null || !d.fingerprint().equals(s.fingerprint())) {
            d = new Dump(s.fingerprint(), write(s.model(), format.rdfFormat()));
            dumps.put(format, d);
        }
        String etag = "\"" + format.param() + "-" + digest(s.fingerprint()) + "\"";
        ctx.header("ETag", etag);
        ctx.header("Cache-Control", "public, no-cache");
        ctx.header("Access-Control-Allow-Origin", "*");
        if (etag.equals(ctx.header("If-None-Match"))) {
            ctx.status(304);
            return;
        }
        ctx.contentType(format.contentType()).result(d.bytes());
    }

    private void scheme(Context ctx) {
        ConceptSchemes.Scheme scheme = ConceptSchemes.byName(ctx.pathParam("name"))
                .orElseThrow(() -> new io.javalin.http.NotFoundResponse());
        ConceptSchemes schemes = new ConceptSchemes(web.polity().uris().base().toString());
        ctx.header("Access-Control-Allow-Origin", "*");
        Web.vary(ctx, "Accept");
        ResultFormat f = ResultFormat.negotiate(ctx.header("Accept"), SparqlEndpoint.Form.CONSTRUCT);
        ctx.contentType(f.contentType()).result(write(schemes.model(scheme), f.rdfFormat()));
    }

    /** A concept's IRI is a slash IRI inside its scheme's document: 303 See Other to it (Cool URIs for the Web). */
    private void concept(Context ctx) {
        ConceptSchemes.Scheme scheme = ConceptSchemes.byName(ctx.pathParam("name"))
                .filter(s -> s.keys().contains(ctx.pathParam("key")))
                .orElseThrow(() -> new io.javalin.http.NotFoundResponse());
        ctx.redirect("/knowledge/schemes/" + scheme.name(), io.javalin.http.HttpStatus.SEE_OTHER);
    }

    static byte[] write(org.apache.jena.rdf.model.Model model, RDFFormat format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RDFDataMgr.write(out, model, format);
        return out.toByteArray();
    }

    private static String digest(String s) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h, 0, 12);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // --- SPARQL 1.1 Protocol ---------------------------------------------------------------------------------------

    /** SPARQL 1.1 Protocol 2.1.1, query via GET: {@code ?query=}, exactly once. */
    private void get(Context ctx) {
        Web.vary(ctx, "Accept");
        boolean html = wantsPage(ctx);
        try {
            if (!ctx.queryParams("update").isEmpty()) {
                throw SparqlEndpoint.updateRefused();
            }
            List<String> queries = ctx.queryParams("query");
            if (queries.isEmpty() && html) {
                page.show(ctx, null, null);
                return;
            }
            answer(ctx, single(queries), html);
        } catch (SparqlEndpoint.Refused e) {
            refuse(ctx, e, html, ctx.queryParam("query"));
        }
    }

    /**
     * SPARQL 1.1 Protocol 2.1.2 (URL-encoded POST, {@code query=} in the body) and 2.1.3 (POST directly, the query
     * as an {@code application/sparql-query} body). An update, by either of the Protocol's update forms (2.2.1
     * {@code update=}, 2.2.2 {@code application/sparql-update}), is refused: this endpoint offers no update operation.
     */
    private void post(Context ctx) {
        Web.vary(ctx, "Accept");
        boolean html = wantsPage(ctx);
        String type = mediaType(ctx.contentType());
        String text = null;
        try {
            switch (type) {
                case "application/sparql-update" -> throw SparqlEndpoint.updateRefused();
                case "application/sparql-query" -> text = ctx.body();
                case "application/x-www-form-urlencoded" -> {
                    if (!ctx.formParams("update").isEmpty()) {
                        throw SparqlEndpoint.updateRefused();
                    }
                    List<String> queries = ctx.formParams("query");
                    text = queries.isEmpty() ? null : queries.get(0);
                    if (queries.isEmpty() && html) {
                        page.show(ctx, null, null);
                        return;
                    }
                    text = single(queries);
                }
                default -> throw new SparqlEndpoint.Refused(415, "Unsupported media type",
                        Message.of("knowledge.error.contentType"));
            }
            answer(ctx, text, html);
        } catch (SparqlEndpoint.Refused e) {
            refuse(ctx, e, html, text);
        }
    }

    private void answer(Context ctx, String text, boolean html) {
        // SPARQL 1.1 Protocol 2.1.4: the dataset may be named by default-graph-uri / named-graph-uri; this service
        // has one graph and refuses to pretend otherwise.
        if (!param(ctx, "default-graph-uri").isEmpty() || !param(ctx, "named-graph-uri").isEmpty()) {
            throw new SparqlEndpoint.Refused(400, "Dataset not available", Message.of("knowledge.error.dataset"));
        }
        String formatParam = ctx.queryParam("format");
        ResultFormat explicit = null;
        if (formatParam != null && !formatParam.isBlank()) {
            explicit = ResultFormat.byParam(formatParam).orElseThrow(() -> new SparqlEndpoint.Refused(400,
                    "Unknown format", Message.of("knowledge.error.format", formatParam)));
        }
        if (html) {
            page.show(ctx, text, endpoint.run(text));
            return;
        }
        SparqlEndpoint.Answer a = endpoint.run(text);
        ResultFormat f = explicit != null ? explicit : ResultFormat.negotiate(ctx.header("Accept"), a.form());
        if (!f.fits(a.form()) || f == ResultFormat.HTML) {
            throw new SparqlEndpoint.Refused(406, "Not acceptable", Message.of("knowledge.error.formatForForm",
                    f.param(), a.form().name()));
        }
        write(ctx, a, f);
    }

    static void write(Context ctx, SparqlEndpoint.Answer a, ResultFormat f) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        switch (a.form()) {
            case ASK -> ResultsWriter.create().lang(f.resultsLang()).build().write(out, a.ask());
            case SELECT -> ResultsWriter.create().lang(f.resultsLang()).build()
                    .write(out, RowSetStream.create(a.vars(), a.rows().iterator()));
            case CONSTRUCT, DESCRIBE -> RDFDataMgr.write(out, a.graph(), f.rdfFormat());
        }
        ctx.header(TRUNCATED_HEADER, String.valueOf(a.truncated()));
        ctx.header("Cache-Control", "no-cache");
        // Public data, read without cookies: any web application may query it (a simple CORS request).
        ctx.header("Access-Control-Allow-Origin", "*");
        ctx.header("Access-Control-Expose-Headers", TRUNCATED_HEADER);
        ctx.status(200).contentType(f.contentType()).result(out.toByteArray());
    }

    private void refuse(Context ctx, SparqlEndpoint.Refused e, boolean html, String text) {
        if (e.status() == 503) {
            ctx.header("Retry-After", "5");
        }
        if (html) {
            page.refused(ctx, text, e);
        } else {
            ctx.header("Access-Control-Allow-Origin", "*");
            Problems.write(ctx, e.status(), e.title(), e.getMessage());
        }
    }

    /** The page, not an answer: {@code format=html}, or a browser's Accept with no {@code format}. */
    private static boolean wantsPage(Context ctx) {
        String format = ctx.queryParam("format");
        if (format != null && !format.isBlank()) {
            return ResultFormat.byParam(format).filter(f -> f == ResultFormat.HTML).isPresent();
        }
        return ResultFormat.prefersHtml(ctx.header("Accept"));
    }

    /** The one {@code query} value (SPARQL 1.1 Protocol 2.1.1: exactly one). */
    private static String single(List<String> queries) {
        if (queries.isEmpty()) {
            throw new SparqlEndpoint.Refused(400, "No query", Message.of("knowledge.error.noQuery"));
        }
        if (queries.size() > 1) {
            throw new SparqlEndpoint.Refused(400, "Several queries", Message.of("knowledge.error.several"));
        }
        return queries.get(0);
    }

    /** A protocol parameter from the query string, or (for a form POST) the body. */
    private static List<String> param(Context ctx, String name) {
        List<String> fromUrl = ctx.queryParams(name);
        if (!fromUrl.isEmpty() || !"application/x-www-form-urlencoded".equals(mediaType(ctx.contentType()))) {
            return fromUrl;
        }
        return ctx.formParams(name);
    }

    static String mediaType(String contentType) {
        if (contentType == null) {
            return "";
        }
        int semi = contentType.indexOf(';');
        return (semi < 0 ? contentType : contentType.substring(0, semi)).strip().toLowerCase(Locale.ROOT);
    }
}
