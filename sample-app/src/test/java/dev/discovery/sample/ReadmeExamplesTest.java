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
 * Compiles every {@code java} block of the README and of {@code docs/}, as written, against the library, so that an
 * example cannot drift from the API. A block that declares types compiles as a file, a block of methods as the members
 * of a class, and a block of statements as the body of a method. {@code { … }} stands for a body the text leaves out,
 * a line of {@code …} for members it leaves out, and the few names it leaves to the reader (a record {@code Order}, a
 * {@code log}) are declared in {@link #READER_NAMES}.
 */
class ReadmeExamplesTest {

    private static final Path ROOT = Path.of("..");

    private static final String IMPORTS = """
            import dev.discovery.*;
            import dev.discovery.spring.channel.*;
            import dev.discovery.spring.event.*;
            import dev.discovery.spring.master.*;
            import dev.discovery.spring.needs.*;
            import dev.discovery.spring.node.*;
            import dev.discovery.testing.*;
            import java.time.Duration;
            import java.net.*;
            import com.sun.net.httpserver.HttpServer;
            import java.util.*;
            import java.util.concurrent.*;
            import org.springframework.context.event.EventListener;
            import org.springframework.stereotype.Component;
            import org.springframework.context.annotation.*;
            import org.springframework.scheduling.annotation.Scheduled;
            import org.springframework.cloud.client.loadbalancer.LoadBalanced;
            import org.springframework.web.client.RestClient;
            import org.springframework.beans.factory.annotation.Autowired;
            import org.springframework.context.ApplicationContext;
            import org.springframework.context.SmartLifecycle;
            import org.springframework.stereotype.Service;
            import org.springframework.boot.availability.*;
            import org.springframework.boot.test.context.SpringBootTest;
            import org.junit.jupiter.api.Test;
            import dev.discovery.spring.test.*;
            import dev.discovery.spring.test.AutoConfigureTestDiscovery.*;
            import static dev.discovery.spring.test.DiscoveryAssertions.assertThat;
            import static dev.discovery.spring.test.DiscoveryAssertions.assertThatNodeOf;
            import static org.assertj.core.api.Assertions.assertThat;
            import org.springframework.integration.dsl.*;
            import org.springframework.integration.zookeeper.config.LeaderInitiatorFactoryBean;
            import org.springframework.integration.jdbc.lock.*;
            import org.springframework.integration.support.leader.LockRegistryLeaderInitiator;
            import org.springframework.integration.leader.DefaultCandidate;
            import org.apache.curator.framework.CuratorFramework;
            import javax.sql.DataSource;
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
                public record Invoice(String id) { }
                public static final Jobs scheduler = new Jobs();
                public static final Pools pools = new Pools();
                public static final java.util.Queue<String> mailbox = new java.util.ArrayDeque<>();
                public static final java.util.List<String> tenants = java.util.List.of();
                public static final class Jobs {
                    public void startSingletonJobs() { }
                    public void stopSingletonJobs() { }
                }
                public static final class Pools {
                    public CompletionStage<Void> openAsync(String host, int port) { return null; }
                }
                public static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger("readme");
                public static DiscoveryOptions options;
                public static Discovery discovery;
                public static ServiceDiscovery services;
                public static dev.discovery.spring.test.TestDiscoveryNetwork network;
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
                protected void report() { }
                protected void report(long term) { }
                protected void sync(String key) { }
                protected void release(String key) { }
                protected void process(Object message) { }
            }
            """;

    /** The application class of the examples that show a whole test file, imports included. */
    private static final String READER_APPLICATION = """
            package readme;

            @org.springframework.boot.autoconfigure.SpringBootApplication
            class OrdersApplication { }
            """;

    static Stream<Example> examples() throws IOException {
        List<Path> documents = new ArrayList<>(List.of(ROOT.resolve("README.md")));
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            docs.filter(path -> path.toString().endsWith(".md")).sorted().forEach(documents::add);
        }
        List<Example> examples = new ArrayList<>();
        for (Path document : documents) {
            String text = Files.readString(document);
            Matcher block = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(text);
            while (block.find()) {
                int line = (int) text.substring(0, block.start()).lines().count() + 1;
                examples.add(new Example(ROOT.relativize(document).toString(), line, block.group(1)));
            }
        }
        assertThat(examples).as("java blocks in the README and docs/").extracting(Example::document)
                .contains("README.md", "docs/spring-boot.md");
        return examples.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void compiles(Example example) throws IOException {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        Path out = Files.createTempDirectory("readme-example");
        try (StandardJavaFileManager files = compiler.getStandardFileManager(diagnostics, Locale.ROOT, null)) {
            List<String> options = List.of("-proc:none", "-d", out.toString(), "-classpath", classPath(),
                    "-Xlint:none", "-nowarn");
            boolean ok = compiler.getTask(null, files, diagnostics, options, null,
                    List.of(source("readme/ReaderNames", READER_NAMES), source("readme/OrdersApplication", READER_APPLICATION),
                            source("readme/Example", example.asFile())))
                    .call();
            StringBuilder errors = new StringBuilder();
            for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
                if (d.getKind() == Diagnostic.Kind.ERROR) {
                    errors.append(d.getMessage(Locale.ROOT)).append(" [example line ")
                            .append(d.getLineNumber() - example.firstLineOffset()).append("]\n");
                }
            }
            assertThat(ok).as("the example at %s does not compile:%n%s%n%s", example, errors, example.code()).isTrue();
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

    record Example(String document, int line, String code) {

        private static final Pattern DECLARATION =
                Pattern.compile("^(@\\w+[^\\n]*\\n)*\\s*(public\\s+)?(final\\s+)?(class|record|interface|enum)\\s");

        /** Methods (a {@code @Bean} or two), compiled as members of a class. */
        private static final Pattern IMPORT = Pattern.compile("(?m)^import\\s");

        private static final Pattern MEMBERS = Pattern.compile("^(@\\w+[^\\n]*\\n)*[\\w.<>]+\\s+\\w+\\([^)]*\\)\\s*\\{");

        boolean declaresTypes() {
            return DECLARATION.matcher(code).find();
        }

        boolean declaresMembers() {
            return !declaresTypes() && MEMBERS.matcher(code).find();
        }

        String body() {
            return code.replace("{ … }", "{ throw new UnsupportedOperationException(\"left out in the text\"); }")
                    .replaceAll("(?m)^(\\s*)…$", "$1// left out in the text");
        }

        /** A whole file, imports included, compiles with its own imports only: as a reader would copy it. */
        boolean hasImports() {
            return IMPORT.matcher(code).find();
        }

        String asFile() {
            if (hasImports()) {
                return "package readme;\n" + body();
            }
            String header = "package readme;\n" + IMPORTS;
            if (declaresTypes()) {
                return header + body();
            }
            if (declaresMembers()) {
                return header + "class Example extends ReaderNames {\n" + body() + "\n}\n";
            }
            return header + "class Example extends ReaderNames {\n void example() throws Exception {\n" + body() + "\n}\n}\n";
        }

        /** Lines before the example's first line in the compiled file, to report errors at the text's positions. */
        long firstLineOffset() {
            return 1 + (hasImports() ? 0 : IMPORTS.lines().count() + (declaresTypes() ? 0 : declaresMembers() ? 1 : 2));
        }

        @Override
        public String toString() {
            return document + " line " + line;
        }
    }
}
