package org.polity.server.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.polity.server.casestudies.CaseStudy;
import org.polity.server.casestudies.CaseStudyStore;
import org.polity.server.challenges.ChallengeStatus;
import org.polity.server.challenges.ChallengeStore;
import org.polity.server.figures.FigureStore;
import org.polity.server.figures.FigureStore.Answering;
import org.polity.server.figures.FigureStore.CountryCount;
import org.polity.server.figures.FigureStore.MonthCount;
import org.polity.server.model.Actor;
import org.polity.server.model.ObjectKind;
import org.polity.server.model.StoredObject;
import org.polity.server.model.Visibility;

/**
 * The figures' aggregate queries on every engine: only live public objects count, an object without a country row
 * counts under the empty country, months are UTC months, and the per-country feeds' query picks by the stated
 * country.
 */
abstract class FiguresContract extends HubStoreContract {
    private Actor author;

    private StoredObject object(String id, ObjectKind kind, Visibility visibility, Instant published,
            String inReplyTo) {
        return stores.objects().insert(new StoredObject(0, "https://polity.example.gov/objects/" + id, "Article",
                author.id(), true, "Object " + id, "<p>x</p>", inReplyTo, null, null, visibility, published, null, null,
                "{}", kind));
    }

    private StoredObject challenge(String id, String country, Visibility visibility, Instant published) {
        StoredObject o = object(id, ObjectKind.CHALLENGE, visibility, published, null);
        stores.challenges().insert(new ChallengeStore.Entry(0, o.uri(), true, author.id(), challenge("Challenge " + id,
                country, "energy", List.of(7), null, ChallengeStatus.OPEN), 1, published, published), author.uri());
        return o;
    }

    private StoredObject response(String id, String country, StoredObject challenge, Instant published) {
        StoredObject o = object(id, ObjectKind.RESPONSE, Visibility.PUBLIC, published, challenge.uri());
        stores.challenges().insertResponse(new ChallengeStore.Response(o.uri(), challenge.uri(), author.id(), country,
                null, null, false, false, published));
        return o;
    }

    private StoredObject caseStudy(String id, String country) {
        StoredObject o = object(id, ObjectKind.CASE_STUDY, Visibility.PUBLIC, T0, null);
        stores.caseStudies().insert(new CaseStudyStore.Entry(0, o.uri(), true, author.id(), CaseStudy.Status.PUBLISHED,
                caseStudy("Case " + id, country, "finance", List.of("adaptive"), List.of(16)), 1, T0, T0), author.uri());
        return o;
    }

    @Test
    void figuresCountLivePublicObjectsByCountryMonthAndWhoAnswersWhom() {
        author = stores.actors().insert(person("figures"));
        FigureStore figures = stores.figures();
        assertThat(figures.countsByCountry()).isEmpty();
        assertThat(figures.countsByMonth(T0.minusSeconds(86_400 * 800))).isEmpty();
        assertThat(figures.answering()).isEmpty();

        Instant lateFebruary = Instant.parse("2026-02-28T23:30:00Z"); // March already east of Greenwich
        Instant old = Instant.parse("2023-05-01T12:00:00Z");
        StoredObject energy = challenge("energy", "MX", Visibility.PUBLIC, T0);
        challenge("water", "MX", Visibility.PUBLIC, lateFebruary);
        challenge("old", "MX", Visibility.PUBLIC, old);
        StoredObject mining = challenge("mining", "AU", Visibility.PUBLIC, T0.plusSeconds(1));
        StoredObject gone = challenge("gone", "MX", Visibility.PUBLIC, T0);
        stores.objects().markDeleted(gone.uri(), T0.plusSeconds(5));
        challenge("unlisted", "MX", Visibility.UNLISTED, T0);
        object("c2s", ObjectKind.CHALLENGE, Visibility.PUBLIC, T0, null); // no challenge row: no country
        stores.challenges().insert(new ChallengeStore.Entry(0, null, true, author.id(), challenge("Draft", "FR",
                "energy", List.of(7), null, ChallengeStatus.DRAFT), 1, T0, T0), author.uri()); // a draft: no object

        StoredObject first = response("au-1", "AU", energy, T0.plusSeconds(10));
        StoredObject second = response("au-2", "AU", energy, T0.plusSeconds(20));
        response("fr-1", "FR", mining, T0.plusSeconds(30));
        StoredObject withdrawn = response("mx-1", "MX", mining, T0.plusSeconds(40));
        stores.objects().markDeleted(withdrawn.uri(), T0.plusSeconds(50));
        object("stray", ObjectKind.RESPONSE, Visibility.PUBLIC, T0.plusSeconds(60), "https://elsewhere.example/c/1");

        StoredObject estonia = caseStudy("ee-1", "EE");
        caseStudy("mx-cs", "MX");
        stores.objects().markDeleted(caseStudy("ee-gone", "EE").uri(), T0.plusSeconds(5));

        assertThat(figures.countsByCountry()).containsExactly(
                new CountryCount("", 1, 1, 0),
                new CountryCount("AU", 1, 2, 0),
                new CountryCount("EE", 0, 0, 1),
                new CountryCount("FR", 0, 1, 0),
                new CountryCount("MX", 3, 0, 1));

        assertThat(figures.countsByMonth(Instant.parse("2024-04-01T00:00:00Z"))).as("UTC months, old ones left out")
                .containsExactly(new MonthCount(2026, 2, 1, 0), new MonthCount(2026, 3, 3, 4));

        assertThat(figures.answering()).as("responder → issuer; the stray response names no issuer")
                .containsExactly(new Answering("AU", "MX", 2), new Answering("FR", "AU", 1));

        assertThat(figures.findPublicByCountry(ObjectKind.CHALLENGE, "MX", 10)).extracting(StoredObject::name)
                .containsExactly("Object energy", "Object water", "Object old");
        assertThat(figures.findPublicByCountry(ObjectKind.CHALLENGE, "MX", 1)).hasSize(1);
        assertThat(figures.findPublicByCountry(ObjectKind.RESPONSE, "AU", 10)).extracting(StoredObject::uri)
                .containsExactly(second.uri(), first.uri());
        assertThat(figures.findPublicByCountry(ObjectKind.RESPONSE, "MX", 10)).as("withdrawn").isEmpty();
        assertThat(figures.findPublicByCountry(ObjectKind.CASE_STUDY, "EE", 10)).extracting(StoredObject::uri)
                .containsExactly(estonia.uri());
        assertThat(figures.findPublicByCountry(ObjectKind.CHALLENGE, "NZ", 10)).isEmpty();
    }
}
