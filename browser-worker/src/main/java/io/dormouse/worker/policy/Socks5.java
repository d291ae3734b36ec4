package io.dormouse.worker.policy;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import io.dormouse.protocol.ProxySettings;

/**
 * The client side of a SOCKS5 CONNECT (RFC 1928) with optional username/password authentication (RFC 1929). The JDK's
 * own SOCKS support takes credentials only from the process-wide {@link java.net.Authenticator}, which cannot hold one
 * set per session.
 */
final class Socks5 {
    private static final int VERSION = 5;
    private static final int NO_AUTHENTICATION = 0;
    private static final int USERNAME_PASSWORD = 2;
    private static final int CONNECT = 1;
    private static final int DOMAIN_NAME = 3;
    private static final int IPV4 = 1;
    private static final int IPV6 = 4;

    private Socks5() {
    }

    /** Leaves {@code socket} as a tunnel to {@code host:port} through the SOCKS5 proxy it is connected to. */
    static void open(Socket socket, ProxySettings proxy, String host, int port) throws IOException {
        OutputStream out = socket.getOutputStream();
        DataInputStream in = new DataInputStream(socket.getInputStream());
        boolean withCredentials = proxy.username() != null;
        if (withCredentials) {
            out.write(new byte[]{VERSION, 2, NO_AUTHENTICATION, USERNAME_PASSWORD});
        } else {
            out.write(new byte[]{VERSION, 1, NO_AUTHENTICATION});
        }
        out.flush();
        if (in.readUnsignedByte() != VERSION) {
            throw new IOException("the upstream is not a SOCKS5 proxy");
        }
        int method = in.readUnsignedByte();
        if (method == USERNAME_PASSWORD && withCredentials) {
            byte[] user = proxy.username().getBytes(StandardCharsets.UTF_8);
            byte[] password = (proxy.password() == null ? "" : proxy.password()).getBytes(StandardCharsets.UTF_8);
            out.write(1);
            out.write(user.length);
            out.write(user);
            out.write(password.length);
            out.write(password);
            out.flush();
            in.readUnsignedByte();
            if (in.readUnsignedByte() != 0) {
                throw new IOException("the SOCKS5 proxy rejected the credentials");
            }
        } else if (method != NO_AUTHENTICATION) {
            throw new IOException("the SOCKS5 proxy offers no authentication method Dormouse supports");
        }
        byte[] name = host.getBytes(StandardCharsets.UTF_8);
        out.write(new byte[]{VERSION, CONNECT, 0, DOMAIN_NAME, (byte) name.length});
        out.write(name);
        out.write(new byte[]{(byte) (port >> 8), (byte) port});
        out.flush();
        if (in.readUnsignedByte() != VERSION) {
            throw new IOException("malformed SOCKS5 reply");
        }
        int reply = in.readUnsignedByte();
        in.readUnsignedByte();
        int addressType = in.readUnsignedByte();
        int addressLength = switch (addressType) {
            case IPV4 -> 4;
            case IPV6 -> 16;
            case DOMAIN_NAME -> in.readUnsignedByte();
            default -> throw new IOException("malformed SOCKS5 reply address type " + addressType);
        };
        in.readFully(new byte[addressLength + 2]);
        if (reply != 0) {
            throw new IOException("the SOCKS5 proxy could not connect to " + host + ":" + port + " (reply " + reply
                    + ")");
        }
    }
}
