package org.polity.server.moderation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.polity.server.Polity;
import org.polity.server.activitypub.Publisher;
import org.polity.server.audit.AuditLog;
import org.polity.server.model.Account;
import org.polity.server.model.Actor;
import org.polity.server.model.ActorType;
import org.polity.server.model.GroupPost;
import org.polity.server.model.StoredObject;
import org.polity.server.service.ActorService;
import org.polity.server.service.Forbidden;
import org.polity.server.service.InvalidInput;
import org.polity.server.service.Message;
import org.polity.server.service.NotFound;
import org.polity.server.storage.Stores;

/**
 * Reports (issue 11): made by our members on the report form, or received as {@code Flag}s from other servers;
 * both land in one queue that moderators and administrators work at {@code /admin/reports}. The inbox handler and
 * the web pages call the same methods here.
 */
public final class Reports {
    public static final int MAX_COMMENT = 1000;
    public static final int MAX_NOTE = 2000;
    public static final int PAGE = 30;

    private final Polity polity;

    public Reports(Polity polity) {
        this.polity = polity;
    }

    private Stores stores() {
        return polity.storage().stores();
    }

    /** What a member's report names: the reported account, and the post or comment if it is one. */
    public record Subject(Actor account, StoredObject object, String groupUri) {}

    /** Whether a report of {@code subject} can be sent on: the account or the group is on another server. */
    public boolean canForward(Subject subject) {
        if (!subject.account().local()) {
            return true;
        }
        return subject.groupUri() != null && !polity.uris().isLocal(subject.groupUri());
    }

    /**
     * The subject of a report by {@code reporter} of the object {@code objectUri} or, when that is null, of the
     * actor {@code actorUri}. Only what the reporter can see may be reported; nobody reports themselves.
     */
    public Subject subject(Account reporter, String objectUri, String actorUri) {
        Actor me = stores().actors().findActorById(reporter.actorId()).orElseThrow();
        StoredObject object = null;
        Actor account;
        if (objectUri != null && !objectUri.isBlank()) {
            object = stores().objects().findObjectByUri(objectUri.strip()).filter(o -> !o.deleted())
                    .filter(o -> polity.federation().objects().visibleTo(o.uri(), o.attributedToId(), o.visibility(),
                            Optional.of(me)))
                    .orElseThrow(() -> new NotFound(Message.of("svc.object.notVisible")));
            long authorId = object.attributedToId();
            account = stores().actors().findActorById(authorId).orElseThrow(() -> new NotFound(Message.of(
                    "svc.object.notVisible")));
        } else if (actorUri != null && !actorUri.isBlank()) {
            account = stores().actors().findActorByUri(actorUri.strip())
                    .orElseThrow(() -> new NotFound(Message.of("moderation.error.noActor")));
        } else {
            throw InvalidInput.of("object", Message.of("moderation.error.nothing"));
        }
        if (account.id() == me.id()) {
            throw InvalidInput.of("object", Message.of("moderation.error.ownContent"));
        }
        if (account.local() && account.username().equals(ActorService.INSTANCE_ACTOR)) {
            throw new NotFound(Message.of("moderation.error.noActor"));
        }
        String group = object == null ? null : stores().groups().findPost(object.uri()).map(GroupPost::groupUri)
                .orElse(null);
        return new Subject(account, object, group);
    }

    /**
     * Files a member's report: stored in the queue, and, when {@code forward} is set and the account or the group
     * is on another server, sent there as a Flag by the instance actor (the reporter is not named). Returns it.
     */
    public Report file(Account reporter, Subject subject, String categoryName, String comment, boolean forward) {
        Report.Category category = Report.Category.parse(categoryName)
                .orElseThrow(() -> InvalidInput.of("category", Message.of("moderation.error.category")));
        String text = comment == null ? "" : comment.strip();
        if (text.length() > MAX_COMMENT) {
            throw InvalidInput.of("comment", Message.of("moderation.error.commentTooLong", MAX_COMMENT));
        }
        if (category == Report.Category.OTHER && text.isEmpty()) {
            throw InvalidInput.of("comment", Message.of("moderation.error.commentNeeded"));
        }
        Actor me = stores().actors().findActorById(reporter.actorId()).orElseThrow();
        Actor instance = stores().actors().findLocalActorByUsername(ActorService.INSTANCE_ACTOR).orElseThrow();
        Publisher publisher = polity.federation().publisher();
        List<String> objects = subject.object() == null ? List.of() : List.of(subject.object().uri());
        Instant now = polity.clock().instant();
        // What leaves says what the report is for, in English (the receiving moderators' language is not known).
        String sent = "[" + category.wireName() + "]" + (text.isEmpty() ? "" : " " + text);
        List<ObjectNode> flags = new ArrayList<>();
        String groupUri = subject.groupUri();
        Actor group = groupUri == null ? null : stores().actors().findActorByUri(groupUri).orElse(null);
        boolean groupRemote = group != null && !group.local();
        if (forward && groupRemote && subject.object() != null) {
            flags.add(ReportToAp.toGroupHost(publisher, instance, group.uri(), subject.object().uri(), sent));
        }
        if (forward && !subject.account().local() && !(groupRemote && group.domain().equals(subject.account().domain())
                && subject.object() != null)) {
            flags.add(ReportToAp.toAccountHost(publisher, instance, subject.account().uri(), objects, sent));
        }
        String uri = flags.isEmpty() ? publisher.newActivityId() : flags.get(0).get("id").asText();
        Report report = new Report(0, uri, me.id(), me.uri(), subject.account().id(), subject.account().uri(),
                groupUri, category, text, null, !flags.isEmpty(), Report.Status.OPEN, null, null, null, null, now,
                objects);
        Report[] stored = new Report[1];
        if (flags.isEmpty()) {
            stored[0] = stores().moderation().insertReport(report).orElseThrow();
        } else {
            publisher.publish(instance, flags.get(0), tx -> stored[0] = tx.moderation().insertReport(report).orElseThrow());
            for (ObjectNode more : flags.subList(1, flags.size())) {
                publisher.publish(instance, more);
            }
        }
        polity.notifications().reportReceived(stored[0]);
        return stored[0];
    }

