package org.polity.server.domains;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.polity.server.model.Account;
import org.polity.server.service.InvalidInput;
import org.polity.server.service.Message;
import org.polity.server.web.FormState;
import org.polity.server.web.Messages;
import org.polity.server.web.RouteGroup;
import org.polity.server.web.Web;

/**
 * {@code /admin/domains} (docs/api.md, "Domain policy"): the federation mode, the domain rules (add, edit,
 * remove), import and export in Mastodon's CSV, and the subscribed lists (add, refresh now, remove) with how their
 * last refresh went. Administrators only; every change is audited by {@link DomainPolicy}.
 */
public final class DomainRoutes implements RouteGroup {
    static final String PAGE = "/admin/domains";
    /** The notices a redirect back to the page may ask for ({@code ?done=}). */
    static final java.util.Set<String> DONE = java.util.Set.of("saved", "removed", "mode", "imported", "subscribed",
            "refreshed", "unsubscribed");
    private final Web web;

    public DomainRoutes(Web web) {
        this.web = web;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get(PAGE, this::page);
        routes.post(PAGE, this::save);
        routes.post(PAGE + "/remove", this::remove);
        routes.post(PAGE + "/mode", this::mode);
        routes.post(PAGE + "/import", this::importList);
        routes.get(PAGE + "/export.csv", ctx -> export(ctx, false));
        routes.get(PAGE + "/allows.csv", ctx -> export(ctx, true));
        routes.post(PAGE + "/subscriptions", this::subscribe);
        routes.post(PAGE + "/subscriptions/{id}/refresh", this::refresh);
        routes.post(PAGE + "/subscriptions/{id}/remove", this::unsubscribe);
        routes.get(PUBLIC_BLOCKS, this::publicBlocks);
    }

    /** Mastodon's path for the public list of limited domains, which fediverse tools read. */
    static final String PUBLIC_BLOCKS = "/api/v1/instance/domain_blocks";

