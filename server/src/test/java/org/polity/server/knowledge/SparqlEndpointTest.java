package org.polity.server.knowledge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.ModelFactory;
import org.apache.jena.rdf.model.Resource;
import org.junit.jupiter.api.Test;
import org.polity.server.config.KnowledgeConfig;

/** The endpoint's checks and limits on a graph of its own: updates, SERVICE, FROM, syntax, size, time, rows. */
class SparqlEndpointTest {
    static final String EX = "http://example.org/";

    /** {@code n} subjects, each with two triples. */
    static Model graph(int n) {
        Model m = ModelFactory.createDefaultModel();
        for (int i = 0; i < n; i++) {
            Resource r = m.createResource(EX + "s" + i);
            r.addProperty(m.createProperty(EX, "p"), "value " + i);
            r.addProperty(m.createProperty(EX, "q"), m.createResource(EX + "o" + (i % 3)));
        }
        return m;
    }

    static SparqlEndpoint endpoint(Model m, long timeoutMillis, int maxRows) {
        return new SparqlEndpoint(() -> m, new KnowledgeConfig(timeoutMillis, maxRows));
    }

    static SparqlEndpoint.Refused refused(SparqlEndpoint e, String query) {
        SparqlEndpoint.Refused r = catchThrowableOfType(() -> e.run(query), SparqlEndpoint.Refused.class);
        assertThat(r).as(query).isNotNull();
        return r;
    }

    @Test
    void updatesAreRefusedWhateverTheirFormAndChangeNothing() {
        Model m = graph(5);
        long before = m.size();
        SparqlEndpoint e = endpoint(m, 5_000, 100);
        for (String update : new String[] {
                "INSERT DATA { <http://example.org/x> <http://example.org/p> 1 }",
                "PREFIX ex: <http://example.org/>\nDELETE WHERE { ?s ex:p ?o }",
                "# a comment first\nDROP ALL",
                "LOAD <http://169.254.169.254/latest/meta-data/>",
                "CLEAR DEFAULT",
                "WITH <http://example.org/g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
                "insert data { oops, not even valid"}) {
            SparqlEndpoint.Refused r = refused(e, update);
            assertThat(r.status()).as(update).isEqualTo(400);
            assertThat(r.getMessage()).as(update).contains("read-only").contains("nothing was changed");
        }
        assertThat(m.size()).isEqualTo(before);
    }

    @Test
    void serviceIsRefusedWhereverItHides() {
        SparqlEndpoint e = endpoint(graph(2), 5_000, 100);
        for (String q : new String[] {
                "SELECT * WHERE { SERVICE <http://127.0.0.1:8080/sparql> { ?s ?p ?o } }",
                "SELECT * WHERE { ?s ?p ?o { SELECT ?s WHERE { SERVICE SILENT <http://10.0.0.1/q> { ?s ?p ?o } } } }",
                "SELECT * WHERE { ?s ?p ?o FILTER EXISTS { SERVICE <http://localhost/q> { ?s ?p ?o } } }",
                "ASK { ?s ?p ?o FILTER NOT EXISTS { SERVICE <http://localhost/q> { ?s ?p ?o } } }"}) {
            SparqlEndpoint.Refused r = refused(e, q);
            assertThat(r.status()).as(q).isEqualTo(400);
            assertThat(r.getMessage()).as(q).contains("SERVICE");
        }
    }

    @Test
    void javaFunctionIrisAreRefused() {
        SparqlEndpoint e = endpoint(graph(2), 5_000, 100);
        for (String q : new String[] {
                "SELECT (<java:org.apache.jena.sparql.function.library.print>(1) AS ?x) WHERE {}",
                "PREFIX j: <java:org.apache.jena.sparql.pfunction.library.>\nSELECT * WHERE { ?x j:splitIRI (?a ?b) }"}) {
            SparqlEndpoint.Refused r = refused(e, q);
            assertThat(r.status()).as(q).isEqualTo(400);
            assertThat(r.getMessage()).as(q).contains("java:");
        }
        assertThat(refused(e, "SELECT * WHERE { ?s ?p ?o FILTER EXISTS { ?s ?p ?o FILTER(<java:Foo>(?o)) } }")
                .status()).isEqualTo(400);
        assertThat(e.run("SELECT (\"<java:x>\" AS ?s) WHERE {}").rows()).as("a string that says java: is fine")
                .hasSize(1);
    }

