package dev.discovery.bench.spring;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** A caller's request log (sent at, ports tried, outcome) and what it says about each thing the driver did. */
record RequestLog(List<Request> requests) {

    /** One request: when it was sent, the instances (ports) it tried, whether it succeeded in the end. */
    record Request(long sentAt, int[] ports, boolean ok) {
    }

    static RequestLog read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw SpringCloudDriver.unchecked(e);
        }
        List<Request> requests = new ArrayList<>();
        for (String line : lines) {
            String[] parts = line.split(",", 3);
            if (parts.length < 3) {
                continue; // a line the caller was still writing
            }
            int[] ports = parts[1].isEmpty() ? new int[0]
                    : Arrays.stream(parts[1].split(";")).mapToInt(Integer::parseInt).toArray();
            requests.add(new Request(Long.parseLong(parts[0]), ports, parts[2].equals("ok")));
        }
        requests.sort((a, b) -> Long.compare(a.sentAt(), b.sentAt()));
        return new RequestLog(requests);
    }

    /** When the first request sent at or after {@code since} tried the port; -1 if none did. */
    long firstAttempt(int port, long since) {
        for (Request request : requests) {
            if (request.sentAt() >= since && tried(request, port)) {
                return request.sentAt();
            }
        }
        return -1;
    }

    private long lastAttempt(int port, long since, long until) {
        long last = -1;
        for (Request request : requests) {
            if (request.sentAt() >= since && request.sentAt() < until && tried(request, port)) {
                last = request.sentAt();
            }
        }
        return last;
    }

    private static boolean tried(Request request, int port) {
        for (int p : request.ports()) {
            if (p == port) {
                return true;
            }
        }
        return false;
    }

    private long count(long from, long to, boolean ok) {
        return requests.stream().filter(r -> r.sentAt() >= from && r.sentAt() < to && r.ok() == ok).count();
    }

    String report(String name, List<SpringCloudDriver.Event> events, long rollingStart, long killStart, long end) {
        // The run ends at the driver's last step; requests sent while it stops the JVMs are not counted.
        long lastSent = requests.stream().mapToLong(Request::sentAt).filter(t -> t < end).max().orElse(end);
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%s:%n  rolling restart: %d failed of %d%n", name,
                count(rollingStart, killStart, false), count(rollingStart, killStart, false)
                        + count(rollingStart, killStart, true)));
        out.append(String.format(Locale.ROOT, "  kill -9:         %d failed of %d%n", count(killStart, end, false),
                count(killStart, end, false) + count(killStart, end, true)));
        for (SpringCloudDriver.Event event : events) {
            switch (event.what()) {
                case "start" -> {
                    if (event.at() < rollingStart) {
                        continue;
                    }
                    // From the launch: a load balancer may try the instance before the driver's poll sees it answer.
                    long first = firstAttempt(event.port(), event.at());
                    out.append(first < 0
                            ? String.format(Locale.ROOT, "  new instance %d: no traffic by the end%n", event.port())
                            : String.format(Locale.ROOT,
                                    "  new instance %d: first request %.1f s after it answered the driver (%.1f s after launch)%n",
                                    event.port(), (first - event.upAt()) / 1e3, (first - event.at()) / 1e3));
                }
                default -> {
                    long last = lastAttempt(event.port(), event.at(), end);
                    List<Request> sentToIt = requests.stream()
                            .filter(r -> r.sentAt() >= event.at() && r.sentAt() < end && tried(r, event.port()))
                            .toList();
                    long after = sentToIt.size();
                    long failed = sentToIt.stream().filter(r -> !r.ok()).count();
                    String window = last < 0 ? "none"
                            : String.format(Locale.ROOT, "%.1f s%s", (last - event.at()) / 1e3,
                                    lastSent - last < 1000 ? " (still at the end of the run)" : "");
                    out.append(String.format(Locale.ROOT,
                            "  %s %d: requests still sent to it for %s (%d requests, %d of them failed in the end)%n",
                            event.what(), event.port(), window, after, failed));
                }
            }
        }
        return out.toString();
    }
}
