package org.polity.server.figures;

import java.text.NumberFormat;
import java.util.List;
import java.util.Locale;

/**
 * Bar charts as inline SVG, written on the server: the page needs no script (the CSP allows only our own, and a
 * chart should not depend on one) and no style attribute (the CSP has no {@code 'unsafe-inline'}), so colours
 * come from CSS classes, {@code chart-<series>} in polity.css.
 *
 * <p>The SVG has no {@code viewBox}: it is as wide as its box, horizontal positions are percentages and
 * vertical ones pixels, so the text keeps its size on a 360 px phone and on a desktop rather than shrinking or
 * growing with the drawing. Each chart is one {@code role="img"} named by its {@code <title>} and described by
 * its {@code <desc>}; the numbers themselves are in the data table the page puts beside it.
 *
 * <p>Every label is escaped here (a country name is ours, but a code we do not know is shown as received).
 * Knows nothing of the web framework, storage or messages: the caller passes the words.
 */
public final class SvgCharts {
    /** A data series: {@code key} names its CSS class ({@code chart-<key>}), {@code label} its legend text. */
    public record Series(String key, String label) {}

    /** One group of bars (a country, a month): its label, and one value per series, in the series' order. */
    public record Group(String label, List<Long> values) {
        public Group {
            values = List.copyOf(values);
        }
    }

    /** The words of a chart: its accessible name, its description, and what to say when there is nothing. */
    public record Text(String title, String desc, String empty) {}

    /** Share of the width the longest bar takes, leaving room for its value after it. */
    static final double BAR_SPAN = 86.0;
    static final int LABEL_HEIGHT = 18;
    static final int BAR_HEIGHT = 11;
    static final int BAR_GAP = 2;
    static final int GROUP_GAP = 10;
    /** The timeline's drawing: the plot's top and height, and the month labels' band below it. */
    static final int PLOT_TOP = 18;
    static final int PLOT_HEIGHT = 150;
    static final int AXIS_HEIGHT = 26;
    /** How near either end (in percent of the width) a tick label is anchored at its slot's edge. */
    static final double EDGE = 9.0;

    private SvgCharts() {}

    /**
     * Horizontal bars, one group per row: the row's label above its bars, one bar per series with its value at
     * its end. Scaled so that the largest value spans {@value #BAR_SPAN}% of the width.
     */
    public static String bars(String id, Text text, List<Series> series, List<Group> groups, Locale locale) {
        long max = max(groups);
        if (max == 0) {
            return empty(id, text);
        }
        NumberFormat numbers = NumberFormat.getIntegerInstance(locale);
        int groupHeight = LABEL_HEIGHT + series.size() * (BAR_HEIGHT + BAR_GAP) + GROUP_GAP;
        StringBuilder svg = open(id, text, "chart chart-bars", groups.size() * groupHeight);
        int y = 0;
        for (Group g : groups) {
            svg.append("<g class=\"chart-group\">");
            svg.append("<text class=\"chart-label\" x=\"0\" y=\"").append(y + LABEL_HEIGHT - 5).append("\">")
                    .append(escape(g.label())).append("</text>");
            int barY = y + LABEL_HEIGHT;
            for (int s = 0; s < series.size(); s++) {
                long value = s < g.values().size() ? g.values().get(s) : 0;
                String width = percent(BAR_SPAN * value / max);
                svg.append("<rect class=\"chart-").append(escape(series.get(s).key())).append("\" x=\"0\" y=\"")
                        .append(barY).append("\" width=\"").append(width).append("%\" height=\"").append(BAR_HEIGHT)
                        .append("\"><title>").append(escape(g.label() + ", " + series.get(s).label() + ": "
                                + numbers.format(value))).append("</title></rect>");
                svg.append("<text class=\"chart-value\" x=\"").append(width).append("%\" dx=\"4\" y=\"")
                        .append(barY + BAR_HEIGHT - 1).append("\">").append(numbers.format(value)).append("</text>");
                barY += BAR_HEIGHT + BAR_GAP;
            }
            svg.append("</g>");
            y += groupHeight;
        }
        return svg.append("</svg>").toString();
    }

