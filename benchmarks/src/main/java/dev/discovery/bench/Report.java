package dev.discovery.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The results file: titled Markdown sections, then notes on how to read them. */
final class Report {

    private final StringBuilder body = new StringBuilder();
    private final List<String> notes = new ArrayList<>();

    void section(String title, String markdown) {
        body.append("## ").append(title).append("\n\n").append(markdown).append('\n');
    }

    void note(String note) {
        notes.add(note);
    }

    String render() {
        StringBuilder out = new StringBuilder("# Benchmark results\n\n").append(body);
        if (!notes.isEmpty()) {
            out.append("## Notes\n\n");
            notes.forEach(n -> out.append("- ").append(n).append('\n'));
        }
        return out.toString();
    }

    void write(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, render());
    }
}
