package org.polity.server.bench;

import static org.polity.server.testing.TestInstance.eventually;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polity.server.groups.Groups;
import org.polity.server.model.Actor;
import org.polity.server.model.GroupInfo;
import org.polity.server.model.GroupThread;
import org.polity.server.testing.TestInstance;

/**
 * A benchmark, not a test: run only by {@code scripts/bench-groups} ({@code -Dbench.groups=N}). Three instances
 * on loopback; how long until N posts made on one are stored on the other two, for:
 * <ol>
 *   <li>baseline: public Notes to the author's followers (one on each other instance), the path every post takes;
 *   <li>a thread in a local group with one member on each other instance (the group's Announce, FEP-1b12);
 *   <li>a thread posted by a member on B into a group on A, re-sent by A to C (two hops).
 * </ol>
 * Rounds alternate, so the machine's other load falls on all alike; the medians go in docs/BENCHMARKS.md.
 */
class GroupFanoutBench {
    static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();
    @TempDir
    Path dirA;
    @TempDir
    Path dirB;
    @TempDir
    Path dirC;

    @Test
    void fanOut() throws Exception {
        String setting = System.getProperty("bench.groups", "");
        Assumptions.assumeFalse(setting.isBlank(), "a benchmark: run scripts/bench-groups");
        int n = Integer.parseInt(setting);
        int rounds = Integer.parseInt(System.getProperty("bench.rounds", "3"));
        try (TestInstance a = TestInstance.federating(dirA, Map.of("POLITY_COUNTRY", "AU"));
                TestInstance b = TestInstance.federating(dirB, Map.of("POLITY_COUNTRY", "FR"));
                TestInstance c = TestInstance.federating(dirC, Map.of("POLITY_COUNTRY", "ES"))) {
            Actor alice = a.member("alice");
            Actor bob = b.member("bob");
            Actor carol = c.member("carol");
            Groups groupsA = a.server().polity().federation().groups();
            Actor group = groupsA.setup().create(alice, "bench", "Benchmark", "", GroupInfo.Membership.OPEN, false);
            for (TestInstance i : List.of(b, c)) {
                Actor member = i == b ? bob : carol;
                var federation = i.server().polity().federation();
                Actor remoteGroup = federation.actors().resolve(group.uri(),
                        org.polity.federation.http.FetchBudget.perRequest());
                federation.groups().membership().join(member, remoteGroup, "");
                federation.follows().follow(member, federation.actors().resolve(alice.uri(),
                        org.polity.federation.http.FetchBudget.perRequest()), null);
            }
            eventually("everyone has joined and follows", () -> groupsA.queries().requests(alice, group, 10).isEmpty()
                    && a.server().polity().storage().stores().follows().countFollowers(group.id(),
                            org.polity.server.model.Follow.State.ACCEPTED) == 3
                    && a.server().polity().storage().stores().follows().countFollowers(alice.id(),
                            org.polity.server.model.Follow.State.ACCEPTED) == 2);
            Actor groupAtB = b.server().polity().federation().actors().known(group.uri()).orElseThrow();

            List<long[]> results = new ArrayList<>();
            run(a, b, c, alice, bob, group, groupAtB, Math.max(10, n / 5)); // warm-up, not reported
            for (int r = 0; r < rounds; r++) {
                results.add(run(a, b, c, alice, bob, group, groupAtB, n));
            }
            System.out.println("BENCH groups: " + n + " posts per case, " + rounds + " rounds; ms until stored on"
                    + " the other instances (median): notes to followers " + median(results, 0)
                    + ", threads in a local group " + median(results, 1)
                    + ", threads from B through A's group to C " + median(results, 2));
            for (long[] r : results) {
                System.out.println("BENCH round: " + r[0] + " " + r[1] + " " + r[2]);
            }
        }
    }

    private long[] run(TestInstance a, TestInstance b, TestInstance c, Actor alice, Actor bob, Actor group,
            Actor groupAtB, int n) throws Exception {
        long[] out = new long[3];
        // 1. public notes to followers
        List<String> notes = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            var note = JSON.createObjectNode();
            note.put("type", "Note");
            note.put("content", "Note " + i);
            note.putArray("to").add("https://www.w3.org/ns/activitystreams#Public");
            note.putArray("cc").add(alice.followersUri());
            notes.add(a.server().polity().federation().objects().create(alice, note, null).objectUri());
        }
        awaitAll(List.of(b, c), notes, false);
        out[0] = (System.nanoTime() - t0) / 1_000_000;
        // 2. threads in a local group
        List<String> threads = new ArrayList<>();
        t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            threads.add(a.server().polity().federation().groups().posting().startThread(alice, group, "Thread " + i, "Text " + i,
                    GroupThread.Kind.DISCUSSION, List.of()).objectUri());
        }
        awaitAll(List.of(b, c), threads, true);
        out[1] = (System.nanoTime() - t0) / 1_000_000;
        // 3. threads from a member on B, through A, to C
        List<String> relayed = new ArrayList<>();
        t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            relayed.add(b.server().polity().federation().groups().posting().startThread(bob, groupAtB, "From B " + i, "Text",
                    GroupThread.Kind.DISCUSSION, List.of()).objectUri());
        }
        awaitAll(List.of(c), relayed, true);
        out[2] = (System.nanoTime() - t0) / 1_000_000;
        return out;
    }

    private static void awaitAll(List<TestInstance> where, List<String> uris, boolean threads) throws Exception {
        long deadline = System.nanoTime() + 600_000_000_000L;
        for (TestInstance i : where) {
            var stores = i.server().polity().storage().stores();
            for (String uri : uris) {
                while (threads ? stores.groups().findThread(uri).isEmpty() : stores.objects().findObjectByUri(uri).isEmpty()) {
                    if (System.nanoTime() > deadline) {
                        throw new AssertionError("not delivered in 10 minutes: " + uri);
                    }
                    Thread.sleep(5);
                }
            }
        }
    }

    private static long median(List<long[]> results, int column) {
        long[] values = results.stream().mapToLong(r -> r[column]).sorted().toArray();
        return values[values.length / 2];
    }
}
