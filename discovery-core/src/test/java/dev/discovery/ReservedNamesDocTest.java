package dev.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The reserved channel names the docs list are the ones the code refuses (issue 20, item 12). */
class ReservedNamesDocTest {

    private static final Pattern CODE = Pattern.compile("`([^`]+)`");

    /** The code spans of the text between two markers, whitespace joined across lines. */
    private static Set<String> listed(String file, String from, String to) throws IOException {
        String text = Files.readString(Path.of("..").resolve(file)).replaceAll("\\s+", " ");
        int start = text.indexOf(from);
        assertThat(start).as("'%s' in %s", from, file).isNotNegative();
        int end = text.indexOf(to, start);
        assertThat(end).as("'%s' after '%s' in %s", to, from, file).isPositive();
        Set<String> names = new TreeSet<>();
        Matcher m = CODE.matcher(text.substring(start, end));
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    @Test
    void theProtocolListsEveryReservedName() throws IOException {
        assertThat(listed("docs/protocol.md", "The names `promotion`", "are refused by `join` and `send`"))
                .isEqualTo(new TreeSet<>(Discovery.RESERVED_NAMES));
    }

    @Test
    void theReadmeListsEveryReservedName() throws IOException {
        assertThat(listed("README.md", "not one of the reserved names", "(`Discovery.RESERVED_NAMES`)"))
                .isEqualTo(new TreeSet<>(Discovery.RESERVED_NAMES));
    }
}
