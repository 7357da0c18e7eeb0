package org.polity.server.audit;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.polity.server.service.InvalidInput;
import org.polity.server.service.Message;
import org.polity.server.web.RouteGroup;
import org.polity.server.web.Web;

/**
 * {@code GET /admin/audit}: the audit log for administrators, newest first, 50 a page ({@code ?before=<id>}),
 * filtered by {@code ?action=}; {@code GET /admin/audit.csv} the same entries as CSV (RFC 4180) for an auditor's
 * spreadsheet, up to 10,000 a request.
 */
public final class AuditRoutes implements RouteGroup {
    static final int PAGE = 50;
    static final int CSV_ROWS = 10_000;

    private final Web web;

    public AuditRoutes(Web web) {
        this.web = web;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/admin/audit", this::page);
        routes.get("/admin/audit.csv", this::csv);
    }

    private void page(Context ctx) {
        web.requireAdmin(ctx);
        AuditLog audit = web.polity().audit();
        String action = action(ctx);
        List<AuditEntry> entries = audit.page(before(ctx), action, PAGE + 1);
        boolean more = entries.size() > PAGE;
        if (more) {
            entries = entries.subList(0, PAGE);
        }
        Map<String, Object> params = new HashMap<>();
        params.put("entries", entries);
        params.put("actions", audit.actions());
        params.put("action", action == null ? "" : action);
        params.put("next", more ? entries.get(entries.size() - 1).id() : null);
        ctx.header("Cache-Control", "no-store");
        web.render(ctx, "admin/audit.jte", web.pageTitled(ctx, "admin.audit.title"), params);
    }

    private void csv(Context ctx) {
        web.requireAdmin(ctx);
        StringBuilder out = new StringBuilder("id,at,actor,action,target,detail\r\n");
        for (AuditEntry e : web.polity().audit().page(before(ctx), action(ctx), CSV_ROWS)) {
            out.append(e.id()).append(',').append(e.at()).append(',').append(cell(e.actorLabel())).append(',')
                    .append(cell(e.action())).append(',').append(cell(e.target())).append(',')
                    .append(cell(e.detail())).append("\r\n");
        }
        ctx.header("Cache-Control", "no-store");
        ctx.header("Content-Disposition", "attachment; filename=\"audit-log.csv\"");
        ctx.contentType("text/csv; charset=utf-8");
        ctx.result(out.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * One CSV field, quoted when it needs to be. A value a spreadsheet would run as a formula (starting with
     * {@code = + - @}, a tab or a carriage return) gets a leading apostrophe: handles and reasons come from users.
     */
    static String cell(String value) {
        if (value == null) {
            return "";
        }
        String v = value;
        if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0) {
            v = "'" + v;
        }
        if (v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r")) {
            v = "\"" + v.replace("\"", "\"\"") + "\"";
        }
        return v;
    }

    private static Long before(Context ctx) {
        String raw = ctx.queryParam("before");
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(raw.strip());
        } catch (NumberFormatException e) {
            throw InvalidInput.of("before", Message.of("admin.audit.badBefore"));
        }
    }

    private static String action(Context ctx) {
        String raw = ctx.queryParam("action");
        return raw == null || raw.isBlank() ? null : raw.strip();
    }
}
