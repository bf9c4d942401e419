package dev.discovery.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Compiles every {@code java} block of the README, as written, against the library, so that an example cannot drift
 * from the API. A block that declares types compiles as a file, a block of methods as the members of a class, and a
 * block of statements as the body of a method. {@code { … }} stands for a body the README leaves out, and the few names it leaves to the reader (a record
 * {@code Order}, a {@code log}) are declared in {@link #READER_NAMES}.
 */
class ReadmeExamplesTest {

    private static final Path README = Path.of("..", "README.md");

    private static final String IMPORTS = """
            import dev.discovery.*;
            import dev.discovery.spring.channel.*;
            import dev.discovery.spring.event.*;
            import dev.discovery.spring.master.*;
            import dev.discovery.spring.needs.*;
            import dev.discovery.spring.node.*;
            import dev.discovery.testing.*;
            import java.time.Duration;
            import java.util.*;
            import java.util.concurrent.*;
            import org.springframework.context.event.EventListener;
            import org.springframework.stereotype.Component;
            import org.springframework.context.annotation.*;
            import org.springframework.scheduling.annotation.Scheduled;
            import org.springframework.cloud.client.loadbalancer.LoadBalanced;
            import org.springframework.web.client.RestClient;
            import static readme.ReaderNames.*;
            """;

    /** What the examples use without declaring: the reader's own types and variables from earlier examples. */
    private static final String READER_NAMES = """
            package readme;

            import dev.discovery.*;
            import java.util.concurrent.CompletionStage;

            public class ReaderNames {
                public record Order(int id, String item) { }
                public record Greeting(String text) { }
                public static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger("readme");
                public static DiscoveryOptions options;
                public static Discovery discovery;
                public static ServiceDiscovery services;
                public static void startSingletonJobs() { }
                public static final class MongoClients {
                    public static CompletionStage<Object> connectAsync(String host, int port) { return null; }
                }
                public static final class Poller {
                    public void start() { }
                    public void stop() { }
                }
                protected Poller poller;
                protected java.util.concurrent.ScheduledExecutorService timer;
                protected java.util.List<String> tenants;
                protected void report() { }
                protected void report(long term) { }
                protected void sync(String key) { }
                protected void release(String key) { }
            }
            """;

    static Stream<Example> examples() throws IOException {
        String readme = Files.readString(README);
        Matcher block = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(readme);
        List<Example> examples = new ArrayList<>();
        while (block.find()) {
            int line = (int) readme.substring(0, block.start()).lines().count() + 1;
            examples.add(new Example(line, block.group(1)));
        }
        assertThat(examples).as("java blocks in the README").isNotEmpty();
        return examples.stream();
    }

    @ParameterizedTest(name = "README line {0}")
    @MethodSource("examples")
    void compiles(Example example) throws IOException {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        Path out = Files.createTempDirectory("readme-example");
        try (StandardJavaFileManager files = compiler.getStandardFileManager(diagnostics, Locale.ROOT, null)) {
            List<String> options = List.of("-proc:none", "-d", out.toString(), "-classpath", classPath(),
                    "-Xlint:none", "-nowarn");
            boolean ok = compiler.getTask(null, files, diagnostics, options, null,
                    List.of(source("readme/ReaderNames", READER_NAMES), source("readme/Example", example.asFile())))
                    .call();
            StringBuilder errors = new StringBuilder();
            for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
                if (d.getKind() == Diagnostic.Kind.ERROR) {
                    errors.append(d.getMessage(Locale.ROOT)).append(" [example line ")
                            .append(d.getLineNumber() - example.firstLineOffset()).append("]\n");
                }
            }
            assertThat(ok).as("README example at line %d does not compile:%n%s%n%s", example.line(), errors,
                    example.code()).isTrue();
        }
    }

    private static String classPath() {
        // Surefire runs tests through a manifest-only jar; this property has the real class path.
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    private static JavaFileObject source(String name, String code) {
        return new SimpleJavaFileObject(URI.create("string:///" + name + ".java"), JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return code;
            }
        };
    }

    record Example(int line, String code) {

        private static final Pattern DECLARATION =
                Pattern.compile("^(@\\w+[^\\n]*\\n)*\\s*(public\\s+)?(final\\s+)?(class|record|interface|enum)\\s");

        /** Methods (a {@code @Bean} or two), compiled as members of a class. */
        private static final Pattern MEMBERS = Pattern.compile("^(@\\w+[^\\n]*\\n)*[\\w.<>]+\\s+\\w+\\([^)]*\\)\\s*\\{");

        boolean declaresTypes() {
            return DECLARATION.matcher(code).find();
        }

        boolean declaresMembers() {
            return !declaresTypes() && MEMBERS.matcher(code).find();
        }

        String body() {
            return code.replace("{ … }", "{ throw new UnsupportedOperationException(\"left out in the README\"); }");
        }

        String asFile() {
            String header = "package readme;\n" + IMPORTS;
            if (declaresTypes()) {
                return header + body();
            }
            if (declaresMembers()) {
                return header + "class Example extends ReaderNames {\n" + body() + "\n}\n";
            }
            return header + "class Example extends ReaderNames {\n void example() throws Exception {\n" + body() + "\n}\n}\n";
        }

        /** Lines before the example's first line in the compiled file, to report errors at README positions. */
        long firstLineOffset() {
            return IMPORTS.lines().count() + 1 + (declaresTypes() ? 0 : declaresMembers() ? 1 : 2);
        }

        @Override
        public String toString() {
            return Integer.toString(line);
        }
    }
}
