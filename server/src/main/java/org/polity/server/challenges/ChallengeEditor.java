package org.polity.server.challenges;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.polity.server.Polity;
import org.polity.server.casestudies.CaseStudyTerms;
import org.polity.server.casestudies.Countries;
import org.polity.server.model.Account;
import org.polity.server.service.Forbidden;
import org.polity.server.service.InvalidInput;
import org.polity.server.translations.Languages;
import org.polity.server.web.FormState;
import org.polity.server.web.Messages;
import org.polity.server.web.Web;

/**
 * The issuer's form ({@code /challenges/new}, {@code /challenges/{id}/edit}; docs/api.md, "Country challenges"):
 * the fields as typed, to the domain record and back. Questions and categories are ten slots each,
 * {@code question-i} with its id in {@code question-i-id}, so an edited question keeps its address. Problems are
 * shown beside their fields in the reader's language; nothing is stored then.
 */
public final class ChallengeEditor {
    static final int QUESTION_SLOTS = ChallengeChecks.MAX_QUESTIONS;
    static final int CATEGORY_SLOTS = ChallengeChecks.MAX_CATEGORIES;

    private final Web web;
    private final Polity polity;
    private final ChallengeService service;

    ChallengeEditor(Web web, ChallengeService service) {
        this.web = web;
        this.polity = web.polity();
        this.service = service;
    }

    void newForm(Context ctx) {
        Account account = web.requireViewer(ctx);
        if (!service.isIssuer(account)) {
            throw new Forbidden(ChallengeChecks.NOT_ISSUER);
        }
        Map<String, String> start = new LinkedHashMap<>();
        start.put("languages", Languages.normalise(account.locale()).orElse(web.messages(ctx).lang()));
        renderForm(ctx, 200, null, FormState.of(start));
    }

    void editForm(Context ctx, ChallengeStore.Entry entry) {
        Account account = web.requireViewer(ctx);
        if (!service.mayEdit(Optional.of(account), entry)) {
            throw new Forbidden(ChallengeChecks.NOT_AUTHOR);
        }
        renderForm(ctx, 200, entry, formOf(entry));
    }

    void submit(Context ctx, ChallengeStore.Entry entry) {
        Account account = web.requireViewer(ctx);
        if (!service.isIssuer(account)) {
            throw new Forbidden(ChallengeChecks.NOT_ISSUER);
        }
        Messages m = web.messages(ctx);
        FormState form = typed(ctx);
        Map<String, String> formErrors = new LinkedHashMap<>();
        Challenge c = toChallenge(form, formErrors, m);
        try {
            service.validate(c);
        } catch (InvalidInput e) {
            Map<String, String> errors = new LinkedHashMap<>(m.errors(e));
            errors.putAll(formErrors);
            renderForm(ctx, 422, entry, form.withErrors(errors));
            return;
        }
        if (!formErrors.isEmpty()) {
            renderForm(ctx, 422, entry, form.withErrors(formErrors));
            return;
        }
        try {
            long id;
            if (entry == null) {
                id = service.createDraft(account, c).id();
            } else {
                int expected = ChallengeService.parseId(form.value("version")).orElse(0L).intValue();
                id = service.edit(account, entry.id(), expected, c).id();
            }
            ctx.redirect(ChallengeRoutes.DIRECTORY + "/" + id + "?saved=1", HttpStatus.SEE_OTHER);
        } catch (InvalidInput e) {
            renderForm(ctx, 422, entry, form.withErrors(m.errors(e)));
        }
    }

    private void renderForm(Context ctx, int status, ChallengeStore.Entry entry, FormState form) {
        Messages m = web.messages(ctx);
        String title = entry == null ? m.t("challenges.new.title") : m.t("challenges.edit.title", entry.fields().title());
        Map<String, Object> params = new HashMap<>();
        params.put("form", form);
        params.put("heading", title);
        params.put("action", entry == null ? ChallengeRoutes.DIRECTORY + "/new"
                : ChallengeRoutes.DIRECTORY + "/" + entry.id() + "/edit");
        params.put("countryName", Countries.name(polity.config().country(), m.locale()));
        params.put("questionSlots", QUESTION_SLOTS);
        params.put("categorySlots", CATEGORY_SLOTS);
        params.put("published", entry != null && entry.objectUri() != null);
        ctx.header("Cache-Control", "private, no-store");
        web.render(ctx, status, "challenges/form.jte", web.page(ctx, form.hasErrors()
                ? m.t("pages.error.title", title) : title), params);
    }

    static final List<String> TEXT_FIELDS = List.of("title", "summary", "description", "organisation", "sector",
            "tags", "deadline", "languages", "contact", "version");

