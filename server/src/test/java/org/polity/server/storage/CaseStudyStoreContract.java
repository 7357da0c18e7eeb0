package org.polity.server.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.polity.server.casestudies.CaseStudy;
import org.polity.server.casestudies.CaseStudyStore;
import org.polity.server.model.Account;
import org.polity.server.model.Actor;
import org.polity.server.model.ObjectKind;
import org.polity.server.model.StoredObject;
import org.polity.server.model.Visibility;

/** The case study store (facets, versions, transitions, links, editors, the library) on every engine. */
abstract class CaseStudyStoreContract extends GroupStoreContract {
    static CaseStudy caseStudy(String title, String country, String sector, List<String> facets, List<Integer> sdgs) {
        return new CaseStudy(title, "Summary", country, "Ministry", "national", sector, 2021, "Problem", "Innovation",
                "implementing", facets, "Results", "", sdgs, List.of("data"), List.of("https://example.org/r.pdf"), "",
                List.of(), List.of(), false, "en", List.of(new org.polity.server.casestudies.CaseStudyTranslation("fr",
                        title + " (fr)", "Résumé", "Problème", "Innovation", "", "")));
    }

    private StoredObject object(Actor author, String id, Instant published) {
        return stores.objects().insert(new StoredObject(0, "https://polity.example.gov/objects/" + id, "Article",
                author.id(), true, "Case " + id, "<p>x</p>", null, null, null, Visibility.PUBLIC, published, null, null,
                "{\"type\":[\"Article\",\"CaseStudy\"]}", ObjectKind.CASE_STUDY));
    }

    @Test
    void caseStudiesKeepVersionsTransitionsAndFacets() {
        Actor alice = stores.actors().insert(person("alice"));
        CaseStudy v1 = caseStudy("Open budgets", "EE", "finance", List.of("adaptive", "anticipatory"), List.of(16, 3));
        CaseStudyStore.Entry draft = stores.caseStudies().insert(new CaseStudyStore.Entry(0, null, true, alice.id(),
                CaseStudy.Status.DRAFT, v1, 1, T0, T0), alice.uri());
        assertThat(draft.id()).isPositive();
        assertThat(draft.fields()).isEqualTo(v1);
        assertThat(draft.version()).isEqualTo(1);
        assertThat(draft.createdAt()).isEqualTo(T0);

        CaseStudy v2 = caseStudy("Open budgets, line by line", "EE", "finance", List.of("adaptive"), List.of(16));
        Instant t1 = T0.plusSeconds(60);
        assertThat(stores.caseStudies().updateFields(draft.id(), 1, v2, alice.uri(), t1)).isTrue();
        assertThat(stores.caseStudies().updateFields(draft.id(), 1, v1, alice.uri(), t1)).as("stale version").isFalse();
        assertThat(stores.caseStudies().findById(draft.id()).orElseThrow().fields()).isEqualTo(v2);
        assertThat(stores.caseStudies().findVersions(draft.id())).extracting(CaseStudyStore.Version::version)
                .containsExactly(2, 1);
        assertThat(stores.caseStudies().findVersion(draft.id(), 1).orElseThrow().fields()).isEqualTo(v1);
        assertThat(stores.caseStudies().findVersion(draft.id(), 2).orElseThrow().createdAt()).isEqualTo(t1);
        assertThat(stores.caseStudies().findVersion(draft.id(), 3)).isEmpty();

        stores.caseStudies().insertTransition(draft.id(), new CaseStudyStore.Transition(CaseStudy.Status.DRAFT,
                CaseStudy.Status.REVIEW, alice.id(), "", t1));
        stores.caseStudies().setStatus(draft.id(), CaseStudy.Status.REVIEW, null, t1);
        assertThat(stores.caseStudies().findByStatus(CaseStudy.Status.REVIEW, 10)).extracting(CaseStudyStore.Entry::id)
                .containsExactly(draft.id());
        assertThat(stores.caseStudies().findTransitions(draft.id())).extracting(CaseStudyStore.Transition::to)
                .containsExactly(CaseStudy.Status.REVIEW);
        assertThat(stores.caseStudies().findByAuthor(alice.id(), 10)).hasSize(1);

        // Published: its object joins the library, and the filters read its facets.
        StoredObject o = object(alice, "budgets", T0);
        stores.caseStudies().setStatus(draft.id(), CaseStudy.Status.PUBLISHED, o.uri(), t1);
        assertThat(stores.caseStudies().findByObjectUri(o.uri()).orElseThrow().id()).isEqualTo(draft.id());
        StoredObject bare = object(alice, "c2s", T0.plusSeconds(1)); // a case study object with no row
        CaseStudyStore.Filter none = CaseStudyStore.Filter.none();
        assertThat(stores.caseStudies().findLibrary(none, null, 10)).extracting(CaseStudyStore.LibraryRow::objectUri)
                .containsExactly(bare.uri(), o.uri());
        assertThat(stores.caseStudies().findLibrary(none, bare.id(), 10)).extracting(CaseStudyStore.LibraryRow::objectUri)
                .containsExactly(o.uri());
        assertThat(stores.caseStudies().countLibrary(none)).isEqualTo(2);
        assertThat(stores.caseStudies().findLibrary(none, null, 10).get(1).entry().fields()).isEqualTo(v2);
        assertThat(stores.caseStudies().findLibrary(none, null, 10).get(0).entry()).isNull();
        assertThat(stores.caseStudies().countLibrary(new CaseStudyStore.Filter("EE", "finance", "implementing",
                "adaptive", 16, "national"))).isEqualTo(1);
        assertThat(stores.caseStudies().countLibrary(new CaseStudyStore.Filter(null, null, null, "anticipatory", 0,
                null))).as("a facet of the first version only").isZero();
        assertThat(stores.caseStudies().countLibrary(new CaseStudyStore.Filter(null, null, null, null, 1, null)))
                .as("SDG 1 is not SDG 16").isZero();
        assertThat(stores.caseStudies().countLibrary(new CaseStudyStore.Filter("FR", null, null, null, 0, null)))
                .isZero();
    }

    @Test
    void linksAreRecordedOnceAndReplacedByTheirClaimant() {
        String a = "https://a.example.gov/objects/1";
        String b = "https://b.example.gov/objects/2";
        stores.caseStudies().insertLink(new CaseStudyStore.LinkRow(b, a, "adapted", "remote", T0));
        stores.caseStudies().insertLink(new CaseStudyStore.LinkRow(b, a, "adapted", "remote", T0));
        assertThat(stores.caseStudies().findLinksTo(a)).extracting(CaseStudyStore.LinkRow::fromUri)
                .containsExactly(b);
        assertThat(stores.caseStudies().findLinksFrom(b)).extracting(CaseStudyStore.LinkRow::relation)
                .containsExactly("adapted");
        stores.caseStudies().deleteLinksFrom(b);
        assertThat(stores.caseStudies().findLinksTo(a)).isEmpty();
    }

    @Test
    void editorsAreAppointedAndRemoved() {
        Account admin = account("ada", Account.Status.ACTIVE);
        Account member = account("edgar", Account.Status.ACTIVE);
        assertThat(stores.caseStudies().isEditor(member.id())).isFalse();
        stores.caseStudies().addEditor(member.id(), admin.id(), T0);
        stores.caseStudies().addEditor(member.id(), admin.id(), T0);
        assertThat(stores.caseStudies().isEditor(member.id())).isTrue();
        assertThat(stores.caseStudies().findEditors()).containsExactly(member.id());
        stores.caseStudies().removeEditor(member.id());
        assertThat(stores.caseStudies().findEditors()).isEmpty();
    }
}