    @Test
    void aDatasetOfTheQuerysOwnIsRefused() {
        SparqlEndpoint.Refused r = refused(endpoint(graph(2), 5_000, 100),
                "SELECT * FROM <http://169.254.169.254/> WHERE { ?s ?p ?o }");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.getMessage()).contains("FROM");
    }

    @Test
    void aSyntaxErrorSaysWhereItIs() {
        SparqlEndpoint.Refused r = refused(endpoint(graph(2), 5_000, 100), "SELECT ?s\nWHERE { ?s ?p }");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.getMessage()).startsWith("The query is not valid SPARQL 1.1 (line 2, column")
                .doesNotContain("Was expecting");
        assertThat(refused(endpoint(graph(2), 5_000, 100), "  ").status()).isEqualTo(400);
    }

    @Test
    void aQueryOverTheSizeCapIsTooLarge() {
        String big = "SELECT * WHERE { ?s ?p ?o } #" + "x".repeat(SparqlEndpoint.MAX_QUERY_BYTES);
        SparqlEndpoint.Refused r = refused(endpoint(graph(2), 5_000, 100), big);
        assertThat(r.status()).isEqualTo(413);
        assertThat(r.getMessage()).contains("10 KiB");
    }

    @Test
    void aRunawayQueryIsStoppedAtTheTimeout() {
        SparqlEndpoint e = endpoint(graph(200), 200, 100);
        long t0 = System.nanoTime();
        SparqlEndpoint.Refused r = refused(e, "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i ."
                + " ?j ?k ?l . ?m ?n2 ?o }");
        long millis = (System.nanoTime() - t0) / 1_000_000;
        assertThat(r.status()).isEqualTo(503);
        assertThat(r.getMessage()).isEqualTo("The query ran longer than 200 ms and was stopped. Narrow it (fewer"
                + " patterns joined together, a LIMIT) and try again.");
        assertThat(millis).as("stopped promptly").isLessThan(5_000);
    }

    @Test
    void rowsAreCutAtTheLimitAndSaySo() {
        SparqlEndpoint e = endpoint(graph(30), 5_000, 10);
        SparqlEndpoint.Answer all = e.run("SELECT * WHERE { ?s ?p ?o }");
        assertThat(all.rows()).hasSize(10);
        assertThat(all.truncated()).isTrue();
        SparqlEndpoint.Answer own = e.run("SELECT * WHERE { ?s ?p ?o } LIMIT 5");
        assertThat(own.rows()).hasSize(5);
        assertThat(own.truncated()).isFalse();
        SparqlEndpoint.Answer exact = e.run("SELECT ?s WHERE { ?s <http://example.org/p> ?o } LIMIT 10");
        assertThat(exact.rows()).hasSize(10);
        assertThat(exact.truncated()).isFalse();
        SparqlEndpoint.Answer bigLimit = e.run("SELECT * WHERE { ?s ?p ?o } LIMIT 1000");
        assertThat(bigLimit.rows()).hasSize(10);
        assertThat(bigLimit.truncated()).isTrue();
        SparqlEndpoint.Answer small = endpoint(graph(3), 5_000, 10).run("SELECT * WHERE { ?s ?p ?o }");
        assertThat(small.rows()).hasSize(6);
        assertThat(small.truncated()).isFalse();
        SparqlEndpoint.Answer graph = e.run("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }");
        assertThat(graph.form()).isEqualTo(SparqlEndpoint.Form.CONSTRUCT);
        assertThat(graph.graph().size()).isEqualTo(10);
        assertThat(graph.truncated()).isTrue();
    }

    @Test
    void askAndDescribeAnswer() {
        SparqlEndpoint e = endpoint(graph(3), 5_000, 100);
        assertThat(e.run("ASK { <http://example.org/s1> ?p ?o }").ask()).isTrue();
        assertThat(e.run("ASK { <http://example.org/nobody> ?p ?o }").ask()).isFalse();
        SparqlEndpoint.Answer d = e.run("DESCRIBE <http://example.org/s1>");
        assertThat(d.form()).isEqualTo(SparqlEndpoint.Form.DESCRIBE);
        assertThat(d.graph().size()).isEqualTo(2);
        assertThat(d.truncated()).isFalse();
    }

    @Test
    void theExampleQueriesParse() {
        SparqlEndpoint e = endpoint(graph(1), 5_000, 100);
        for (SparqlExamples.Example x : SparqlExamples.ALL) {
            assertThat(e.parse(x.query()).isSelectType()).as(x.id()).isTrue();
        }
    }
}
