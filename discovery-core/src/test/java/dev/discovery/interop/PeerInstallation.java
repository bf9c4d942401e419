package dev.discovery.interop;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The folder of the node-discover peer (interop/node), made ready once per JVM: Node.js must run, and {@code npm ci}
 * installs node-discover when a fresh clone has no node_modules yet. Without Node.js the interop tests fail rather than
 * skip, so that a green build always means the two implementations were really tested together.
 */
final class PeerInstallation {

    /** Surefire runs in the module folder (discovery-core); the peer lives beside it at the repository root. */
    private static final Path FOLDER = Path.of("..", "interop", "node").toAbsolutePath().normalize();
    private static final int OLDEST_NODE_MAJOR = 18;
    private static final Duration VERSION_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration NPM_CI_TIMEOUT = Duration.ofMinutes(5);
    private static final String HOW_TO_INSTALL = "The interop tests run node-discover 1.2.1 under Node.js: install "
            + "Node.js 20 and npm (for example `apt-get install nodejs npm`, or from https://nodejs.org), "
            + "or leave the interop tests out with -Pfast.";

    // Guarded by the class lock: the outcome of the one preparation per JVM, success or why it failed.
    private static boolean ready;
    private static String failure;

    private PeerInstallation() {
    }

    /** The peer's folder, with node-discover installed; fails the calling test when that cannot be done. */
    static synchronized Path folder() {
        if (failure != null) {
            throw new AssertionError(failure);
        }
        if (!ready) {
            try {
                prepare();
                ready = true;
            } catch (AssertionError e) {
                failure = e.getMessage();
                throw e;
            }
        }
        return FOLDER;
    }

    private static void prepare() {
        if (!Files.isRegularFile(FOLDER.resolve("peer.js"))) {
            throw new AssertionError("No node-discover peer at " + FOLDER.resolve("peer.js")
                    + ": run the tests from the discovery-core module folder, as Maven does.");
        }
        Result version = run(VERSION_TIMEOUT, "node", "--version");
        if (version.exitCode != 0 || nodeMajor(version.output) < OLDEST_NODE_MAJOR) {
            throw new AssertionError("`node --version` said '" + version.output.trim() + "' (exit " + version.exitCode
                    + "), but Node.js " + OLDEST_NODE_MAJOR + " or newer is needed. " + HOW_TO_INSTALL);
        }
        if (!Files.isDirectory(FOLDER.resolve(Path.of("node_modules", "node-discover")))) {
            Result install = run(NPM_CI_TIMEOUT, "npm", "ci", "--no-audit", "--no-fund");
            if (install.exitCode != 0) {
                throw new AssertionError("`npm ci` in " + FOLDER + " failed (exit " + install.exitCode + "):\n"
                        + install.output + "\n" + HOW_TO_INSTALL);
            }
        }
    }

    private static int nodeMajor(String version) {
        String digits = version.trim().replaceFirst("^v", "").split("\\.")[0];
        try {
            return Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private record Result(int exitCode, String output) {
    }

    /** Runs a command in the peer's folder; a command that cannot be started at all means Node.js is missing. */
    private static Result run(Duration timeout, String... command) {
        Path log = null;
        try {
            log = Files.createTempFile("interop-" + command[0], ".log");
            Process process = new ProcessBuilder(command).directory(FOLDER.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                // npm works through child processes: end them too, not only npm itself.
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor();
                throw new AssertionError("`" + String.join(" ", command) + "` in " + FOLDER + " did not finish within "
                        + timeout.toSeconds() + " s:\n" + Files.readString(log, StandardCharsets.UTF_8));
            }
            return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError("Cannot run `" + String.join(" ", command) + "` (" + e.getMessage() + "). "
                    + HOW_TO_INSTALL, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted while running `" + String.join(" ", command) + "`", e);
        } finally {
            deleteQuietly(log);
        }
    }

    private static void deleteQuietly(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a leftover file in the temp folder harms nobody
        }
    }
}
