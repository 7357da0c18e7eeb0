package org.polity.federation.http;

import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many remote fetches one inbound request may cause (DESIGN.md: "fetches per request"). An inbox POST
 * whose verification and handling pull an actor, its key document, a replied-to note and its author spends
 * four; a hostile activity that points at a chain of a thousand replies stops at the cap. Create one per
 * inbound request (or per job) and pass it to every resolution call. Each logical fetch costs one, whatever
 * its redirects (they have their own cap). Thread-safe.
 */
public final class FetchBudget {
    public static final int DEFAULT_MAX = 10;

    private final int max;
    private final AtomicInteger used = new AtomicInteger();

    public FetchBudget(int max) {
        if (max < 0) {
            throw new IllegalArgumentException("max must not be negative");
        }
        this.max = max;
    }

    /** A fresh budget of {@value #DEFAULT_MAX} fetches. */
    public static FetchBudget perRequest() {
        return new FetchBudget(DEFAULT_MAX);
    }

    /** Spends one fetch of {@code url}, or throws {@link FetchException.Reason#BUDGET_EXHAUSTED}. */
    public void charge(URI url) throws FetchException {
        if (used.incrementAndGet() > max) {
            used.decrementAndGet();
            throw new FetchException(FetchException.Reason.BUDGET_EXHAUSTED, url, "fetch budget of " + max
                    + " fetches for this request is spent; not fetching " + url);
        }
    }

    public int used() {
        return used.get();
    }

    public int remaining() {
        return max - used.get();
    }
}