    /**
     * A Flag from another server (signed by {@code sender}, checked on arrival). Kept when it names something of
     * ours: one of our actors, one of our posts, or a post in a group we host; the rest of what it names is left
     * out, and a Flag naming nothing of ours is ignored. Stored once per Flag id. Returns what happened, for the
     * inbox's outcome, or empty when it was ignored (with the reason in {@code why}).
     */
    public Received receive(Actor sender, JsonNode activity) {
        ApToReport.Flag flag = ApToReport.flag(activity);
        if (flag.id() == null) {
            return new Received(null, "a Flag without an id");
        }
        if (stores().moderation().findReportByUri(flag.id()).isPresent()) {
            return new Received(null, "Flag " + flag.id() + " is in the queue already");
        }
        Actor localGroup = null;
        for (String g : flag.groupUris()) {
            Optional<Actor> a = localActor(g).filter(x -> x.type() == ActorType.Group);
            if (a.isPresent()) {
                localGroup = a.get();
                break;
            }
        }
        Actor target = null;
        List<String> kept = new ArrayList<>();
        Actor firstAuthor = null;
        for (String uri : flag.objectUris()) {
            Optional<Actor> actor = localActor(uri);
            if (actor.isPresent()) {
                if (target == null && !actor.get().username().equals(ActorService.INSTANCE_ACTOR)) {
                    target = actor.get();
                }
                continue;
            }
            Optional<StoredObject> object = stores().objects().findObjectByUri(uri);
            if (object.isEmpty()) {
                Optional<Actor> remoteActor = stores().actors().findActorByUri(uri);
                if (remoteActor.isPresent() && localGroup != null && target == null) {
                    target = remoteActor.get(); // an account reported to the group it posts in
                }
                continue;
            }
            StoredObject o = object.get();
            Optional<Actor> postedIn = stores().groups().findPost(o.uri()).flatMap(p -> localActor(p.groupUri()));
            if (o.local() || postedIn.isPresent()) {
                kept.add(o.uri());
                if (localGroup == null && postedIn.isPresent()) {
                    localGroup = postedIn.get();
                }
                if (firstAuthor == null) {
                    firstAuthor = stores().actors().findActorById(o.attributedToId()).orElse(null);
                }
            }
        }
        if (target == null) {
            target = firstAuthor;
        }
        if (target == null || (kept.isEmpty() && !target.local() && localGroup == null)) {
            return new Received(null, "Flag " + flag.id() + " names nothing of ours");
        }
        Report report = new Report(0, flag.id(), null, sender.uri(), target.id(), target.uri(),
                localGroup == null ? null : localGroup.uri(), Report.Category.OTHER, flag.comment(), sender.domain(),
                false, Report.Status.OPEN, null, null, null, null, polity.clock().instant(), kept);
        Optional<Report> stored = stores().moderation().insertReport(report);
        stored.ifPresent(r -> polity.notifications().reportReceived(r));
        return stored.map(r -> new Received(r, "report " + r.id() + " from " + sender.domain() + " about "
                + r.targetActorUri())).orElseGet(() -> new Received(null, "Flag " + flag.id()
                + " is in the queue already"));
    }

    /** What {@link #receive} did: the stored report (null: nothing stored) and a sentence for the log. */
    public record Received(Report report, String detail) {}

    private Optional<Actor> localActor(String uri) {
        if (uri == null || !polity.uris().isLocal(uri)) {
            return Optional.empty();
        }
        return stores().actors().findActorByUri(uri).filter(Actor::local);
    }

    public Optional<Report> find(long id) {
        return stores().moderation().findReportById(id);
    }

