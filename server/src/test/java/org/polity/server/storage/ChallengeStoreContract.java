package org.polity.server.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.polity.server.challenges.Challenge;
import org.polity.server.challenges.ChallengeStatus;
import org.polity.server.challenges.ChallengeStore;
import org.polity.server.model.Actor;
import org.polity.server.model.ObjectKind;
import org.polity.server.model.StoredObject;
import org.polity.server.model.Visibility;

/** The challenge store (fields, versions, the directory's filters, responses, issuers, followers) on every engine. */
abstract class ChallengeStoreContract extends CaseStudyStoreContract {
    static Challenge challenge(String title, String country, String sector, List<Integer> sdgs, Instant deadline,
            ChallengeStatus status) {
        return new Challenge(title, "Summary", "Open data **and** 100% citizens_first", country, "Secretaría de Energía",
                List.of(new Challenge.Question("", "How to increase access to a knowledge base on natural resources?")),
                List.of(new Challenge.Category("", "Civic participation")), sector, List.of("energy"), sdgs, deadline,
                List.of("es", "en"), "energia@example.gob.mx", status, "", false);
    }

    private StoredObject object(Actor author, String id, ObjectKind kind) {
        return stores.objects().insert(new StoredObject(0, "https://polity.example.gov/objects/" + id, "Article",
                author.id(), true, "Object " + id, "<p>x</p>", null, null, null, Visibility.PUBLIC, T0, null, null,
                "{}", kind));
    }

    @Test
    void challengesKeepVersionsAndAreFilteredInTheDirectory() {
        Actor ana = stores.actors().insert(person("ana"));
        Instant deadline = T0.plusSeconds(86_400 * 30);
        Challenge draft = challenge("Transparency in the energy sector", "MX", "energy", List.of(7, 16), deadline,
                ChallengeStatus.DRAFT);
        ChallengeStore.Entry e = stores.challenges().insert(new ChallengeStore.Entry(0, null, true, ana.id(), draft, 1,
                T0, T0), ana.uri());
        assertThat(e.fields()).isEqualTo(draft);
        assertThat(e.status()).isEqualTo(ChallengeStatus.DRAFT);
        assertThat(stores.challenges().countDirectory(ChallengeStore.Filter.none())).as("a draft is not listed").isZero();

        StoredObject o = object(ana, "energy", ObjectKind.CHALLENGE);
        Challenge open = draft.withIds(o.uri()).withStatus(ChallengeStatus.OPEN, "");
        Instant t1 = T0.plusSeconds(60);
        assertThat(stores.challenges().updateFields(e.id(), 1, open, ana.uri(), t1)).isTrue();
        assertThat(stores.challenges().updateFields(e.id(), 1, draft, ana.uri(), t1)).as("stale version").isFalse();
        stores.challenges().setObjectUri(e.id(), o.uri(), t1);
        ChallengeStore.Entry opened = stores.challenges().findByObjectUri(o.uri()).orElseThrow();
        assertThat(opened.fields()).isEqualTo(open);
        assertThat(opened.fields().questions().get(0).id()).isEqualTo(o.uri() + "/questions/1");
        assertThat(opened.fields().deadline()).isEqualTo(deadline);
        assertThat(stores.challenges().findVersions(e.id())).extracting(ChallengeStore.Version::version)
                .containsExactly(2, 1);
        assertThat(stores.challenges().findByAuthor(ana.id(), 10)).hasSize(1);

        Actor kim = stores.actors().insert(person("kim"));
        StoredObject other = object(kim, "water", ObjectKind.CHALLENGE);
        ChallengeStore.Entry water = stores.challenges().insert(new ChallengeStore.Entry(0, other.uri(), false, kim.id(),
                challenge("Water for all", "AU", "environment", List.of(6), null, ChallengeStatus.REVIEWING), 1, T0, T0),
                kim.uri());
        ChallengeStore.Filter none = ChallengeStore.Filter.none();
        assertThat(stores.challenges().findDirectory(none, null, 10)).extracting(r -> r.entry().id())
                .containsExactly(water.id(), e.id());
        assertThat(stores.challenges().findDirectory(none, other.id(), 10)).extracting(r -> r.entry().id())
                .containsExactly(e.id());
        assertThat(stores.challenges().findDirectory(none, null, 10).get(0).object().uri()).isEqualTo(other.uri());
        StoredObject bare = object(kim, "c2s", ObjectKind.CHALLENGE); // a challenge object with no row
        assertThat(stores.challenges().findDirectory(none, null, 10)).extracting(r -> r.object().uri())
                .containsExactly(bare.uri(), other.uri(), o.uri());
        assertThat(stores.challenges().findDirectory(none, null, 10).get(0).entry()).isNull();
        assertThat(stores.challenges().countDirectory(none)).isEqualTo(3);
        assertThat(count("MX", null, 0, null, null, null)).as("a row-less object matches no filter").isEqualTo(1);
        stores.objects().markDeleted(bare.uri(), t1);
        assertThat(stores.challenges().countDirectory(none)).isEqualTo(2);
        assertThat(count("MX", null, 0, null, null, null)).isEqualTo(1);
        assertThat(count(null, "energy", 16, ChallengeStatus.OPEN, null, null)).isEqualTo(1);
        assertThat(count(null, null, 1, null, null, null)).as("SDG 1 is not SDG 16").isZero();
        assertThat(count(null, null, 0, ChallengeStatus.CLOSED, null, null)).isZero();
        assertThat(count(null, null, 0, null, deadline.minusSeconds(1), null)).as("no deadline counts as open-ended")
                .isEqualTo(2);
        assertThat(count(null, null, 0, null, deadline, null)).isEqualTo(1);
        assertThat(count(null, null, 0, null, null, "ENERGY SECTOR")).isEqualTo(1);
        assertThat(count(null, null, 0, null, null, "100%")).as("% matches itself").isEqualTo(2);
        assertThat(count(null, null, 0, null, null, "9%")).isZero();
        assertThat(count(null, null, 0, null, null, "s1first")).as("_ is no wildcard").isZero();
        assertThat(count(null, null, 0, null, null, "s_first")).isEqualTo(2);

        stores.objects().markDeleted(other.uri(), t1);
        assertThat(stores.challenges().countDirectory(none)).as("a deleted challenge leaves").isEqualTo(1);
    }

