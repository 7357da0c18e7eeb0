package org.polity.server.figures;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The charts' SVG: well-formed, escaped, scaled to the largest value, named for screen readers, or a sentence. */
class SvgChartsTest {
    private static final List<SvgCharts.Series> THREE = List.of(new SvgCharts.Series("challenges", "Challenges"),
            new SvgCharts.Series("responses", "Responses"), new SvgCharts.Series("case-studies", "Case studies"));
    private static final SvgCharts.Text TEXT = new SvgCharts.Text("By country", "Three series", "Nothing yet.");

    private static Document parse(String svg) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<String> attributes(Document doc, String tag, String attribute) {
        NodeList nodes = doc.getElementsByTagName(tag);
        java.util.ArrayList<String> out = new java.util.ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            out.add(((Element) nodes.item(i)).getAttribute(attribute));
        }
        return out;
    }

    @Test
    void labelsAreEscapedAndTheSvgIsWellFormed() throws Exception {
        String svg = SvgCharts.bars("by-country\"><script>", new SvgCharts.Text("A <b>title</b>", "x & y", ""), THREE,
                List.of(new SvgCharts.Group("<script>alert('x')</script> & Co", List.of(1L, 2L, 3L))), Locale.ENGLISH);
        assertThat(svg).doesNotContain("<script>").doesNotContain("<b>")
                .contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; Co");
        Document doc = parse(svg);
        Element root = doc.getDocumentElement();
        assertThat(root.getAttribute("id")).isEqualTo("by-country\"><script>");
        assertThat(root.getAttribute("role")).isEqualTo("img");
        assertThat(doc.getElementsByTagName("title").item(0).getTextContent()).isEqualTo("A <b>title</b>");
        assertThat(doc.getElementsByTagName("desc").item(0).getTextContent()).isEqualTo("x & y");
        assertThat(attributes(doc, "text", "class")).first().isEqualTo("chart-label");
        assertThat(doc.getElementsByTagName("text").item(0).getTextContent())
                .isEqualTo("<script>alert('x')</script> & Co");
    }

    @Test
    void theChartIsNamedByItsTitleAndDescribedByItsDescription() throws Exception {
        Document doc = parse(SvgCharts.bars("by-country", TEXT, THREE,
                List.of(new SvgCharts.Group("Mexico", List.of(1L, 0L, 0L))), Locale.ENGLISH));
        Element root = doc.getDocumentElement();
        assertThat(root.getAttribute("aria-labelledby")).isEqualTo("by-country-title");
        assertThat(root.getAttribute("aria-describedby")).isEqualTo("by-country-desc");
        assertThat(attributes(doc, "title", "id")).first().isEqualTo("by-country-title");
        assertThat(attributes(doc, "desc", "id")).containsExactly("by-country-desc");
    }

    @Test
    void barsAreScaledToTheLargestValueAndCarryTheirNumbers() throws Exception {
        Document doc = parse(SvgCharts.bars("c", TEXT, THREE, List.of(
                new SvgCharts.Group("Mexico", List.of(10L, 5L, 0L)),
                new SvgCharts.Group("France", List.of(1L, 2L, 1234L))), Locale.FRENCH));
        assertThat(attributes(doc, "rect", "width")).containsExactly(
                SvgCharts.percent(SvgCharts.BAR_SPAN * 10 / 1234) + "%",
                SvgCharts.percent(SvgCharts.BAR_SPAN * 5 / 1234) + "%", "0.00%",
                SvgCharts.percent(SvgCharts.BAR_SPAN / 1234) + "%",
                SvgCharts.percent(SvgCharts.BAR_SPAN * 2 / 1234) + "%", "86.00%");
        assertThat(attributes(doc, "rect", "class")).containsExactly("chart-challenges", "chart-responses",
                "chart-case-studies", "chart-challenges", "chart-responses", "chart-case-studies");
        // Values in the reader's language (French groups thousands with a narrow no-break space).
        String last = doc.getElementsByTagName("text").item(7).getTextContent();
        assertThat(last.replaceAll("\\D", "")).isEqualTo("1234");
        assertThat(last).isNotEqualTo("1234").isNotEqualTo("1,234");
        assertThat(doc.getElementsByTagName("rect").item(0).getTextContent()).isEqualTo("Mexico, Challenges: 10");
        // Each group is as tall as its label and bars; the drawing as tall as its groups.
        int group = SvgCharts.LABEL_HEIGHT + 3 * (SvgCharts.BAR_HEIGHT + SvgCharts.BAR_GAP) + SvgCharts.GROUP_GAP;
        assertThat(doc.getDocumentElement().getAttribute("height")).isEqualTo(String.valueOf(2 * group));
    }

    @Test
    void nothingToDrawIsSaidInASentence() {
        String none = SvgCharts.bars("c", TEXT, THREE, List.of(), Locale.ENGLISH);
        assertThat(none).isEqualTo("<p class=\"chart-empty\" id=\"c\">Nothing yet.</p>");
        String zeros = SvgCharts.columns("t", TEXT, THREE.subList(0, 2),
                List.of(new SvgCharts.Group("Jan", List.of(0L, 0L)), new SvgCharts.Group("Feb", List.of(0L, 0L))),
                List.of(SvgCharts.TICK_MAJOR, SvgCharts.TICK_MINOR), Locale.ENGLISH);
        assertThat(zeros).startsWith("<p class=\"chart-empty\"").doesNotContain("<svg");
    }

    @Test
    void columnsStandOnARoundScaleWithTheirTicks() throws Exception {
        List<SvgCharts.Group> months = List.of(new SvgCharts.Group("Jan", List.of(3L, 1L)),
                new SvgCharts.Group("Feb", List.of(0L, 2L)), new SvgCharts.Group("Mar <>", List.of(0L, 0L)),
                new SvgCharts.Group("Apr", List.of(1L, 0L)));
        Document doc = parse(SvgCharts.columns("t", TEXT, THREE.subList(0, 2), months, List.of(SvgCharts.TICK_MAJOR,
                SvgCharts.TICK_NONE, SvgCharts.TICK_MINOR, SvgCharts.TICK_NONE), Locale.ENGLISH));
        // 3 at most: a scale of 0 to 4, lines at 0, 2 and 4; a column of 3 is three quarters of the plot.
        assertThat(attributes(doc, "line", "y1")).containsExactly(String.valueOf(SvgCharts.PLOT_TOP
                + SvgCharts.PLOT_HEIGHT), String.valueOf(SvgCharts.PLOT_TOP + SvgCharts.PLOT_HEIGHT / 2),
                String.valueOf(SvgCharts.PLOT_TOP));
        assertThat(attributes(doc, "rect", "height")).containsExactly(String.valueOf(Math.round(
                SvgCharts.PLOT_HEIGHT * 0.75)), String.valueOf(Math.round(SvgCharts.PLOT_HEIGHT * 0.25)), "0",
                String.valueOf(SvgCharts.PLOT_HEIGHT / 2), "0", "0", String.valueOf(Math.round(
                        SvgCharts.PLOT_HEIGHT * 0.25)), "0");
        // Four slots of 25%: the first column starts a tenth into its slot, and the second sits beside it.
        assertThat(attributes(doc, "rect", "x").subList(0, 3)).containsExactly("2.50%", "12.50%", "27.50%");
        assertThat(attributes(doc, "text", "class")).containsExactly("chart-axis", "chart-axis", "chart-tick",
                "chart-tick chart-tick-minor");
        assertThat(doc.getElementsByTagName("text").item(3).getTextContent()).isEqualTo("Mar <>");
    }

    @Test
    void tickLabelsAtEitherEndStayInsideTheDrawing() throws Exception {
        List<SvgCharts.Group> months = new java.util.ArrayList<>();
        List<Integer> ticks = new java.util.ArrayList<>();
        for (int i = 0; i < 24; i++) {
            months.add(new SvgCharts.Group("M" + i, List.of((long) i, 0L)));
            ticks.add(i == 0 || i == 12 || i == 23 ? SvgCharts.TICK_MAJOR : SvgCharts.TICK_NONE);
        }
        Document doc = parse(SvgCharts.columns("t", TEXT, THREE.subList(0, 2), months, ticks, Locale.ENGLISH));
        NodeList texts = doc.getElementsByTagName("text");
        List<String> placed = new java.util.ArrayList<>();
        for (int i = 0; i < texts.getLength(); i++) {
            Element t = (Element) texts.item(i);
            if (t.getAttribute("class").startsWith("chart-tick")) {
                placed.add(t.getTextContent() + " " + t.getAttribute("x") + " " + t.getAttribute("text-anchor"));
            }
        }
        assertThat(placed).containsExactly("M0 0.00% start", "M12 52.08% middle", "M23 100.00% end");
    }

    @Test
    void scalesEndOnRoundNumbers() {
        assertThat(List.of(1L, 2L, 3L, 5L, 7L, 9L, 10L, 11L, 20L, 21L, 150L, 1000L, 1001L).stream()
                .map(SvgCharts::roundUp).toList())
                .containsExactly(1L, 2L, 4L, 6L, 8L, 10L, 10L, 20L, 20L, 50L, 200L, 1000L, 2000L);
    }
}
