package org.polity.bench;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntPredicate;

/**
 * A fixed pool of sender threads, each with its own keep-alive HTTP/1.1 connection ({@link RawHttp}: a plain
 * socket, as wrk does; the JDK's HttpClient cost three times the server's CPU), sending as fast as the server
 * answers: a warm-up whose answers are not counted, then a measured window.
 * Every measured latency is kept ({@link Latencies}). A run also ends when {@link Requests#next} has no more (the
 * inbox bench signs its requests ahead of the run so that signing does not compete with the server for CPU).
 */
public final class LoadRun {
    /** The request to send as number {@code seq} of the run (0, 1, ... across all senders), or null: no more. */
    public interface Requests {
        HttpRequest next(long seq);
    }

    /**
     * @param ok          answers whose status the run counts as success
     * @param other       every other answer and transport error, by status (0: an I/O error or timeout)
     * @param sent        requests sent during the warm-up and the window, whatever their answer
     * @param okSeqs      the sequence numbers answered with success, warm-up included (what the server accepted)
     */
    public record Result(String name, int senders, long ok, Map<Integer, Long> other, double seconds,
            Latencies latencies, long sent, boolean exhausted, java.util.BitSet okSeqs) {
        public double perSecond() {
            return ok / seconds;
        }

        public String row(String loadAverage) {
            return String.format(java.util.Locale.ROOT, "| %s | %d | %.0f | %d | %s | %s | %s | %s | %s | %s |",
                    name, senders, perSecond(), ok, others(), Latencies.ms(latencies.percentile(50)),
                    Latencies.ms(latencies.percentile(90)), Latencies.ms(latencies.percentile(99)),
                    Latencies.ms(latencies.max()), loadAverage);
        }

        private String others() {
            return other.isEmpty() ? "0" : other.toString().replace("=", ": ").replace("{", "").replace("}", "");
        }

        public static String header() {
            return "| run | senders | requests/s | successes in the window | other answers (status: count) | p50 ms | p90 ms | p99 ms | max ms | load average |\n"
                    + "|---|---|---|---|---|---|---|---|---|---|";
        }
    }

    private LoadRun() {}

    public static Result run(String name, int senders, Duration warmup, Duration window, Requests requests,
            IntPredicate okStatus) throws InterruptedException {
        AtomicLong seq = new AtomicLong();
        long start = System.nanoTime();
        long measureFrom = start + warmup.toNanos();
        long end = measureFrom + window.toNanos();
        List<Latencies> parts = new ArrayList<>();
        Map<Integer, AtomicLong> other = new ConcurrentHashMap<>();
        AtomicLong ok = new AtomicLong();
        AtomicLong sent = new AtomicLong();
        AtomicLong lastFinish = new AtomicLong(measureFrom);
        java.util.BitSet okSeqs = new java.util.BitSet();
        boolean[] exhausted = {false};
        List<Thread> threads = new ArrayList<>();
        for (int s = 0; s < senders; s++) {
            Latencies mine = new Latencies();
            parts.add(mine);
            Thread t = new Thread(() -> {
                RawHttp client = new RawHttp(60_000);
                while (true) {
                    long now = System.nanoTime();
                    if (now >= end) {
                        break;
                    }
                    long n = seq.getAndIncrement();
                    HttpRequest request = requests.next(n);
                    if (request == null) {
                        synchronized (exhausted) {
                            exhausted[0] = true;
                        }
                        break;
                    }
                    int status;
                    long t0 = System.nanoTime();
                    status = client.send(request);
                    long t1 = System.nanoTime();
                    sent.incrementAndGet();
                    boolean success = okStatus.test(status);
                    if (success) {
                        synchronized (okSeqs) {
                            okSeqs.set((int) n);
                        }
                    }
                    if (t0 >= measureFrom && t1 <= end) {
                        lastFinish.accumulateAndGet(t1, Math::max);
                        if (success) {
                            mine.record(t1 - t0);
                            ok.incrementAndGet();
                        } else {
                            other.computeIfAbsent(status, k -> new AtomicLong()).incrementAndGet();
                        }
                    }
                }
                client.close();
            }, "sender-" + s);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        long windowEnd = exhausted[0] ? lastFinish.get() : end;
        double seconds = Math.max(windowEnd - measureFrom, 1) / 1e9;
        Map<Integer, Long> others = new TreeMap<>();
        other.forEach((k, v) -> others.put(k, v.get()));
        return new Result(name, senders, ok.get(), others, seconds, Latencies.merge(parts), sent.get(),
                exhausted[0], okSeqs);
    }

    /** The three load averages of /proc/loadavg, as the tables show them. */
    public static String loadAverage() {
        try {
            String[] f = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "?";
        }
    }
}
