package io.acomm.testing;

import java.nio.file.Path;
import java.time.Duration;

import io.acomm.Tracker;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The JUnit 5 extension behind {@link AcommTest}: gives each test a socket directory of its own in the temp
 * directory and resolves these parameters of its test, lifecycle and constructor methods:
 * <ul>
 * <li>{@link Tracker}: a tracker listening on a socket in that directory;</li>
 * <li>{@link StubProvider}: a stub provider on {@code stub.sock} in that directory;</li>
 * <li>{@link Path} annotated {@link AcommSocketDir}: the directory.</li>
 * </ul>
 * Each is made when first asked for, once per extension context: a test method and its {@code @BeforeEach}
 * methods get the same ones. When that context ends (after the test), the stub provider is closed, the tracker
 * stopped at once (requests it still tracks are answered with {@value Tracker#STOPPED_ERROR}) and the directory
 * deleted, so that no thread, socket or file is left.
 */
public final class AcommExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(
            AcommExtension.class);

    /**
     * @return whether the parameter is a {@link Tracker}, a {@link StubProvider}, or an {@link AcommSocketDir}
     *     {@link Path}
     */
    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        return type == Tracker.class || type == StubProvider.class
                || (type == Path.class && parameterContext.isAnnotated(AcommSocketDir.class));
    }

    /**
     * @return the context's tracker, stub provider or socket directory, made on first use
     */
    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        TestSockets sockets = extensionContext.getStore(NAMESPACE).computeIfAbsent(TestSockets.class,
                key -> new TestSockets(), TestSockets.class);
        Class<?> type = parameterContext.getParameter().getType();
        if (type == Tracker.class) {
            return sockets.tracker();
        }
        return type == StubProvider.class ? sockets.stub() : sockets.dir;
    }

    /**
     * One context's socket directory and what runs in it; closed by JUnit when the context ends.
     */
    private static final class TestSockets implements AutoCloseable {

        private final Path dir = AcommTestUtils.newSocketDir();
        private @Nullable Tracker tracker;
        private @Nullable StubProvider stub;

        synchronized Tracker tracker() {
            if (this.tracker == null) {
                Tracker started = Tracker.builder().socketDir(this.dir).build();
                started.startListener();
                this.tracker = started;
            }
            return this.tracker;
        }

        synchronized StubProvider stub() {
            if (this.stub == null) {
                this.stub = StubProvider.start(this.dir.resolve("stub.sock"));
            }
            return this.stub;
        }

        @Override
        public synchronized void close() {
            try {
                // the stub first: its delayed answers still go to a running tracker
                if (this.stub != null) {
                    this.stub.close();
                }
                if (this.tracker != null) {
                    this.tracker.stopListener(Duration.ZERO);
                }
            }
            finally {
                AcommTestUtils.deleteSocketDir(this.dir);
            }
        }
    }
}