    private void publicBlocks(Context ctx) throws Exception {
        com.fasterxml.jackson.databind.node.ArrayNode out = JSON.createArrayNode();
        for (DomainPolicy.PublicBlock b : policy().publicBlocks()) {
            var node = out.addObject();
            node.put("domain", b.domain());
            node.put("digest", b.digest());
            node.put("severity", b.severity());
            if (!b.comment().isEmpty()) {
                node.put("comment", b.comment());
            }
        }
        ctx.header("Cache-Control", "public, max-age=300");
        ctx.contentType("application/json; charset=utf-8").result(JSON.writeValueAsBytes(out));
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();

    private DomainPolicy policy() {
        return web.polity().domainPolicy();
    }

    private void page(Context ctx) {
        web.requireAdmin(ctx);
        Map<String, String> values = new HashMap<>();
        values.put("severity", "block");
        values.put("listSeverity", "block");
        values.put("minutes", "60");
        String edit = ctx.queryParam("edit");
        if (edit != null) {
            DomainName.normalise(edit).flatMap(d -> web.polity().storage().stores().domainPolicies().findRule(d))
                    .ifPresent(r -> {
                        values.put("domain", r.domain());
                        values.put("severity", r.severity().wireName());
                        values.put("publicComment", r.publicComment());
                        values.put("privateComment", r.privateComment());
                        values.put("obfuscate", Boolean.toString(r.obfuscate()));
                        values.put("rejectMedia", Boolean.toString(r.rejectMedia()));
                        values.put("rejectReports", Boolean.toString(r.rejectReports()));
                    });
        }
        String done = ctx.queryParam("done");
        render(ctx, 200, FormState.of(values), done != null && DONE.contains(done) ? done : null);
    }

    private void save(Context ctx) {
        Account admin = web.requireAdmin(ctx);
        Map<String, String> values = fields(ctx, "domain", "severity", "publicComment", "privateComment");
        boolean obfuscate = checked(ctx, "obfuscate", values);
        boolean rejectMedia = checked(ctx, "rejectMedia", values);
        boolean rejectReports = checked(ctx, "rejectReports", values);
        try {
            policy().save(admin, values.get("domain"), values.get("severity"), values.get("publicComment"),
                    values.get("privateComment"), obfuscate, rejectMedia, rejectReports);
        } catch (InvalidInput e) {
            failed(ctx, values, e);
            return;
        }
        ctx.redirect(PAGE + "?done=saved", HttpStatus.SEE_OTHER);
    }

    private void remove(Context ctx) {
        Account admin = web.requireAdmin(ctx);
        policy().remove(admin, ctx.formParam("domain"));
        ctx.redirect(PAGE + "?done=removed", HttpStatus.SEE_OTHER);
    }

    private void mode(Context ctx) {
        Account admin = web.requireAdmin(ctx);
        try {
            policy().setMode(admin, ctx.formParam("mode"));
        } catch (InvalidInput e) {
            failed(ctx, new HashMap<>(), e);
            return;
        }
        ctx.redirect(PAGE + "?done=mode", HttpStatus.SEE_OTHER);
    }

    private void importList(Context ctx) {
        Account admin = web.requireAdmin(ctx);
        Map<String, String> values = new HashMap<>();
        values.put("importSeverity", ctx.formParam("importSeverity") == null ? "block" : ctx.formParam("importSeverity"));
        boolean overwrite = checked(ctx, "overwrite", values);
        byte[] bytes;
        try {
            bytes = body(ctx);
        } catch (InvalidInput e) {
            failed(ctx, values, e);
            return;
        }
        try {
            DomainPolicy.ImportResult r = policy().importList(admin, bytes, values.get("importSeverity"), overwrite);
            ctx.redirect(PAGE + "?done=imported&n=" + r.stored() + "&skipped=" + r.skipped() + "&kept="
                    + r.keptManual(), HttpStatus.SEE_OTHER);
        } catch (InvalidInput e) {
            failed(ctx, values, e);
        }
    }

    /** The uploaded file, or the pasted text; at most {@link DomainCsv#MAX_BYTES} are read. */
    private static byte[] body(Context ctx) {
        UploadedFile file = ctx.contentType() != null && ctx.contentType().startsWith("multipart/")
                ? ctx.uploadedFile("file") : null;
        if (file != null && file.size() > 0) {
            if (file.size() > DomainCsv.MAX_BYTES) {
                throw InvalidInput.of("file", Message.of("domains.csv.tooLarge", DomainCsv.MAX_BYTES / 1024));
            }
            try (InputStream in = file.content()) {
                return in.readNBytes(DomainCsv.MAX_BYTES + 1);
            } catch (IOException e) {
                throw InvalidInput.of("file", Message.of("domains.csv.unreadable"));
            }
        }
        String text = ctx.formParam("text");
        if (text == null || text.isBlank()) {
            throw InvalidInput.of("file", Message.of("domains.csv.empty"));
        }
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private void export(Context ctx, boolean allows) {
        web.requireAdmin(ctx);
        String csv = allows ? policy().exportAllows() : policy().exportBlocks();
        ctx.header("Cache-Control", "no-store");
        ctx.header("Content-Disposition", "attachment; filename=\"" + (allows ? "domain_allows" : "domain_blocks")
                + ".csv\"");
        ctx.contentType("text/csv; charset=utf-8");
        ctx.result(csv.getBytes(StandardCharsets.UTF_8));
    }

    private void subscribe(Context ctx) {
        Account admin = web.requireAdmin(ctx);
        Map<String, String> values = fields(ctx, "url", "listSeverity", "minutes");
        try {
            DomainSubscription s = policy().subscribe(admin, values.get("url"), values.get("listSeverity"),
                    values.get("minutes"));
            web.polity().federation().domainLists().refreshNow(admin, s.id());
        } catch (InvalidInput e) {
            failed(ctx, values, e);
            return;
        }
        ctx.redirect(PAGE + "?done=subscribed", HttpStatus.SEE_OTHER);
    }

    private void refresh(Context ctx) {
        Account admin = web.requireAdmin(ctx);
        web.polity().federation().domainLists().refreshNow(admin, id(ctx));
        ctx.redirect(PAGE + "?done=refreshed", HttpStatus.SEE_OTHER);
    }

    private void unsubscribe(Context ctx) {
        Account admin = web.requireAdmin(ctx);
        policy().unsubscribe(admin, id(ctx));
        ctx.redirect(PAGE + "?done=unsubscribed", HttpStatus.SEE_OTHER);
    }

    private static long id(Context ctx) {
        try {
            return Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            throw new org.polity.server.service.NotFound(Message.of("domains.error.noList"));
        }
    }

    private void failed(Context ctx, Map<String, String> values, InvalidInput e) {
        values.putIfAbsent("severity", "block");
        values.putIfAbsent("listSeverity", "block");
        values.putIfAbsent("minutes", "60");
        render(ctx, 422, new FormState(values, web.messages(ctx).errors(e)), null);
    }

    private void render(Context ctx, int status, FormState form, String done) {
        ctx.header("Cache-Control", "private, no-store");
        Messages m = web.messages(ctx);
        DomainPolicy policy = policy();
        String title = m.t("domains.title");
        Map<String, Object> params = new HashMap<>();
        params.put("form", form);
        params.put("mode", policy.mode().wireName());
        params.put("modeSaved", policy.modeSaved());
        params.put("rules", policy.rules());
        params.put("subscriptions", policy.subscriptions());
        params.put("listed", policy.listedBesideRules());
        String notice = null;
        if (done != null) {
            notice = "imported".equals(done)
                    ? m.t("domains.done.imported", number(ctx, "n"), number(ctx, "skipped"), number(ctx, "kept"))
                    : m.t("domains.done." + done);
        }
        params.put("notice", notice);
        web.render(ctx, status, "admin/domains.jte",
                web.page(ctx, form.hasErrors() ? m.t("accounts.form.errorTitle", title) : title), params);
    }

    private static long number(Context ctx, String name) {
        try {
            return Math.max(0, Long.parseLong(ctx.queryParam(name)));
        } catch (NumberFormatException | NullPointerException e) {
            return 0;
        }
    }

    private static boolean checked(Context ctx, String name, Map<String, String> values) {
        boolean on = ctx.formParam(name) != null;
        values.put(name, Boolean.toString(on));
        return on;
    }

    private static Map<String, String> fields(Context ctx, String... names) {
        Map<String, String> values = new HashMap<>();
        for (String name : names) {
            String v = ctx.formParam(name);
            values.put(name, v == null ? "" : v);
        }
        return values;
    }
}
