package dev.discovery.internal.net;

/** One entry of the unicast list, {@code host[:port]}. */
public record UnicastDestination(String host, int port) {

    public static UnicastDestination parse(String entry, int defaultPort) {
        if (entry == null || entry.isBlank()) {
            throw new IllegalArgumentException("Invalid discovery option: unicast entries must be host[:port], got an empty one");
        }
        String text = entry.trim();
        int colon = text.lastIndexOf(':');
        if (colon < 0) {
            return new UnicastDestination(text, defaultPort);
        }
        String host = text.substring(0, colon);
        try {
            int port = Integer.parseInt(text.substring(colon + 1));
            if (host.isEmpty() || port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
            return new UnicastDestination(host, port);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Invalid discovery option: unicast entry '" + entry
                    + "' must be host[:port] with a port between 1 and 65535");
        }
    }
}
