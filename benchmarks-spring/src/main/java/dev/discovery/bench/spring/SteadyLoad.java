package dev.discovery.bench.spring;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.web.client.RestClient;

/**
 * Once the application is ready, sends {@code GET /work} at a fixed rate and writes one line per request: the time it was sent (epoch ms, the
 * driver's clock too), the ports tried, {@code ok} or the failure. Requests run on a pool so a slow one does not hold
 * back the rate.
 */
final class SteadyLoad implements AutoCloseable {

    private final RestClient client;
    private final BufferedWriter out;
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
    private final ExecutorService requests = Executors.newFixedThreadPool(64);
    private final long periodMicros;

    SteadyLoad(RestClient client, int ratePerSecond, Path log) throws IOException {
        this.client = client;
        this.out = Files.newBufferedWriter(log);
        this.periodMicros = 1_000_000L / ratePerSecond;
    }

    /** Not earlier: calls made while the context is still creating the registry client fail on half-made beans. */
    @EventListener(ApplicationReadyEvent.class)
    void start() {
        ticker.scheduleAtFixedRate(() -> requests.execute(this::call), 0, periodMicros, TimeUnit.MICROSECONDS);
        ticker.scheduleWithFixedDelay(this::flush, 200, 200, TimeUnit.MILLISECONDS);
    }

    private void call() {
        long sent = System.currentTimeMillis();
        String outcome;
        try {
            client.get().uri("/work").retrieve().toBodilessEntity();
            outcome = "ok";
        } catch (RuntimeException e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            outcome = "fail " + root.getClass().getSimpleName();
        }
        List<Integer> ports = AttemptRecordingRequestFactory.takeAttempts();
        write(sent + "," + ports.stream().map(String::valueOf).collect(Collectors.joining(";")) + "," + outcome);
    }

    private synchronized void write(String line) {
        try {
            out.write(line);
            out.newLine();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot write the request log", e);
        }
    }

    private synchronized void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot write the request log", e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        ticker.shutdownNow();
        requests.shutdown();
        requests.awaitTermination(5, TimeUnit.SECONDS);
        flush();
    }
}