    /**
     * Columns over time, one slot per group (a month) with a column per series side by side, on a scale from 0
     * to a round number at or above the largest value, with its top and middle lines labelled. A group's label
     * is drawn under it when {@code tick} says so for its index: {@link #TICK_MAJOR} always,
     * {@link #TICK_MINOR} only where there is room (polity.css hides minor ticks on a phone).
     */
    public static String columns(String id, Text text, List<Series> series, List<Group> groups, List<Integer> ticks,
            Locale locale) {
        long max = max(groups);
        if (max == 0) {
            return empty(id, text);
        }
        NumberFormat numbers = NumberFormat.getIntegerInstance(locale);
        long top = roundUp(max);
        StringBuilder svg = open(id, text, "chart chart-columns", PLOT_TOP + PLOT_HEIGHT + AXIS_HEIGHT);
        int base = PLOT_TOP + PLOT_HEIGHT;
        for (long line : new long[] {0, top / 2, top}) {
            if (line == top / 2 && (top % 2 != 0 || top < 2)) {
                continue; // a middle line at a fraction would label a count nobody can have
            }
            int ly = base - (int) Math.round((double) PLOT_HEIGHT * line / top);
            svg.append("<line class=\"chart-grid\" x1=\"0\" x2=\"100%\" y1=\"").append(ly).append("\" y2=\"")
                    .append(ly).append("\"/>");
            if (line > 0) {
                svg.append("<text class=\"chart-axis\" x=\"0\" y=\"").append(ly - 3).append("\">")
                        .append(numbers.format(line)).append("</text>");
            }
        }
        double slot = 100.0 / groups.size();
        double barWidth = slot * 0.8 / series.size();
        for (int i = 0; i < groups.size(); i++) {
            Group g = groups.get(i);
            svg.append("<g class=\"chart-group\">");
            for (int s = 0; s < series.size(); s++) {
                long value = s < g.values().size() ? g.values().get(s) : 0;
                int height = (int) Math.round((double) PLOT_HEIGHT * value / top);
                svg.append("<rect class=\"chart-").append(escape(series.get(s).key())).append("\" x=\"")
                        .append(percent(i * slot + slot * 0.1 + s * barWidth)).append("%\" y=\"").append(base - height)
                        .append("\" width=\"").append(percent(barWidth)).append("%\" height=\"").append(height)
                        .append("\"><title>").append(escape(g.label() + ", " + series.get(s).label() + ": "
                                + numbers.format(value))).append("</title></rect>");
            }
            int tick = i < ticks.size() ? ticks.get(i) : TICK_NONE;
            if (tick != TICK_NONE) {
                // Centred under its slot, but kept inside the drawing at either end (a label is about a sixth of
                // a phone's width, so one centred near an edge would be cut off).
                double centre = i * slot + slot / 2;
                String anchor = centre < EDGE ? "start" : centre > 100 - EDGE ? "end" : "middle";
                double x = centre < EDGE ? i * slot : centre > 100 - EDGE ? (i + 1) * slot : centre;
                svg.append("<text class=\"chart-tick").append(tick == TICK_MINOR ? " chart-tick-minor" : "")
                        .append("\" x=\"").append(percent(x)).append("%\" y=\"").append(base + 16)
                        .append("\" text-anchor=\"").append(anchor).append("\">").append(escape(g.label()))
                        .append("</text>");
            }
            svg.append("</g>");
        }
        return svg.append("</svg>").toString();
    }

    /** No label under this group. */
    public static final int TICK_NONE = 0;
    /** A label under this group wherever the chart is drawn. */
    public static final int TICK_MAJOR = 1;
    /** A label under this group where the chart is wide enough. */
    public static final int TICK_MINOR = 2;

    private static StringBuilder open(String id, Text text, String cssClass, int height) {
        String safeId = escape(id);
        return new StringBuilder("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"").append(cssClass)
                .append("\" id=\"").append(safeId).append("\" width=\"100%\" height=\"").append(height)
                .append("\" role=\"img\" aria-labelledby=\"").append(safeId).append("-title\" aria-describedby=\"")
                .append(safeId).append("-desc\"><title id=\"").append(safeId).append("-title\">")
                .append(escape(text.title())).append("</title><desc id=\"").append(safeId).append("-desc\">")
                .append(escape(text.desc())).append("</desc>");
    }

    /** Nothing to draw: a sentence instead of an empty frame (or a division by zero). */
    private static String empty(String id, Text text) {
        return "<p class=\"chart-empty\" id=\"" + escape(id) + "\">" + escape(text.empty()) + "</p>";
    }

    private static long max(List<Group> groups) {
        long max = 0;
        for (Group g : groups) {
            for (long v : g.values()) {
                max = Math.max(max, v);
            }
        }
        return max;
    }

    /** The smallest of 1, 2, 5 × 10ⁿ (or 4 and 8 below ten, for even middle lines) at or above {@code n}. */
    static long roundUp(long n) {
        if (n <= 10) {
            for (long step : new long[] {1, 2, 4, 6, 8, 10}) {
                if (n <= step) {
                    return step;
                }
            }
        }
        long scale = 1;
        while (scale * 10 < n) {
            scale *= 10;
        }
        for (long step : new long[] {1, 2, 5, 10}) {
            if (n <= step * scale) {
                return step * scale;
            }
        }
        return 10 * scale;
    }

    /** A percentage with two decimals, always with a dot (an attribute is not written in the reader's locale). */
    static String percent(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }

    static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