    private static FormState typed(Context ctx) {
        Map<String, String> v = new LinkedHashMap<>();
        for (String f : TEXT_FIELDS) {
            v.put(f, Objects.requireNonNullElse(ctx.formParam(f), "").strip());
        }
        v.put("sdgs", String.join(",", ctx.formParams("sdgs")));
        for (int i = 0; i < QUESTION_SLOTS; i++) {
            v.put("question-" + i, Objects.requireNonNullElse(ctx.formParam("question-" + i), "").strip());
            v.put("question-" + i + "-id", Objects.requireNonNullElse(ctx.formParam("question-" + i + "-id"), ""));
        }
        for (int i = 0; i < CATEGORY_SLOTS; i++) {
            v.put("category-" + i, Objects.requireNonNullElse(ctx.formParam("category-" + i), "").strip());
            v.put("category-" + i + "-id", Objects.requireNonNullElse(ctx.formParam("category-" + i + "-id"), ""));
        }
        return FormState.of(v);
    }

    private Challenge toChallenge(FormState f, Map<String, String> errors, Messages m) {
        List<Challenge.Question> questions = new ArrayList<>();
        for (int i = 0; i < QUESTION_SLOTS; i++) {
            if (!f.value("question-" + i).isEmpty()) {
                questions.add(new Challenge.Question(f.value("question-" + i + "-id"), f.value("question-" + i)));
            }
        }
        List<Challenge.Category> categories = new ArrayList<>();
        for (int i = 0; i < CATEGORY_SLOTS; i++) {
            if (!f.value("category-" + i).isEmpty()) {
                categories.add(new Challenge.Category(f.value("category-" + i + "-id"), f.value("category-" + i)));
            }
        }
        List<Integer> sdgs = new ArrayList<>();
        for (String s : split(f.value("sdgs"), ",")) {
            int n = CaseStudyTerms.sdg(s);
            sdgs.add(n == 0 ? -1 : n);
        }
        Instant deadline = null;
        if (!f.value("deadline").isEmpty()) {
            try {
                // The end of that day, UTC: "until 31 March" invites responses all of 31 March.
                deadline = LocalDate.parse(f.value("deadline")).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant()
                        .minusSeconds(1);
            } catch (DateTimeParseException e) {
                errors.put("deadline", m.t("challenges.error.deadlineFormat"));
            }
        }
        List<String> languages = new ArrayList<>();
        for (String tag : split(f.value("languages"), ",")) {
            Optional<String> lang = Languages.normalise(tag);
            if (lang.isEmpty()) {
                errors.put("languages", m.t("challenges.error.languages"));
            } else if (!languages.contains(lang.get())) {
                languages.add(lang.get());
            }
        }
        return new Challenge(f.value("title"), f.value("summary"), f.value("description"), polity.config().country(),
                f.value("organisation"), questions, categories, f.value("sector"),
                split(f.value("tags"), ",").stream().map(t -> t.startsWith("#") ? t.substring(1) : t).toList(),
                sdgs.stream().distinct().toList(), deadline, languages, f.value("contact"), ChallengeStatus.DRAFT, "",
                false);
    }

    private static FormState formOf(ChallengeStore.Entry e) {
        Challenge c = e.fields();
        Map<String, String> v = new LinkedHashMap<>();
        v.put("title", c.title());
        v.put("summary", c.summary());
        v.put("description", c.description());
        v.put("organisation", c.organisation());
        v.put("sector", c.sector());
        v.put("tags", String.join(", ", c.tags()));
        v.put("deadline", c.deadline() == null ? "" : c.deadline().atZone(ZoneOffset.UTC).toLocalDate().toString());
        v.put("languages", String.join(", ", c.languages()));
        v.put("contact", c.contact());
        v.put("version", String.valueOf(e.version()));
        v.put("sdgs", String.join(",", c.sdgs().stream().map(String::valueOf).toList()));
        for (int i = 0; i < c.questions().size(); i++) {
            v.put("question-" + i, c.questions().get(i).name());
            v.put("question-" + i + "-id", c.questions().get(i).id());
        }
        for (int i = 0; i < c.categories().size(); i++) {
            v.put("category-" + i, c.categories().get(i).name());
            v.put("category-" + i + "-id", c.categories().get(i).id());
        }
        return FormState.of(v);
    }

    static List<String> split(String s, String separator) {
        return Arrays.stream(s.split(separator)).map(String::strip).filter(x -> !x.isEmpty()).distinct().toList();
    }

    /** Whether a comma-separated form value holds {@code key} (a checked box). */
    public static boolean has(FormState f, String field, String key) {
        return split(f.value(field), ",").contains(key);
    }
}
