package dev.parley.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Chromium for the console's browser tests, with what they share: waits, controls found by their accessible
 * name, the browser's report of what the Content-Security-Policy blocked, screenshots. Starting it skips the calling
 * test, with the reason, when Chromium or chromedriver is missing or cannot start. One per test; not thread-safe.
 */
final class ConsoleBrowser implements AutoCloseable {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    /**
     * The control whose accessible name is exactly the given one, among those shown: its aria-label, else the text of
     * its labels, else its own text. The name Chromium computes is checked against it, so the test also proves the
     * control's name.
     */
    private static final String BY_NAME = """
            const name = arguments[0];
            const shown = (e) => e.getClientRects().length > 0;
            const text = (s) => (s || '').replace(/\\s+/g, ' ').trim();
            const nameOf = (e) => e.getAttribute('aria-label') ? text(e.getAttribute('aria-label'))
              : e.labels && e.labels.length ? text([...e.labels].map((l) => l.textContent).join(' '))
              : text(e.textContent);
            return [...document.querySelectorAll('button, input, select, textarea, a')]
              .filter((e) => shown(e) && nameOf(e) === name)[0] || null;""";

    private final Path profile;
    /** Where the browser saves the files a page downloads, without asking: inside the profile, gone with it. */
    final Path downloads;
    final WebDriver driver;
    final WebDriverWait wait;

    private ConsoleBrowser(Path profile, WebDriver driver) {
        this.profile = profile;
        this.downloads = profile.resolve("downloads");
        this.driver = driver;
        this.wait = newWait(Duration.ofSeconds(10));
    }

    static ConsoleBrowser start() {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM),
                "console browser test skipped: no Chromium at " + CHROMIUM + " (apt-get install chromium)");
        Assumptions.assumeTrue(Files.isExecutable(CHROMEDRIVER),
                "console browser test skipped: no chromedriver at " + CHROMEDRIVER + " (apt-get install chromium-driver)");
        try {
            Path profile = Files.createTempDirectory("parley-chromium");
            Files.createDirectories(profile.resolve("downloads"));
            return new ConsoleBrowser(profile, startDriver(profile));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static WebDriver startDriver(Path userDataDir) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-extensions",
                "--no-first-run", "--no-default-browser-check", "--user-data-dir=" + userDataDir,
                "--window-size=1280,800");
        // the browser's console, where it reports what the page's Content-Security-Policy blocked
        options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
        options.setExperimentalOption("prefs", Map.of("download.default_directory",
                userDataDir.resolve("downloads").toString(), "download.prompt_for_download", false));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        try {
            return new ChromeDriver(service, options);
        } catch (RuntimeException e) {
            service.stop();
            String reason = String.valueOf(e.getMessage()).lines().findFirst().orElse(e.getClass().getName());
            Assumptions.assumeTrue(false, "console browser test skipped: Chromium could not start: " + reason);
            throw e;
        }
    }

    /** An explicit wait; the page may re-render under it, so stale elements are retried. */
    WebDriverWait newWait(Duration timeout) {
        WebDriverWait fresh = new WebDriverWait(driver, timeout, Duration.ofMillis(100));
        fresh.ignoring(StaleElementReferenceException.class);
        return fresh;
    }

    /** Waits for a shown control with this accessible name and returns it. */
    WebElement control(String accessibleName) {
        WebElement found = newWait(Duration.ofSeconds(10)).withMessage("a control named \"" + accessibleName + "\"")
                .until(d -> (WebElement) js(BY_NAME, accessibleName));
        assertThat(found.getAccessibleName()).as("Chromium's accessible name").isEqualTo(accessibleName);
        return found;
    }

    /** Whether a control with this accessible name is shown now. */
    boolean shows(String accessibleName) {
        return js(BY_NAME, accessibleName) != null;
    }

    /** Every control shown has a name that a screen reader can say, as Chromium computes it. */
    void assertEveryControlIsNamed() {
        @SuppressWarnings("unchecked")
        List<WebElement> controls = (List<WebElement>) js("""
                return [...document.querySelectorAll('button, input, select, textarea, a')]
                  .filter((e) => e.getClientRects().length > 0);""");
        assertThat(controls).isNotEmpty();
        for (WebElement control : controls) {
            assertThat(control.getAccessibleName()).as("the accessible name of %s#%s", control.getTagName(),
                    control.getDomAttribute("id")).isNotBlank();
        }
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    Object asyncJs(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeAsyncScript(script, args);
    }

    List<String> cspReports() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream().map(LogEntry::getMessage)
                .filter(message -> message.contains("Content Security Policy")).toList();
    }

    /** Nothing a user, client or scenario typed ran as script: no alert is open. */
    void assertNoAlert() {
        try {
            throw new AssertionError("something ran as script: alert " + driver.switchTo().alert().getText());
        } catch (NoAlertPresentException expected) {
            // shown as text, nothing ran
        }
    }

    void screenshot(String path) {
        try {
            Path target = Path.of(path);
            Files.createDirectories(target.getParent());
            Path shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
            Files.copy(shot, target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        driver.quit();
        try (Stream<Path> files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
