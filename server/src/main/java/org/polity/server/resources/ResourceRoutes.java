package org.polity.server.resources;

import io.javalin.config.MultipartConfig;
import io.javalin.config.RoutesConfig;
import io.javalin.config.SizeUnit;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.polity.server.Polity;
import org.polity.server.config.PolityConfig;
import org.polity.server.model.Account;
import org.polity.server.model.Actor;
import org.polity.server.model.StoredActivity;
import org.polity.server.groups.GroupViews;
import org.polity.server.service.Forbidden;
import org.polity.server.service.InvalidInput;
import org.polity.server.service.NotFound;
import org.polity.server.web.ObjectPages;
import org.polity.server.web.FormState;
import org.polity.server.web.Messages;
import org.polity.server.web.Page;
import org.polity.server.web.RouteGroup;
import org.polity.server.web.Web;

/**
 * Sharing resources in the browser (members only), and serving their files to anyone.
 * <ul>
 *   <li>{@code GET /resources/new}: the form, to upload a file or share a link, with a title, a description
 *       (Markdown), a licence, a language and tags;</li>
 *   <li>{@code POST /resources/new}: {@code multipart/form-data} with {@code kind=file} and the {@code file}, or
 *       {@code kind=link} and the {@code url}, and {@code group}: empty for the member's profile, or the id of a
 *       group they are a member of (ours or remote; the form lists them, {@code GET /resources/new?group=ID}
 *       preselects one); publishes through {@link ResourceService} and leads (303) to the resource's page (its
 *       thread's page in a group), or shows the form again with the message beside the field (413 for a file
 *       over the limit, 404 for an unknown group, 403 for a group the member may not post in, 422 otherwise),
 *       nothing stored;</li>
 *   <li>{@code GET /media/{key}}: a published resource's file or thumbnail, to those who may read the resource
 *       (anyone for a public one; a members-only group's to its members signed in here, else 404), with the type detected on upload,
 *       {@code X-Content-Type-Options: nosniff}, {@code Content-Disposition} ({@code inline} for images and
 *       PDF, {@code attachment} for everything else), a sandboxing {@code Content-Security-Policy}, and a year
 *       of caching (a key's content never changes).</li>
 * </ul>
 * Multipart bodies are limited to {@code upload.max.bytes} plus {@link #FORM_OVERHEAD} by Jetty itself
 * ({@link #configureMultipart}); parts are written to disk past {@link #IN_MEMORY_BYTES}, never held whole.
 */
public final class ResourceRoutes implements RouteGroup {
    public static final String PATH = "/resources/new";
    /** Room for the form's other fields beside the file. */
    public static final long FORM_OVERHEAD = 64 * 1024;
    static final int IN_MEMORY_BYTES = 64 * 1024;

    private final Web web;
    private final Polity polity;

    public ResourceRoutes(Web web) {
        this.web = web;
        this.polity = web.polity();
    }

