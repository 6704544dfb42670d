package io.acomm;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The data behind a one-shot stream socket: written to the one reader that connects, and closed afterwards or when
 * the stream is abandoned.
 */
public interface StreamSource extends AutoCloseable {

    /**
     * Writes the data to the stream's reader.
     * @param out the reader's connection
     * @throws IOException if the data cannot be read or written
     */
    void writeTo(OutputStream out) throws IOException;

    @Override
    void close() throws IOException;

    /**
     * @param in the data; it is closed once written or when the stream is abandoned
     * @return a source that copies the input stream
     */
    static StreamSource of(InputStream in) {
        return new StreamSource() {
            @Override
            public void writeTo(OutputStream out) throws IOException {
                in.transferTo(out);
            }

            @Override
            public void close() throws IOException {
                in.close();
            }
        };
    }
}
