package org.polity.server.figures;

import java.text.Collator;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.polity.server.casestudies.Countries;
import org.polity.server.figures.FigureStore.Answering;
import org.polity.server.figures.FigureStore.CountryCount;
import org.polity.server.web.Messages;

/**
 * The figures page's parts in the reader's language: both charts as SVG, the tables beside them, the answering
 * matrix with its shading, and the feeds. Countries are named, not coded, and sorted by how much they put out
 * (then by name, as the reader's language sorts); a country that states none comes last.
 */
public final class FiguresView {
    /** A row of the by-country table. */
    public record CountryRow(String code, String name, long challenges, long responses, long caseStudies) {
        public long total() {
            return challenges + responses + caseStudies;
        }
    }

    /** A row of the month-by-month table. */
    public record MonthRow(String label, long challenges, long responses) {}

    /** A cell of the matrix; {@code heat} is its CSS class, {@code heat-0} (none) to {@code heat-4} (the most). */
    public record Cell(long responses, String heat) {}

    /**
     * Who answers whom: responding countries (rows) by issuing countries (columns), with each row's cells, and
     * what each issuing country received (the columns' totals, then all of them).
     */
    public record Matrix(List<String> issuers, List<MatrixRow> rows, List<Long> received, long total) {
        public boolean isEmpty() {
            return rows.isEmpty();
        }
    }

    public record MatrixRow(String responder, List<Cell> cells, long total) {}

    /** One country's three feeds. */
    public record CountryFeeds(String code, String name, String challenges, String responses, String caseStudies) {}

    static final String CHALLENGES_FEED = "/challenges/feed.atom";
    static final String RESPONSES_FEED = org.polity.server.web.AtomRoutes.RESPONSES_FEED;
    static final String CASE_STUDIES_FEED = "/case-studies/feed.atom";
    static final int HEAT_LEVELS = 4;

    private final Figures.Snapshot figures;
    private final Messages m;
    private final Locale locale;

    public FiguresView(Figures.Snapshot figures, Messages m) {
        this.figures = figures;
        this.m = m;
        this.locale = m.locale();
    }

    public Figures.Snapshot figures() {
        return figures;
    }

    /** A country's name in the reader's language, or the words for "not stated". */
    String name(String code) {
        return code == null || code.isEmpty() ? m.t("figures.country.none") : Countries.name(code, locale);
    }

    /** Most output first, then by name; the unstated country last. */
    private <T> Comparator<T> byWeight(java.util.function.Function<T, String> code,
            java.util.function.ToLongFunction<T> weight) {
        Collator collator = Collator.getInstance(locale);
        return Comparator.<T, Boolean>comparing(t -> code.apply(t).isEmpty())
                .thenComparing(Comparator.comparingLong(weight).reversed())
                .thenComparing(t -> name(code.apply(t)), collator);
    }

    public List<CountryRow> countries() {
        return figures.countries().stream().sorted(byWeight(CountryCount::country, CountryCount::total))
                .map(c -> new CountryRow(c.country(), name(c.country()), c.challenges(), c.responses(),
                        c.caseStudies())).toList();
    }

    private List<SvgCharts.Series> threeSeries() {
        return List.of(new SvgCharts.Series("challenges", m.t("figures.series.challenges")),
                new SvgCharts.Series("responses", m.t("figures.series.responses")),
                new SvgCharts.Series("case-studies", m.t("figures.series.caseStudies")));
    }

    /** The by-country bar chart. */
    public String byCountryChart() {
        List<CountryRow> rows = countries();
        List<SvgCharts.Group> groups = rows.stream().map(r -> new SvgCharts.Group(r.name(),
                List.of(r.challenges(), r.responses(), r.caseStudies()))).toList();
        return SvgCharts.bars("chart-by-country", new SvgCharts.Text(m.t("figures.byCountry.title"),
                m.t("figures.byCountry.desc", rows.size()), m.t("figures.byCountry.empty")), threeSeries(), groups,
                locale);
    }

    public List<MonthRow> months() {
        DateTimeFormatter long_ = DateTimeFormatter.ofPattern("LLLL yyyy", locale);
        return figures.months().stream().map(mo -> new MonthRow(capitalised(long_.format(mo.month())),
                mo.challenges(), mo.responses())).toList();
    }

