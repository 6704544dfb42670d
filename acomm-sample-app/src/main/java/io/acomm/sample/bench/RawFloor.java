package io.acomm.sample.bench;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Semaphore;

/**
 * A floor of an acomm round trip on this machine, with the same JVM: two exchanges of connect + frame + ack with
 * fixed bytes. The caller sends a request frame to a "provider" socket; the server acks, then sends a response frame
 * to a "tracker" socket, whose server acks and wakes the caller. No JSON and no tracking. Each caller slot has its own
 * fixed frames, so the tracker side knows whom to wake.
 * <p>
 * {@link #blocking} serves with blocking sockets and one thread per acceptor, which serves each connection where it
 * accepts it: on {@link FloorSockets#JUNIXSOCKET} this is the reference floor, which stays as it is, a fixed yardstick
 * that the round trips of every build are measured against in the same run. The JDK's sockets and
 * {@link #eventLoop} show what the socket library and the way of serving cost.
 */
final class RawFloor implements AutoCloseable {

    private static final byte[] ACK = frame("{\"error\":\"\",\"id\":\"\",\"result\":null,\"stream_url\":null}");
    private static final String PROVIDER_SOCKET = "floor-provider.sock";
    private static final String TRACKER_SOCKET = "floor-tracker.sock";

    private final byte[][] requests;
    private final byte[][] responses;
    private final Semaphore[] answered;
    private final FloorSockets.Target providerTarget;
    private Closeable servers;

    private RawFloor(Path dir, FloorSockets callerSockets, int slots) throws IOException {
        Files.createDirectories(dir);
        this.providerTarget = callerSockets.target(dir.resolve(PROVIDER_SOCKET));
        this.requests = new byte[slots][];
        this.responses = new byte[slots][];
        this.answered = new Semaphore[slots];
        for (int slot = 0; slot < slots; slot++) {
            String id = String.format("%04d", slot);
            this.requests[slot] = frame(id + "{\"id\":\"" + id + "\",\"task\":\"sum\",\"responsehook\":\"unix:///x\"}");
            this.responses[slot] = frame(id + "{\"error\":\"\",\"id\":\"" + id + "\",\"result\":6,\"stream_url\":null}");
            this.answered[slot] = new Semaphore(0);
        }
    }

    /**
     * @param dir where the floor's sockets go
     * @param sockets the sockets, of the servers and the callers alike
     * @param slots the callers
     * @param acceptors the threads accepting on each socket
     * @return a floor served by blocking sockets, one thread per acceptor
     */
    static RawFloor blocking(Path dir, FloorSockets sockets, int slots, int acceptors) throws IOException {
        RawFloor floor = new RawFloor(dir, sockets, slots);
        FloorSockets.Server provider = sockets.listen(dir.resolve(PROVIDER_SOCKET));
        FloorSockets.Server tracker = sockets.listen(dir.resolve(TRACKER_SOCKET));
        FloorSockets.Target trackerTarget = sockets.target(dir.resolve(TRACKER_SOCKET));
        for (int i = 0; i < acceptors; i++) {
            serve(provider, "floor-provider-" + i, slot -> exchange(trackerTarget, floor.responses[slot]));
            serve(tracker, "floor-tracker-" + i, slot -> floor.answered[slot].release());
        }
        floor.servers = () -> {
            provider.close();
            tracker.close();
        };
        return floor;
    }

    /**
     * @param dir where the floor's sockets go
     * @param slots the callers, who use the JDK's blocking sockets
     * @param checkPeers whether the loop reads and checks each accepted peer's credentials
     * @return a floor served by one {@link EventLoopServers event loop}
     */
    static RawFloor eventLoop(Path dir, int slots, boolean checkPeers) throws IOException {
        RawFloor floor = new RawFloor(dir, FloorSockets.JDK, slots);
        floor.servers = new EventLoopServers(dir.resolve(PROVIDER_SOCKET), dir.resolve(TRACKER_SOCKET), ACK,
                slot -> floor.responses[slot], slot -> floor.answered[slot].release(), checkPeers);
        return floor;
    }

    /** What a floor server does with a frame after acking it. */
    private interface AfterAck {
        void accept(int slot) throws IOException;
    }

    private static void serve(FloorSockets.Server server, String name, AfterAck afterAck) {
        Thread thread = new Thread(() -> {
            try {
                while (true) {
                    int slot;
                    try (FloorSockets.Connection connection = server.accept()) {
                        slot = slotOf(readFrame(connection.in()), 0);
                        connection.out().write(ACK);
                    }
                    afterAck.accept(slot);
                }
            }
            catch (IOException closed) {
                // the floor is closed at the end of the benchmark
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * One round trip for a caller slot: the request to the provider, then the wait until the tracker side has
     * received the response.
     */
    void roundTrip(int slot) throws IOException, InterruptedException {
        exchange(this.providerTarget, this.requests[slot]);
        this.answered[slot].acquire();
    }

    private static void exchange(FloorSockets.Target target, byte[] frame) throws IOException {
        try (FloorSockets.Connection connection = target.connect()) {
            connection.out().write(frame);
            readFrame(connection.in());
        }
    }

    private static byte[] readFrame(InputStream in) throws IOException {
        byte[] header = in.readNBytes(4);
        int length = ((header[0] & 0xFF) << 24) | ((header[1] & 0xFF) << 16) | ((header[2] & 0xFF) << 8)
                | (header[3] & 0xFF);
        return in.readNBytes(length);
    }

    /**
     * @param bytes a frame's payload, from {@code offset}
     * @return the caller slot its first four digits name
     */
    static int slotOf(byte[] bytes, int offset) {
        return Integer.parseInt(new String(bytes, offset, 4, StandardCharsets.US_ASCII));
    }

    private static byte[] frame(String json) {
        byte[] payload = json.getBytes(StandardCharsets.UTF_8);
        byte[] frame = new byte[4 + payload.length];
        frame[3] = (byte) payload.length;
        System.arraycopy(payload, 0, frame, 4, payload.length);
        return frame;
    }

    @Override
    public void close() throws IOException {
        this.servers.close();
    }
}
