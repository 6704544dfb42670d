package io.acomm;

import java.io.IOException;
import java.nio.file.Path;
import java.util.stream.Stream;

import io.acomm.test.ListenerUnderTest;
import io.acomm.test.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.Arguments;

import static io.acomm.test.TestSupport.exchangeFrame;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile input against the tracker's response listener: the shared cases, and responses the tracker must refuse
 * because of what it tracks.
 */
class TrackerHostileInputTests extends HostileInputSuite<ListenerUnderTest.TrackerTarget> {

    @Override
    ListenerUnderTest.TrackerTarget start(Path dir) {
        return ListenerUnderTest.tracker(dir, PeerFilter.currentUserAndRoot());
    }

    static Stream<Arguments> wrongShapes() {
        return Stream.concat(commonShapes(), Stream.of(
                shape("an error that is a number", "{\"id\":\"$ID\",\"error\":5}", "'error' must be a string"),
                shape("an error that is an object", "{\"id\":\"$ID\",\"error\":{\"message\":\"x\"}}",
                        "'error' must be a string")));
    }

    @Test
    void aResponseWithAnUnknownIdIsRefused() throws IOException {
        Response stranger = Response.success(Request.builder().build(), "who am I");

        Response ack = exchangeFrame(this.target.socket(), AcommJson.defaults().encode(stranger));

        assertRefusedQuietly(ack, "no tracked request: " + stranger.id());
    }

    @Test
    void theSameResponseTwiceIsRefusedTheSecondTime() throws IOException {
        String id = this.target.newId();
        byte[] response = this.target.validMessage(id);

        Response first = exchangeFrame(this.target.socket(), response);
        Response second = exchangeFrame(this.target.socket(), response);

        assertThat(first.error()).as("first ack").isNull();
        // its callback runs on the handler executor, maybe after that of the next valid response
        TestSupport.await().until(() -> this.target.wasProcessed(id));
        this.target.expectProcessed();
        assertRefusedQuietly(second, "no tracked request: " + id);
        assertThat(this.target.handledCount(id)).as("times the response was handled").isEqualTo(1);
        assertThat(this.target.tracker().numRequests()).isZero();
    }

    /**
     * A response for a request not tracked (any more) is refused like other hostile input, but is its sender's to log:
     * the tracker logs it at DEBUG only.
     */
    private void assertRefusedQuietly(Response ack, String reason) throws IOException {
        assertThat(ack.error()).as("error ack").isNotNull().contains(reason);
        assertThat(ack.id()).as("ack id").isEmpty();
        this.target.assertServes(this.target.newId());
        assertThat(this.log.warnings()).as("WARN lines").isEmpty();
        this.log.assertNoStackTraces();
    }
}
