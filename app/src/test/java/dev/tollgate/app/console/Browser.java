package dev.tollgate.app.console;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

/**
 * Headless Chromium driven by Selenium: Debian's {@code chromium} and {@code chromium-driver}, which the test command
 * installs (scripts/test.sh). Collects what any page logged at SEVERE (JavaScript errors, refused resources).
 */
final class Browser implements AutoCloseable {

    static final String DRIVER = System.getProperty("tollgate.chromedriver", "/usr/bin/chromedriver");
    static final String BINARY = System.getProperty("tollgate.chromium", "/usr/bin/chromium");

    final ChromeDriver driver;
    private final List<String> severe = new ArrayList<>();

    Browser() {
        if (!new File(DRIVER).canExecute() || !new File(BINARY).canExecute()) {
            throw new IllegalStateException("no " + DRIVER + " or " + BINARY + ": scripts/test.sh installs Debian's"
                    + " chromium and chromium-driver (apt-get install chromium chromium-driver)");
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BINARY);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,1500", "--lang=en-US", "--hide-scrollbars");
        options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(DRIVER))
                .usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    }

    /**
     * Clicks a form's button and waits until the browser shows the page the form led to: a click returns before the
     * new page is there, and the old one may hold what the test looks for next.
     */
    void submit(org.openqa.selenium.By button) {
        org.openqa.selenium.WebElement page = driver.findElement(org.openqa.selenium.By.tagName("html"));
        driver.findElement(button).click();
        new org.openqa.selenium.support.ui.WebDriverWait(driver, Duration.ofSeconds(30)).until(d -> gone(page));
    }

    /**
     * Whether the element's page was replaced. Chromium reports a node of a page being torn down either as stale or,
     * in the middle of the navigation, as an inspector error that the node "does not belong to the document": both
     * mean the old page is gone.
     */
    private static boolean gone(org.openqa.selenium.WebElement element) {
        try {
            element.isEnabled();
            return false;
        } catch (org.openqa.selenium.StaleElementReferenceException e) {
            return true;
        } catch (org.openqa.selenium.WebDriverException e) {
            if (e.getMessage() != null && e.getMessage().contains("does not belong to the document")) {
                return true;
            }
            throw e;
        }
    }

    /** Opens the page and remembers whatever it logged at SEVERE. */
    void open(String url) {
        driver.get(url);
        collectLogs(url);
    }

    void collectLogs(String where) {
        for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
            if (entry.getLevel().intValue() >= Level.SEVERE.intValue()) {
                severe.add(where + ": " + entry.getMessage());
            }
        }
    }

    List<String> severeLogs() {
        return severe;
    }

    /** Saves what the browser shows, under a name that does not change from run to run. */
    void screenshot(Path directory, String page) throws IOException {
        Files.createDirectories(directory);
        File shot = driver.getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), directory.resolve(page + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public void close() {
        driver.quit();
    }
}
