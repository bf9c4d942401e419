package dev.discovery.hosts;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Runs iproute2's {@code ip}, the one tool that builds and tears down the test hosts' namespaces and links. */
final class IpCommand {

    private IpCommand() {
    }

    /**
     * Runs {@code ip ARGS} and returns what it printed.
     *
     * @throws IllegalStateException naming the command and its output when it cannot run or exits with a failure
     */
    static String run(String... args) {
        List<String> command = new ArrayList<>();
        command.add("ip");
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output;
            try (InputStream in = process.getInputStream()) {
                output = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            }
            // ip has exited or is about to: its output ended.
            if (process.waitFor() != 0) {
                throw new IllegalStateException("`" + String.join(" ", command) + "` failed with exit code "
                        + process.exitValue() + ": " + output);
            }
            return output;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run `" + String.join(" ", command) + "`: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running `" + String.join(" ", command) + "`", e);
        }
    }
}
