package org.polity.server.knowledge;

import org.apache.jena.graph.Node;
import org.apache.jena.graph.Triple;
import org.apache.jena.query.Query;
import org.apache.jena.sparql.algebra.Algebra;
import org.apache.jena.sparql.algebra.Op;
import org.apache.jena.sparql.algebra.OpVisitorBase;
import org.apache.jena.sparql.algebra.op.OpBGP;
import org.apache.jena.sparql.algebra.op.OpPath;
import org.apache.jena.sparql.algebra.op.OpService;
import org.apache.jena.sparql.algebra.op.OpTriple;
import org.apache.jena.sparql.algebra.walker.Walker;
import org.apache.jena.sparql.expr.E_Function;
import org.apache.jena.sparql.expr.ExprFunctionN;
import org.apache.jena.sparql.expr.ExprFunctionOp;
import org.apache.jena.sparql.expr.ExprVisitorBase;

/**
 * Finds what the endpoint refuses inside a query's algebra: {@code SERVICE} anywhere (its pattern, a sub-query,
 * {@code FILTER EXISTS} / {@code NOT EXISTS}), since a federated query makes the server fetch a URL the asker
 * chose (server-side request forgery); and {@code java:} IRIs as a function or predicate, which ARQ would load as
 * a class of that name (a filter or property function): nothing a query of this knowledge base needs.
 */
final class ServiceFinder {
    private ServiceFinder() {}

    /** What a query uses that the endpoint refuses. */
    record Found(boolean service, boolean javaIri) {}

    static Found find(Query query) {
        return find(Algebra.compile(query));
    }

    static boolean usesService(Query query) {
        return find(query).service();
    }

    static Found find(Op op) {
        boolean[] service = {false};
        boolean[] java = {false};
        OpVisitorBase ops = new OpVisitorBase() {
            @Override
            public void visit(OpService s) {
                service[0] = true;
            }

            @Override
            public void visit(OpBGP bgp) {
                bgp.getPattern().forEach(t -> java[0] |= javaIri(t));
            }

            @Override
            public void visit(OpTriple t) {
                java[0] |= javaIri(t.getTriple());
            }

            @Override
            public void visit(OpPath p) {
                java[0] |= p.getTriplePath().getPath() != null && p.getTriplePath().getPath().toString()
                        .contains("<java:");
            }
        };
        ExprVisitorBase exprs = new ExprVisitorBase() {
            @Override
            public void visit(ExprFunctionOp funcOp) {
                // EXISTS { … } carries a whole graph pattern inside an expression: walk it too.
                if (funcOp.getGraphPattern() != null) {
                    Found inner = find(funcOp.getGraphPattern());
                    service[0] |= inner.service();
                    java[0] |= inner.javaIri();
                }
            }

            @Override
            public void visit(ExprFunctionN func) {
                if (func instanceof E_Function f && f.getFunctionIRI() != null
                        && f.getFunctionIRI().startsWith("java:")) {
                    java[0] = true;
                }
            }
        };
        Walker.walk(op, ops, exprs);
        return new Found(service[0], java[0]);
    }

    private static boolean javaIri(Triple t) {
        return isJava(t.getPredicate()) || isJava(t.getSubject()) || isJava(t.getObject());
    }

    private static boolean isJava(Node n) {
        return n != null && n.isURI() && n.getURI().startsWith("java:");
    }
}
