package dev.discovery.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.discovery.Discovery;
import dev.discovery.DiscoveryOptions;
import dev.discovery.ServiceDiscovery;
import dev.discovery.testing.InMemoryNetwork;
import dev.discovery.testing.VirtualScheduler;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The cluster page in a real headless Chromium (Debian's {@code chromium} and {@code chromium-driver}, which
 * {@code .ci/run} installs): it follows a loopback cluster live, and stays responsive with 500 nodes in the table.
 * The browser loads nothing but the application on 127.0.0.1.
 */
@Tag("slow")
class ClusterPageBrowserTest {

    private static final Logger log = LoggerFactory.getLogger(ClusterPageBrowserTest.class);

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    /** Generous for a loaded 2-core machine; the page itself is pushed a change within a second. */
    private static final Duration PATIENCE = Duration.ofSeconds(20);

    @TempDir
    static Path profile;

    private static ChromeDriver browser;

    private final List<AutoCloseable> resources = new ArrayList<>();

    @BeforeAll
    static void startBrowser() {
        // Selenium warns that it has no DevTools binding for this Chromium version; this test does not use DevTools.
        java.util.logging.Logger.getLogger("org.openqa.selenium").setLevel(java.util.logging.Level.SEVERE);
        assertThat(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER))
                .as("This test drives %s through %s. Install them with "
                        + "'apt-get update && apt-get install -y chromium chromium-driver' (.ci/run does it)",
                        CHROMIUM, CHROMEDRIVER)
                .isTrue();
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile()).addArguments("--headless",
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-extensions",
                // Nothing but the application on loopback is reachable, whatever the page would ask for.
                "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
                "--user-data-dir=" + profile.toAbsolutePath(), "--window-size=1280,900");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @AfterEach
    void closeResources() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
    }

    @Test
    void followsALoopbackClusterLive() throws Exception {
        int port = Loopback.freePort();
        ConfigurableApplicationContext app = start(new SpringApplicationBuilder(Application.class),
                withLoopback(port, "discovery.service.name=orders", "discovery.needs=billing", "discovery.weight=1"));
        Discovery self = app.getBean(Discovery.class);
        browser.manage().window().setSize(new Dimension(1280, 900));
        browser.get(pageOf(app));

        // The page shows this node, master and not ready, and what it waits for.
        await().atMost(PATIENCE).until(() -> rowIds().contains(self.id()));
        await().atMost(PATIENCE).until(() -> masterIds().equals(List.of(self.id())));
        assertThat(text("#ready")).isEqualTo("not ready");
        assertThat(text("#needs")).contains("needs billing", "missing");
        assertThat(text("#status")).isEqualTo("live");

        // A second node starts, offering what this one needs: it appears, and this node becomes ready.
        ServiceDiscovery second = new ServiceDiscovery(new Discovery(DiscoveryOptions.builder()
                .broadcast("127.255.255.255").port(port).hostName("second <i>node</i>").weight(100.0)
                .helloInterval(Duration.ofMillis(200)).checkInterval(Duration.ofMillis(500))
                .nodeTimeout(Duration.ofMillis(1500)).build()));
        second.advertise(Map.of("name", "billing", "port", 8081));
        String secondId = second.discovery().id();
        resources.add(second);
        second.start();
        waitFor("the second node appears", () -> rowIds().contains(secondId));
        assertThat(text(row(secondId))).contains("second <i>node</i>", "billing", "127.0.0.1");
        assertThat(text(row(secondId) + " td.service")).as("with the port callers use").isEqualTo("billing :8081");
        assertThat(text(row(self.id()))).as("at the address peers see, not the one it is bound to")
                .contains("127.0.0.1:" + port).doesNotContain("0.0.0.0");
        waitFor("this node becomes ready", () -> text("#ready").equals("ready"));
        assertThat(text("#services")).contains("billing", "1 available", "second <i>node</i>");
        assertThat(text("#timeline")).contains("billing on second <i>node</i> (127.0.0.1) joined");

        // The heavier second node takes over as master.
        second.discovery().promote();
        waitFor("the new master is shown", () -> masterIds().equals(List.of(secondId)));
        assertThat(text(row(secondId) + " td.role")).isEqualTo("master");
        assertThat(text(row(self.id()) + " td.role")).isEqualTo("eligible");
        assertThat(text("#timeline")).contains("became master", "this node stepped down as master");

        // It stops: it disappears, this node is master again and not ready.
        second.stop();
        waitFor("the second node disappears", () -> !rowIds().contains(secondId));
        waitFor("this node is master again", () -> masterIds().equals(List.of(self.id())));
        assertThat(text("#ready")).isEqualTo("not ready");
        List<String> timeline = timelineTexts();
        assertThat(timeline.subList(0, 4)).contains("this node became master");
        int left = timeline.indexOf("billing on second <i>node</i> (127.0.0.1) left (said goodbye)");
        assertThat(left).as("newest first").isNotNegative()
                .isLessThan(timeline.indexOf("billing on second <i>node</i> (127.0.0.1) joined"));

        // The counters and times are live, and nothing was loaded but the page and its stream from loopback.
        assertThat(Long.parseLong(text("#packets dd"))).isPositive();
        assertThat(text(row(self.id()) + " td.ago")).isEqualTo("now");
        @SuppressWarnings("unchecked")
        List<String> loaded = (List<String>) browser.executeScript(
                "return performance.getEntriesByType('resource').map(e => e.name)"
                        + ".concat(performance.getEntriesByType('navigation').map(e => e.name))");
        assertThat(loaded).isNotEmpty().allSatisfy(url -> assertThat(url).startsWith("http://127.0.0.1:"));
        saveScreenshot("cluster-page-browser-test.png");

        // On a phone-sized screen the page needs no sideways scrolling.
        browser.manage().window().setSize(new Dimension(390, 844));
        await().atMost(PATIENCE).until(() -> Boolean.TRUE.equals(browser.executeScript(
                "return document.documentElement.scrollWidth <= window.innerWidth")));
        assertThat(browser.executeScript("return getComputedStyle(document.querySelector('#nodes tbody tr')).display"))
                .isEqualTo("block");
        saveScreenshot("cluster-page-browser-test-phone.png");

        // The application stops: the page greys what it showed last and says since when, instead of looking live.
        browser.manage().window().setSize(new Dimension(1280, 900));
        app.close();
        waitFor("the page shows that its stream is gone", () -> text("#status").contains("no data since"));
        assertThat(browser.executeScript("return document.body.classList.contains('stale')")).isEqualTo(true);
        assertThat(browser.executeScript("return getComputedStyle(document.querySelector('main')).filter"))
                .asString().contains("grayscale");
        saveScreenshot("cluster-page-browser-test-stopped.png");
    }

    @Test
    void staysResponsiveWithFiveHundredNodes() throws Exception {
        VirtualScheduler clock = new VirtualScheduler();
        InMemoryNetwork network = new InMemoryNetwork(clock, 500);
        ServiceDiscovery observer = new ServiceDiscovery(new Discovery(simulated("observer", 1000),
                network.transport("10.0.0.1"), clock));
        observer.need("web");
        List<Discovery> peers = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            Discovery peer = new Discovery(simulated("peer-" + i, i), network.transport("10.0." + (1 + (i + 1) / 250)
                    + "." + (1 + (i + 1) % 250)), clock);
            peer.advertise(Map.of("name", i % 5 == 0 ? "web" : "worker", "port", 8000 + i));
            peers.add(peer);
        }
        ConfigurableApplicationContext app = start(new SpringApplicationBuilder(Application.class)
                .initializers(context -> context.getBeanFactory().registerSingleton("serviceDiscovery", observer)),
                List.of("server.port=0", "discovery.ui.enabled=true", "management.endpoints.web.exposure.include=cluster"));
        long converging = System.nanoTime();
        peers.forEach(Discovery::start);
        clock.runFor(Duration.ofSeconds(3));
        log.info("500 simulated peers converged in {} ms of real time", (System.nanoTime() - converging) / 1_000_000);
        assertThat(observer.discovery().nodes()).hasSize(500);

        browser.manage().window().setSize(new Dimension(1280, 900));
        browser.get(pageOf(app));
        waitFor("501 rows", () -> rowIds().size() == 501);
        assertThat(text("#node-count")).isEqualTo("501");
        assertThat(text("#services")).contains("web", "100 available", "worker", "400 available");

        // A hundred nodes leave at once: one push and one render of the table, well within a second.
        peers.subList(400, 500).forEach(Discovery::stop);
        clock.runFor(Duration.ofMillis(100)); // delivers the goodbyes: the observer drops the hundred nodes now
        waitFor("100 of 500 nodes left, 401 rows", () -> rowIds().size() == 401);
        double render = maxRenderMillis();
        log.info("rendering the page with 501, then 401 nodes took at most {} ms", Math.round(render));
        assertThat(render).isLessThan(1000);

        // Filtering the table answers at once, while the heard times keep ticking.
        long typing = System.nanoTime();
        browser.findElement(org.openqa.selenium.By.id("filter")).sendKeys("peer-12");
        waitFor("filtered rows", () -> rowIds().size() == 11); // peer-12 and peer-120..129
        log.info("filtering 401 rows answered in {} ms", (System.nanoTime() - typing) / 1_000_000);
        long roundTrip = System.nanoTime();
        browser.executeScript("return 1");
        assertThat(Duration.ofNanos(System.nanoTime() - roundTrip)).isLessThan(Duration.ofSeconds(1));

        observer.stop();
        peers.forEach(Discovery::stop);
    }

    private static DiscoveryOptions simulated(String hostName, double weight) {
        return DiscoveryOptions.builder().hostName(hostName).weight(weight).helloInterval(Duration.ofSeconds(1))
                .checkInterval(Duration.ofSeconds(2)).nodeTimeout(Duration.ofHours(1)).build();
    }

    private ConfigurableApplicationContext start(SpringApplicationBuilder builder, List<String> properties) {
        List<String> all = new ArrayList<>(properties);
        all.add("spring.main.banner-mode=off");
        ConfigurableApplicationContext app = builder.properties(all.toArray(String[]::new)).run();
        resources.add(app);
        return app;
    }

    private static List<String> withLoopback(int port, String... properties) {
        List<String> all = new ArrayList<>(List.of(Loopback.properties(port)));
        all.addAll(List.of("server.port=0", "discovery.ui.enabled=true",
                "management.endpoints.web.exposure.include=health,cluster"));
        all.addAll(List.of(properties));
        return all;
    }

    private static String pageOf(ConfigurableApplicationContext app) {
        return "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port") + "/actuator/cluster";
    }

    /** Waits for what the page shows, and logs how long it took: the figures of docs/spring-boot.md. */
    private static void waitFor(String what, Callable<Boolean> condition) {
        long started = System.nanoTime();
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(50)).until(condition);
        log.info("{}: shown after {} ms", what, (System.nanoTime() - started) / 1_000_000);
    }

    private static String row(String id) {
        return "#nodes tbody tr[data-id='" + id + "']";
    }

    private static String text(String selector) {
        Object text = browser.executeScript(
                "var e = document.querySelector(arguments[0]); return e ? e.textContent.trim() : null", selector);
        return text == null ? "" : (String) text;
    }

    @SuppressWarnings("unchecked")
    private static List<String> rowIds() {
        return (List<String>) browser.executeScript(
                "return Array.from(document.querySelectorAll('#nodes tbody tr')).map(r => r.dataset.id)");
    }

    @SuppressWarnings("unchecked")
    private static List<String> masterIds() {
        return (List<String>) browser.executeScript(
                "return Array.from(document.querySelectorAll('#masters li[data-id]')).map(li => li.dataset.id)");
    }

    @SuppressWarnings("unchecked")
    private static List<String> timelineTexts() {
        return (List<String>) browser.executeScript("return Array.from(document.querySelectorAll('#timeline li'))"
                + ".map(li => li.lastElementChild.textContent)");
    }

    private static double maxRenderMillis() {
        Object max = browser.executeScript("return Math.max(0, ...performance.getEntriesByName('cluster-render')"
                + ".map(e => e.duration))");
        return ((Number) max).doubleValue();
    }

    private static void saveScreenshot(String name) throws IOException {
        File shot = browser.getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), Path.of("target", name), StandardCopyOption.REPLACE_EXISTING);
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class Application {
    }
}
