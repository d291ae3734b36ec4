package io.dormouse.systemtest;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP forwarder on 127.0.0.1 between a service and one of its dependencies, which a test cuts (the port refuses
 * connections and every open one is dropped, as when the dependency dies) and mends (the same port forwards again).
 */
final class TcpProxy implements AutoCloseable {
    private final int targetPort;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final int port;
    private volatile ServerSocket listener;

    TcpProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.listener = listen(0);
        this.port = listener.getLocalPort();
    }

    int port() {
        return port;
    }

    /** Refuses new connections and drops every open one. */
    synchronized void cut() throws IOException {
        listener.close();
        for (Socket socket : open) {
            socket.close();
        }
        open.clear();
    }

    /** Forwards again, on the same port. */
    synchronized void mend() throws IOException {
        if (listener.isClosed()) {
            listener = listen(port);
        }
    }

    @Override
    public void close() throws IOException {
        cut();
    }

    private ServerSocket listen(int on) throws IOException {
        ServerSocket server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), on));
        Thread.ofVirtual().name("tcp-proxy-" + on).start(() -> accept(server));
        return server;
    }

    private void accept(ServerSocket server) {
        while (!server.isClosed()) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException closed) {
                return;
            }
            try {
                Socket target = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                synchronized (this) {
                    // Accepted just before a cut: it must not outlive it.
                    if (server.isClosed()) {
                        closeQuietly(client);
                        closeQuietly(target);
                        return;
                    }
                    open.add(client);
                    open.add(target);
                }
                pipe(client, target);
                pipe(target, client);
            } catch (IOException refused) {
                closeQuietly(client);
            }
        }
    }

    private void pipe(Socket from, Socket to) {
        Thread.ofVirtual().start(() -> {
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
            } catch (SocketException dropped) {
                // One side went (or the test cut both): the other is closed below.
            } catch (IOException e) {
                throw new IllegalStateException(e);
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                open.remove(from);
                open.remove(to);
            }
        });
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException alreadyGone) {
            // Closing a socket that is gone tells nothing.
        }
    }
}
