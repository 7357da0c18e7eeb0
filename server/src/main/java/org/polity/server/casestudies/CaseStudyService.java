package org.polity.server.casestudies;

import org.polity.server.audit.AuditLog;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.time.Instant;
import java.time.Year;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.polity.federation.http.FetchBudget;
import org.polity.federation.http.FetchException;
import org.polity.server.Polity;
import org.polity.server.activitypub.RemoteObjects;
import org.polity.server.model.Account;
import org.polity.server.model.Actor;
import org.polity.server.model.ObjectKind;
import org.polity.server.model.StoredObject;
import org.polity.server.service.Forbidden;
import org.polity.server.service.InvalidInput;
import org.polity.server.service.NotFound;

/**
 * Case studies written here, and the editorial workflow (docs/api.md, "Case studies"): the author writes a
 * draft and sends it for review; an editor (an administrator, or a member an administrator made an editor)
 * other than the author publishes it, or returns it to its author with a comment. Publishing sends a Create
 * through {@code ObjectService}, as any post; later edits by the author send an Update, and every save keeps the
 * prior version. Drafts and case studies in review stay here: no object, no delivery, no feed, no search.
 *
 * <p>An editor may not publish their own case study: review means a second person read it (four eyes), and
 * an instance with one administrator makes a second editor when it starts a library.
 */
public final class CaseStudyService {
    public static final int MAX_TITLE = 200;
    public static final int MAX_SUMMARY = 1_000;
    public static final int MAX_SHORT = 500;
    public static final int MAX_NARRATIVE = 20_000;
    public static final int MAX_RESOURCES = 20;
    public static final int MAX_LINKS = 5;
    public static final int MAX_SDGS = CaseStudyTerms.SDG_COUNT;

    private final Polity polity;

    public CaseStudyService(Polity polity) {
        this.polity = polity;
    }

    private CaseStudyStore store() {
        return polity.storage().stores().caseStudies();
    }

    // --- Checks ------------------------------------------------------------------------------------------------

    /** Every field checked at once ({@link CaseStudyChecks}); nothing is stored when one fails. */
    public void validate(CaseStudy cs) {
        CaseStudyChecks.validate(cs, Year.now(polity.clock()).getValue() + 1);
    }

    /**
     * The case studies named as origins, each by the id of its object: a page address on this server
     * ({@code /case-studies/{n}}), an object id we hold, or another server's address, fetched (guarded and
     * signed) and stored as a received case study. A URL that is no case study is refused, field by field.
     */
    CaseStudy withResolvedOrigins(CaseStudy cs) {
        InvalidInput.Collector e = new InvalidInput.Collector();
        List<String> adapted = resolve(cs.adaptedFrom(), "adaptedFrom", e);
        List<String> adopted = resolve(cs.adoptedFrom(), "adoptedFrom", e);
        e.throwIfAny();
        return cs.withOrigins(adapted, adopted);
    }

    private List<String> resolve(List<String> urls, String field, InvalidInput.Collector e) {
        Set<String> out = new LinkedHashSet<>();
        for (String url : urls) {
            Optional<String> id = resolve(url);
            if (id.isEmpty()) {
                e.add(field, CaseStudyChecks.NOT_A_CASE_STUDY);
            } else {
                out.add(id.get());
            }
        }
        return new ArrayList<>(out);
    }

    private Optional<String> resolve(String url) {
        if (polity.uris().isLocal(url)) {
            String path = URI.create(url).getPath();
            Optional<CaseStudyStore.Entry> local = path.startsWith(CaseStudyRoutes.LIBRARY + "/")
                    ? parseId(path.substring(CaseStudyRoutes.LIBRARY.length() + 1)).flatMap(store()::findById)
                    : store().findByObjectUri(url);
            return local.filter(x -> x.status() == CaseStudy.Status.PUBLISHED).map(CaseStudyStore.Entry::objectUri);
        }
        Optional<CaseStudyStore.Entry> held = store().findByObjectUri(url);
        if (held.isPresent()) {
            return Optional.of(url);
        }
        try {
            return new RemoteObjects(polity).lookup(url, FetchBudget.perRequest()).object()
                    .filter(o -> o.kind() == ObjectKind.CASE_STUDY).map(StoredObject::uri);
        } catch (FetchException | RuntimeException failed) {
            return Optional.empty();
        }
    }

