package org.polity.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.IntStream;

/**
 * The load benchmarks of docs/BENCHMARKS.md, against a running server (scripts/bench starts it, creates the local
 * accounts and passes what they are as {@code key=value} arguments). Progress goes to stderr, the Markdown tables
 * to stdout.
 *
 * <pre>
 * java -cp polity-bench.jar:lib/* org.polity.bench.Bench sign|inbox|fanout|reads key=value...
 * </pre>
 */
public final class Bench {
    static final String PUBLIC = "https://www.w3.org/ns/activitystreams#Public";
    static final String AS = "application/activity+json";

    private final Map<String, String> args;
    private final String server;
    private final String run = Long.toHexString(System.nanoTime() & 0xffffffffL);
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    Bench(Map<String, String> args) {
        this.args = args;
        this.server = arg("server", "http://127.0.0.1:18080");
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = new HashMap<>();
        for (int i = 1; i < argv.length; i++) {
            int eq = argv[i].indexOf('=');
            if (eq < 1) {
                throw new IllegalArgumentException("arguments are key=value: " + argv[i]);
            }
            args.put(argv[i].substring(0, eq), argv[i].substring(eq + 1));
        }
        Bench b = new Bench(args);
        switch (argv.length == 0 ? "" : argv[0]) {
            case "sign" -> b.sign();
            case "inbox" -> b.inbox();
            case "fanout" -> b.fanout();
            case "reads" -> b.reads();
            case "resetdb" -> b.resetDb();
            case "get" -> b.get();
            default -> {
                System.err.println("usage: Bench sign|inbox|fanout|reads|get key=value...");
                System.exit(2);
            }
        }
        System.exit(0);
    }

    String arg(String key, String def) {
        String v = args.get(key);
        return v == null || v.isEmpty() ? def : v;
    }

    int intArg(String key, int def) {
        return Integer.parseInt(arg(key, String.valueOf(def)));
    }

    static void log(String fmt, Object... a) {
        System.err.printf(Locale.ROOT, "[bench %tT] %s%n", java.time.LocalTime.now(), String.format(Locale.ROOT, fmt, a));
    }

    static void out(String fmt, Object... a) {
        System.out.printf(Locale.ROOT, fmt + "%n", a);
        System.out.flush();
    }

    // ---------------------------------------------------------------- sign

    void sign() {
        int n = intArg("signatures", 1000);
        long nanos = Signing.timeSignatures(n);
        out("| %d RSA-2048 SHA256withRSA signatures, one thread | %.1f ms | %s |", n, nanos / 1e6, LoadRun.loadAverage());
    }

    /** Empties a PostgreSQL database for a fresh server: drops and recreates its schema public. */
    void resetDb() throws Exception {
        String url = arg("db.url", "");
        if (!url.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("resetdb is for a PostgreSQL database: " + url);
        }
        try (Db db = new Db(url, arg("db.user", ""), arg("db.password", ""))) {
            db.update("DROP SCHEMA IF EXISTS public CASCADE");
            db.update("CREATE SCHEMA public");
        }
        log("emptied %s", url);
    }

    // ---------------------------------------------------------------- inbox

    /** Peak and last VmRSS of the server process while the load runs, sampled every 50 ms. */
    static final class RssSampler extends Thread {
        private final Path status;
        volatile boolean stop;
        volatile long peakKb;
        volatile long lastKb;

        RssSampler(String pid) {
            super("rss-sampler");
            setDaemon(true);
            this.status = Path.of("/proc", pid, "status");
        }

        static long rssKb(Path status) {
            try {
                for (String line : Files.readAllLines(status)) {
                    if (line.startsWith("VmRSS:")) {
                        return Long.parseLong(line.replaceAll("[^0-9]", ""));
                    }
                }
            } catch (java.io.IOException | NumberFormatException e) {
                return 0;
            }
            return 0;
        }