    /** Jetty's multipart limits: the largest file, the largest request, and parts spooled to disk. */
    public static void configureMultipart(MultipartConfig multipart, PolityConfig config) {
        long max = config.media().maxUploadBytes();
        Path spool = config.dataDir().toAbsolutePath().resolve("tmp").resolve("uploads");
        try {
            Files.createDirectories(spool);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + spool, e);
        }
        multipart.cacheDirectory(spool.toString());
        multipart.maxFileSize(max, SizeUnit.BYTES);
        multipart.maxTotalRequestSize(max + FORM_OVERHEAD, SizeUnit.BYTES);
        multipart.maxInMemoryFileSize(IN_MEMORY_BYTES, SizeUnit.BYTES);
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get(PATH, this::form);
        // Before the CSRF check reads the form: a body announced larger than the limit is refused unread.
        routes.before(PATH, this::refuseOversized);
        routes.post(PATH, this::submit);
        routes.get("/media/{key}", this::media);
    }

    private ResourceService service() {
        return polity.resources();
    }

    private void form(Context ctx) {
        web.requireViewer(ctx);
        Messages m = web.messages(ctx);
        render(ctx, 200, FormState.of(Map.of("kind", "file", "licence", Licence.DEFAULT, "language",
                ResourceService.LANGUAGES.contains(m.lang()) ? m.lang() : "en",
                "group", Objects.requireNonNullElse(ctx.queryParam("group"), ""))));
    }

    /** Where a resource may go: the member's profile, then the groups they may post in (a remote one with its host). */
    private List<FormState.Option> places(Context ctx, Messages m) {
        Account account = web.requireViewer(ctx);
        Actor me = polity.storage().stores().actors().findActorById(account.actorId()).orElseThrow();
        List<FormState.Option> out = new java.util.ArrayList<>();
        out.add(new FormState.Option("", m.t("resources.new.whereProfile")));
        for (Actor group : polity.federation().groups().queries().postingGroups(me, 200)) {
            String title = GroupViews.displayName(group);
            out.add(new FormState.Option(group.uri(), group.local() ? m.t("resources.new.whereGroup", title)
                    : m.t("resources.new.whereRemoteGroup", title, group.domain())));
        }
        return out;
    }

    private void render(Context ctx, int status, FormState form) {
        Messages m = web.messages(ctx);
        String title = m.t("resources.new.title");
        Page page = web.page(ctx, form.hasErrors() ? m.t("pages.error.title", title) : title);
        Map<String, Object> params = new HashMap<>();
        params.put("form", form);
        params.put("licences", Licence.ALL.stream().map(l -> new FormState.Option(l.id(), l.name())).toList());
        params.put("languages", ResourceService.LANGUAGES.stream().map(code -> new FormState.Option(code,
                capitalise(Locale.forLanguageTag(code).getDisplayLanguage(m.locale()), m.locale()))).toList());
        params.put("maxSize", ResourceView.sizeLabel(service().maxUploadBytes()));
        params.put("places", places(ctx, m));
        ctx.header("Cache-Control", "private, no-store");
        web.render(ctx, status, "resources/new.jte", page, params);
    }

    private static String capitalise(String s, Locale locale) {
        return s.isEmpty() ? s : s.substring(0, 1).toUpperCase(locale) + s.substring(1);
    }

    /**
     * Before the CSRF check reads the form: a body announced larger than the limit is refused unread, and a
     * multipart body is parsed here (Jetty keeps the parts for the handlers after), so a file over Jetty's
     * limit gets the form with its message (413) rather than an error page.
     */
    private void refuseOversized(Context ctx) {
        if (!"POST".equals(ctx.method().name())) {
            return;
        }
        long length = ctx.req().getContentLengthLong();
        boolean tooLarge = length > service().maxUploadBytes() + FORM_OVERHEAD;
        if (!tooLarge && ctx.isMultipartFormData()) {
            try {
                ctx.uploadedFileMap(); // through Javalin, which applies the multipart limits
            } catch (Exception e) {
                if (!isSizeLimit(e)) {
                    throw new io.javalin.http.BadRequestResponse("The form could not be read.");
                }
                tooLarge = true;
            }
        }
        if (tooLarge) {
            web.requireViewer(ctx);
            Messages m = web.messages(ctx);
            ctx.header("Connection", "close"); // the rest of the body is not read
            render(ctx, 413, FormState.of(Map.of("kind", "file", "licence", Licence.DEFAULT, "language", "en"))
                    .withErrors(Map.of("file", tooLarge(m))));
            ctx.skipRemainingHandlers();
        }
    }

    private static boolean isSizeLimit(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String message = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
            if (message.contains("max file size") || message.contains("max length") || message.contains("too large")
                    || message.contains("max request size") || message.contains("413")) {
                return true;
            }
        }
        return false;
    }

    private String tooLarge(Messages m) {
        return m.t("resources.error.tooLarge", ResourceView.sizeLabel(service().maxUploadBytes()));
    }

    private void submit(Context ctx) {
        Account account = web.requireViewer(ctx);
        Actor me = polity.storage().stores().actors().findActorById(account.actorId()).orElseThrow();
        Messages m = web.messages(ctx);
        Map<String, String> values = new LinkedHashMap<>();
        for (String field : List.of("kind", "group", "url", "title", "description", "licence", "language",
                "tags")) {
            values.put(field, Objects.requireNonNullElse(ctx.formParam(field), "").strip());
        }
        FormState form = FormState.of(values);
        List<String> tags = Arrays.stream(values.get("tags").split(",")).map(String::strip)
                .filter(s -> !s.isEmpty()).toList();
        ResourceService.Details details = new ResourceService.Details(values.get("title"),
                values.get("description"), values.get("licence"), values.get("language"), tags);
        Actor group;
        try {
            // Before the file is staged or the link fetched: a group the member may not post in stores nothing.
            group = service().postingGroup(me, values.get("group"));
        } catch (Forbidden e) {
            render(ctx, 403, form.withErrors(Map.of("group", m.text(e))));
            return;
        } catch (NotFound e) {
            render(ctx, 404, form.withErrors(Map.of("group", m.text(e))));
            return;
        }
        StoredActivity created;
        Path staged = null;
        try {
            if ("link".equals(values.get("kind"))) {
                if (values.get("url").isEmpty()) {
                    throw InvalidInput.of("url", LinkPreview.NOT_A_LINK);
                }
                created = service().shareLink(me, group, values.get("url"), details);
            } else {
                UploadedFile file = ctx.uploadedFile("file");
                if (file == null || (file.size() == 0 && (file.filename() == null || file.filename().isBlank()))) {
                    throw InvalidInput.of("file", ResourceService.NO_FILE);
                }
                if (file.size() > service().maxUploadBytes()) {
                    render(ctx, 413, form.withErrors(Map.of("file", tooLarge(m))));
                    return;
                }
                staged = stage(file);
                created = service().upload(me, group, new ResourceService.Upload(staged, Files.size(staged),
                        Objects.requireNonNullElse(file.filename(), "")), details);
            }
        } catch (InvalidInput e) {
            render(ctx, ResourceService.TOO_LARGE.equals(e.problems().get("file")) ? 413 : 422,
                    form.withErrors(m.errors(e)));
            return;
        } catch (IOException e) {
            throw new UncheckedIOException("staging an upload", e);
        } finally {
            if (staged != null) {
                try {
                    Files.deleteIfExists(staged);
                } catch (IOException ignored) {
                    // the spool directory is temporary
                }
            }
        }
        long id = polity.storage().stores().objects().findObjectByUri(created.objectUri()).map(o -> o.id())
                .orElse(0L);
        String path = group != null && polity.storage().stores().groups().findThread(created.objectUri()).isPresent()
                ? "/threads/" + id : URI.create(created.objectUri()).getRawPath();
        ctx.redirect(new ObjectPages(web).afterPublishing(path, created.objectUri()), HttpStatus.SEE_OTHER);
    }

    /** Copies the part to a file of our own, at most the limit plus one byte (the part may lie about its size). */
    private Path stage(UploadedFile file) throws IOException {
        Path dir = polity.config().dataDir().toAbsolutePath().resolve("tmp").resolve("uploads");
        Files.createDirectories(dir);
        Path staged = Files.createTempFile(dir, "staged-", ".bin");
        long limit = service().maxUploadBytes();
        try (InputStream in = file.content(); var out = Files.newOutputStream(staged)) {
            byte[] buffer = new byte[64 * 1024];
            long total = 0;
            for (int n; (n = in.read(buffer)) > 0; ) {
                total += n;
                if (total > limit) {
                    throw InvalidInput.of("file", ResourceService.TOO_LARGE);
                }
                out.write(buffer, 0, n);
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(staged);
            throw e;
        }
        return staged;
    }

    private void media(Context ctx) {
        Optional<Actor> reader = web.viewer(ctx).flatMap(a -> polity.storage().stores().actors()
                .findActorById(a.actorId()));
        Optional<ResourceService.Served> served = service().open(ctx.pathParam("key"), reader);
        if (served.isEmpty()) {
            throw new io.javalin.http.NotFoundResponse();
        }
        ResourceService.Served s = served.get();
        String type = s.contentType();
        boolean inline = type.startsWith("image/") || type.equals("application/pdf");
        String fileName = s.thumbnail() ? FileNames.title(s.item().fileName()) + "-thumbnail.png" : s.item().fileName();
        ctx.status(200);
        ctx.contentType(type.startsWith("text/") ? type + "; charset=utf-8" : type);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Content-Disposition", (inline ? "inline" : "attachment") + "; filename=\""
                + FileNames.ascii(fileName) + "\"; filename*=UTF-8''"
                + URLEncoder.encode(fileName, StandardCharsets.UTF_8).replace("+", "%20"));
        ctx.header("Content-Security-Policy", "sandbox; default-src 'none'");
        // A members-only resource's file is for the signed-in reader alone: no shared cache keeps it.
        ctx.header("Cache-Control", s.open() ? "public, max-age=31536000, immutable" : "private, no-store");
        ctx.header("ETag", "\"" + s.item().sha256() + (s.thumbnail() ? "-t" : "") + "\"");
        ctx.header("Cross-Origin-Resource-Policy", "same-site");
        if (!s.thumbnail()) {
            ctx.header("Content-Length", Long.toString(s.item().sizeBytes()));
        }
        ctx.result(s.content());
    }
}
