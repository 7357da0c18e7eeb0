package org.polity.server.activitypub;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.polity.federation.http.FetchBudget;
import org.polity.federation.http.FetchException;
import org.polity.federation.inbox.InboxDispatcher;
import org.polity.federation.resolve.ObjectFetcher;
import org.polity.federation.vocab.ApReader;
import org.polity.server.Polity;
import org.polity.server.groups.GroupAddressing;
import org.polity.server.groups.GroupIntake;
import org.polity.server.groups.Hashtags;
import org.polity.server.groups.Placement;
import org.polity.server.model.Actor;
import org.polity.server.model.ActorType;
import org.polity.server.model.BackfillJob;
import org.polity.server.model.GroupPost;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Joining late: when a remote group accepts our member's Follow, its recent threads and their replies are
 * fetched and stored here as if they had arrived live ({@link GroupIntake}, the path of the group's Announce);
 * when a remote person accepts, their recent public posts ({@link RemoteObjects}, the path of a Create). Runs on
 * its own thread, never on a request or the inbox worker, from a durable job ({@code backfill_jobs}: a restart
 * runs what was waiting; an outbox that cannot be read is retried with backoff, {@link #MAX_ATTEMPTS} times); bounded by {@link Limits} (threads, replies per
 * thread, pages, fetches through one {@link FetchBudget}); idempotent (what is held is not fetched or stored
 * again); tells no one (no notifications) and re-sends nothing.
 *
 * <p>Trust, as in the inbox: the outbox is read only from the actor's own origin; a post embedded in it is
 * believed only when it lives on that origin too, otherwise it is fetched from its id. A group's outbox says
 * what is in the group (its host vouches for that); a thread's {@code context} collection (FEP-7888) is read
 * only from the thread's or the group's origin, and each reply it names must, fetched from its own origin,
 * reply within the thread and be meant for the group, the rule a live reply meets.
 */
public final class Backfill implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Backfill.class);

    /** How far one backfill goes. */
    /**
     * How far one backfill goes: threads, replies per thread, pages per collection, fetches, a person's posts,
     * and the time it may take (a slow or tar-pitting host must not hold the one backfill thread for hours; what
     * is stored by then stays, and the rest waits for a re-join).
     */
    public record Limits(int threads, int repliesPerThread, int pages, int fetches, int posts, Duration time) {
        public static final Limits DEFAULT = new Limits(20, 50, 5, 400, 20, Duration.ofMinutes(3));
    }

    /** What one backfill did. */
    public record Report(int stored, int skipped, int fetches) {}

    /** How often waiting jobs are looked for when nothing wakes the worker (retries come due). */
    static final Duration POLL = Duration.ofSeconds(30);
    /** Attempts before a backfill whose collection cannot be read is given up. */
    static final int MAX_ATTEMPTS = 6;

    private final Polity polity;
    private final RemoteActors actors;
    private final GroupIntake intake;
    private final Limits limits;
    private final ScheduledExecutorService worker;
    private final AtomicBoolean drainQueued = new AtomicBoolean();

    public Backfill(Polity polity, RemoteActors actors, GroupIntake intake, Limits limits) {
        this.polity = polity;
        this.actors = actors;
        this.intake = intake;
        this.limits = limits;
        this.worker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "polity-backfill");
            t.setDaemon(true);
            return t;
        });
    }

    /** Runs what a previous process left waiting, then looks for due retries every {@link #POLL}. */
    public void start() {
        worker.scheduleWithFixedDelay(this::wake, 0, POLL.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * One of our follows of {@code followed} (a remote group or person) was accepted: a backfill is recorded
     * (durably, so a restart does not lose it) and runs in the background.
     */
    public void accepted(Actor followed) {
        if (followed.local()) {
            return;
        }
        polity.storage().stores().backfills().request(followed.uri(), polity.clock().instant());
        wake();
    }

    /** Asks the worker to run the jobs that are due; a request while one is queued adds nothing. */
    void wake() {
        if (drainQueued.compareAndSet(false, true)) {
            try {
                worker.execute(this::drain);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                drainQueued.set(false); // closed
            }
        }
    }

    private void drain() {
        drainQueued.set(false);
        var jobs = polity.storage().stores().backfills();
        for (int round = 0; round < 100; round++) {
            List<BackfillJob> due = jobs.findDue(polity.clock().instant(), 10);
            if (due.isEmpty()) {
                return;
            }
            for (BackfillJob job : due) {
                if (Thread.currentThread().isInterrupted()) {
                    return;
                }
                runJob(job);
            }
        }
    }

    /** One job: done (deleted), or retried later with backoff when the actor or its outbox cannot be read. */
    private void runJob(BackfillJob job) {
        var jobs = polity.storage().stores().backfills();
        try {
            Actor followed = actors.known(job.actorUri()).orElse(null);
            if (followed == null || followed.local()) {
                jobs.delete(job.actorUri());
                return;
            }
            Report r = run(followed);
            jobs.delete(job.actorUri());
            log.info("backfill of {}: {} stored, {} skipped, {} fetches", followed.acct(), r.stored(), r.skipped(),
                    r.fetches());
        } catch (FetchException | RuntimeException e) {
            int attempts = job.attempts() + 1;
            if (attempts >= MAX_ATTEMPTS) {
                jobs.delete(job.actorUri());
                log.warn("backfill of {} given up after {} attempts: {}", job.actorUri(), attempts, e.toString());
                return;
            }
            Duration delay = Duration.ofMinutes(1).multipliedBy(1L << (2 * (attempts - 1))); // 1, 4, 16, 64 min ...
            jobs.retryLater(job.actorUri(), attempts, polity.clock().instant().plus(delay), e.toString());
            log.info("backfill of {} failed (attempt {}), again in {}: {}", job.actorUri(), attempts, delay,
                    e.toString());
        }
    }

    /**
     * Backfills {@code followed} now, on the caller's thread. Throws when its outbox cannot be read at all (an
     * outage: the job is retried); a post or page that fails later is skipped.
     */
    public Report run(Actor followed) throws FetchException {
        FetchBudget budget = new FetchBudget(limits.fetches());
        Counter count = new Counter(limits.time());
        if (followed.type() == ActorType.Group) {
            group(followed, budget, count);
        } else {
            person(followed, budget, count);
        }
        return new Report(count.stored, count.skipped, budget.used());
    }

    // --- Groups ----------------------------------------------------------------------------------------------

    private void group(Actor group, FetchBudget budget, Counter count) throws FetchException {
        var stores = polity.storage().stores();
        List<JsonNode> threads = new ArrayList<>();
        List<JsonNode> replies = new ArrayList<>();
        Set<String> seen = new java.util.HashSet<>();
        for (Candidate c : outboxPosts(group, budget)) {
            if (count.late()) {
                break;
            }
            if (threads.size() >= limits.threads() && replies.size() >= limits.threads() * limits.repliesPerThread()) {
                break;
            }
            if (!seen.add(c.id()) || polity.uris().isLocal(c.id())) {
                continue;
            }
            Optional<GroupPost> held = stores.groups().findPost(c.id()).filter(p -> p.groupUri().equals(group.uri()));
            if (held.isPresent()) {
                // Held and placed already: not fetched again, but its thread still counts and is read for replies.
                if (held.get().isThread() && threads.size() < limits.threads()) {
                    stores.objects().findObjectByUri(c.id())
                            .map(o -> ObjectService.readTree(o.payload())).ifPresent(threads::add);
                }
                continue;
            }
            boolean reply = c.embedded() != null && c.embedded().hasNonNull("inReplyTo");
            if (!reply && c.embedded() != null && threads.size() >= limits.threads()) {
                continue; // beyond the limit: not even fetched
            }
            Optional<JsonNode> doc = trusted(c, URI.create(group.uri()), budget, count);
            if (doc.isEmpty()) {
                continue;
            }
            if (doc.get().hasNonNull("inReplyTo")) {
                replies.add(doc.get());
            } else if (threads.size() < limits.threads()) {
                threads.add(doc.get());
            } else {
                count.skipped++;
            }
        }
        // Oldest first, so a thread is stored before its replies and the group page keeps its order.
        List<JsonNode> placedThreads = new ArrayList<>();
        for (JsonNode thread : byPublished(threads)) {
            if (count.late()) {
                break;
            }
            String id = ApReader.idOf(thread.get("id"));
            if (stores.groups().findThread(id).filter(t -> t.groupUri().equals(group.uri())).isPresent()) {
                placedThreads.add(thread);
                continue;
            }
            Optional<Placement> placement = placement(group, thread)
                    .filter(Placement::newThread);
            if (placement.isPresent() && store(thread, placement, budget, count)) {
                placedThreads.add(thread);
            } else {
                count.skipped++;
            }
        }
        for (JsonNode thread : placedThreads) {
            if (count.late()) {
                break;
            }
            replies.addAll(contextReplies(group, thread, seen, budget, count));
        }
        Map<String, Integer> perThread = new HashMap<>();
        List<JsonNode> pending = byPublished(replies);
        // A reply whose parent comes later in the list (clocks differ) gets a second pass.
        for (int pass = 0; pass < 2 && !pending.isEmpty(); pass++) {
            List<JsonNode> later = new ArrayList<>();
            for (JsonNode reply : pending) {
                if (count.late()) {
                    break;
                }
                Optional<Placement> placement = placement(group, reply)
                        .filter(p -> !p.newThread());
                if (placement.isEmpty()) {
                    later.add(reply);
                    continue;
                }
                int n = perThread.merge(placement.get().threadUri(), 1, Integer::sum);
                if (n > limits.repliesPerThread()) {
                    count.skipped++;
                    continue;
                }
                store(reply, placement, budget, count);
            }
            pending = later;
        }
        count.skipped += pending.size();
    }

    /** The replies a thread's context collection names, fetched from their own origin, that we do not hold. */
    private List<JsonNode> contextReplies(Actor group, JsonNode thread, Set<String> seen, FetchBudget budget,
            Counter count) {
        // Only the group's host says what is in one of its threads (it moderates the group): a context collection
        // served by the thread author's server could list replies the group never took or has removed. Threads of
        // other servers' members get their replies from the group's outbox, which names what the group announced.
        URI context = uri(ApReader.idOf(thread.get("context")));
        if (context == null || !ObjectFetcher.sameOrigin(context, URI.create(group.uri()))) {
            return List.of();
        }
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode item : CollectionWalk.items(polity.federation().fetcher(), context, limits.pages(),
                limits.repliesPerThread() + 1, budget)) {
            String id = ApReader.idOf(item);
            if (uri(id) == null || !seen.add(id) || polity.uris().isLocal(id)
                    || polity.storage().stores().objects().findObjectByUri(id).isPresent()) {
                continue;
            }
            trusted(new Candidate(id, item.isObject() ? item : null, null), context, budget, count)
                    .filter(d -> d.hasNonNull("inReplyTo")).ifPresent(out::add);
        }
        return out;
    }

    // --- People ----------------------------------------------------------------------------------------------

    private void person(Actor person, FetchBudget budget, Counter count) throws FetchException {
        if (person.outboxUri() == null || !ObjectFetcher.sameOrigin(URI.create(person.outboxUri()),
                URI.create(person.uri()))) {
            return;
        }
        Map<String, Candidate> posts = new LinkedHashMap<>();
        for (JsonNode item : CollectionWalk.itemsOrThrow(polity.federation().fetcher(),
                URI.create(person.outboxUri()), limits.pages(), limits.posts() * 3, budget)) {
            // Their own posts only (a Create by them), not what they boosted or liked.
            if (!item.isObject() || !"Create".equals(item.path("type").asText())
                    || !person.uri().equals(ApReader.idOf(item.get("actor")))) {
                continue;
            }
            JsonNode object = item.get("object");
            String id = ApReader.idOf(object);
            if (id != null && isUrl(id) && posts.size() < limits.posts()) {
                posts.putIfAbsent(id, new Candidate(id, object != null && object.isObject() ? object : null, item));
            }
        }
        List<JsonNode> docs = new ArrayList<>();
        for (Candidate c : posts.values()) {
            if (count.late()) {
                break;
            }
            if (polity.storage().stores().objects().findObjectByUri(c.id()).isPresent()) {
                continue;
            }
            trusted(c, URI.create(person.uri()), budget, count).filter(GroupAddressing::isPublic).ifPresent(docs::add);
        }
        for (JsonNode doc : byPublished(docs)) {
            store(doc, Optional.empty(), budget, count);
        }
    }

    // --- Shared ----------------------------------------------------------------------------------------------

    /** A post an outbox names: its id, the copy embedded there (or null), and the activity around it. */
    private record Candidate(String id, JsonNode embedded, JsonNode activity) {}

    private static final class Counter {
        final long deadline;
        int stored;
        int skipped;

        Counter(Duration time) {
            this.deadline = System.nanoTime() + time.toNanos();
        }

        /** The backfill's time is up: the loops stop, keeping what was stored. */
        boolean late() {
            return System.nanoTime() - deadline > 0;
        }
    }

    /** The posts a group's outbox names, newest first: Announce{Create|Update{post}}, Announce{post}, Create{post}. */
    private List<Candidate> outboxPosts(Actor group, FetchBudget budget) throws FetchException {
        if (group.outboxUri() == null || !ObjectFetcher.sameOrigin(URI.create(group.outboxUri()),
                URI.create(group.uri()))) {
            return List.of();
        }
        List<Candidate> out = new ArrayList<>();
        int max = limits.threads() * (limits.repliesPerThread() + 2);
        for (JsonNode item : CollectionWalk.itemsOrThrow(polity.federation().fetcher(),
                URI.create(group.outboxUri()), limits.pages(), max, budget)) {
            JsonNode activity = item;
            if ("Announce".equals(item.path("type").asText())) {
                activity = item.get("object");
            }
            if (activity == null) {
                continue;
            }
            JsonNode post = activity;
            String type = activity.isObject() ? activity.path("type").asText() : "";
            if (type.equals("Create") || type.equals("Update")) {
                post = activity.get("object");
            } else if (activity.isObject() && !RemoteObjects.STORED_TYPES.contains(type)) {
                continue; // Delete, Lock, Add, Like ...
            }
            String id = ApReader.idOf(post);
            if (id != null && isUrl(id)) {
                out.add(new Candidate(id, post.isObject() ? post : null, activity.isObject() ? activity : null));
            }
        }
        return out;
    }

    /**
     * The post as its origin vouches for it: the embedded copy when it lives on {@code servedBy}'s origin (the
     * collection's owner vouches for its own), otherwise fetched from its id. Empty when it cannot be had or
     * is not a post we store.
     */
    private Optional<JsonNode> trusted(Candidate c, URI servedBy, FetchBudget budget, Counter count) {
        JsonNode doc = c.embedded();
        URI id = uri(c.id());
        try {
            if (id == null) {
                throw new IllegalArgumentException("not an http(s) URL");
            }
            if (doc == null || !ObjectFetcher.sameOrigin(id, servedBy) || !doc.hasNonNull("attributedTo")) {
                doc = polity.federation().fetcher().fetch(id, budget);
            }
        } catch (FetchException | RuntimeException e) {
            log.debug("backfill: {} not fetched: {}", c.id(), e.getMessage());
            count.skipped++;
            return Optional.empty();
        }
        List<String> types = InboxDispatcher.types(doc);
        if (types.isEmpty() || !RemoteObjects.STORED_TYPES.contains(types.get(0))) {
            count.skipped++;
            return Optional.empty();
        }
        return Optional.of(doc);
    }

    /** Where the live rules place {@code post} in {@code group}; nothing for a post they cannot read. */
    private Optional<Placement> placement(Actor group, JsonNode post) {
        try {
            return intake.placement(group, post);
        } catch (RuntimeException e) {
            log.debug("backfill: {} not placed: {}", ApReader.idOf(post.get("id")), e.toString());
            return Optional.empty();
        }
    }

    /** {@code s} as an http(s) URI, or null when it is none (a malformed id skips its item, not the backfill). */
    private static URI uri(String s) {
        if (s == null || !isUrl(s)) {
            return null;
        }
        try {
            URI u = new URI(s);
            return u.getHost() == null ? null : u;
        } catch (java.net.URISyntaxException e) {
            return null;
        }
    }

    /** Stores a trusted post through the live path, quietly. */
    private boolean store(JsonNode doc, Optional<Placement> placement, FetchBudget budget, Counter count) {
        List<String> attributedTo = Publisher.addresses(doc, "attributedTo");
        if (attributedTo.isEmpty()) {
            count.skipped++;
            return false;
        }
        try {
            Actor author = actors.resolve(attributedTo.get(0), budget);
            if (placement.isPresent()) {
                intake.receive(author, doc, null, placement, false);
            } else {
                new RemoteObjects(polity).store(author, doc, null,
                        (tx, row) -> tx.groups().insertTags(row.uri(), Hashtags.tagNames(doc)), false);
            }
            count.stored++;
            return true;
        } catch (FetchException | RuntimeException e) {
            log.debug("backfill: {} not stored: {}", ApReader.idOf(doc.get("id")), e.getMessage());
            count.skipped++;
            return false;
        }
    }

    private static List<JsonNode> byPublished(List<JsonNode> docs) {
        List<JsonNode> sorted = new ArrayList<>(docs);
        sorted.sort(Comparator.comparing(d -> published(d.path("published").asText(""))));
        return sorted;
    }

    private static java.time.Instant published(String value) {
        try {
            return java.time.OffsetDateTime.parse(value).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            return java.time.Instant.EPOCH;
        }
    }

    private static boolean isUrl(String s) {
        return s.startsWith("https://") || s.startsWith("http://");
    }

    @Override
    public void close() {
        // Not interrupted at first: H2 closes its file when a thread is interrupted mid-I/O. A job cut short
        // stays in backfill_jobs and runs again at the next start.
        worker.shutdown();
        try {
            if (!worker.awaitTermination(2, TimeUnit.SECONDS)) {
                worker.shutdownNow();
            }
        } catch (InterruptedException e) {
            worker.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
