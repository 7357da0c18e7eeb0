package org.polity.server.casestudies;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import org.polity.server.activitypub.Publisher;
import org.polity.server.model.StoredObject;
import org.polity.server.storage.Stores;

/**
 * Case studies other servers send us (Create, Update, or fetched by a member who pasted a URL), recorded in the
 * same transaction as the object ({@code RemoteObjects}): the facets the library filters on, a new version on
 * each Update (the prior one is kept), and the links the document claims.
 *
 * <p>Trust: {@code RemoteObjects} has checked that the object lives on its author's host and that the signer is
 * its author. A link is only ever recorded as claimed by the document of its {@code from} side, so "B adapted
 * A" is B's server's word about B's own case study; nobody can make A's case study claim anything.
 */
public final class CaseStudyIntake {
    private CaseStudyIntake() {}

    public static void received(Stores tx, StoredObject row, JsonNode object) {
        if (row.local() || tx.caseStudies().findByObjectUri(row.uri()).isPresent()) {
            return; // ours are recorded by CaseStudyService, which wrote them
        }
        if (row.visibility() != org.polity.server.model.Visibility.PUBLIC
                && row.visibility() != org.polity.server.model.Visibility.UNLISTED) {
            return; // the library is public: a case study sent to a few stays with the post they can see
        }
        CaseStudy fields = ApToCaseStudy.from(object);
        Instant at = row.publishedAt();
        tx.caseStudies().insert(new CaseStudyStore.Entry(0, row.uri(), false, row.attributedToId(),
                CaseStudy.Status.PUBLISHED, fields, 1, at, at), author(object));
        recordLinks(tx, row.uri(), fields, "remote", at);
    }

    public static void updated(Stores tx, StoredObject row, JsonNode object, Instant at) {
        if (row.local()) {
            return;
        }
        var existing = tx.caseStudies().findByObjectUri(row.uri());
        if (existing.isEmpty()) {
            received(tx, row, object);
            return;
        }
        CaseStudy fields = ApToCaseStudy.from(object);
        if (!tx.caseStudies().updateFields(existing.get().id(), existing.get().version(), fields, author(object), at)) {
            throw new IllegalStateException("case study " + row.uri() + " changed while its Update was applied");
        }
        tx.caseStudies().deleteLinksFrom(row.uri());
        recordLinks(tx, row.uri(), fields, "remote", at);
    }

    /** The links {@code fromUri}'s own document claims. */
    static void recordLinks(Stores tx, String fromUri, CaseStudy fields, String source, Instant at) {
        for (CaseStudy.Link link : fields.origins()) {
            if (!link.uri().equals(fromUri)) {
                tx.caseStudies().insertLink(new CaseStudyStore.LinkRow(fromUri, link.uri(), link.relation(), source,
                        at));
            }
        }
    }

    private static String author(JsonNode object) {
        List<String> attributedTo = Publisher.addresses(object, "attributedTo");
        return attributedTo.isEmpty() ? "" : attributedTo.get(0);
    }
}
