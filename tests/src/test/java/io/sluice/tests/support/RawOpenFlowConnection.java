package io.sluice.tests.support;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import org.projectfloodlight.openflow.exceptions.OFParseError;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFMessage;

/**
 * A bare TCP connection to the controller's OpenFlow port, for sending what no real switch would:
 * garbage, truncated headers, lying lengths, old versions.
 */
public final class RawOpenFlowConnection implements AutoCloseable {
    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    public RawOpenFlowConnection(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    public void send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    public void send(OFMessage message) throws IOException {
        ByteBuf buf = Unpooled.buffer();
        message.writeTo(buf);
        byte[] bytes = new byte[buf.readableBytes()];
        buf.readBytes(bytes);
        send(bytes);
    }

    /** Half-closes: the controller sees end of stream after what was sent. */
    public void finishSending() throws IOException {
        socket.shutdownOutput();
    }

    /** The next whole message from the controller, within {@code timeout}. */
    public OFMessage receive(Duration timeout) throws IOException, OFParseError {
        socket.setSoTimeout((int) timeout.toMillis());
        byte[] header = new byte[8];
        in.readFully(header);
        int length = ((header[2] & 0xFF) << 8) | (header[3] & 0xFF);
        byte[] message = new byte[length];
        System.arraycopy(header, 0, message, 0, 8);
        in.readFully(message, 8, length - 8);
        return OFFactories.getGenericReader().readFrom(Unpooled.wrappedBuffer(message));
    }

    /**
     * Reads and discards until the controller closes the connection; true if it did within
     * {@code timeout}.
     */
    public boolean closedByPeerWithin(Duration timeout) throws IOException {
        socket.setSoTimeout((int) timeout.toMillis());
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (System.nanoTime() < deadline) {
                if (in.read() < 0) {
                    return true;
                }
            }
            return false;
        } catch (EOFException e) {
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            // A reset is a close too.
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