        @Override
        public void run() {
            while (!stop) {
                long kb = rssKb(status);
                lastKb = kb;
                peakKb = Math.max(peakKb, kb);
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    void inbox() throws Exception {
        int actors = intArg("actors", 1000);
        int senders = intArg("senders", 32);
        Duration warmup = Duration.ofSeconds(intArg("warmup", 5));
        Duration window = Duration.ofSeconds(intArg("duration", 20));
        int presign = intArg("presign", 30_000);
        String user = arg("user", "alice");
        String pid = arg("pid", "self");
        String inbox = server + "/users/" + user + "/inbox";
        String recipient = server + "/users/" + user;
        try (FakeRemote remote = new FakeRemote(intArg("remote.port", 18081), Signing.rsa2048(), h -> false)) {
            long idleKb = RssSampler.rssKb(Path.of("/proc", pid, "status"));
            log("signing %d deliveries ahead of the run (%d actors on %d hosts)...", actors + presign, actors, actors);
            HttpRequest[] requests = IntStream.range(0, actors + presign).parallel().mapToObj(i -> {
                String host = remote.host(1, i % actors);
                String actor = FakeRemote.actorUri(host, "a");
                String id = "http://" + host + "/bench/" + run + "/" + i;
                ObjectNode create = FakeRemote.JSON.createObjectNode();
                create.put("@context", "https://www.w3.org/ns/activitystreams");
                create.put("id", id);
                create.put("type", "Create");
                create.put("actor", actor);
                create.putArray("to").add(recipient);
                ObjectNode note = create.putObject("object");
                note.put("id", id + "/note");
                note.put("type", "Note");
                note.put("attributedTo", actor);
                note.put("content", "<p>Benchmark note " + i + " of run " + run + ".</p>");
                note.put("published", Instant.now().toString());
                note.putArray("to").add(recipient);
                return Signing.signedPost(URI.create(inbox), create.toString().getBytes(StandardCharsets.UTF_8),
                        FakeRemote.keyId(host, "a"), remote.key().getPrivate());
            }).toArray(HttpRequest[]::new);
            RssSampler rss = new RssSampler(pid);
            rss.start();
            log("first delivery of each actor (the server fetches %d actor documents and keys)...", actors);
            LoadRun.Result first = LoadRun.run("first delivery of each of " + actors + " actors (key fetches)",
                    senders, Duration.ZERO, Duration.ofMinutes(15), seq -> seq < actors ? requests[(int) seq] : null,
                    s -> s == 202);
            log("inbox load: %d s warm-up, %d s measured...", warmup.toSeconds(), window.toSeconds());
            long[] cpu0 = {cpuMs(pid), cpuMs("self")};
            String jfr = arg("jfr", "");
            if (!jfr.isEmpty()) { // the server's JFR recording covers the inbox load only
                jcmd(pid, "JFR.start", "name=bench-inbox", "settings=profile", "filename=" + jfr);
            }
            LoadRun.Result load = LoadRun.run("signed Create to /users/" + user + "/inbox", senders, warmup, window,
                    seq -> seq + actors < requests.length ? requests[(int) (seq + actors)] : null, s -> s == 202);
            if (!jfr.isEmpty()) {
                jcmd(pid, "JFR.stop", "name=bench-inbox");
            }
            long[] cpu1 = {cpuMs(pid), cpuMs("self")};
            long peakKb = rss.peakKb;
            String loadDuring = LoadRun.loadAverage();
            log("GET /healthz load with the same senders...");
            HttpRequest health = HttpRequest.newBuilder(URI.create(server + "/healthz")).timeout(Duration.ofSeconds(60))
                    .GET().build();
            LoadRun.Result healthz = LoadRun.run("GET /healthz", senders, warmup, window, seq -> health, s -> s == 200);
            long[] cpu2 = {cpuMs(pid), cpuMs("self")};
            rss.stop = true;
            long accepted = first.okSeqs().cardinality() + load.okSeqs().cardinality();
            out("");
            out("%s", LoadRun.Result.header());
            out("%s", first.row(loadDuring));
            out("%s", load.row(loadDuring));
            out("%s", healthz.row(LoadRun.loadAverage()));
            out("");
            double ratio = load.perSecond() / healthz.perSecond();
            out("| figure | measured | target | met |");
            out("|---|---|---|---|");
            out("| inbox / healthz throughput | %.0f / %.0f = **%.3f×** | ≥ 0.40× | %s |", load.perSecond(),
                    healthz.perSecond(), ratio, ratio >= 0.40 ? "yes" : "no");
            double p99 = load.latencies().percentile(99) / 1e6;
            out("| inbox p99 | **%.1f ms** | < 50 ms | %s |", p99, p99 < 50 ? "yes" : "no");
            out("| server RSS idle (before the load) | %d MB | < 256 MB | %s |", idleKb / 1024, idleKb / 1024 < 256 ? "yes" : "no");
            out("| server RSS under the inbox load (peak, sampled every 50 ms) | **%d MB** | < 384 MB | %s |",
                    peakKb / 1024, peakKb / 1024 < 384 ? "yes" : "no");
            out("| CPU used during the inbox load (warm-up + window): server / load generator | %.1f s / %.1f s | | |",
                    (cpu1[0] - cpu0[0]) / 1e3, (cpu1[1] - cpu0[1]) / 1e3);
            out("| CPU used during the /healthz load (warm-up + window): server / load generator | %.1f s / %.1f s | | |",
                    (cpu2[0] - cpu1[0]) / 1e3, (cpu2[1] - cpu1[1]) / 1e3);
            if (load.exhausted()) {
                out("| note | the %d pre-signed deliveries ran out after %.1f s of the window | | |", presign, load.seconds());
            }
            // Nothing lost: every accepted delivery ends processed in inbox_items.
            String dbUrl = arg("db.url", "");
            if (dbUrl.isEmpty()) {
                out("| accepted deliveries processed | not checked (no db.url) | all | ? |");
                return;
            }
            long drainStart = System.nanoTime();
            Map<String, Long> states;
            try (Db db = new Db(dbUrl, arg("db.user", ""), arg("db.password", ""))) {
                states = awaitProcessed(db, accepted, intArg("drain.timeout", 1200));
            }
            double drained = (System.nanoTime() - drainStart) / 1e9;
            long done = states.getOrDefault("DONE", 0L);
            long rows = states.values().stream().mapToLong(Long::longValue).sum();
            out("| accepted deliveries (202) / rows stored / rows processed (DONE) | %d / %d / %d (%s); queue empty %.0f s after the load | all processed | %s |",
                    accepted, rows, done, states, drained, done == accepted ? "yes, 0 lost" : "**no: " + (accepted - done) + " not processed**");
        }
    }

    /** User + system CPU time a process has used, in milliseconds (/proc/PID/stat, fields 14 and 15). */
    static long cpuMs(String pid) {
        try {
            String stat = Files.readString(Path.of("/proc", pid, "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 1000 / 100; // fields 14, 15; USER_HZ 100
        } catch (java.io.IOException | RuntimeException e) {
            return 0;
        }
    }

    static void jcmd(String pid, String... command) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("jcmd", pid));
        cmd.addAll(List.of(command));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            log("jcmd %s failed: %s", String.join(" ", command), output);
        }
    }

    /**
     * Polls the run's inbox_items until {@code expected} rows are DONE, their states have not changed for two
     * minutes (whatever states a later queue adds: claimed, leased, retrying...), or {@code timeoutSeconds} passed.
     */
    Map<String, Long> awaitProcessed(Db db, long expected, int timeoutSeconds) throws Exception {
        long start = System.nanoTime();
        long changed = start;
        long lastLog = 0;
        Map<String, Long> previous = Map.of();
        while (true) {
            Map<String, Long> states = db.inboxStates("/bench/" + run + "/");
            long now = System.nanoTime();
            if (!states.equals(previous)) {
                changed = now;
                previous = states;
            }
            if (states.getOrDefault("DONE", 0L) >= expected || now - changed > 120_000_000_000L
                    || now - start > timeoutSeconds * 1_000_000_000L) {
                return states;
            }
            if (now - lastLog > 15_000_000_000L) {
                log("waiting for the inbox to process the run's %d activities: %s", expected, states);
                lastLog = now;
            }
            Thread.sleep(1000);
        }
    }

    // ---------------------------------------------------------------- fan-out

    /** Sends signed Follows of {@code target} from {@code actors} (host, name) with 32 senders; returns how many got 202. */
    long follow(FakeRemote remote, List<String[]> actors, String target, String inbox) throws InterruptedException {
        LoadRun.Result r = LoadRun.run("follows", 32, Duration.ZERO, Duration.ofMinutes(20), seq -> {
            if (seq >= actors.size()) {
                return null;
            }
            String[] a = actors.get((int) seq);
            String actor = FakeRemote.actorUri(a[0], a[1]);
            ObjectNode follow = FakeRemote.JSON.createObjectNode();
            follow.put("@context", "https://www.w3.org/ns/activitystreams");
            follow.put("id", "http://" + a[0] + "/bench/" + run + "/follow/" + a[1]);
            follow.put("type", "Follow");
            follow.put("actor", actor);
            follow.put("object", target);
            return Signing.signedPost(URI.create(inbox), follow.toString().getBytes(StandardCharsets.UTF_8),
                    FakeRemote.keyId(a[0], a[1]), remote.key().getPrivate());
        }, s -> s == 202);
        return r.okSeqs().cardinality();
    }

    /** Waits until {@code n} Accepts of this run's Follows arrived; returns how many did. */
    long awaitAccepts(FakeRemote remote, String followPrefix, long n, int timeoutSeconds) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutSeconds * 1_000_000_000L;
        long got = 0;
        while (System.nanoTime() < deadline) {
            got = remote.postsOfType("Accept").stream()
                    .filter(p -> p.objectId() != null && p.objectId().contains(followPrefix)).count();
            if (got >= n) {
                break;
            }
            Thread.sleep(500);
        }
        return got;
    }

