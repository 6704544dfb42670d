package io.acomm.sample.bench;

import java.io.Closeable;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import java.util.function.IntFunction;

import jdk.net.ExtendedSocketOptions;
import org.jspecify.annotations.Nullable;

/**
 * The two servers of a {@link RawFloor} as one event loop on the JDK's selector (epoll on Linux), the way Netty or
 * Go's netpoller serve sockets: one thread accepts on both sockets, reads each frame as it arrives, acks it, and for a
 * request connects to the tracker socket and writes the response without blocking, reading that ack when it comes.
 * After work it keeps polling for {@link #SPIN_NANOS} before it blocks in the selector, so that a frame arriving
 * meanwhile costs no wake-up. Optionally it reads and checks each accepted peer's credentials, as acomm's peer filter
 * does. It shows what the same exchanges cost without a thread wake-up per connection on this machine.
 */
final class EventLoopServers implements Closeable {

    private static final long SPIN_NANOS = TimeUnit.MICROSECONDS.toNanos(50);
    private static final int BACKLOG = 4096;

    /** What the loop does with a complete frame read from a connection. */
    private enum Role { PROVIDER, TRACKER, DELIVERY }

    /** A connection and the frame being read from it. */
    private static final class Connection {

        final SocketChannel channel;
        final Role role;
        final ByteBuffer in = ByteBuffer.allocate(256);

        Connection(SocketChannel channel, Role role) {
            this.channel = channel;
            this.role = role;
        }
    }

    private final Selector selector;
    private final ServerSocketChannel provider;
    private final ServerSocketChannel tracker;
    private final UnixDomainSocketAddress trackerAddress;
    private final ByteBuffer ack;
    private final IntFunction<byte[]> responses;
    private final IntConsumer answered;
    private final @Nullable UserPrincipal allowedPeer;
    private volatile boolean running = true;

    /**
     * Binds both sockets and starts the loop.
     * @param ack the ack frame
     * @param responses the response frame of each caller slot
     * @param answered told the slot of each response the tracker socket received
     */
    EventLoopServers(Path providerPath, Path trackerPath, byte[] ack, IntFunction<byte[]> responses,
            IntConsumer answered, boolean checkPeers) throws IOException {
        this.selector = Selector.open();
        this.trackerAddress = UnixDomainSocketAddress.of(trackerPath);
        this.provider = listen(UnixDomainSocketAddress.of(providerPath), Role.PROVIDER);
        this.tracker = listen(this.trackerAddress, Role.TRACKER);
        this.ack = ByteBuffer.wrap(ack).asReadOnlyBuffer();
        this.responses = responses;
        this.answered = answered;
        this.allowedPeer = checkPeers ? FileSystems.getDefault().getUserPrincipalLookupService()
                .lookupPrincipalByName(System.getProperty("user.name")) : null;
        Thread thread = new Thread(this::loop, "floor-event-loop");
        thread.setDaemon(true);
        thread.start();
    }

    private ServerSocketChannel listen(UnixDomainSocketAddress address, Role role) throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        // the loop delivers to its own tracker socket: room for every caller's response before it accepts one
        server.bind(address, BACKLOG);
        server.configureBlocking(false);
        server.register(this.selector, SelectionKey.OP_ACCEPT, role);
        return server;
    }

    private void loop() {
        long lastWork = System.nanoTime();
        try {
            while (this.running) {
                int ready = System.nanoTime() - lastWork < SPIN_NANOS ? this.selector.selectNow()
                        : this.selector.select();
                if (ready == 0) {
                    continue;
                }
                Iterator<SelectionKey> keys = this.selector.selectedKeys().iterator();
                while (keys.hasNext()) {
                    SelectionKey key = keys.next();
                    keys.remove();
                    if (key.attachment() instanceof Role role) {
                        acceptAll((ServerSocketChannel) key.channel(), role);
                    }
                    else {
                        read(key, (Connection) key.attachment());
                    }
                }
                lastWork = System.nanoTime();
            }
        }
        catch (IOException ex) {
            // the floor is closed at the end of the benchmark
        }
        finally {
            closeAll();
        }
    }

    private void closeAll() {
        try (this.selector; this.provider; this.tracker) {
            // closes all three, whatever fails
        }
        catch (IOException ex) {
            // nothing left to do with a floor socket that fails to close
        }
    }

    private void acceptAll(ServerSocketChannel server, Role role) throws IOException {
        SocketChannel channel;
        while ((channel = server.accept()) != null) {
            if (this.allowedPeer != null
                    && !channel.getOption(ExtendedSocketOptions.SO_PEERCRED).user().equals(this.allowedPeer)) {
                channel.close();
                continue;
            }
            channel.configureBlocking(false);
            Connection connection = new Connection(channel, role);
            if (!readFrame(connection)) {
                channel.register(this.selector, SelectionKey.OP_READ, connection);
            }
        }
    }

    private void read(SelectionKey key, Connection connection) throws IOException {
        if (readFrame(connection)) {
            key.cancel();
        }
    }

    /**
     * Reads what the connection has and handles its frame once complete.
     * @return whether the connection is done with
     */
    private boolean readFrame(Connection connection) throws IOException {
        ByteBuffer in = connection.in;
        if (connection.channel.read(in) < 0) {
            connection.channel.close();
            return true;
        }
        if (in.position() < 4 || in.position() < 4 + in.getInt(0)) {
            return false;
        }
        if (connection.role == Role.DELIVERY) {
            connection.channel.close();
            return true;
        }
        connection.channel.write(this.ack.duplicate());
        connection.channel.close();
        int slot = RawFloor.slotOf(in.array(), 4);
        if (connection.role == Role.PROVIDER) {
            deliver(slot);
        }
        else {
            this.answered.accept(slot);
        }
        return true;
    }

    private void deliver(int slot) throws IOException {
        SocketChannel delivery = SocketChannel.open(StandardProtocolFamily.UNIX);
        delivery.configureBlocking(false);
        delivery.connect(this.trackerAddress);
        delivery.write(ByteBuffer.wrap(this.responses.apply(slot)));
        delivery.register(this.selector, SelectionKey.OP_READ, new Connection(delivery, Role.DELIVERY));
    }

    /**
     * Stops the loop, which then closes both sockets and the selector.
     */
    @Override
    public void close() {
        this.running = false;
        this.selector.wakeup();
    }
}