    public List<Report> page(Report.Status status, Long before, int limit) {
        return stores().moderation().findReports(status, before, limit);
    }

    public long openCount() {
        return stores().moderation().countReports(Report.Status.OPEN);
    }

    public List<Report> about(Actor actor) {
        return stores().moderation().findReportsByTarget(actor.id(), 50);
    }

    /** Resolves (action taken) or dismisses (no action) an open report, with a note; recorded in the audit log. */
    public void close(Account by, long reportId, Report.Status status, String note) {
        requireModerator(by);
        String text = note(note);
        polity.storage().transaction(tx -> {
            Report r = tx.moderation().findReportById(reportId).orElseThrow(() -> new NotFound(Message.of(
                    "moderation.error.noReport")));
            if (!tx.moderation().closeReport(r.id(), status, text, by.actorId(), polity.clock().instant())) {
                throw InvalidInput.of("report", Message.of("moderation.error.closed"));
            }
            polity.audit().record(tx, by.actorId(), status == Report.Status.RESOLVED ? AuditLog.REPORT_RESOLVE
                    : AuditLog.REPORT_DISMISS, r.uri(), "report " + r.id() + " about " + r.targetActorUri()
                    + (text.isEmpty() ? "" : ": " + text));
            return null;
        });
    }

    /** Takes an open report on ({@code take}) or gives it back. */
    public void assign(Account by, long reportId, boolean take) {
        requireModerator(by);
        polity.storage().transaction(tx -> {
            Report r = tx.moderation().findReportById(reportId).filter(Report::open)
                    .orElseThrow(() -> new NotFound(Message.of("moderation.error.noReport")));
            tx.moderation().assignReport(r.id(), take ? by.actorId() : null);
            polity.audit().record(tx, by.actorId(), AuditLog.REPORT_ASSIGN, r.uri(),
                    "report " + r.id() + (take ? " taken" : " given back"));
            return null;
        });
    }

    /**
     * Removes the reported posts and comments that are still here. One of ours is deleted as its author deletes it
     * (a Delete goes to everyone who has it); another server's is removed from this server only (its own server
     * was sent the report and decides there). Returns how many were removed.
     */
    public int removeContent(Account by, long reportId) {
        requireModerator(by);
        Report r = find(reportId).orElseThrow(() -> new NotFound(Message.of("moderation.error.noReport")));
        int removed = 0;
        for (String uri : r.objectUris()) {
            Optional<StoredObject> found = stores().objects().findObjectByUri(uri).filter(o -> !o.deleted());
            if (found.isEmpty()) {
                continue;
            }
            StoredObject o = found.get();
            Actor author = stores().actors().findActorById(o.attributedToId()).orElseThrow();
            boolean inOurGroup = stores().groups().findPost(o.uri())
                    .flatMap(p -> stores().actors().findActorByUri(p.groupUri())).filter(Actor::local).isPresent();
            if (!o.local() && inOurGroup) {
                // Another server's post in one of our groups: removed as the group's moderators remove one, so the
                // group re-sends the Delete to its members' servers and every server that was sent the post.
                Actor moderator = stores().actors().findActorById(by.actorId()).orElseThrow();
                polity.federation().groups().moderation().removeForInstance(moderator, o.uri(), "report " + r.id());
                polity.audit().record(by, AuditLog.REPORT_REMOVE_CONTENT, o.uri(), "report " + r.id()
                        + ", removed from our group and federated");
            } else if (o.local()) {
                ObjectNode delete = Publisher.JSON.createObjectNode();
                delete.put("object", o.uri());
                polity.federation().objects().delete(author, delete);
                polity.audit().record(by, AuditLog.REPORT_REMOVE_CONTENT, o.uri(), "report " + r.id()
                        + ", deleted and federated");
            } else {
                Instant now = polity.clock().instant();
                polity.storage().transaction(tx -> {
                    tx.objects().update(o.uri(), null, "", org.polity.server.activitypub.ObjectDeletion.tombstone(
                            o.uri(), o.type(), now).toString(), now);
                    tx.objects().markDeleted(o.uri(), now);
                    tx.groups().findPost(o.uri()).filter(p -> !p.isThread())
                            .ifPresent(p -> tx.groups().touchThread(p.threadUri(), -1, now));
                    polity.audit().record(tx, by.actorId(), AuditLog.REPORT_REMOVE_CONTENT, o.uri(), "report "
                            + r.id() + ", removed from this server (" + author.domain() + " was sent the report)");
                    return null;
                });
            }
            removed++;
        }
        return removed;
    }

    private static void requireModerator(Account by) {
        if (!by.isModerator() || !by.isActive()) {
            throw new Forbidden(Message.of("moderation.error.moderatorsOnly"));
        }
    }

    static String note(String note) {
        String text = note == null ? "" : note.strip();
        if (text.length() > MAX_NOTE) {
            throw InvalidInput.of("note", Message.of("moderation.error.noteTooLong", MAX_NOTE));
        }
        return text;
    }
}