    private long count(String country, String sector, int sdg, ChallengeStatus status, Instant after, String text) {
        return stores.challenges().countDirectory(new ChallengeStore.Filter(country, sector, sdg, status, after, text));
    }

    @Test
    void responsesIssuersAndFollowers() {
        Actor ana = stores.actors().insert(person("ana"));
        Actor sam = stores.actors().insert(person("sam"));
        String challengeUri = "https://polity.example.gov/objects/energy";
        StoredObject r1 = object(sam, "r1", ObjectKind.RESPONSE);
        StoredObject r2 = object(sam, "r2", ObjectKind.RESPONSE);
        ChallengeStore.Response first = new ChallengeStore.Response(r1.uri(), challengeUri, sam.id(), "AU",
                challengeUri + "/questions/1", null, false, false, T0);
        assertThat(stores.challenges().insertResponse(first)).isTrue();
        assertThat(stores.challenges().insertResponse(first)).as("once").isFalse();
        stores.challenges().insertResponse(new ChallengeStore.Response(r2.uri(), challengeUri, sam.id(), "AU", null,
                challengeUri + "/categories/1", false, false, T0.plusSeconds(1)));
        assertThat(stores.challenges().findResponses(challengeUri, 0, 10)).extracting(ChallengeStore.Response::responseUri)
                .containsExactly(r1.uri(), r2.uri());
        assertThat(stores.challenges().findResponses(challengeUri, 1, 10)).hasSize(1);
        stores.challenges().setShortlisted(r1.uri(), true);
        stores.challenges().setFeatured(r1.uri(), true);
        assertThat(stores.challenges().findResponse(r1.uri()).orElseThrow())
                .extracting(ChallengeStore.Response::shortlisted, ChallengeStore.Response::featured)
                .containsExactly(true, true);
        stores.objects().markDeleted(r2.uri(), T0.plusSeconds(5));
        assertThat(stores.challenges().countResponses(challengeUri)).isEqualTo(1);

        var account = account("ana_issuer", org.polity.server.model.Account.Status.ACTIVE);
        assertThat(stores.challenges().isIssuer(account.id())).isFalse();
        stores.challenges().addIssuer(account.id(), account.id(), T0);
        stores.challenges().addIssuer(account.id(), account.id(), T0);
        assertThat(stores.challenges().isIssuer(account.id())).isTrue();
        assertThat(stores.challenges().findIssuers()).containsExactly(account.id());
        stores.challenges().removeIssuer(account.id());
        assertThat(stores.challenges().findIssuers()).isEmpty();

        stores.challenges().putFollower(new ChallengeStore.Follower(challengeUri, sam.id(), "https://b/follow/1",
                ChallengeStore.Follower.PENDING, T0));
        assertThat(stores.challenges().findFollowers(challengeUri, ChallengeStore.Follower.ACCEPTED)).isEmpty();
        stores.challenges().putFollower(new ChallengeStore.Follower(challengeUri, sam.id(), "https://b/follow/1",
                ChallengeStore.Follower.ACCEPTED, T0));
        assertThat(stores.challenges().findFollowerByActivity("https://b/follow/1").orElseThrow().followerId())
                .isEqualTo(sam.id());
        assertThat(stores.challenges().findFollowers(challengeUri, ChallengeStore.Follower.ACCEPTED)).hasSize(1);
        stores.challenges().removeFollower(challengeUri, sam.id());
        assertThat(stores.challenges().findFollower(challengeUri, sam.id())).isEmpty();
    }
}
