package org.polity.server.knowledge;

import java.util.ArrayList;
import java.util.List;
import org.apache.jena.graph.Node;
import org.apache.jena.shared.PrefixMapping;
import org.apache.jena.sparql.core.Var;
import org.apache.jena.sparql.engine.binding.Binding;

/**
 * A SELECT answer as the SPARQL page shows it: a header of variable names and rows of cells, an IRI shortened with
 * the knowledge base's prefixes and linked when it is http(s), a literal with its language or datatype. At most
 * {@code shown} rows; {@code total} says how many the answer had.
 */
public record ResultTable(List<String> vars, List<List<Cell>> rows, int total) {
    /** One value: its text, the link it goes to (or null), its language tag and short datatype (or empty). */
    public record Cell(String text, String href, String lang, String datatype) {
        static final Cell EMPTY = new Cell("", null, "", "");
    }

    private static final PrefixMapping PREFIXES = PrefixMapping.Factory.create().setNsPrefixes(KnowledgeTerms.PREFIXES)
            .lock();

    public static ResultTable of(List<Var> vars, List<Binding> bindings, int shown) {
        List<List<Cell>> rows = new ArrayList<>();
        for (Binding b : bindings.subList(0, Math.min(shown, bindings.size()))) {
            List<Cell> row = new ArrayList<>(vars.size());
            for (Var v : vars) {
                row.add(cell(b.get(v)));
            }
            rows.add(row);
        }
        return new ResultTable(vars.stream().map(Var::getVarName).toList(), rows, bindings.size());
    }

    public boolean cut() {
        return rows.size() < total;
    }

    static Cell cell(Node n) {
        if (n == null) {
            return Cell.EMPTY;
        }
        if (n.isURI()) {
            String iri = n.getURI();
            String href = iri.startsWith("https://") || iri.startsWith("http://") ? iri : null;
            return new Cell(PREFIXES.shortForm(iri), href, "", "");
        }
        if (n.isLiteral()) {
            String lang = n.getLiteralLanguage() == null ? "" : n.getLiteralLanguage();
            String type = n.getLiteralDatatypeURI();
            boolean plain = type == null || !lang.isEmpty()
                    || type.equals("http://www.w3.org/2001/XMLSchema#string");
            return new Cell(n.getLiteralLexicalForm(), null, lang, plain ? "" : PREFIXES.shortForm(type));
        }
        if (n.isBlank()) {
            return new Cell("_:" + n.getBlankNodeLabel(), null, "", "");
        }
        return new Cell(n.toString(), null, "", "");
    }
}
