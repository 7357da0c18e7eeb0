package org.polity.server.figures;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.polity.server.Polity;
import org.polity.server.figures.FigureStore.Answering;
import org.polity.server.figures.FigureStore.CountryCount;
import org.polity.server.figures.FigureStore.MonthCount;

/**
 * The figures of what this instance knows (issue 10: challenges issued, responses given, case studies published,
 * per country and over time, and which countries answer which): on a hub, what every member sent it; on a
 * national instance, its own and what it received. Read by the figures page and its JSON, never stored.
 */
public final class Figures {
    /** The timeline's span: this month and the 23 before it. */
    public static final int MONTHS = 24;

    /** One month of the timeline (UTC). */
    public record Month(YearMonth month, long challenges, long responses) {}

    /**
     * The figures at {@code at}: every country with something public, by code ({@code ""} when none is stated);
     * exactly {@value #MONTHS} months, oldest first, with the empty ones; and who answers whom.
     */
    public record Snapshot(Instant at, List<CountryCount> countries, List<Month> months, List<Answering> answering) {
        public Snapshot {
            countries = List.copyOf(countries);
            months = List.copyOf(months);
            answering = List.copyOf(answering);
        }

        public long challenges() {
            return countries.stream().mapToLong(CountryCount::challenges).sum();
        }

        public long responses() {
            return countries.stream().mapToLong(CountryCount::responses).sum();
        }

        public long caseStudies() {
            return countries.stream().mapToLong(CountryCount::caseStudies).sum();
        }
    }

    private final Polity polity;

    public Figures(Polity polity) {
        this.polity = polity;
    }

    public Snapshot snapshot() {
        Instant now = polity.clock().instant();
        FigureStore store = polity.storage().stores().figures();
        List<YearMonth> span = span(now);
        Map<YearMonth, MonthCount> counted = new HashMap<>();
        for (MonthCount c : store.countsByMonth(span.get(0).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant())) {
            counted.put(YearMonth.of(c.year(), c.month()), c);
        }
        List<Month> months = new ArrayList<>();
        for (YearMonth m : span) {
            MonthCount c = counted.get(m);
            months.add(new Month(m, c == null ? 0 : c.challenges(), c == null ? 0 : c.responses()));
        }
        return new Snapshot(now, store.countsByCountry(), months, store.answering());
    }

    /** The {@value #MONTHS} months up to the one {@code now} falls in (UTC), oldest first. */
    static List<YearMonth> span(Instant now) {
        YearMonth current = YearMonth.from(now.atZone(ZoneOffset.UTC));
        List<YearMonth> span = new ArrayList<>();
        for (int back = MONTHS - 1; back >= 0; back--) {
            span.add(current.minusMonths(back));
        }
        return span;
    }
}
