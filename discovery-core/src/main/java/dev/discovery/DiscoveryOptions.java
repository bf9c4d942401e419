package dev.discovery;

import dev.discovery.internal.net.Cidr;
import dev.discovery.internal.net.HostNames;
import dev.discovery.internal.net.HostPort;
import dev.discovery.internal.net.Seed;
import dev.discovery.internal.wire.Envelope;
import dev.discovery.internal.wire.KeyMaterial;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Immutable settings of one {@link Discovery} node, made with {@link #builder()}. Every default is visible in the
 * builder's field initialisers below; {@link Builder#build()} validates and names the offending option.
 *
 * <p>The defaults match node-discover's, so that a plain node talks to node-discover peers out of the box. In
 * particular the default destination is the LAN broadcast address {@code 255.255.255.255}: tests and demos must set a
 * loopback address ({@code 127.255.255.255}) instead.
 */
public final class DiscoveryOptions {

    /** The largest UDP payload over IPv4: one hello or channel message must fit in it. */
    public static final int MAX_DATAGRAM_BYTES = 65_507;

    /** The smallest table budget: room for the costliest advertisement a datagram can carry, and more. */
    public static final long MIN_TABLE_BYTES = 1L << 20;

    /** The broadcast address when none is set and there are no seeds: node-discover's default. */
    public static final String DEFAULT_BROADCAST = "255.255.255.255";

    private final Duration helloInterval;
    private final Duration checkInterval;
    private final Duration nodeTimeout;
    private final Duration masterTimeout;
    private final int mastersRequired;
    private final int quorumMinimumSize;
    private final Duration takeoverTimeout;
    private final @Nullable Duration takeoverTimeoutSet; // as set: null for the default, which depends on the quorum
    private final Double weight;
    private final boolean masterEligible;
    private final boolean client;
    private final String bindAddress;
    private final int port;
    private final @Nullable String broadcast; // as set: null for the default
    private final String multicast;
    private final int multicastTtl;
    private final String multicastInterface;
    private final List<String> unicast;
    private final List<String> seeds;
    private final Duration seedRefreshInterval;
    private final List<String> allowedNetworks;
    private final boolean reuseAddr;
    private final String hostName;
    private final Ignore ignore;
    private final boolean ignoreDataErrors;
    private final List<String> keys;
    private final Encryption encryption;
    private final Duration replayWindow;
    private final int maxNodes;
    private final long maxTableBytes;

    private DiscoveryOptions(Builder b) {
        this.helloInterval = b.helloInterval;
        this.checkInterval = b.checkInterval;
        this.nodeTimeout = b.nodeTimeout;
        this.masterTimeout = b.masterTimeout != null ? b.masterTimeout : b.nodeTimeout;
        this.mastersRequired = b.mastersRequired;
        this.quorumMinimumSize = b.quorumMinimumSize;
        this.takeoverTimeoutSet = b.takeoverTimeout;
        this.takeoverTimeout = b.takeoverTimeout != null ? b.takeoverTimeout
                : b.quorumMinimumSize > 0 ? minimumTakeover(b.nodeTimeout, b.helloInterval).plus(b.helloInterval)
                : this.masterTimeout;
        this.weight = b.weight;
        this.masterEligible = b.masterEligible;
        this.client = b.client;
        this.bindAddress = b.bindAddress;
        this.port = b.port;
        this.broadcast = b.broadcast;
        this.multicast = b.multicast;
        this.multicastTtl = b.multicastTtl;
        this.multicastInterface = b.multicastInterface;
        this.unicast = List.copyOf(b.unicast);
        this.seeds = List.copyOf(b.seeds);
        this.allowedNetworks = List.copyOf(b.allowedNetworks);
        this.seedRefreshInterval = b.seedRefreshInterval;
        this.reuseAddr = b.reuseAddr;
        this.hostName = b.hostName != null ? b.hostName : HostNames.defaultHostName();
        this.ignore = b.ignore;
        this.ignoreDataErrors = b.ignoreDataErrors;
        this.keys = List.copyOf(b.keys);
        this.encryption = b.encryption;
        this.replayWindow = b.replayWindow;
        this.maxNodes = b.maxNodes;
        this.maxTableBytes = b.maxTableBytes;
    }

    /** With a quorum, the others must wait longer than this before taking over a silent node's lead and keys. */
    static Duration minimumTakeover(Duration nodeTimeout, Duration helloInterval) {
        return nodeTimeout.plus(helloInterval);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding a copy of these options, to derive variants. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.helloInterval = helloInterval;
        b.checkInterval = checkInterval;
        b.nodeTimeout = nodeTimeout;
        b.masterTimeout = masterTimeout;
        b.mastersRequired = mastersRequired;
        b.quorumMinimumSize = quorumMinimumSize;
        b.takeoverTimeout = takeoverTimeoutSet;
        b.weight = weight;
        b.masterEligible = masterEligible;
        b.client = client;
        b.bindAddress = bindAddress;
        b.port = port;
        b.broadcast = broadcast;
        b.multicast = multicast;
        b.multicastTtl = multicastTtl;
        b.multicastInterface = multicastInterface;
        b.unicast = new ArrayList<>(unicast);
        b.seeds = new ArrayList<>(seeds);
        b.allowedNetworks = new ArrayList<>(allowedNetworks);
        b.seedRefreshInterval = seedRefreshInterval;
        b.reuseAddr = reuseAddr;
        b.hostName = hostName;
        b.ignore = ignore;
        b.ignoreDataErrors = ignoreDataErrors;
        b.keys = new ArrayList<>(keys);
        b.encryption = encryption;
        b.replayWindow = replayWindow;
        b.maxNodes = maxNodes;
        b.maxTableBytes = maxTableBytes;
        return b;
    }

    public Duration helloInterval() { return helloInterval; }
    public Duration checkInterval() { return checkInterval; }
    public Duration nodeTimeout() { return nodeTimeout; }
    public Duration masterTimeout() { return masterTimeout; }
    public int mastersRequired() { return mastersRequired; }
    /**
     * The fewest members of its group (itself included) a node must hear within {@code nodeTimeout} to lead master-only
     * work or own keys; 0 (the default) turns the check off.
     */
    public int quorumMinimumSize() { return quorumMinimumSize; }
    /** Whether a node needs a quorum of its group to lead or own keys. */
    public boolean quorum() { return quorumMinimumSize > 0; }
    /**
     * How long a node must have been silent before the others take over its lead and its keys (a node that says
     * goodbye is taken over at once). Default: masterTimeout; with a quorum, nodeTimeout + 2 × helloInterval.
     */
    public Duration takeoverTimeout() { return takeoverTimeout; }
    /**
     * How long a node waits after it started (or regained its quorum) before it takes keys or a lead: time to hear the
     * cluster. Two hello intervals; three with seeds, whose peer exchange takes a round more.
     */
    public Duration settleTime() { return helloInterval.multipliedBy(seeds.isEmpty() ? 2 : 3); }
    /** The configured weight, or {@code null} for the default (older instances weigh more). */
    public Double weight() { return weight; }
    public boolean masterEligible() { return masterEligible && !client; }
    public boolean client() { return client; }
    public String bindAddress() { return bindAddress; }
    public int port() { return port; }
    /** The broadcast address hellos go to, or null when there is none (seeds are set and broadcast is not). */
    public @Nullable String broadcast() {
        // Seeds replace the default broadcast: where there are seeds there is usually no broadcast domain to use.
        return broadcast != null || !seeds.isEmpty() ? broadcast : DEFAULT_BROADCAST;
    }
    public String multicast() { return multicast; }
    public int multicastTtl() { return multicastTtl; }
    public String multicastInterface() { return multicastInterface; }
    public List<String> unicast() { return unicast; }
    public List<String> seeds() { return seeds; }
    public Duration seedRefreshInterval() { return seedRefreshInterval; }
    public List<String> allowedNetworks() { return allowedNetworks; }
    public boolean reuseAddr() { return reuseAddr; }
    public String hostName() { return hostName; }
    public Ignore ignore() { return ignore; }
    public boolean ignoreDataErrors() { return ignoreDataErrors; }
    /** The keys: the first encrypts, all are tried to decrypt. Empty means plain JSON on the wire. */
    public List<String> keys() { return keys; }
    public Encryption encryption() { return encryption; }
    public Duration replayWindow() { return replayWindow; }
    public int maxNodes() { return maxNodes; }
    /** The heap the peer table may hold, by the engine's estimate of each peer's record and advertisement. */
    public long maxTableBytes() { return maxTableBytes; }

    @Override
    public String toString() {
        return "DiscoveryOptions{helloInterval=" + helloInterval + ", checkInterval=" + checkInterval
                + ", nodeTimeout=" + nodeTimeout + ", masterTimeout=" + masterTimeout
                + ", mastersRequired=" + mastersRequired + ", quorumMinimumSize=" + quorumMinimumSize
                + ", takeoverTimeout=" + takeoverTimeout + ", weight=" + weight + ", masterEligible=" + masterEligible
                + ", client=" + client + ", bindAddress=" + bindAddress + ", port=" + port + ", broadcast=" + broadcast()
                + ", multicast=" + multicast + ", multicastTtl=" + multicastTtl
                + ", multicastInterface=" + multicastInterface + ", unicast=" + unicast + ", seeds=" + seeds
                + ", allowedNetworks=" + allowedNetworks
                + ", seedRefreshInterval=" + seedRefreshInterval + ", reuseAddr=" + reuseAddr
                + ", hostName=" + hostName + ", ignore=" + ignore + ", ignoreDataErrors=" + ignoreDataErrors
                + ", keys=" + (keys.isEmpty() ? "none" : keys.size() + " (hidden)") + ", encryption=" + encryption
                + ", replayWindow=" + replayWindow + ", maxNodes=" + maxNodes + ", maxTableBytes=" + maxTableBytes + "}";
    }

    /** Collects options; every field starts at its default. */
    public static final class Builder {
        private Duration helloInterval = Duration.ofSeconds(1);
        private Duration checkInterval = Duration.ofSeconds(2);
        private Duration nodeTimeout = Duration.ofSeconds(2);
        private Duration masterTimeout = null; // null: same as nodeTimeout
        private int mastersRequired = 1;
        private int quorumMinimumSize = 0; // off
        private Duration takeoverTimeout = null; // null: masterTimeout, or with a quorum nodeTimeout + 2 × helloInterval
        private Double weight = null; // null: -(start time in ms scaled below 1), older instances weigh more
        private boolean masterEligible = true;
        private boolean client = false;
        private String bindAddress = "0.0.0.0";
        private int port = 12345;
        private String broadcast = null; // null: 255.255.255.255, unless seeds are set
        private String multicast = null;
        private int multicastTtl = 1;
        private String multicastInterface = null;
        private List<String> unicast = new ArrayList<>();
        private List<String> seeds = new ArrayList<>();
        private Duration seedRefreshInterval = Duration.ofSeconds(5);
        private List<String> allowedNetworks = new ArrayList<>();
        private boolean reuseAddr = true;
        private String hostName = null; // null: env DISCOVERY_HOSTNAME, else the OS host name
        private Ignore ignore = Ignore.SELF;
        private boolean ignoreDataErrors = true;
        private List<String> keys = new ArrayList<>();
        private Encryption encryption = Encryption.AES_256_GCM;
        private Duration replayWindow = Duration.ofSeconds(30);
        private int maxNodes = 10_000;
        private long maxTableBytes = 32L << 20;

        private Builder() {
        }

        /** How often this node says hello. Default 1 s. */
        public Builder helloInterval(Duration value) { this.helloInterval = value; return this; }
        /** How often the master election runs. Default 2 s. */
        public Builder checkInterval(Duration value) { this.checkInterval = value; return this; }
        /**
         * A node silent this long is removed. Default 2 s; at least {@code checkInterval}, and longer than
         * {@code helloInterval} (two or more hello intervals, so that one lost hello does not remove a live node).
         */
        public Builder nodeTimeout(Duration value) { this.nodeTimeout = value; return this; }
        /** A master silent this long is removed. Default {@code nodeTimeout}; at least {@code nodeTimeout}. */
        public Builder masterTimeout(Duration value) { this.masterTimeout = value; return this; }
        /** How many masters the cluster elects. Default 1. */
        public Builder mastersRequired(int value) { this.mastersRequired = value; return this; }
        /**
         * Split-brain protection: a node that hears fewer members of its group than this (itself included) leads no
         * master-only work and owns no key. Set it to a majority of the group's expected size; 0 turns it off.
         */
        public Builder quorumMinimumSize(int value) { this.quorumMinimumSize = value; return this; }
        /** How long a node must have been silent before the others take over its lead and its keys. */
        public Builder takeoverTimeout(Duration value) { this.takeoverTimeout = value; return this; }
        /** This node's election weight: the heaviest eligible nodes become masters. Default: older weighs more. */
        public Builder weight(Double value) { this.weight = value; return this; }
        /** Whether this node may become master. Default true. */
        public Builder masterEligible(boolean value) { this.masterEligible = value; return this; }
        /** Whether this node only listens: it sends no hellos and is never master. Default false. */
        public Builder client(boolean value) { this.client = value; return this; }
        /** The local address the socket binds. Default 0.0.0.0. */
        public Builder bindAddress(String value) { this.bindAddress = value; return this; }
        /** The UDP port every node of the cluster uses. Default 12345. */
        public Builder port(int value) { this.port = value; return this; }
        /**
         * The broadcast address hellos go to, when neither multicast nor unicast is set. Default 255.255.255.255, or no
         * broadcast at all when {@link #seeds} are set (set both to use both).
         */
        public Builder broadcast(String value) { this.broadcast = value; return this; }
        /** A multicast group to use instead of broadcast, for example 239.1.2.3. Default none. */
        public Builder multicast(String value) { this.multicast = value; return this; }
        /** The multicast TTL. Default 1 (stays on the local network). */
        public Builder multicastTtl(int value) { this.multicastTtl = value; return this; }
        /** The network interface for multicast, by name ({@code eth0}, {@code lo}). Default: the system's choice. */
        public Builder multicastInterface(String value) { this.multicastInterface = value; return this; }
        /** Unicast destinations as {@code host[:port]} (the port defaults to {@link #port}); replaces broadcast. */
        public Builder unicast(List<String> value) { this.unicast = new ArrayList<>(value); return this; }
        /** Unicast destinations as {@code host[:port]}. */
        public Builder unicast(String... value) { return unicast(List.of(value)); }
        /**
         * Seeds: where a node starts looking for its cluster, and from whom it learns the rest. Each entry is
         * {@code host}, {@code host:port}, an IPv6 address ({@code fd00::7}, {@code [fd00::7]:41234},
         * {@code fe80::1%eth0}), a DNS name whose A/AAAA records are resolved again every {@link #seedRefreshInterval}
         * (such as a Kubernetes headless Service), or an SRV name {@code _port._udp.name} whose records give hosts and
         * ports. One reachable seed is enough: peers exchange the addresses of the nodes they hear. Seeds combine with
         * multicast, an explicit broadcast address and unicast. Default none.
         */
        public Builder seeds(List<String> value) { this.seeds = new ArrayList<>(value); return this; }
        /** Seeds; see {@link #seeds(List)}. */
        public Builder seeds(String... value) { return seeds(List.of(value)); }
        /** How often the DNS names among the seeds are resolved again. Default 5 s. */
        public Builder seedRefreshInterval(Duration value) { this.seedRefreshInterval = value; return this; }
        /**
         * With seeds: networks (CIDR, such as {@code 10.20.0.0/16} or {@code fd00:7::/48}) where this node may send to
         * addresses other nodes name, besides the networks of its own interfaces and of its seeds (each seed's /24, or
         * /64 for IPv6). A node never sends to a named broadcast, multicast or unspecified address, nor loopback named
         * from off loopback, whatever this says. Default none: set it when the cluster spans networks neither the node's
         * interfaces nor its seeds cover (nodes behind a router).
         */
        public Builder allowedNetworks(List<String> value) { this.allowedNetworks = new ArrayList<>(value); return this; }
        /** Allowed networks; see {@link #allowedNetworks(List)}. */
        public Builder allowedNetworks(String... value) { return allowedNetworks(List.of(value)); }
        /** Whether the socket is bound with SO_REUSEADDR, so several nodes share a port. Default true. */
        public Builder reuseAddr(boolean value) { this.reuseAddr = value; return this; }
        /** The host name peers see. Default: env {@code DISCOVERY_HOSTNAME}, else the OS host name. */
        public Builder hostName(String value) { this.hostName = value; return this; }
        /** Which packets are ignored as our own. Default {@link Ignore#SELF}. */
        public Builder ignore(Ignore value) { this.ignore = value; return this; }
        /** Whether bad datagrams are only counted, not also reported as events. Default true. */
        public Builder ignoreDataErrors(boolean value) { this.ignoreDataErrors = value; return this; }
        /**
         * The shared keys; the first encrypts, all decrypt (for rotation). A key is a passphrase, or {@code base64:}
         * followed by 32 raw bytes in base64. Default none: plain JSON.
         */
        public Builder keys(List<String> value) { this.keys = new ArrayList<>(value); return this; }
        /** The shared keys; see {@link #keys(List)}. */
        public Builder key(String... value) { return keys(List.of(value)); }
        /** How datagrams are encrypted when a key is set. Default {@link Encryption#AES_256_GCM}. */
        public Builder encryption(Encryption value) { this.encryption = value; return this; }
        /** How old an authenticated datagram may be before it is refused as a replay. Default 30 s. */
        public Builder replayWindow(Duration value) { this.replayWindow = value; return this; }
        /** The most peers kept in the table; hellos from further new ids are counted and dropped. Default 10,000. */
        public Builder maxNodes(int value) { this.maxNodes = value; return this; }
        /**
         * The heap the peer table may hold, in bytes, as the engine estimates it (each peer's record, strings and
         * decoded advertisement); hellos that would take it further are counted and dropped. Default 32 MiB.
         */
        public Builder maxTableBytes(long value) { this.maxTableBytes = value; return this; }

        /**
         * Validates and builds.
         *
         * @throws InvalidOptionException naming the option that is wrong and what it must be
         */
        public DiscoveryOptions build() {
            positive("helloInterval", helloInterval);
            positive("checkInterval", checkInterval);
            positive("nodeTimeout", nodeTimeout);
            if (nodeTimeout.compareTo(checkInterval) < 0) {
                throw InvalidOptionException.relative(DiscoveryOptions.class, "nodeTimeout", nodeTimeout,
                        "must be at least", "checkInterval", checkInterval);
            }
            // Peers would remove a live node between two of its hellos: membership, masters and readiness would flap.
            if (nodeTimeout.compareTo(helloInterval) <= 0) {
                throw InvalidOptionException.relative(DiscoveryOptions.class, "nodeTimeout", nodeTimeout,
                        "must be longer than", "helloInterval", helloInterval);
            }
            if (masterTimeout != null) {
                positive("masterTimeout", masterTimeout);
                if (masterTimeout.compareTo(nodeTimeout) < 0) {
                    throw InvalidOptionException.relative(DiscoveryOptions.class, "masterTimeout", masterTimeout,
                            "must be at least", "nodeTimeout", nodeTimeout);
                }
            }
            if (mastersRequired < 1) {
                throw invalid("mastersRequired", mastersRequired, "must be at least 1");
            }
            if (quorumMinimumSize < 0) {
                throw invalid("quorumMinimumSize", quorumMinimumSize, "must be 0 (off) or more");
            }
            if (takeoverTimeout != null) {
                positive("takeoverTimeout", takeoverTimeout);
                // The cut-off leader's quorum lapses nodeTimeout after it last heard the others; their last hello of it
                // may predate that by a hello interval. Only a longer wait keeps the two leads apart.
                Duration minimum = minimumTakeover(nodeTimeout, helloInterval);
                if (quorumMinimumSize > 0 && takeoverTimeout.compareTo(minimum) <= 0) {
                    throw InvalidOptionException.relative(DiscoveryOptions.class, "takeoverTimeout", takeoverTimeout,
                            "must be longer, with a quorum set, than the sum of", List.of("nodeTimeout",
                                    "helloInterval"), minimum);
                }
            }
            if (weight != null && !Double.isFinite(weight)) {
                throw invalid("weight", weight, "must be a finite number");
            }
            notBlank("bindAddress", bindAddress);
            if (port < 1 || port > 65535) {
                throw invalid("port", port, "must be between 1 and 65535");
            }
            if (broadcast != null) {
                notBlank("broadcast", broadcast);
            }
            if (multicastTtl < 0 || multicastTtl > 255) {
                throw invalid("multicastTtl", multicastTtl, "must be between 0 and 255");
            }
            for (String destination : unicast) {
                try {
                    HostPort.parse(destination, port);
                } catch (IllegalArgumentException e) {
                    throw InvalidOptionException.of(DiscoveryOptions.class, "unicast", destination,
                            "must list host[:port] entries with a port between 1 and 65535 ([address]:port for IPv6): "
                                    + e.getMessage(), e);
                }
            }
            for (String seed : seeds) {
                try {
                    Seed.parse(seed, port);
                } catch (IllegalArgumentException e) {
                    throw InvalidOptionException.of(DiscoveryOptions.class, "seeds", seed,
                            "must list host, host:port, [IPv6 address]:port or _port._udp.name entries: "
                                    + e.getMessage(), e);
                }
            }
            positive("seedRefreshInterval", seedRefreshInterval);
            for (String network : allowedNetworks) {
                try {
                    Cidr.parse(network);
                } catch (IllegalArgumentException e) {
                    throw InvalidOptionException.of(DiscoveryOptions.class, "allowedNetworks", network,
                            "must list networks in CIDR notation, such as 10.20.0.0/16 or fd00:7::/48: "
                                    + e.getMessage(), e);
                }
            }
            if (hostName != null) {
                notBlank("hostName", hostName);
            }
            notNull("ignore", ignore, "must be SELF or PROCESS");
            notNull("encryption", encryption, "must be AES_256_GCM or AES256_LEGACY");
            for (String key : keys) {
                if (key == null || key.isEmpty()) {
                    throw invalid("keys", null, "must not contain an empty key");
                }
            }
            if (encryption == Encryption.AES256_LEGACY && keys.size() > 1) {
                throw invalid("keys", null, "must be exactly one key with the legacy aes256 encryption, "
                        + keys.size() + " were given");
            }
            positive("replayWindow", replayWindow);
            if (maxNodes < 1) {
                throw invalid("maxNodes", maxNodes, "must be at least 1");
            }
            if (maxTableBytes < MIN_TABLE_BYTES) {
                throw invalid("maxTableBytes", maxTableBytes, "must be at least " + MIN_TABLE_BYTES + " (1 MiB)");
            }
            DiscoveryOptions options = new DiscoveryOptions(this);
            requireSendableHostName(options.hostName);
            for (String key : options.keys) {
                try {
                    KeyMaterial.validate(key);
                } catch (IllegalArgumentException e) {
                    throw InvalidOptionException.of(DiscoveryOptions.class, "keys", null, e.getMessage(), e);
                }
            }
            return options;
        }

        /** Receivers drop a longer host name, and with it every hello and message of this node: refuse it here. */
        private void requireSendableHostName(String resolved) {
            if (resolved.length() > Envelope.MAX_NAME_CHARS) {
                throw invalid("hostName", resolved, "must be at most " + Envelope.MAX_NAME_CHARS
                        + " characters, as receivers drop longer ones"
                        + (hostName == null ? " (it came from DISCOVERY_HOSTNAME or the OS: set hostName)" : ""));
            }
        }

        private static void positive(String name, Duration value) {
            if (value == null || value.isNegative() || value.isZero()) {
                throw invalid(name, value, "must be a positive duration");
            }
        }

        private static void notBlank(String name, String value) {
            if (value == null || value.isBlank()) {
                throw invalid(name, value, "must not be empty");
            }
        }

        private static void notNull(String name, Object value, String requirement) {
            if (value == null) {
                throw invalid(name, null, requirement);
            }
        }

        private static InvalidOptionException invalid(String option, Object value, String requirement) {
            return InvalidOptionException.of(DiscoveryOptions.class, option, value, requirement);
        }
    }
}