    static Optional<Long> parseId(String s) {
        try {
            return Optional.of(Long.parseLong(s));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    // --- Writing -----------------------------------------------------------------------------------------------

    /** A new draft by {@code author}: checked, origins resolved, stored as version 1, visible to them and editors. */
    public CaseStudyStore.Entry createDraft(Account author, CaseStudy fields) {
        validate(fields);
        CaseStudy cs = withResolvedOrigins(fields);
        Actor actor = actor(author);
        Instant now = polity.clock().instant();
        return store().insert(new CaseStudyStore.Entry(0, null, true, actor.id(), CaseStudy.Status.DRAFT, cs, 1, now,
                now), actor.uri());
    }

    /**
     * The author saves new fields over version {@code expectedVersion}; the prior version is kept. A published
     * case study sends an Update, to its public, its author's followers and the authors of the case studies that
     * adapted or adopted it, so their copies keep the prior version too.
     */
    public CaseStudyStore.Entry edit(Account author, long id, int expectedVersion, CaseStudy fields) {
        CaseStudyStore.Entry entry = ownEntry(author, id);
        validate(fields);
        CaseStudy cs = withResolvedOrigins(fields);
        Actor actor = actor(author);
        Instant now = polity.clock().instant();
        if (entry.status() != CaseStudy.Status.PUBLISHED) {
            if (!store().updateFields(id, expectedVersion, cs, actor.uri(), now)) {
                throw InvalidInput.of("version", CaseStudyChecks.CONFLICT);
            }
            return store().findById(id).orElseThrow();
        }
        ObjectNode update = JsonNodeFactory.instance.objectNode();
        ObjectNode object = update.putObject("object");
        object.put("id", entry.objectUri());
        CaseStudyToAp.texts(object, cs, true);
        ArrayNode cc = JsonNodeFactory.instance.arrayNode();
        Set<String> ccs = new LinkedHashSet<>();
        ccs.add(actor.followersUri());
        ccs.addAll(originAuthors(cs, actor));
        ccs.addAll(adapterAuthors(entry.objectUri(), actor));
        ccs.forEach(cc::add);
        ArrayNode hashtags = polity.federation().groups().hashtags().hashtags("", cs.tags());
        ObjectNode extensions = CaseStudyToAp.extensions(cs, pageUrl(id), cc, hashtags);
        CaseStudyToAp.attachFiles(extensions, files(cs));
        polity.federation().objects().update(actor, update, extensions, tx -> {
            if (!tx.caseStudies().updateFields(id, expectedVersion, cs, actor.uri(), now)) {
                throw InvalidInput.of("version", CaseStudyChecks.CONFLICT);
            }
            tx.caseStudies().deleteLinksFrom(entry.objectUri());
            CaseStudyIntake.recordLinks(tx, entry.objectUri(), cs, "local", now);
        });
        return store().findById(id).orElseThrow();
    }

    /** The author sends a draft for review. */
    public CaseStudyStore.Entry submitForReview(Account author, long id) {
        CaseStudyStore.Entry entry = ownEntry(author, id);
        return move(author, entry, CaseStudy.Status.DRAFT, CaseStudy.Status.REVIEW, "");
    }

    /** An editor returns a case study in review to its author, saying why. */
    public CaseStudyStore.Entry returnToDraft(Account editor, long id, String comment) {
        CaseStudyStore.Entry entry = editable(editor, id);
        String why = comment == null ? "" : comment.strip();
        if (why.isEmpty() || why.length() > 2000) {
            throw InvalidInput.of("comment", CaseStudyChecks.COMMENT);
        }
        return move(editor, entry, CaseStudy.Status.REVIEW, CaseStudy.Status.DRAFT, why);
    }

    /**
     * An editor other than the author publishes a case study in review: its Create goes to the public, the
     * author's followers and the authors of the case studies it adapted or adopted (so their servers record the
     * link), it joins the library, the feed and search.
     */
    public CaseStudyStore.Entry publish(Account editor, long id, String comment) {
        CaseStudyStore.Entry entry = editable(editor, id);
        if (entry.status() != CaseStudy.Status.REVIEW) {
            throw new Forbidden(CaseStudyChecks.WRONG_STATE);
        }
        Actor editorActor = actor(editor);
        if (entry.authorId() == editorActor.id()) {
            throw new Forbidden(CaseStudyChecks.OWN);
        }
        Actor author = polity.storage().stores().actors().findActorById(entry.authorId()).orElseThrow();
        CaseStudy cs = entry.fields();
        Instant now = polity.clock().instant();
        ArrayNode hashtags = polity.federation().groups().hashtags().hashtags("", cs.tags());
        ObjectNode object = CaseStudyToAp.object(cs, author.followersUri(), originAuthors(cs, author), hashtags);
        ObjectNode extensions = CaseStudyToAp.extensions(cs, pageUrl(id), null, null);
        CaseStudyToAp.attachFiles(extensions, files(cs));
        String why = comment == null ? "" : comment.strip();
        polity.federation().objects().create(author, object, null, extensions, (tx, objectUri) -> {
            tx.caseStudies().setStatus(id, CaseStudy.Status.PUBLISHED, objectUri, now);
            tx.caseStudies().insertTransition(id, new CaseStudyStore.Transition(CaseStudy.Status.REVIEW,
                    CaseStudy.Status.PUBLISHED, editorActor.id(), why.length() > 2000 ? why.substring(0, 2000) : why,
                    now));
            CaseStudyIntake.recordLinks(tx, objectUri, cs, "local", now);
        });
        return store().findById(id).orElseThrow();
    }

    private CaseStudyStore.Entry move(Account who, CaseStudyStore.Entry entry, CaseStudy.Status from,
            CaseStudy.Status to, String comment) {
        if (entry.status() != from) {
            throw new Forbidden(CaseStudyChecks.WRONG_STATE);
        }
        Instant now = polity.clock().instant();
        long actorId = who.actorId();
        polity.storage().transaction(tx -> {
            tx.caseStudies().setStatus(entry.id(), to, null, now);
            tx.caseStudies().insertTransition(entry.id(), new CaseStudyStore.Transition(from, to, actorId, comment, now));
            return null;
        });
        return store().findById(entry.id()).orElseThrow();
    }

    /** The authors of the case studies {@code cs} adapted or adopted (other than {@code me}): they hear of it. */
    private List<com.fasterxml.jackson.databind.JsonNode> files(CaseStudy cs) {
        return org.polity.server.resources.ApToResource.localResourceFiles(polity.storage().stores().objects(),
                cs.resources());
    }

    private List<String> originAuthors(CaseStudy cs, Actor me) {
        Set<String> out = new LinkedHashSet<>();
        for (CaseStudy.Link link : cs.origins()) {
            store().findByObjectUri(link.uri())
                    .flatMap(o -> polity.storage().stores().actors().findActorById(o.authorId()))
                    .filter(a -> a.id() != me.id()).ifPresent(a -> out.add(a.uri()));
        }
        return new ArrayList<>(out);
    }

    /** The authors of the case studies known to have adapted or adopted {@code objectUri}. */
    private List<String> adapterAuthors(String objectUri, Actor me) {
        Set<String> out = new LinkedHashSet<>();
        for (CaseStudyStore.LinkRow link : store().findLinksTo(objectUri)) {
            store().findByObjectUri(link.fromUri())
                    .flatMap(o -> polity.storage().stores().actors().findActorById(o.authorId()))
                    .filter(a -> a.id() != me.id()).ifPresent(a -> out.add(a.uri()));
        }
        return new ArrayList<>(out);
    }

    // --- Roles -------------------------------------------------------------------------------------------------

    /** Administrators, and members an administrator made editors. */
    public boolean isEditor(Account account) {
        return account != null && account.isActive() && (account.isAdmin() || store().isEditor(account.id()));
    }

    /** An administrator makes a member an editor, or no longer one. */
    public void setEditor(Account admin, Account member, boolean editor) {
        if (!admin.isAdmin()) {
            throw new Forbidden(CaseStudyChecks.APPOINT);
        }
        if (editor) {
            store().addEditor(member.id(), admin.id(), polity.clock().instant());
        } else {
            store().removeEditor(member.id());
        }
        polity.audit().record(admin, editor ? AuditLog.EDITOR_GRANT : AuditLog.EDITOR_REVOKE,
                polity.audit().handleOf(member), null);
    }

    public List<Account> editors() {
        return store().findEditors().stream()
                .flatMap(id -> polity.storage().stores().accounts().findAccountById(id).stream()).toList();
    }

    // --- Reading -----------------------------------------------------------------------------------------------

    /** A case study as {@code viewer} may see it: published to anyone; a draft or review to its author and editors. */
    public Optional<CaseStudyStore.Entry> visible(long id, Optional<Account> viewer) {
        return store().findById(id).filter(e -> e.status() == CaseStudy.Status.PUBLISHED
                || viewer.filter(v -> v.actorId() == e.authorId() || isEditor(v)).isPresent())
                .filter(e -> e.objectUri() == null || polity.storage().stores().objects().findObjectByUri(e.objectUri())
                        .filter(o -> !o.deleted()).isPresent()); // deleted (by its author, here or there): gone
    }

    public boolean mayEdit(Optional<Account> viewer, CaseStudyStore.Entry e) {
        return e.local() && viewer.filter(v -> v.isActive() && v.actorId() == e.authorId()).isPresent();
    }

    public Optional<CaseStudyStore.Entry> byObjectUri(String uri) {
        return store().findByObjectUri(uri);
    }

    public List<CaseStudyStore.LibraryRow> library(CaseStudyStore.Filter filter, Long beforeObjectId, int limit) {
        return store().findLibrary(filter, beforeObjectId, limit);
    }

    public long count(CaseStudyStore.Filter filter) {
        return store().countLibrary(filter);
    }

    /** What an editor has to read, oldest first. */
    public List<CaseStudyStore.Entry> reviewQueue(Account editor) {
        if (!isEditor(editor)) {
            throw new Forbidden(CaseStudyChecks.NOT_EDITOR);
        }
        return store().findByStatus(CaseStudy.Status.REVIEW, 200);
    }

    public List<CaseStudyStore.Entry> mine(Account author) {
        return store().findByAuthor(author.actorId(), 200);
    }

    public List<CaseStudyStore.Transition> transitions(long id) {
        return store().findTransitions(id);
    }

    public List<CaseStudyStore.Version> versions(long id) {
        return store().findVersions(id);
    }

    public Optional<CaseStudyStore.Version> version(long id, int version) {
        return store().findVersion(id, version);
    }

    /** One end of a link, with what we know of the case study there (null when we hold nothing of it). */
    public record Linked(String uri, String relation, CaseStudyStore.Entry other) {}

    /** The case studies this one adapted or adopted. */
    public List<Linked> origins(CaseStudyStore.Entry e) {
        if (e.objectUri() == null) {
            return e.fields().origins().stream().map(l -> new Linked(l.uri(), l.relation(),
                    store().findByObjectUri(l.uri()).orElse(null))).toList();
        }
        return store().findLinksFrom(e.objectUri()).stream().map(l -> new Linked(l.toUri(), l.relation(),
                store().findByObjectUri(l.toUri()).orElse(null))).toList();
    }

    /** The case studies that adapted or adopted this one, here or on other servers. */
    public List<Linked> adaptations(CaseStudyStore.Entry e) {
        if (e.objectUri() == null) {
            return List.of();
        }
        return store().findLinksTo(e.objectUri()).stream().map(l -> new Linked(l.fromUri(), l.relation(),
                store().findByObjectUri(l.fromUri()).orElse(null))).toList();
    }

    public String pageUrl(long id) {
        return polity.uris().url(CaseStudyRoutes.LIBRARY + "/" + id);
    }

    private CaseStudyStore.Entry ownEntry(Account author, long id) {
        CaseStudyStore.Entry entry = visible(id, Optional.of(author)).orElseThrow(() -> new NotFound(CaseStudyChecks.NOT_VISIBLE));
        if (!mayEdit(Optional.of(author), entry)) {
            throw new Forbidden(CaseStudyChecks.NOT_AUTHOR);
        }
        return entry;
    }

    private CaseStudyStore.Entry editable(Account editor, long id) {
        CaseStudyStore.Entry entry = visible(id, Optional.of(editor)).orElseThrow(() -> new NotFound(CaseStudyChecks.NOT_VISIBLE));
        if (!isEditor(editor) || !entry.local()) {
            throw new Forbidden(CaseStudyChecks.NOT_EDITOR);
        }
        return entry;
    }

    private Actor actor(Account account) {
        return polity.storage().stores().actors().findActorById(account.actorId()).orElseThrow();
    }

}
