package org.polity.server.knowledge;

import org.apache.jena.query.Query;
import org.apache.jena.sparql.algebra.Algebra;
import org.apache.jena.sparql.algebra.Op;
import org.apache.jena.sparql.algebra.OpVisitorBase;
import org.apache.jena.sparql.algebra.op.OpService;
import org.apache.jena.sparql.algebra.walker.Walker;
import org.apache.jena.sparql.expr.ExprFunctionOp;
import org.apache.jena.sparql.expr.ExprVisitorBase;

/**
 * Finds {@code SERVICE} anywhere in a query: in its pattern, in a sub-query, or inside {@code FILTER EXISTS} /
 * {@code NOT EXISTS}. A federated query makes the server fetch a URL the asker chose (server-side request forgery),
 * so the endpoint refuses it with a clear message instead of relying only on ARQ's switch.
 */
final class ServiceFinder {
    private ServiceFinder() {}

    static boolean usesService(Query query) {
        return usesService(Algebra.compile(query));
    }

    static boolean usesService(Op op) {
        boolean[] found = {false};
        OpVisitorBase ops = new OpVisitorBase() {
            @Override
            public void visit(OpService service) {
                found[0] = true;
            }
        };
        ExprVisitorBase exprs = new ExprVisitorBase() {
            @Override
            public void visit(ExprFunctionOp funcOp) {
                // EXISTS { … } carries a whole graph pattern inside an expression: walk it too.
                if (!found[0] && funcOp.getGraphPattern() != null && usesService(funcOp.getGraphPattern())) {
                    found[0] = true;
                }
            }
        };
        Walker.walk(op, ops, exprs);
        return found[0];
    }
}
