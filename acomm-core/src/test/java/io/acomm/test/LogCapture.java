package io.acomm.test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;
import org.slf4j.simple.SimpleLogger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Captures what the tests' logger (slf4j-simple, which looks up {@code System.err} on every line) writes during each
 * test, so that a test can check what was logged and how. Register with {@code @RegisterExtension}; the tests run one
 * at a time, so swapping {@code System.err} is safe. The captured lines are written to the real error stream when a
 * test fails.
 * <p>
 * The tests log at INFO; {@link #debug(Class...)} has the loggers of some classes log (and so capture) their DEBUG
 * lines too, during each test only. slf4j-simple fixes a logger's level when it creates the logger, so the level of
 * those loggers is set on the logger instances themselves, which the classes' own static loggers share.
 */
public final class LogCapture implements BeforeEachCallback, AfterEachCallback {

    private static final int LINES_SHOWN_ON_FAILURE = 200;

    private final List<Class<?>> debugLoggers = new ArrayList<>();
    private final Map<SimpleLogger, Integer> levelsBefore = new LinkedHashMap<>();
    private PrintStream original;
    private ByteArrayOutputStream buffer = new ByteArrayOutputStream();

    /**
     * Captures the DEBUG lines of the loggers of the given classes as well.
     * @param types the classes whose loggers log at DEBUG during each test
     * @return this extension
     */
    public LogCapture debug(Class<?>... types) {
        this.debugLoggers.addAll(List.of(types));
        return this;
    }

    @Override
    public void beforeEach(ExtensionContext context) throws ReflectiveOperationException {
        this.original = System.err;
        this.buffer = new ByteArrayOutputStream();
        System.setErr(new PrintStream(this.buffer, true, StandardCharsets.UTF_8));
        for (Class<?> type : this.debugLoggers) {
            SimpleLogger logger = (SimpleLogger) LoggerFactory.getLogger(type);
            this.levelsBefore.put(logger, (Integer) levelField().get(logger));
            levelField().set(logger, Level.DEBUG.toInt());
        }
    }

    @Override
    public void afterEach(ExtensionContext context) throws ReflectiveOperationException {
        for (Map.Entry<SimpleLogger, Integer> before : this.levelsBefore.entrySet()) {
            levelField().set(before.getKey(), before.getValue());
        }
        this.levelsBefore.clear();
        System.setErr(this.original);
        if (context.getExecutionException().isPresent()) {
            List<String> lines = lines();
            this.original.println("---- log of the failed test " + context.getDisplayName() + " (last "
                    + LINES_SHOWN_ON_FAILURE + " of " + lines.size() + " lines) ----");
            lines.subList(Math.max(0, lines.size() - LINES_SHOWN_ON_FAILURE), lines.size())
                    .forEach(this.original::println);
        }
    }

    /** Forgets what was captured so far. */
    public void clear() {
        this.buffer.reset();
    }

    public List<String> lines() {
        return this.buffer.toString(StandardCharsets.UTF_8).lines().collect(Collectors.toList());
    }

    /**
     * @param level the level, such as {@code "DEBUG"}
     * @param containing the text the lines contain
     * @return the lines logged at that level that contain the text
     */
    public List<String> lines(String level, String containing) {
        return lines().stream().filter(line -> line.contains("] " + level + " ") && line.contains(containing))
                .collect(Collectors.toList());
    }

    /**
     * @return the lines logged at WARN
     */
    public List<String> warnings() {
        return lines().stream().filter(line -> line.contains("] WARN ")).collect(Collectors.toList());
    }

    /**
     * @return the lines logged at WARN that contain the text
     */
    public List<String> warnings(String containing) {
        return warnings().stream().filter(line -> line.contains(containing)).collect(Collectors.toList());
    }

    /**
     * @return the lines of stack traces: frames and causes
     */
    public List<String> stackTraceLines() {
        return lines().stream().filter(line -> line.startsWith("\tat ") || line.startsWith("Caused by: "))
                .collect(Collectors.toList());
    }

    public void awaitWarning(String containing) {
        TestSupport.await().untilAsserted(() -> assertThat(warnings(containing))
                .as(() -> "WARN lines containing '" + containing + "' in:\n" + String.join("\n", lines()))
                .isNotEmpty());
    }

    /**
     * Asserts that exactly one line was logged at WARN, that it contains every text given, and that no stack trace
     * was logged.
     */
    public void assertOneWarning(String... containing) {
        List<String> warnings = warnings();
        assertThat(warnings).as("WARN lines").hasSize(1);
        assertThat(warnings.get(0)).as("the WARN line").contains(containing);
        assertNoStackTraces();
    }

    public void assertNoStackTraces() {
        assertThat(stackTraceLines()).as("stack trace lines logged").isEmpty();
    }

    private static Field levelField() throws NoSuchFieldException {
        Field field = SimpleLogger.class.getDeclaredField("currentLogLevel");
        field.setAccessible(true);
        return field;
    }
}
