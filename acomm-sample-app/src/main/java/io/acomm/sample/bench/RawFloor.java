package io.acomm.sample.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Semaphore;

import org.newsclub.net.unix.AFUNIXServerSocket;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * The reference blocking floor of an acomm round trip on this machine, with the same JVM and junixsocket: two
 * exchanges of connect + frame + ack with fixed bytes. The caller sends a request frame to a "provider" socket; the
 * thread that accepted it acks, then sends a response frame to a "tracker" socket, whose accepting thread acks and
 * wakes the caller. No JSON, no tracking, and no threads beyond the accepting ones, which serve each connection where
 * they accept it. Each caller slot has its own fixed frames, so the tracker side knows whom to wake. It stays as it
 * is, a fixed yardstick that the round trips of every build are measured against in the same run.
 */
final class RawFloor implements AutoCloseable {

    private static final byte[] ACK = frame("{\"error\":\"\",\"id\":\"\",\"result\":null,\"stream_url\":null}");

    private final AFUNIXServerSocket provider;
    private final AFUNIXServerSocket tracker;
    private final AFUNIXSocketAddress providerAddress;
    private final AFUNIXSocketAddress trackerAddress;
    private final byte[][] requests;
    private final byte[][] responses;
    private final Semaphore[] answered;

    RawFloor(Path dir, int slots, int acceptors) throws IOException {
        Files.createDirectories(dir);
        this.providerAddress = AFUNIXSocketAddress.of(dir.resolve("floor-provider.sock"));
        this.trackerAddress = AFUNIXSocketAddress.of(dir.resolve("floor-tracker.sock"));
        this.provider = AFUNIXServerSocket.bindOn(this.providerAddress, true);
        this.tracker = AFUNIXServerSocket.bindOn(this.trackerAddress, true);
        this.requests = new byte[slots][];
        this.responses = new byte[slots][];
        this.answered = new Semaphore[slots];
        for (int slot = 0; slot < slots; slot++) {
            String id = String.format("%04d", slot);
            this.requests[slot] = frame(id + "{\"id\":\"" + id + "\",\"task\":\"sum\",\"responsehook\":\"unix:///x\"}");
            this.responses[slot] = frame(id + "{\"error\":\"\",\"id\":\"" + id + "\",\"result\":6,\"stream_url\":null}");
            this.answered[slot] = new Semaphore(0);
        }
        for (int i = 0; i < acceptors; i++) {
            serve(this.provider, "floor-provider-" + i, slot -> exchange(this.trackerAddress, this.responses[slot]));
            serve(this.tracker, "floor-tracker-" + i, slot -> this.answered[slot].release());
        }
    }

    /** What a floor server does with a frame after acking it. */
    private interface AfterAck {
        void accept(int slot) throws IOException;
    }

    private static void serve(AFUNIXServerSocket server, String name, AfterAck afterAck) {
        Thread thread = new Thread(() -> {
            try {
                while (!server.isClosed()) {
                    int slot;
                    try (AFUNIXSocket connection = server.accept()) {
                        slot = slotOf(readFrame(connection.getInputStream()));
                        connection.getOutputStream().write(ACK);
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
        exchange(this.providerAddress, this.requests[slot]);
        this.answered[slot].acquire();
    }

    private static void exchange(AFUNIXSocketAddress address, byte[] frame) throws IOException {
        try (AFUNIXSocket socket = AFUNIXSocket.connectTo(address)) {
            socket.getOutputStream().write(frame);
            readFrame(socket.getInputStream());
        }
    }

    private static byte[] readFrame(InputStream in) throws IOException {
        byte[] header = in.readNBytes(4);
        int length = ((header[0] & 0xFF) << 24) | ((header[1] & 0xFF) << 16) | ((header[2] & 0xFF) << 8)
                | (header[3] & 0xFF);
        return in.readNBytes(length);
    }

    private static int slotOf(byte[] payload) {
        return Integer.parseInt(new String(payload, 0, 4, StandardCharsets.US_ASCII));
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
        this.provider.close();
        this.tracker.close();
    }
}
