package io.acomm.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import io.acomm.Tracker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@link AcommExtension} gives a test, and that it leaves nothing behind: after the class's tests, no
 * directory, socket or acomm thread they made is left.
 */
@AcommTest
class AcommExtensionTests {

    private static final List<Path> DIRS = new ArrayList<>();

    private static Set<Thread> threadsBefore;

    private Tracker trackerOfBeforeEach;

    private StubProvider stubOfBeforeEach;

    @BeforeAll
    static void recordThreads() {
        threadsBefore = acommThreads();
    }

    @BeforeEach
    void setUp(Tracker tracker, StubProvider stub) {
        this.trackerOfBeforeEach = tracker;
        this.stubOfBeforeEach = stub;
    }

    @Test
    void aTestGetsTheInstancesOfItsBeforeEachMethods(Tracker tracker, StubProvider stub, @AcommSocketDir Path dir) {
        DIRS.add(dir);
        assertThat(tracker).isSameAs(this.trackerOfBeforeEach);
        assertThat(stub).isSameAs(this.stubOfBeforeEach);
        assertThat(tracker.isListening()).isTrue();
        assertThat(tracker.addr().getParent()).isEqualTo(dir.toAbsolutePath());
        assertThat(stub.socketPath()).isEqualTo(dir.resolve("stub.sock").toAbsolutePath()).exists();
    }

    @Test
    void eachTestHasADirectoryOfItsOwn(@AcommSocketDir Path dir, Tracker tracker) {
        DIRS.add(dir);
        assertThat(DIRS).doesNotHaveDuplicates();
        assertThat(tracker.addr()).startsWith(dir.toAbsolutePath());
    }

    @AfterAll
    static void nothingIsLeft() {
        assertThat(DIRS).hasSize(2).allSatisfy(dir -> assertThat(Files.exists(dir)).as("%s exists", dir).isFalse());
        Set<Thread> left = acommThreads();
        left.removeAll(threadsBefore);
        assertThat(left).as("acomm threads left by the tests").isEmpty();
    }

    private static Set<Thread> acommThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
                .filter(thread -> thread.getName().startsWith("acomm-")).collect(Collectors.toSet());
    }
}