    /**
     * The timeline: a column pair per month, each January labelled everywhere, April, July and October only where
     * the chart is wide enough for four labels a year (on a phone two labels six months apart would touch).
     */
    public String timelineChart() {
        DateTimeFormatter short_ = DateTimeFormatter.ofPattern("LLL yyyy", locale);
        List<SvgCharts.Group> groups = new ArrayList<>();
        List<Integer> ticks = new ArrayList<>();
        for (Figures.Month mo : figures.months()) {
            groups.add(new SvgCharts.Group(capitalised(short_.format(mo.month())),
                    List.of(mo.challenges(), mo.responses())));
            int month = mo.month().getMonthValue();
            ticks.add(month == 1 ? SvgCharts.TICK_MAJOR : month % 3 == 1 ? SvgCharts.TICK_MINOR : SvgCharts.TICK_NONE);
        }
        List<MonthRow> rows = months();
        return SvgCharts.columns("chart-timeline", new SvgCharts.Text(m.t("figures.timeline.title"),
                m.t("figures.timeline.desc", rows.get(0).label(), rows.get(rows.size() - 1).label()),
                m.t("figures.timeline.empty")), threeSeries().subList(0, 2), groups, ticks, locale);
    }

    /** Whether the timeline has anything in it (its table is shown only then). */
    public boolean hasTimeline() {
        return figures.months().stream().anyMatch(mo -> mo.challenges() + mo.responses() > 0);
    }

    public Matrix matrix() {
        Map<String, Map<String, Long>> byResponder = new LinkedHashMap<>();
        Map<String, Long> responderTotals = new LinkedHashMap<>();
        Map<String, Long> issuerTotals = new LinkedHashMap<>();
        long max = 0;
        for (Answering a : figures.answering()) {
            byResponder.computeIfAbsent(a.responder(), k -> new LinkedHashMap<>()).put(a.issuer(), a.responses());
            responderTotals.merge(a.responder(), a.responses(), Long::sum);
            issuerTotals.merge(a.issuer(), a.responses(), Long::sum);
            max = Math.max(max, a.responses());
        }
        List<String> issuers = issuerTotals.keySet().stream()
                .sorted(byWeight(k -> k, issuerTotals::get)).toList();
        List<MatrixRow> rows = new ArrayList<>();
        for (String responder : byResponder.keySet().stream().sorted(byWeight(k -> k, responderTotals::get)).toList()) {
            List<Cell> cells = new ArrayList<>();
            for (String issuer : issuers) {
                long n = byResponder.get(responder).getOrDefault(issuer, 0L);
                cells.add(new Cell(n, heat(n, max)));
            }
            rows.add(new MatrixRow(name(responder), cells, responderTotals.get(responder)));
        }
        return new Matrix(issuers.stream().map(this::name).toList(), rows,
                issuers.stream().map(issuerTotals::get).toList(),
                responderTotals.values().stream().mapToLong(Long::longValue).sum());
    }

    /** {@code heat-0} for none, then {@code heat-1} to {@code heat-4} by quarters of the largest cell. */
    static String heat(long n, long max) {
        if (n <= 0 || max <= 0) {
            return "heat-0";
        }
        return "heat-" + Math.max(1, (int) Math.ceil((double) HEAT_LEVELS * n / max));
    }

    /** The three feeds of each country with something public (not the unstated one: it has no feed). */
    public List<CountryFeeds> countryFeeds() {
        return countries().stream().filter(c -> !c.code().isEmpty()).map(c -> new CountryFeeds(c.code(), c.name(),
                CHALLENGES_FEED + "?country=" + c.code(), RESPONSES_FEED + "?country=" + c.code(),
                CASE_STUDIES_FEED + "?country=" + c.code())).toList();
    }

    /** A number as the reader's language writes it. */
    public String number(long n) {
        return java.text.NumberFormat.getIntegerInstance(locale).format(n);
    }

    /** "mars 2026" → "Mars 2026": a month heading a row or a tick starts with a capital in every language. */
    private String capitalised(String s) {
        return s.isEmpty() ? s : s.substring(0, 1).toUpperCase(locale) + s.substring(1);
    }
}
