package io.sluice.bench.lab;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;

/**
 * The lab's model server: answers each request on a connection, in order, with as many bytes as it
 * asks for, at once (no model runs: the lab measures the network). One thread per connection,
 * blocking sockets, TCP_NODELAY, as a small RPC server is built.
 *
 * <pre>java -cp ... io.sluice.bench.lab.InferenceServer PORT</pre>
 */
public final class InferenceServer {
    private InferenceServer() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1 || !args[0].matches("\\d{1,5}")) {
            System.err.println("usage: InferenceServer PORT");
            System.exit(2);
        }
        try (ServerSocket server = new ServerSocket()) {
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(Integer.parseInt(args[0])), 128);
            System.out.println("listening on " + server.getLocalSocketAddress());
            System.out.flush();
            while (true) {
                Socket s = server.accept();
                Thread t = new Thread(() -> serve(s), "serve-" + s.getPort());
                t.setDaemon(true);
                t.start();
            }
        }
    }

    private static void serve(Socket socket) {
        try (socket) {
            socket.setTcpNoDelay(true);
            DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 64 * 1024));
            OutputStream out = socket.getOutputStream();
            byte[] answer = new byte[0];
            while (true) {
                int id;
                try {
                    id = in.readInt();
                } catch (EOFException e) {
                    return; // the client closed between requests
                }
                int length = in.readInt();
                int wanted = in.readInt();
                if (length < InferenceWire.REQUEST_HEADER || wanted < InferenceWire.ANSWER_HEADER
                        || wanted > InferenceWire.MAX_ANSWER) {
                    System.err.println("closing " + socket.getRemoteSocketAddress() + ": bad request header (length "
                            + length + ", answer " + wanted + ")");
                    return;
                }
                in.skipNBytes(length - InferenceWire.REQUEST_HEADER);
                if (answer.length != wanted) {
                    answer = new byte[wanted];
                }
                ByteBuffer.wrap(answer).putInt(id).putInt(wanted);
                out.write(answer);
            }
        } catch (IOException e) {
            System.err.println("connection " + socket.getRemoteSocketAddress() + " ended: " + e.getMessage());
        }
    }
}
