package dev.patgate.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The self-service page in a real headless Chromium (Debian's {@code chromium} and
 * {@code chromium-driver}, driven by Selenium), against a real gateway and webdav-demo: sign in,
 * create a token scoped to a folder picked by browsing, copy it, use it with {@code curl} inside
 * and outside that folder, rotate, revoke, sign out; a CSRF attempt from another origin, a label
 * holding markup, the CSP against an inline script, an admin's view, a phone-sized screen. Each main
 * screen is saved under {@code target/screenshots/}.
 *
 * <p>Without chromium or chromedriver the test is skipped, unless {@code PATGATE_REQUIRE_BROWSER=1}
 * (CI), where it fails saying what is missing. {@code PATGATE_CHROMIUM} and
 * {@code PATGATE_CHROMEDRIVER} name other binaries.
 */
class PageBrowserIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SHOTS = Path.of("target", "screenshots");
    private static final String MARKUP_LABEL = "<img src=x onerror=\"window.__xss=1\"><b>bold</b>";

    @TempDir
    Path home;

    @TempDir
    Path profile;

    private PageRig rig;
    private ChromeDriver browser;
    private WebDriverWait wait;
    private HttpServer attacker;

    @BeforeEach
    void start() throws Exception {
        Path chromium = binary("PATGATE_CHROMIUM", "/usr/bin/chromium");
        Path driver = binary("PATGATE_CHROMEDRIVER", "/usr/bin/chromedriver");
        String missing = (chromium == null ? " chromium" : "") + (driver == null ? " chromedriver" : "");
        if (!missing.isEmpty()) {
            String message =
                    "the browser test needs" + missing + " (Debian: apt-get install -y chromium chromium-driver)";
            if ("1".equals(System.getenv("PATGATE_REQUIRE_BROWSER"))) {
                fail(message + "; PATGATE_REQUIRE_BROWSER=1 makes its absence a failure");
            }
            assumeTrue(false, message + "; skipped (set PATGATE_REQUIRE_BROWSER=1 to fail instead)");
        }
        rig = PageRig.start(home, 100_000);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-dev-shm-usage",
                "--disable-gpu",
                "--no-first-run",
                "--window-size=1280,1400",
                "--lang=en-GB",
                "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(driver.toFile())
                .usingAnyFreePort()
                .build();
        browser = new ChromeDriver(service, options);
        wait = new WebDriverWait(browser, Duration.ofSeconds(15));
        wait.ignoring(StaleElementReferenceException.class);
        Files.createDirectories(SHOTS);
    }

    private static Path binary(String variable, String fallback) {
        String named = System.getenv(variable);
        Path path = Path.of(named == null || named.isBlank() ? fallback : named);
        return Files.isExecutable(path) ? path : null;
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (attacker != null) {
            attacker.stop(0);
        }
        if (rig != null) {
            rig.close();
        }
    }

    @Test
    void aUserManagesTheirTokensInTheBrowser() throws Exception {
        long started = System.nanoTime();
        HttpResponse<String> page = rig.send(rig.request("/patgate/"));
        assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow())
                .startsWith("default-src 'self';")
                .contains("frame-ancestors 'none'")
                .doesNotContain("unsafe-inline");

        // sign in, with the keyboard; a wrong password first
        browser.get(rig.base() + "/patgate/");
        visible("signin-form");
        shot("01-sign-in");
        signIn("alice", "not-her-password");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("signin-error")));
        assertThat(text("signin-error")).isEqualTo("Wrong login or password.");
        signIn("alice", "alice-pw");
        visible("app");
        assertThat(text("who-login")).isEqualTo("alice");
        wait.until(ExpectedConditions.textToBe(By.id("list-state"), "No tokens yet. Create one above."));
        shot("02-no-tokens");
        Cookie cookie = browser.manage().getCookieNamed("patgate_session");
        assertThat(cookie.isHttpOnly()).isTrue();
        assertThat(cookie.getSameSite()).isEqualTo("Strict");
        assertThat(cookie.getPath()).isEqualTo("/patgate/");
        assertThat(cookie.isSecure()).as("plain HTTP here").isFalse();
        assertThat(js("return document.cookie"))
                .as("HttpOnly: out of the page's reach")
                .isEqualTo("");

        // no inline script runs, even one the page itself would add
        js("window.__violations = 0;"
                + "document.addEventListener('securitypolicyviolation', () => window.__violations++);"
                + "const s = document.createElement('script'); s.textContent = 'window.__inlineRan = true';"
                + "document.body.append(s);");
        wait.until(driver -> ((Number) js("return window.__violations")).intValue() > 0);
        assertThat(js("return window.__inlineRan === undefined")).isEqualTo(true);

        // a label holding markup is shown as text
        field("label").sendKeys(MARKUP_LABEL);
        click("create-submit");
        visible("created");
        click("created-done");
        WebElement markupRow = row(MARKUP_LABEL);
        assertThat(markupRow.findElement(By.className("token-label")).getText()).isEqualTo(MARKUP_LABEL);
        assertThat(browser.findElements(By.cssSelector("#token-rows img, #token-rows b")))
                .isEmpty();
        assertThat(js("return window.__xss === undefined")).isEqualTo(true);

        // a token scoped to personal-files/proj, picked by browsing
        field("label").sendKeys("proj only");
        click("scoped");
        clickWhenThere(By.cssSelector("#folders button[data-path='personal-files']"));
        clickWhenThere(By.cssSelector("#folders button[data-path='personal-files/proj']"));
        wait.until(ExpectedConditions.textToBe(By.id("choose-folder"), "Use proj"));
        click("choose-folder");
        assertThat(text("chosen-folder")).isEqualTo("/personal-files/proj");
        new Select(field("perm")).selectByValue("rw");
        shot("03-folder-picker");
        click("create-submit");
        visible("created");
        String token = field("new-token").getAttribute("value");
        assertThat(token).isNotBlank();
        assertThat(text("snippet-curl")).contains(token, rig.base() + "/dav/personal-files/proj/");
        assertThat(text("snippet-rclone")).contains("bearer_token='" + token + "'");
        assertThat(text("snippet-davfs")).contains(rig.base() + "/dav/personal-files/proj/ alice " + token);
        shot("04-new-token");

        // copy it
        String copied = copy();
        assertThat(copied).isEqualTo(token);

        // it works with curl inside the folder, and only there
        String dav = rig.base() + "/dav/personal-files/";
        assertThat(curl(copied, "PROPFIND", dav + "proj/")).isEqualTo(207);
        assertThat(curl(copied, "GET", dav + "proj/a.txt")).isEqualTo(200);
        assertThat(curl(copied, "PROPFIND", dav + "other/")).isEqualTo(403);
        assertThat(curl(copied, "GET", dav + "other/o.txt")).isEqualTo(403);

        click("created-done");
        assertThat(field("new-token").getAttribute("value"))
                .as("the secret is gone from the page")
                .isEmpty();
        WebElement scoped = row("proj only");
        assertThat(scoped.getText()).contains("/personal-files/proj (read and write)", "active", "fixed");
        shot("05-token-list");

        // rotate: a new secret, the old one refused
        scoped.findElement(By.className("rotate")).click();
        visible("created");
        String rotated = field("new-token").getAttribute("value");
        assertThat(rotated).isNotEqualTo(token);
        assertThat(curl(rotated, "PROPFIND", dav + "proj/")).isEqualTo(207);
        assertThat(curl(rotated, "PROPFIND", dav + "other/")).isEqualTo(403);
        click("created-done");
        wait.until(driver -> rows("proj only").size() == 2);

        // revoke the new one, with its confirmation
        WebElement active = activeRow("proj only");
        active.findElement(By.className("revoke")).click();
        clickWhenThere(By.cssSelector("#token-rows tr[data-state='active'] .confirm-revoke"));
        wait.until(driver -> browser.findElements(By.cssSelector("#token-rows tr[data-state='active']"))
                        .size()
                == 1);
        assertThat(curl(rotated, "PROPFIND", dav + "proj/")).isEqualTo(401);
        assertThat(curl(token, "PROPFIND", dav + "proj/")).isEqualTo(401);
        shot("06-rotated-and-revoked");

        // a phone-sized screen
        browser.manage().window().setSize(new Dimension(390, 1200));
        shot("07-phone");
        browser.manage().window().setSize(new Dimension(1280, 1400));

        // sign out: the session ends on the server
        String session = cookie.getValue();
        click("sign-out");
        visible("signin-form");
        HttpResponse<String> after =
                rig.send(rig.request("/patgate/tokens").header("Cookie", "patgate_session=" + session));
        assertThat(after.statusCode()).isEqualTo(401);
        assertThat(browser.manage().getCookieNamed("patgate_session")).isNull();

        System.out.printf(
                "PageBrowserIT: the user's walk took %d ms in Chromium%n", (System.nanoTime() - started) / 1_000_000);
    }

    @Test
    void aFormPostedFromAnotherOriginCannotMakeAToken() throws Exception {
        browser.get(rig.base() + "/patgate/");
        visible("signin-form");
        signIn("alice", "alice-pw");
        visible("app");
        // a page on another origin (same host, another port: same site, so the cookie goes along)
        attacker = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        byte[] evil = ("<!DOCTYPE html><html><body>"
                        + "<form id=\"f\" method=\"POST\" enctype=\"text/plain\" action=\"" + rig.base()
                        + "/patgate/tokens\">"
                        + "<input name='{\"label\":\"csrf-attack\",\"expire\":\"1d\",\"x\":\"' value='\"}'>"
                        + "</form><script>document.getElementById('f').submit()</script></body></html>")
                .getBytes(StandardCharsets.UTF_8);
        attacker.createContext("/", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, evil.length);
            exchange.getResponseBody().write(evil);
            exchange.close();
        });
        attacker.start();
        browser.get("http://127.0.0.1:" + attacker.getAddress().getPort() + "/");
        wait.until(driver -> driver.getCurrentUrl().startsWith(rig.base()));
        wait.until(driver -> driver.getPageSource().contains("\"error\""));
        assertThat(browser.getPageSource()).contains("\"csrf\"").doesNotContain("\"token\"");

        HttpResponse<String> listed =
                rig.send(rig.request("/patgate/tokens").header("Authorization", PageRig.basic("alice", "alice-pw")));
        assertThat(JSON.readTree(listed.body()).get("tokens")).isEmpty();
    }

    @Test
    void anAdminSeesEveryonesTokens() throws Exception {
        rig.send(rig.request("/patgate/tokens")
                .header("Authorization", PageRig.basic("alice", "alice-pw"))
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                        "{\"label\":\"alice laptop\",\"auto\":\"7d\",\"expire\":\"90d\"}")));
        rig.send(rig.request("/patgate/tokens")
                .header("Authorization", PageRig.basic("bob", "bob-pw"))
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"label\":\"bob backup\",\"auto\":\"1d\"}")));
        browser.get(rig.base() + "/patgate/");
        visible("signin-form");
        signIn("admin", "admin-pw");
        visible("owner-box");
        assertThat(text("who-admin")).isEqualTo("admin");
        wait.until(driver -> new Select(field("owner")).getOptions().size() == 4);
        new Select(field("owner")).selectByValue("alice");
        wait.until(
                driver -> rows("alice laptop").size() == 1 && rows("bob backup").isEmpty());
        assertThat(row("alice laptop").getText()).contains("sliding 7d, capped", "user alice");
        new Select(field("owner")).selectByValue("");
        wait.until(
                driver -> rows("alice laptop").size() == 1 && rows("bob backup").size() == 1);
        shot("08-admin-everyone");
        row("bob backup").findElement(By.className("revoke")).click();
        clickWhenThere(By.cssSelector("#token-rows .confirm-revoke"));
        wait.until(driver -> rows("bob backup").stream().anyMatch(r -> "revoked".equals(r.getAttribute("data-state"))));
        HttpResponse<String> bobs =
                rig.send(rig.request("/patgate/tokens").header("Authorization", PageRig.basic("bob", "bob-pw")));
        JsonNode bobToken = JSON.readTree(bobs.body()).get("tokens").get(0);
        assertThat(bobToken.get("state").textValue()).isEqualTo("revoked");
    }

    // ---- helpers ----

    private void signIn(String login, String password) {
        WebElement loginField = field("signin-login");
        loginField.clear();
        loginField.sendKeys(login);
        WebElement passwordField = field("signin-password");
        passwordField.clear();
        passwordField.sendKeys(password, Keys.ENTER);
    }

    /** Clicks the copy button and reads what was copied: the clipboard, or else the copy target's text. */
    private String copy() {
        browser.executeCdpCommand(
                "Browser.grantPermissions",
                Map.of(
                        "origin", rig.base(),
                        "permissions", List.of("clipboardReadWrite", "clipboardSanitizedWrite")));
        click("copy-token");
        wait.until(driver -> !text("copy-state").isEmpty());
        Object read = browser.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "navigator.clipboard.readText().then(done, e => done('clipboard unreadable: ' + e));");
        String clipboard = String.valueOf(read);
        if (clipboard.startsWith("clipboard unreadable") || !text("copy-state").startsWith("Copied")) {
            System.out.println("PageBrowserIT: " + clipboard + "; checking the copy target's text instead");
            return field("new-token").getAttribute("value");
        }
        System.out.println("PageBrowserIT: read the copied token back from the clipboard");
        return clipboard;
    }

    /** The status of a {@code curl} request with the token (a real curl process). */
    private static int curl(String token, String method, String url) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                "curl",
                "-sS",
                "-o",
                "/dev/null",
                "-w",
                "%{http_code}",
                "-X",
                method,
                "-H",
                "Authorization: Bearer " + token));
        if (method.equals("PROPFIND")) {
            command.addAll(List.of("-H", "Depth: 1"));
        }
        command.add(url);
        Process curl = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(curl.waitFor()).as("curl: " + out).isZero();
        return Integer.parseInt(out);
    }

    private List<WebElement> rows(String label) {
        return browser.findElements(By.cssSelector("#token-rows tr")).stream()
                .filter(r ->
                        r.findElement(By.className("token-label")).getText().equals(label))
                .toList();
    }

    private WebElement row(String label) {
        return wait.until(driver -> rows(label).stream().findFirst().orElse(null));
    }

    private WebElement activeRow(String label) {
        return wait.until(driver -> rows(label).stream()
                .filter(r -> "active".equals(r.getAttribute("data-state")))
                .findFirst()
                .orElse(null));
    }

    private WebElement field(String id) {
        return browser.findElement(By.id(id));
    }

    private String text(String id) {
        return field(id).getText();
    }

    private void click(String id) {
        wait.until(ExpectedConditions.elementToBeClickable(By.id(id))).click();
    }

    private void clickWhenThere(By by) {
        wait.until(ExpectedConditions.elementToBeClickable(by)).click();
    }

    private void visible(String id) {
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id(id)));
    }

    private Object js(String script) {
        return ((JavascriptExecutor) browser).executeScript(script);
    }

    private void shot(String name) throws IOException {
        File file = browser.getScreenshotAs(OutputType.FILE);
        Files.copy(file.toPath(), SHOTS.resolve("page-" + name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }
}
