package dev.lighthouse.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import java.util.logging.Level;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Chromium from Debian's packages, driven through Debian's chromedriver: nothing is
 * downloaded (Selenium Manager never runs, as both paths are given). Every request the browser
 * would send off this host goes to a proxy on 127.0.0.1 that does not exist, so a page that
 * referenced another origin could load nothing from it; loopback bypasses proxies.
 * Screenshots go to {@code target/ui-screenshots/}, and with {@code -Dui.screenshots=docs} also
 * to {@code docs/ui/}, where docs/ui.md shows them.
 */
public final class Browser implements AutoCloseable {

    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    public static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final ChromeDriver driver;

    private Browser(ChromeDriver driver) {
        this.driver = driver;
    }

    /** Starts a browser, or skips the calling test (with how to get one) when Chromium is not installed. */
    public static Browser start() {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER),
                "browser tests skipped: " + CHROMIUM + " or " + DRIVER + " is missing; install them with "
                        + "'apt-get install -y chromium chromium-driver' (.ci/run does)");
        System.setProperty("webdriver.chrome.driver", DRIVER.toString());
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1280,800", "--force-device-scale-factor=1", "--no-first-run",
                "--no-default-browser-check", "--disable-extensions", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-domain-reliability",
                "--disable-client-side-phishing-detection", "--safebrowsing-disable-auto-update",
                "--disable-features=Translate,OptimizationHints,MediaRouter,AutofillServerCommunication",
                "--proxy-server=http://127.0.0.1:9", "--lang=en-US");
        options.setCapability("goog:loggingPrefs", java.util.Map.of("browser", "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(DRIVER.toFile()).usingAnyFreePort().build();
        return new Browser(new ChromeDriver(service, options));
    }

    public WebDriver driver() {
        return driver;
    }

    public void open(String url) {
        driver.get(url);
    }

    /** The first element matching {@code by}, once there is one (at most 10 s). */
    public WebElement find(By by) {
        return until("an element " + by, d -> {
            List<WebElement> found = d.findElements(by);
            return found.isEmpty() ? null : found.get(0);
        });
    }

    /** Waits (at most 10 s) until {@code condition} gives something other than null or false. */
    public <T> T until(String what, Function<WebDriver, T> condition) {
        // The UI re-renders a view after every commit, so an element found a moment ago may be gone.
        return new WebDriverWait(driver, WAIT).withMessage(what).ignoring(StaleElementReferenceException.class)
                .until(condition);
    }

    /** Waits until the text of some {@code by} contains {@code text}; returns that element's whole text. */
    public String text(By by, String text) {
        return until("'" + text + "' in " + by, d -> {
            for (WebElement e : d.findElements(by)) {
                String shown = e.getText();
                if (shown.contains(text)) {
                    return shown;
                }
            }
            return null;
        });
    }

    /** Clicks the first {@code by} once there is one, again if a re-render replaced it meanwhile. */
    public void click(By by) {
        until("clicking " + by, d -> {
            List<WebElement> found = d.findElements(by);
            if (found.isEmpty()) {
                return false;
            }
            found.get(0).click();
            return true;
        });
    }

    /**
     * The console's errors since the last call (script errors, Content-Security-Policy violations),
     * less the line Chromium logs for every request that failed (an error status, which the UI
     * shows, or a connection lost, which it reports and retries).
     */
    public List<String> consoleErrors() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage)
                .filter(message -> !message.contains("Failed to load resource: "))
                .toList();
    }

    public Object script(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    public Object asyncScript(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeAsyncScript(script, args);
    }

    /** Saves what the page shows as {@code name}.png (see the class comment for where). */
    public void screenshot(String name) {
        byte[] png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
        try {
            Path dir = Path.of("target", "ui-screenshots");
            Files.createDirectories(dir);
            Files.write(dir.resolve(name + ".png"), png);
            if ("docs".equals(System.getProperty("ui.screenshots"))) {
                Path docs = Path.of(System.getProperty("lighthouse.home", "."), "docs", "ui");
                Files.createDirectories(docs);
                Files.write(docs.resolve(name + ".png"), png);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("saving screenshot " + name, e);
        }
    }

    @Override
    public void close() {
        driver.quit();
    }
}
