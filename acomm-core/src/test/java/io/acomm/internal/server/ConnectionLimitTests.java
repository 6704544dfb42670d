package io.acomm.internal.server;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import io.acomm.test.LogCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

class ConnectionLimitTests {

    private static final Path SOCKET = Path.of("/run/test/limit.sock");

    @RegisterExtension
    final LogCapture log = new LogCapture();

    private final AtomicInteger closedAtOnce = new AtomicInteger();

    private final AutoCloseable connection = this.closedAtOnce::incrementAndGet;

    private final ConnectionLimit limit = new ConnectionLimit(SOCKET, 2, new ListenerHealth(SOCKET));

    @Test
    void admitsUpToTheMaximumAndCountsThemOpen() {
        assertThat(this.limit.admit(this.connection)).isTrue();
        assertThat(this.limit.admit(this.connection)).isTrue();
        assertThat(this.limit.open()).isEqualTo(2);
        assertThat(this.closedAtOnce).hasValue(0);
        assertThat(this.limit.refused()).isZero();
    }

    @Test
    void closesCountsAndLogsAConnectionBeyondTheMaximumWithoutCountingItOpen() {
        this.limit.admit(this.connection);
        this.limit.admit(this.connection);
        assertThat(this.limit.admit(this.connection)).isFalse();
        assertThat(this.closedAtOnce).hasValue(1);
        assertThat(this.limit.refused()).isEqualTo(1);
        assertThat(this.limit.open()).isEqualTo(2);
        assertThat(this.log.warnings("closed at once: 2 connections are open, the maximum")).hasSize(1);
    }

    @Test
    void aClosedConnectionMakesRoomForAnother() {
        this.limit.admit(this.connection);
        this.limit.admit(this.connection);
        this.limit.closed();
        assertThat(this.limit.open()).isEqualTo(1);
        assertThat(this.limit.admit(this.connection)).isTrue();
        assertThat(this.limit.refused()).isZero();
    }
}
