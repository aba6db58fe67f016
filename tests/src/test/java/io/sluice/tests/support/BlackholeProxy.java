package io.sluice.tests.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay between switches and the controller that can be told to go silent: it then keeps
 * every connection open but forwards nothing, like a control network that stopped delivering.
 * Lets a test see the keepalive timeout with a real switch, which never goes silent by itself.
 */
public final class BlackholeProxy implements AutoCloseable {
    private final ServerSocket server;
    private final int targetPort;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile boolean silent;

    public BlackholeProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "blackhole-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    /** From now on, forward nothing in either direction and close nothing. */
    public void goSilent() {
        silent = true;
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket downstream = server.accept();
                sockets.add(downstream);
                if (silent) {
                    pump(downstream.getInputStream(), null);
                    continue;
                }
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                sockets.add(upstream);
                pump(downstream.getInputStream(), upstream.getOutputStream());
                pump(upstream.getInputStream(), downstream.getOutputStream());
            } catch (IOException e) {
                return;
            }
        }
    }

    private void pump(InputStream from, OutputStream to) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[8192];
            try {
                int n;
                while ((n = from.read(buf)) >= 0) {
                    if (!silent && to != null) {
                        to.write(buf, 0, n);
                        to.flush();
                    }
                }
            } catch (IOException e) {
                // The other side went away; the test is over with this connection.
            }
        }, "blackhole-pump");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : sockets) {
            s.close();
        }
    }
}
