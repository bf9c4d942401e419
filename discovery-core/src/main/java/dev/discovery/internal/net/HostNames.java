package dev.discovery.internal.net;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Where a node's default host name comes from, as node-discover does it. */
public final class HostNames {

    private static volatile String osHostName;

    private HostNames() {
    }

    public static String defaultHostName() {
        String fromEnv = System.getenv("DISCOVERY_HOSTNAME");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv;
        }
        String name = osHostName;
        if (name == null) {
            try {
                name = InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                name = "localhost";
            }
            osHostName = name;
        }
        return name;
    }
}
