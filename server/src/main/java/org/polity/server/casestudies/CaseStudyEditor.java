package org.polity.server.casestudies;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.polity.server.model.Account;
import org.polity.server.service.Forbidden;
import org.polity.server.service.InvalidInput;
import org.polity.server.translations.Languages;
import org.polity.server.translations.TranslationForm;
import org.polity.server.web.FormState;
import org.polity.server.web.Messages;
import org.polity.server.web.Page;
import org.polity.server.web.Web;

/**
 * The case study editor ({@code /case-studies/new}, {@code /case-studies/{id}/edit}; docs/api.md): the fields, the
 * case study's own language ({@code lang}, the writer's UI language by default) and its translations
 * ({@code translations/fields.jte} with the case study's fields). {@code action=preview} shows every language
 * rendered and stores nothing, {@code action=addTranslation} adds an empty translation block, {@code action=save}
 * stores a draft (or a new version). Problems are shown beside their fields in the reader's language; nothing is
 * stored then.
 */
final class CaseStudyEditor {
    private final Web web;
    private final CaseStudyService service;

    CaseStudyEditor(Web web, CaseStudyService service) {
        this.web = web;
        this.service = service;
    }

    void newForm(Context ctx) {
        Account account = web.requireViewer(ctx);
        Map<String, String> start = new LinkedHashMap<>();
        start.put("country", web.polity().config().country());
        start.put("lang", writerLang(account, web.messages(ctx)));
        render(ctx, 200, null, FormState.of(start), false);
    }

    void create(Context ctx) {
        submit(ctx, web.requireViewer(ctx), null);
    }

    void editForm(Context ctx, CaseStudyStore.Entry entry) {
        Account account = web.requireViewer(ctx);
        if (!service.mayEdit(Optional.of(account), entry)) {
            throw new Forbidden(CaseStudyChecks.NOT_AUTHOR);
        }
        render(ctx, 200, entry, CaseStudyForm.of(entry.fields(), entry.version(),
                writerLang(account, web.messages(ctx))), false);
    }

    void edit(Context ctx, CaseStudyStore.Entry entry) {
        submit(ctx, web.requireViewer(ctx), entry);
    }

    private void submit(Context ctx, Account account, CaseStudyStore.Entry entry) {
        Messages m = web.messages(ctx);
        String action = ctx.formParam("action");
        CaseStudyForm.Typed typed = CaseStudyForm.typed(ctx, writerLang(account, m), "addTranslation".equals(action));
        FormState form = typed.form();
        Map<String, String> languageErrors = new LinkedHashMap<>();
        typed.languageErrors().forEach((field, key) -> languageErrors.put(field, m.t(key)));
        if ("addTranslation".equals(action)) {
            // Not a submission: the form again with one more block, and only the problems already there.
            render(ctx, 200, entry, form.withErrors(languageErrors), false);
            return;
        }
        CaseStudy cs = CaseStudyForm.toCaseStudy(form);
        try {
            service.validate(cs);
        } catch (InvalidInput e) {
            Map<String, String> errors = new LinkedHashMap<>(m.errors(e));
            errors.keySet().removeIf(f -> f.startsWith(TranslationForm.PREFIX)); // the form's, by block, below
            errors.putAll(languageErrors);
            render(ctx, 422, entry, form.withErrors(errors), false);
            return;
        }
        if (!languageErrors.isEmpty()) {
            render(ctx, 422, entry, form.withErrors(languageErrors), false);
            return;
        }
        if (!"save".equals(action)) {
            render(ctx, 200, entry, form, true);
            return;
        }
        try {
            long id;
            if (entry == null) {
                id = service.createDraft(account, cs).id();
            } else {
                int expected = CaseStudyService.parseId(form.value("version")).orElse(0L).intValue();
                id = service.edit(account, entry.id(), expected, cs).id();
            }
            ctx.redirect(CaseStudyRoutes.LIBRARY + "/" + id + "?saved=1", HttpStatus.SEE_OTHER);
        } catch (InvalidInput e) {
            render(ctx, 422, entry, form.withErrors(m.errors(e)), false);
        }
    }

    private void render(Context ctx, int status, CaseStudyStore.Entry entry, FormState form, boolean preview) {
        Messages m = web.messages(ctx);
        String title = entry == null ? m.t("casestudies.new.title") : m.t("casestudies.edit.title", entry.fields().title());
        Page page = web.page(ctx, form.hasErrors() ? m.t("pages.error.title", title) : title);
        Map<String, Object> params = new HashMap<>();
        params.put("form", form);
        params.put("heading", title);
        params.put("action", entry == null ? CaseStudyRoutes.LIBRARY + "/new"
                : CaseStudyRoutes.LIBRARY + "/" + entry.id() + "/edit");
        params.put("preview", preview ? CaseStudyForm.toCaseStudy(form) : null);
        params.put("countries", Countries.options(m.locale()));
        params.put("published", entry != null && entry.status() == CaseStudy.Status.PUBLISHED);
        params.put("languages", FormState.options(TranslationForm.languageChoices(m.locale(), form.values())));
        params.put("blocks", CaseStudyForm.blocks(form));
        params.put("inputs", inputs(m));
        ctx.header("Cache-Control", "private, no-store");
        web.render(ctx, status, "casestudies/form.jte", page, params);
    }

    /** A translation block's fields, labelled as the default language's (required ones marked). */
    private static List<TranslationForm.Input> inputs(Messages m) {
        String req = " (" + m.t("casestudies.form.required") + ")";
        String md = m.t("pages.compose.hint");
        return List.of(new TranslationForm.Input("title", m.t("casestudies.field.title") + req, null, 0),
                new TranslationForm.Input("summary", m.t("casestudies.field.summary"), null, 3),
                new TranslationForm.Input("problem", m.t("casestudies.field.problem") + req, md, 6),
                new TranslationForm.Input("innovation", m.t("casestudies.field.innovation") + req, md, 6),
                new TranslationForm.Input("results", m.t("casestudies.field.results"), md, 5),
                new TranslationForm.Input("lessonsLearned", m.t("casestudies.field.lessonsLearned"), md, 5));
    }

    /** A new case study's language: the writer's chosen UI language, else the page's. */
    static String writerLang(Account account, Messages m) {
        return Languages.normalise(account.locale()).orElse(m.lang());
    }
}
