package dev.discovery.bench;

/** Progress lines on stderr, with the time since the benchmark began, so a long run shows where it is. */
final class Progress {

    private static final long BEGIN = System.nanoTime();

    private Progress() {
    }

    static void say(String message) {
        System.err.printf("[bench %5.1f s] %s%n", (System.nanoTime() - BEGIN) / 1e9, message);
    }
}
