package org.polity.server.challenges;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.polity.server.activitypub.Publisher;
import org.polity.server.model.ObjectKind;
import org.polity.server.model.StoredObject;
import org.polity.server.model.Visibility;
import org.polity.server.storage.Stores;

/**
 * Challenges and responses other servers send us (Create, Update, an issuer's Announce, or fetched by a member
 * who pasted a URL), recorded in the same transaction as the object ({@code RemoteObjects}): a challenge's
 * filterable fields and a new version on each Update; a response beside the challenge it answers, when we hold
 * that challenge.
 *
 * <p>Trust: {@code RemoteObjects} has checked that the object lives on its author's host and that the signer is
 * its author. A challenge's shortlist and features are its issuer's word, so only an Update of the challenge
 * itself sets them; a response names its question and category only among its challenge's own.
 */
public final class ChallengeIntake {
    private ChallengeIntake() {}

    /** A received object was stored: a challenge joins the directory, a response its challenge. */
    public static void received(Stores tx, StoredObject row, JsonNode object) {
        if (row.local() || (row.visibility() != Visibility.PUBLIC && row.visibility() != Visibility.UNLISTED)) {
            return; // ours are recorded by ChallengeService; the directory is public
        }
        if (row.kind() == ObjectKind.CHALLENGE) {
            if (tx.challenges().findByObjectUri(row.uri()).isEmpty()) {
                Challenge fields = ApToChallenge.from(object);
                tx.challenges().insert(new ChallengeStore.Entry(0, row.uri(), false, row.attributedToId(), fields, 1,
                        row.publishedAt(), row.publishedAt()), author(object));
            }
        } else if (row.kind() == ObjectKind.RESPONSE && row.inReplyToUri() != null) {
            Optional<ChallengeStore.Entry> challenge = tx.challenges().findByObjectUri(row.inReplyToUri());
            if (challenge.isEmpty()) {
                return; // a response to a challenge we never saw: kept as a post, listed nowhere
            }
            if (challenge.get().local() && challenge.get().status() != ChallengeStatus.OPEN) {
                throw new IllegalArgumentException("challenge " + row.inReplyToUri() + " is "
                        + challenge.get().status().key() + ", not open for responses");
            }
            Challenge c = challenge.get().fields();
            ResponseToAp.View view = ResponseToAp.view(object);
            String question = c.questions().stream().anyMatch(q -> q.id().equals(view.questionId()))
                    ? view.questionId() : null;
            String category = c.categories().stream().anyMatch(k -> k.id().equals(view.categoryId()))
                    ? view.categoryId() : null;
            tx.challenges().insertResponse(new ChallengeStore.Response(row.uri(), row.inReplyToUri(),
                    row.attributedToId(), view.country(), question, category, false, false, row.publishedAt()));
        }
    }

    /** A received challenge's Update: its new fields (the prior ones kept), and its issuer's shortlist and features. */
    public static void updated(Stores tx, StoredObject row, JsonNode object, Instant at) {
        if (row.local() || row.kind() != ObjectKind.CHALLENGE) {
            return;
        }
        Optional<ChallengeStore.Entry> existing = tx.challenges().findByObjectUri(row.uri());
        if (existing.isEmpty()) {
            received(tx, row, object);
            return;
        }
        Challenge fields = ApToChallenge.from(object);
        if (!tx.challenges().updateFields(existing.get().id(), existing.get().version(), fields, author(object), at)) {
            throw new IllegalStateException("challenge " + row.uri() + " changed while its Update was applied");
        }
        List<String> shortlisted = ApToChallenge.iris(object, "shortlisted");
        List<String> featured = ApToChallenge.iris(object, "featuredResponses");
        for (ChallengeStore.Response r : tx.challenges().findResponses(row.uri(), 0, 10_000)) {
            tx.challenges().setShortlisted(r.responseUri(), shortlisted.contains(r.responseUri()));
            tx.challenges().setFeatured(r.responseUri(), featured.contains(r.responseUri()));
        }
    }

    private static String author(JsonNode object) {
        List<String> attributedTo = Publisher.addresses(object, "attributedTo");
        return attributedTo.isEmpty() ? "" : attributedTo.get(0);
    }
}