    /** Publishes a public Note as {@code user} through C2S; returns the Create's id (Location). */
    String publish(String user, String token, String text) throws Exception {
        ObjectNode note = FakeRemote.JSON.createObjectNode();
        note.put("type", "Note");
        note.put("content", "<p>" + text + "</p>");
        note.putArray("to").add(PUBLIC);
        note.putArray("cc").add(server + "/users/" + user + "/followers");
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(server + "/users/" + user + "/outbox"))
                .header("Authorization", "Bearer " + token).header("Content-Type", AS)
                .POST(HttpRequest.BodyPublishers.ofString(note.toString())).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201) {
            throw new IllegalStateException("publishing answered " + r.statusCode() + ": " + r.body());
        }
        return r.headers().firstValue("Location").orElseThrow();
    }

    void fanout() throws Exception {
        int hosts = intArg("hosts", 1000);
        int sharedHosts = intArg("shared.hosts", 100);
        int perHost = intArg("shared.per.host", 100);
        String user = arg("user", "alice");
        String user2 = arg("user2", "bob");
        int base2 = 20;
        long signNanos = Signing.timeSignatures(1000);
        String signLoad = LoadRun.loadAverage();
        try (FakeRemote remote = new FakeRemote(intArg("remote.port", 18081), Signing.rsa2048(),
                h -> h.startsWith("127.0." + base2 + "."))) {
            List<String[]> followers = new ArrayList<>();
            for (int i = 0; i < hosts; i++) {
                followers.add(new String[] {remote.host(1, i), "f"});
            }
            log("%d signed Follows of %s from %d hosts...", hosts, user, hosts);
            long accepted = follow(remote, followers, server + "/users/" + user, server + "/users/" + user + "/inbox");
            long accepts = awaitAccepts(remote, "/bench/" + run + "/follow/", hosts, 900);
            log("follows accepted with 202: %d; Accept activities received: %d", accepted, accepts);
            Thread.sleep(2000);
            remote.posts.clear();
            log("publishing one post to %d followers on %d hosts...", hosts, hosts);
            String jfr = arg("jfr", "");
            if (!jfr.isEmpty()) { // the server's JFR recording covers this fan-out only
                jcmd(arg("pid", ""), "JFR.start", "name=bench-fanout", "settings=profile", "filename=" + jfr);
                Thread.sleep(10_000); // the recording's own start-up (class loading, first chunk) outside the timing
            }
            long t0 = System.nanoTime();
            String create = publish(user, arg("token", ""), "Fan-out benchmark " + run);
            long published = System.nanoTime();
            long deadline = t0 + 900_000_000_000L;
            Set<String> reached = new HashSet<>();
            long last = 0;
            while (System.nanoTime() < deadline) {
                reached.clear();
                last = 0;
                for (FakeRemote.Post p : remote.posts) {
                    if ("Create".equals(p.type()) && create.equals(p.id())) {
                        reached.add(p.host());
                        last = Math.max(last, p.nanos());
                    }
                }
                if (reached.size() >= hosts) {
                    break;
                }
                Thread.sleep(20);
            }
            if (!jfr.isEmpty()) {
                jcmd(arg("pid", ""), "JFR.stop", "name=bench-fanout");
            }
            String fanLoad = LoadRun.loadAverage();
            Thread.sleep(3000);
            long creates = remote.posts.stream().filter(p -> "Create".equals(p.type()) && create.equals(p.id())).count();
            Map<String, Long> timesPerHost = new HashMap<>();
            remote.posts.stream().filter(p -> create.equals(p.id())).forEach(p -> timesPerHost.merge(p.host(), 1L, Long::sum));
            long hostsTwice = timesPerHost.values().stream().filter(v -> v > 1).count();
            double fanMs = (last - t0) / 1e6;
            double signMs = signNanos / 1e6;
            out("");
            out("| figure | measured | load average | target | met |");
            out("|---|---|---|---|---|");
            out("| baseline: 1,000 RSA-2048 SHA256withRSA signatures on one thread, this JVM | %.1f ms | %s | | |", signMs, signLoad);
            out("| followers made by signed Follow (202) / Accepts received | %d / %d | | %d | %s |", accepted, accepts, hosts,
                    accepted == hosts && accepts >= hosts ? "yes" : "no");
            out("| publish request (C2S outbox) answered after | %.1f ms | | | |", (published - t0) / 1e6);
            out("| publish request → last of %d inboxes got its POST | **%.1f ms** (%d hosts reached, %d Create POSTs) | %s | ≤ 1.5 × %.1f = %.1f ms | %s (%.2f×) |",
                    hosts, fanMs, reached.size(), creates, fanLoad, signMs, 1.5 * signMs,
                    reached.size() == hosts && fanMs <= 1.5 * signMs ? "yes" : "no", fanMs / signMs);
            out("| inboxes that got the Create more than once (within 3 s after the last first arrival) | %d (most to one inbox: %d) | | 0 | %s |",
                    hostsTwice, timesPerHost.values().stream().mapToLong(Long::longValue).max().orElse(0),
                    hostsTwice == 0 ? "yes" : "no");

            // 10,000 followers on 100 hosts, each actor listing its host's shared inbox.
            List<String[]> many = new ArrayList<>();
            for (int h = 0; h < sharedHosts; h++) {
                for (int a = 0; a < perHost; a++) {
                    many.add(new String[] {remote.host(base2, h), "s" + a});
                }
            }
            log("%d signed Follows of %s from %d hosts (shared inboxes)...", many.size(), user2, sharedHosts);
            long accepted2 = follow(remote, many, server + "/users/" + user2, server + "/users/" + user2 + "/inbox");
            long accepts2 = awaitAccepts(remote, "/bench/" + run + "/follow/s", many.size(), 1800);
            log("follows accepted with 202: %d; Accept activities received: %d", accepted2, accepts2);
            Thread.sleep(2000);
            remote.posts.clear();
            long s0 = System.nanoTime();
            String create2 = publish(user2, arg("token2", ""), "Shared inbox benchmark " + run);
            long lastSeen = System.nanoTime();
            int seen = 0;
            // Until 100 hosts are reached, then 15 s with nothing new (a duplicate would come by then).
            while (System.nanoTime() - s0 < 900_000_000_000L) {
                int now = (int) remote.posts.stream().filter(p -> create2.equals(p.id())).count();
                if (now != seen) {
                    seen = now;
                    lastSeen = System.nanoTime();
                }
                Set<String> h = new HashSet<>();
                remote.posts.stream().filter(p -> create2.equals(p.id())).forEach(p -> h.add(p.host()));
                if (h.size() >= sharedHosts && System.nanoTime() - lastSeen > 15_000_000_000L) {
                    break;
                }
                Thread.sleep(100);
            }
            Map<String, Long> byPath = new TreeMap<>();
            Set<String> hostsReached = new HashSet<>();
            long lastArrival = 0;
            for (FakeRemote.Post p : remote.posts) {
                if (create2.equals(p.id())) {
                    byPath.merge(p.path(), 1L, Long::sum);
                    hostsReached.add(p.host());
                    lastArrival = Math.max(lastArrival, p.nanos());
                }
            }
            long total = byPath.values().stream().mapToLong(Long::longValue).sum();
            out("| followers on %d hosts with a sharedInbox: Follows accepted (202) / Accepts received | %d / %d | | %d | %s |",
                    sharedHosts, accepted2, accepts2, many.size(), accepted2 == many.size() && accepts2 >= many.size() ? "yes" : "no");
            out("| POSTs one post to %d followers on %d hosts causes | **%d** (to %s; %d hosts; last after %.0f ms) | %s | exactly %d | %s |",
                    many.size(), sharedHosts, total, byPath, hostsReached.size(), (lastArrival - s0) / 1e6,
                    LoadRun.loadAverage(), sharedHosts, total == sharedHosts ? "yes" : "no");
        }
    }

    // ---------------------------------------------------------------- get

    /**
     * One GET under load, for profiling a single route: {@code url=}, {@code accept=} (ActivityStreams JSON),
     * {@code cookie=} (none), {@code senders=32 warmup=5 duration=20}. Prints the run's row.
     */
    void get() throws Exception {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(arg("url", null)))
                .header("Accept", arg("accept", AS)).timeout(Duration.ofSeconds(60)).GET();
        if (!arg("cookie", "").isEmpty()) {
            builder.header("Cookie", arg("cookie", ""));
        }
        HttpRequest get = builder.build();
        LoadRun.Result res = LoadRun.run("GET " + get.uri(), intArg("senders", 32),
                Duration.ofSeconds(intArg("warmup", 5)), Duration.ofSeconds(intArg("duration", 20)), seq -> get,
                s -> s == 200);
        out("%s", LoadRun.Result.header());
        out("%s", res.row(LoadRun.loadAverage()));
    }

    // ---------------------------------------------------------------- reads

    void reads() throws Exception {
        int target = intArg("objects", 100_000);
        int actors = intArg("actors", 1000);
        int challenges = intArg("challenges", 100);
        int replies = intArg("replies", 100);
        int senders = intArg("senders", 32);
        Duration warmup = Duration.ofSeconds(intArg("warmup", 5));
        Duration window = Duration.ofSeconds(intArg("duration", 15));
        String user = arg("user", "alice");
        String token = arg("token", "");
        String inbox = server + "/users/" + user + "/inbox";
        String recipient = server + "/users/" + user;
        try (FakeRemote remote = new FakeRemote(intArg("remote.port", 18081), Signing.rsa2048(), h -> false);
                Db db = new Db(arg("db.url", ""), arg("db.user", ""), arg("db.password", ""))) {
            // The thread: a post of the local member, with replies from remote actors.
            String createUri = publish(user, token, "Benchmark thread " + run);
            HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(createUri)).header("Accept", AS)
                    .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
            String thread = FakeRemote.JSON.readTree(created.body()).path("object").path("id").asText();
            if (thread.isEmpty()) {
                thread = FakeRemote.JSON.readTree(created.body()).path("object").asText();
            }
            log("thread %s", thread);
            // Seeds through the inbox: a Note of each actor, challenges, replies to the thread.
            int seeds = actors + challenges + replies;
            String root = thread;
            log("%d signed Creates through the inbox (%d notes, %d challenges, %d replies)...", seeds, actors, challenges, replies);
            LoadRun.Result r = LoadRun.run("seed", senders, Duration.ZERO, Duration.ofMinutes(20), seq -> {
                if (seq >= seeds) {
                    return null;
                }
                int i = (int) seq;
                String host = remote.host(1, i % actors);
                String actor = FakeRemote.actorUri(host, "r");
                String kind = i < actors ? "n" : i < actors + challenges ? "c" : "r";
                String id = "http://" + host + "/bench/" + run + "/" + kind + i;
                ObjectNode create = FakeRemote.JSON.createObjectNode();
                create.putArray("@context").add("https://www.w3.org/ns/activitystreams").add("https://w3id.org/polity/v1");
                create.put("id", id);
                create.put("type", "Create");
                create.put("actor", actor);
                create.putArray("to").add(PUBLIC);
                create.putArray("cc").add(recipient);
                ObjectNode o = create.putObject("object");
                o.put("id", id + "/object");
                o.put("attributedTo", actor);
                o.put("published", Instant.now().minusSeconds(seeds - i).toString());
                o.putArray("to").add(PUBLIC);
                o.putArray("cc").add(recipient);
                switch (kind) {
                    case "n" -> {
                        o.put("type", "Note");
                        o.put("content", "<p>Open data portals in the public sector: note " + i
                                + ". How do other administrations publish their budget data, and with which licences?</p>");
                    }
                    case "c" -> {
                        o.putArray("type").add("Article").add("Challenge");
                        o.put("name", "Challenge " + i + ": making budget data usable by citizens");
                        o.put("summary", "How have other countries made budget data usable?");
                        o.put("content", "<p>Budget data is published but rarely used.</p><h2>Questions</h2><ol><li>What worked?</li></ol>");
                        o.put("country", "FR");
                        o.put("organisation", "Bench agency " + i);
                        o.put("sector", "finance");
                        o.putArray("sdgs").add(16);
                        o.putArray("subQuestions").addObject().put("id", id + "/object/questions/1")
                                .put("type", "ChallengeQuestion").put("name", "What worked?");
                        o.put("challengeStatus", "open");
                        o.put("deadline", "2027-12-31T23:59:59Z");
                    }
                    default -> {
                        o.put("type", "Note");
                        o.put("inReplyTo", root);
                        o.put("content", "<p>Reply " + i + " to the thread.</p>");
                    }
                }
                return Signing.signedPost(URI.create(inbox), create.toString().getBytes(StandardCharsets.UTF_8),
                        FakeRemote.keyId(host, "r"), remote.key().getPrivate());
            }, s -> s == 202);
            log("seeds accepted: %d of %d; waiting for the inbox to process them...", r.okSeqs().cardinality(), seeds);
            long t0 = System.nanoTime();
            Map<String, Long> states = awaitProcessed(db, r.okSeqs().cardinality(), 1200);
            log("seeds processed: %s in %.0f s", states, (System.nanoTime() - t0) / 1e9);
            List<String> seedUris = db.strings("SELECT uri FROM objects WHERE uri LIKE '%/bench/" + run
                    + "/n%' OR uri LIKE '%/bench/" + run + "/c%'");
            long before = db.count("SELECT COUNT(*) FROM objects");
            int copies = (int) Math.max(0, Math.ceil((target - before) / (double) Math.max(seedUris.size(), 1)));
            log("objects stored: %d (%d seeds to copy); copying each %d times in SQL...", before, seedUris.size(), copies);
            long c0 = System.nanoTime();
            db.helpers(copies, seedUris);
            int objects = db.cloneRows("objects", "uri");
            int addressing = db.cloneRows("addressing", "subject_uri");
            int challengeRows = db.cloneRows("challenges", "object_uri");
            db.dropHelpers();
            // Fresh planner statistics, as a database that grew to this size would have (autovacuum on PostgreSQL).
            for (String table : List.of("objects", "addressing", "challenges")) {
                db.update(arg("db.url", "").startsWith("jdbc:postgresql:") ? "ANALYZE " + table : "ANALYZE TABLE " + table);
            }
            long after = db.count("SELECT COUNT(*) FROM objects");
            long challengeObjects = db.count("SELECT COUNT(*) FROM objects WHERE kind = 'CHALLENGE'");
            long threadReplies = db.count("SELECT COUNT(*) FROM objects WHERE in_reply_to_uri = '" + root + "'");
            log("copied in %.1f s: %d objects, %d addressing rows, %d challenge rows", (System.nanoTime() - c0) / 1e9,
                    objects, addressing, challengeRows);
            out("");
            out("Data: %d objects stored (%d challenges; the thread has %d replies); %d of them written through the"
                    + " inbox (signed Creates, %s), the other %d copied from those in SQL.", after, challengeObjects,
                    threadReplies, before, states, objects);
            out("");
            Map<String, String> reads = new java.util.LinkedHashMap<>();
            reads.put("challenge directory `GET /challenges`", server + "/challenges");
            reads.put("thread `GET /objects/{id}/replies`", root + "/replies");
            reads.put("profile `GET /users/" + user + "`", server + "/users/" + user);
            List<String> rows = new ArrayList<>();
            List<String> verdicts = new ArrayList<>();
            // Each read twice: as a remote server fetches it (anonymous: the server may answer from its
            // micro-cache of public documents, public.cache.seconds), then with a cookie that names no session,
            // which the cache never answers, so every request reads the database (the figure without the cache).
            List<String[]> runs = new ArrayList<>();
            for (Map.Entry<String, String> e : reads.entrySet()) {
                runs.add(new String[] {e.getKey(), e.getValue(), null});
            }
            for (Map.Entry<String, String> e : reads.entrySet()) {
                runs.add(new String[] {e.getKey() + ", not cached", e.getValue(), "polity_bench=uncached"});
            }
            for (String[] run : runs) {
                Map.Entry<String, String> e = Map.entry(run[0], run[1]);
                HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(e.getValue())).header("Accept", AS)
                        .timeout(Duration.ofSeconds(60)).GET();
                if (run[2] != null) {
                    builder.header("Cookie", run[2]);
                }
                HttpRequest get = builder.build();
                HttpResponse<String> sample = http.send(get, HttpResponse.BodyHandlers.ofString());
                log("%s: %d, %d bytes", e.getKey(), sample.statusCode(), sample.body().length());
                LoadRun.Result res = LoadRun.run(e.getKey(), senders, warmup, window, seq -> get, s -> s == 200);
                rows.add(res.row(LoadRun.loadAverage()));
                double p99 = res.latencies().percentile(99) / 1e6;
                verdicts.add(String.format(Locale.ROOT, "| %s | %.0f/s, p99 %.1f ms (%d bytes) | ≥ 3,000/s, p99 < 30 ms | %s |",
                        e.getKey(), res.perSecond(), p99, sample.body().length(),
                        res.perSecond() >= 3000 && p99 < 30 ? "yes" : "no"));
            }
            out("%s", LoadRun.Result.header());
            rows.forEach(row -> out("%s", row));
            out("");
            out("| read | measured | target | met |");
            out("|---|---|---|---|");
            verdicts.forEach(v -> out("%s", v));
        }
    }

}
