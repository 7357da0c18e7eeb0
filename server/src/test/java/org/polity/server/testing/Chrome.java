package org.polity.server.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real headless Chromium driven by Selenium, for the browser tests (tag {@code browser}). It uses Debian's
 * {@code /usr/bin/chromium} and {@code /usr/bin/chromedriver} (or the system properties
 * {@code polity.chromium} and {@code polity.chromedriver}), both given to Selenium explicitly so that Selenium
 * Manager is never asked to find or download anything. When either is missing, {@link #assumeAvailable()}
 * skips the test with a message; CI ({@code .ci/run}) installs both, so there they run.
 *
 * <p>Each browser has its own fresh profile directory, deleted on {@link #close()}.
 */
public final class Chrome implements AutoCloseable {
    public static final Path CHROMIUM = Path.of(System.getProperty("polity.chromium", "/usr/bin/chromium"));
    public static final Path CHROMEDRIVER = Path.of(System.getProperty("polity.chromedriver", "/usr/bin/chromedriver"));
    /** The WCAG tags axe runs: WCAG 2.0, 2.1 A and AA, and WCAG 2.2 AA. */
    public static final List<String> AXE_TAGS = List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static String axeSource;

    public final ChromeDriver driver;
    private final Path profile;

    /** Held so the level sticks: Selenium warns that it has no CDP bindings for this Chromium; none are needed. */
    private static final Logger SELENIUM_LOG = Logger.getLogger("org.openqa.selenium");

    static {
        SELENIUM_LOG.setLevel(Level.SEVERE);
    }

    private Chrome(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /** Skips the calling test, with a visible message, unless Chromium and ChromeDriver are installed. */
    public static void assumeAvailable() {
        List<String> missing = new ArrayList<>();
        if (!Files.isExecutable(CHROMIUM)) {
            missing.add(CHROMIUM + " (Debian package chromium)");
        }
        if (!Files.isExecutable(CHROMEDRIVER)) {
            missing.add(CHROMEDRIVER + " (Debian package chromium-driver)");
        }
        if (!missing.isEmpty()) {
            String message = "SKIPPED browser test: missing " + String.join(" and ", missing)
                    + "; install with `apt-get install chromium chromium-driver` (.ci/run does)";
            System.err.println("*** " + message);
            Assumptions.abort(message);
        }
    }

    /** Starts a headless Chromium with a viewport of {@code width} x {@code height} CSS pixels. */
    public static Chrome start(int width, int height) {
        assumeAvailable();
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        Path profile;
        try {
            profile = Files.createTempDirectory("polity-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-quic", "--disable-extensions", "--disable-features=Translate,OptimizationHints",
                "--hide-scrollbars", "--force-device-scale-factor=1", "--lang=en-GB",
                "--user-data-dir=" + profile, "--window-size=" + width + "," + height);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(60)).pageLoadTimeout(Duration.ofSeconds(30));
        Chrome chrome = new Chrome(driver, profile);
        chrome.viewport(width, height, false);
        return chrome;
    }

    /**
     * Sets the viewport exactly (Chromium's own emulation, so narrow phone widths work too); {@code mobile}
     * makes the page lay out as on a phone (the viewport meta tag applies).
     */
    public void viewport(int width, int height, boolean mobile) {
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", height,
                "deviceScaleFactor", 1, "mobile", mobile));
    }

    public void get(String url) {
        driver.get(url);
    }

    public WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    public List<WebElement> findAll(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    /**
     * A wait that retries while the page is being replaced: an element read by the condition can go stale when
     * a form's submission loads the next page mid-read (seen under load), which is a "not yet", not a failure.
     */
    public WebDriverWait waitUpTo(Duration timeout) {
        WebDriverWait wait = new WebDriverWait(driver, timeout);
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        return wait;
    }

    public Object js(String script, Object... args) {
        return driver.executeScript(script, args);
    }

    /** Fills the form field named {@code name} (inputs, selects by value, textareas). */
    public void fill(String name, String value) {
        WebElement field = find("[name='" + name + "']");
        if ("select".equals(field.getTagName())) {
            js("arguments[0].value = arguments[1];", field, value);
        } else {
            field.clear();
            field.sendKeys(value);
        }
    }

    /** Logs in through the /login form of {@code base}. */
    public void logIn(String base, String login, String password) {
        get(base + "/login");
        fill("login", login);
        fill("password", password);
        find("main form[action='/login'] button[type=submit]").click();
        waitUpTo(Duration.ofSeconds(10)).until(d -> !d.getCurrentUrl().contains("/login"));
    }

    /**
     * Chooses the UI language on {@code base}'s settings page and waits for the page that answers the form. It
     * waits for the old page to go (not only for the new {@code lang}): when the language does not change, the
     * old page already has it, and a navigation right after would race the form's own.
     */
    public void chooseLanguage(String base, String lang) {
        get(base + "/settings/language");
        find("#locale-" + lang).click();
        WebElement before = find("html");
        find("main form[action='/settings/language'] button[type=submit]").click();
        waitUpTo(Duration.ofSeconds(10)).until(org.openqa.selenium.support.ui.ExpectedConditions.stalenessOf(before));
        waitUpTo(Duration.ofSeconds(10)).until(d -> lang.equals(js("return document.documentElement.lang")));
    }

    public byte[] screenshot() {
        return driver.getScreenshotAs(OutputType.BYTES);
    }

    /** One axe-core violation: rule id, impact, help text and the CSS targets of the failing nodes. */
    public record Violation(String id, String impact, String help, String helpUrl, List<String> targets) {
        public boolean seriousOrWorse() {
            return "serious".equals(impact) || "critical".equals(impact);
        }

        @Override
        public String toString() {
            return "[" + impact + "] " + id + ": " + help + " (" + helpUrl + ")\n      nodes: "
                    + String.join("\n             ", targets);
        }
    }

    /**
     * Runs axe-core (vendored in {@code src/test/resources/axe}) on the current page with the WCAG 2.x A/AA
     * tags and returns every violation. axe is injected through WebDriver, which the page's CSP
     * ({@code script-src 'self'}) does not govern.
     */
    public List<Violation> axe() {
        Object present = js("return typeof window.axe === 'object' && typeof window.axe.run === 'function';");
        if (!Boolean.TRUE.equals(present)) {
            js(axeSource() + "\n;return typeof axe;");
        }
        Object result = driver.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}, resultTypes: ['violations']})
                  .then(r => done(JSON.stringify(r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                      helpUrl: v.helpUrl, targets: v.nodes.map(n => n.target.join(' ') + '  ' + n.html.slice(0, 160))})))))
                  .catch(e => done('ERROR ' + e));
                """, AXE_TAGS);
        String text = String.valueOf(result);
        if (text.startsWith("ERROR")) {
            throw new AssertionError("axe failed on " + driver.getCurrentUrl() + ": " + text);
        }
        try {
            List<Violation> violations = new ArrayList<>();
            for (JsonNode v : JSON.readTree(text)) {
                List<String> targets = new ArrayList<>();
                v.get("targets").forEach(t -> targets.add(t.asText()));
                violations.add(new Violation(v.get("id").asText(), v.path("impact").asText(), v.get("help").asText(),
                        v.get("helpUrl").asText(), targets));
            }
            return violations;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Fails when the current page is wider than the window: nothing may scroll sideways. */
    public void assertNoSidewaysScroll(String what) {
        // A stylesheet that did not load leaves the page unstyled, and so as wide as its longest word (seen once in
        // CI under load: 23,822 px): that is a lost request, not a layout fault, so the page is loaded once more.
        if (!stylesLoaded()) {
            driver.navigate().refresh();
        }
        org.assertj.core.api.Assertions.assertThat(stylesLoaded()).as("the stylesheets of " + what + " loaded").isTrue();
        long scrollWidth = ((Number) js("return document.documentElement.scrollWidth;")).longValue();
        long viewport = ((Number) js("return window.innerWidth;")).longValue();
        org.assertj.core.api.Assertions.assertThat(scrollWidth).as("width of " + what + " in a " + viewport
                + " px window").isLessThanOrEqualTo(viewport);
    }

    /** Whether every stylesheet the page links has loaded (its rules are readable: all are same-origin). */
    public boolean stylesLoaded() {
        return (Boolean) js("return Array.from(document.querySelectorAll('link[rel=stylesheet]'))"
                + ".every(l => { try { return l.sheet !== null && l.sheet.cssRules.length > 0; } catch (e) { return false; } });");
    }

    /** Fails on any serious or critical axe violation on the current page, listing every violation found. */
    public void assertNoSeriousAxeViolation(String what) {
        List<Violation> all = axe();
        String report = all.stream().map(v -> "  " + v).collect(java.util.stream.Collectors.joining("\n"));
        org.assertj.core.api.Assertions.assertThat(all.stream().filter(Violation::seriousOrWorse).toList())
                .as("serious axe violations on " + what + ":\n" + report).isEmpty();
    }

    /**
     * What every page of the browser tests passes: opened at {@code url}, it is in {@code lang}, its {@code h1}
     * says {@code heading}, nothing scrolls sideways, and axe finds nothing serious.
     */
    public void checkPage(String url, String lang, String heading) {
        get(url);
        String what = url + " in " + lang;
        org.assertj.core.api.Assertions.assertThat(find("html").getAttribute("lang")).as(what).isEqualTo(lang);
        org.assertj.core.api.Assertions.assertThat(find("h1").getText()).as(what).contains(heading);
        assertNoSidewaysScroll(what);
        assertNoSeriousAxeViolation(what);
    }

    static synchronized String axeSource() {
        if (axeSource == null) {
            try (InputStream in = Chrome.class.getResourceAsStream("/axe/axe.min.js")) {
                if (in == null) {
                    throw new IllegalStateException("axe/axe.min.js is not on the test class path");
                }
                axeSource = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return axeSource;
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // a leftover temporary profile is harmless
            }
        }
    }
}
