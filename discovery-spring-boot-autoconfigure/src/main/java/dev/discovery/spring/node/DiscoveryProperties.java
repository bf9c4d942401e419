package dev.discovery.spring.node;

import static dev.discovery.spring.node.CoreOption.discovery;
import static dev.discovery.spring.node.CoreOption.service;

import dev.discovery.DiscoveryOptions;
import dev.discovery.Encryption;
import dev.discovery.Ignore;
import dev.discovery.ServiceOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the application's discovery node, under {@code discovery.}. A property that sets a core option holds
 * only what the application set: null means the core's default ({@link DiscoveryOptions.Builder},
 * {@link ServiceOptions.Builder}), which match node-discover's; in particular hellos go to the LAN broadcast address
 * 255.255.255.255 unless {@code broadcast}, {@code multicast}, {@code unicast} or {@code seeds} say otherwise. {@link #CORE_OPTIONS}
 * lists those properties and applies them; the defaults IDEs show come from
 * {@code META-INF/additional-spring-configuration-metadata.json}, which a test keeps equal to the core's.
 */
@ConfigurationProperties("discovery")
public class DiscoveryProperties {

    /** Whether the application joins the discovery network. */
    private boolean enabled = true;

    /**
     * Whether a discovery.* key that no discovery property has (a typo such as discovery.helo-interval) fails the
     * startup, naming the nearest valid key. Set false for a configuration written for a newer version.
     */
    private boolean failOnUnknownProperties = true;

    /** How often this node says hello. */
    private @Nullable Duration helloInterval;

    /** How often the master election runs. */
    private @Nullable Duration checkInterval;

    /** How long a silent node stays in the table; at least check-interval. */
    private @Nullable Duration nodeTimeout;

    /** How long a silent master stays in the table; at least node-timeout. Defaults to node-timeout. */
    private @Nullable Duration masterTimeout;

    /** How many masters the cluster elects. */
    private @Nullable Integer mastersRequired;

    /**
     * How long an instance must have been silent before the others take over its lead of master-only work and its
     * keys. Defaults to master-timeout; with a quorum, node-timeout + 2 x hello-interval (it must then be longer than
     * node-timeout + hello-interval).
     */
    private @Nullable Duration takeoverTimeout;

    /** Split-brain protection for master-only work and keys. */
    private final Quorum quorum = new Quorum();

    /** This node's election weight: the heaviest eligible nodes become masters. Defaults to: older weighs more. */
    private @Nullable Double weight;

    /** Whether this node may become master. */
    private @Nullable Boolean masterEligible;

    /** Whether this node only listens: it sends no hellos and is never master. */
    private @Nullable Boolean client;

    /** Local address the UDP socket binds. */
    private @Nullable String bindAddress;

    /** UDP port every node of the cluster uses. */
    private @Nullable Integer port;

    /**
     * Broadcast address hellos go to when neither multicast nor unicast is set; 127.255.255.255 stays on this machine.
     * Defaults to 255.255.255.255, or to none when seeds are set.
     */
    private @Nullable String broadcast;

    /** Multicast group to use instead of broadcast, for example 239.1.2.3. */
    private @Nullable String multicast;

    /** Multicast time-to-live; 1 stays on the local network. */
    private @Nullable Integer multicastTtl;

    /**
     * Network interface for multicast, by name (eth0, lo). Defaults to the first interface that is up, not loopback
     * and multicast-capable (logged at start); set it on hosts with bridges or VPNs.
     */
    private @Nullable String multicastInterface;

    /** Unicast destinations as host[:port] (the port defaults to discovery.port); they replace broadcast. */
    private @Nullable List<String> unicast;

    /**
     * Where to find the cluster where broadcast does not reach: host, host:port, [IPv6 address]:port, DNS names (resolved
     * again every seed-refresh-interval, such as a Kubernetes headless Service) or _port._udp.name SRV names. One
     * reachable seed is enough: nodes learn the others from the nodes they hear.
     */
    private @Nullable List<String> seeds;

    /** How often the DNS names among the seeds are resolved again. */
    private @Nullable Duration seedRefreshInterval;

    /**
     * With seeds: networks (CIDR, such as 10.20.0.0/16) where this node may send to addresses other nodes name, besides
     * the networks of its own interfaces and of its seeds. Never broadcast, multicast or unspecified addresses, whatever
     * this says. Default none.
     */
    private @Nullable List<String> allowedNetworks;

    /** Whether the socket is bound with SO_REUSEADDR, so several nodes on one machine share the port. */
    private @Nullable Boolean reuseAddr;

    /**
     * Host name peers see, at most 255 characters. Defaults to the DISCOVERY_HOSTNAME environment variable, else the OS
     * host name.
     */
    private @Nullable String hostName;

    /** Which packets are ignored as this node's own: SELF (only this node's) or PROCESS (every node of this JVM). */
    private @Nullable Ignore ignore;

    /** Whether bad datagrams are only counted, not also published as DataErrorEvent. */
    private @Nullable Boolean ignoreDataErrors;

    /**
     * Shared keys: the first encrypts, all are tried to decrypt (for rotation). A key is a passphrase, or "base64:"
     * followed by 32 raw bytes in base64. Empty means plain JSON on the wire. Never logged.
     */
    private @Nullable List<String> keys;

    /** How datagrams are encrypted when keys are set: AES_256_GCM, or AES256_LEGACY for keyed node-discover peers. */
    private @Nullable Encryption encryption;

    /** How old an authenticated datagram may be before it is refused as a replay. */
    private @Nullable Duration replayWindow;

    /** Most peers kept in the table; hellos from further new nodes are dropped. */
    private @Nullable Integer maxNodes;

    /**
     * Heap the peer table may hold, as the engine estimates each peer's record and advertisement; hellos that would
     * take it further are dropped (counted as OVER_BUDGET). At least 1MB.
     */
    private @Nullable DataSize maxTableBytes;

    /** The service this application offers; advertised with every hello. */
    private final Service service = new Service();

    /** Names of services this application needs: it is not ready while one of them has no available instance. */
    private List<String> needs = new ArrayList<>();

    /** How long startup waits for every needed service; startup fails listing the missing ones. Off by default. */
    private Duration waitForNeeds;

    /** How long a setup hook may take before it counts as failed. */
    private @Nullable Duration setupTimeout;

    /** Wait before the first retry of a failed setup hook; doubled after each further failure. */
    private @Nullable Duration setupRetryDelay;

    /** Longest wait between retries of a failed setup hook. */
    private @Nullable Duration setupRetryMax;

    /** Channels to join only to publish their messages as ChannelMessageEvent (@ChannelListener methods join theirs). */
    private List<String> channels = new ArrayList<>();

    /**
     * The one table of the properties that set core options: which option, which property, and how its value reaches
     * the core's builder. Adding an option takes three places: the core's builder (default, setter, check), a field
     * here with its row below, and its default in {@code additional-spring-configuration-metadata.json}
     * (docs/architecture.md, "Adding an option"); {@code CoreOptionTableTests} fails when one is missing.
     */
    static final List<CoreOption<?>> CORE_OPTIONS = List.of(
            discovery("helloInterval", "discovery.hello-interval",
                    DiscoveryProperties::getHelloInterval, DiscoveryOptions.Builder::helloInterval),
            discovery("checkInterval", "discovery.check-interval",
                    DiscoveryProperties::getCheckInterval, DiscoveryOptions.Builder::checkInterval),
            discovery("nodeTimeout", "discovery.node-timeout",
                    DiscoveryProperties::getNodeTimeout, DiscoveryOptions.Builder::nodeTimeout),
            discovery("masterTimeout", "discovery.master-timeout",
                    DiscoveryProperties::getMasterTimeout, DiscoveryOptions.Builder::masterTimeout),
            discovery("mastersRequired", "discovery.masters-required",
                    DiscoveryProperties::getMastersRequired, DiscoveryOptions.Builder::mastersRequired),
            discovery("quorumMinimumSize", "discovery.quorum.minimum-size",
                    p -> p.getQuorum().getMinimumSize(), DiscoveryOptions.Builder::quorumMinimumSize),
            discovery("takeoverTimeout", "discovery.takeover-timeout",
                    DiscoveryProperties::getTakeoverTimeout, DiscoveryOptions.Builder::takeoverTimeout),
            discovery("weight", "discovery.weight",
                    DiscoveryProperties::getWeight, DiscoveryOptions.Builder::weight),
            discovery("masterEligible", "discovery.master-eligible",
                    DiscoveryProperties::getMasterEligible, DiscoveryOptions.Builder::masterEligible),
            discovery("client", "discovery.client",
                    DiscoveryProperties::getClient, DiscoveryOptions.Builder::client),
            discovery("bindAddress", "discovery.bind-address",
                    DiscoveryProperties::getBindAddress, DiscoveryOptions.Builder::bindAddress),
            discovery("port", "discovery.port",
                    DiscoveryProperties::getPort, DiscoveryOptions.Builder::port),
            discovery("broadcast", "discovery.broadcast",
                    DiscoveryProperties::getBroadcast, DiscoveryOptions.Builder::broadcast),
            discovery("multicast", "discovery.multicast",
                    DiscoveryProperties::getMulticast, DiscoveryOptions.Builder::multicast),
            discovery("multicastTtl", "discovery.multicast-ttl",
                    DiscoveryProperties::getMulticastTtl, DiscoveryOptions.Builder::multicastTtl),
            discovery("multicastInterface", "discovery.multicast-interface",
                    DiscoveryProperties::getMulticastInterface, DiscoveryOptions.Builder::multicastInterface),
            discovery("unicast", "discovery.unicast",
                    DiscoveryProperties::getUnicast, DiscoveryOptions.Builder::unicast),
            discovery("seeds", "discovery.seeds",
                    DiscoveryProperties::getSeeds, DiscoveryOptions.Builder::seeds),
            discovery("seedRefreshInterval", "discovery.seed-refresh-interval",
                    DiscoveryProperties::getSeedRefreshInterval, DiscoveryOptions.Builder::seedRefreshInterval),
            discovery("allowedNetworks", "discovery.allowed-networks",
                    DiscoveryProperties::getAllowedNetworks, DiscoveryOptions.Builder::allowedNetworks),
            discovery("reuseAddr", "discovery.reuse-addr",
                    DiscoveryProperties::getReuseAddr, DiscoveryOptions.Builder::reuseAddr),
            discovery("hostName", "discovery.host-name",
                    DiscoveryProperties::getHostName, DiscoveryOptions.Builder::hostName),
            discovery("ignore", "discovery.ignore",
                    DiscoveryProperties::getIgnore, DiscoveryOptions.Builder::ignore),
            discovery("ignoreDataErrors", "discovery.ignore-data-errors",
                    DiscoveryProperties::getIgnoreDataErrors, DiscoveryOptions.Builder::ignoreDataErrors),
            discovery("keys", "discovery.keys",
                    DiscoveryProperties::getKeys, DiscoveryOptions.Builder::keys),
            discovery("encryption", "discovery.encryption",
                    DiscoveryProperties::getEncryption, DiscoveryOptions.Builder::encryption),
            discovery("replayWindow", "discovery.replay-window",
                    DiscoveryProperties::getReplayWindow, DiscoveryOptions.Builder::replayWindow),
            discovery("maxNodes", "discovery.max-nodes",
                    DiscoveryProperties::getMaxNodes, DiscoveryOptions.Builder::maxNodes),
            discovery("maxTableBytes", "discovery.max-table-bytes",
                    DiscoveryProperties::getMaxTableBytes, (b, size) -> b.maxTableBytes(size.toBytes())),
            service("setupTimeout", "discovery.setup-timeout",
                    DiscoveryProperties::getSetupTimeout, ServiceOptions.Builder::setupTimeout),
            service("setupRetryDelay", "discovery.setup-retry-delay",
                    DiscoveryProperties::getSetupRetryDelay, ServiceOptions.Builder::setupRetryDelay),
            service("setupRetryMax", "discovery.setup-retry-max",
                    DiscoveryProperties::getSetupRetryMax, ServiceOptions.Builder::setupRetryMax));

    /** Applies every property the application set to {@code builder}: the rows of its kind, in table order. */
    <B> B applyTo(B builder) {
        CORE_OPTIONS.forEach(option -> option.applyTo(this, builder));
        return builder;
    }

    /** The property that sets a core option ({@code discovery.node-timeout} for {@code nodeTimeout}). */
    static String propertyName(String option) {
        return CORE_OPTIONS.stream().filter(row -> row.option().equals(option)).findFirst()
                .map(CoreOption::property).orElse(option);
    }

    /** Split-brain protection: how many instances of its service an instance must hear to lead or own keys. */
    public static class Quorum {

        /**
         * The fewest instances of this service (this one included) an instance must hear within node-timeout to run
         * master-only work or own keys; set it to a majority of the expected size. 0 turns the check off.
         */
        private @Nullable Integer minimumSize;

        public @Nullable Integer getMinimumSize() { return minimumSize; }
        public void setMinimumSize(@Nullable Integer minimumSize) { this.minimumSize = minimumSize; }
    }

    /** The local service: a name, and what peers need to reach it. */
    public static class Service {

        /** Name of the service this application offers. Nothing is advertised without it. */
        private String name;

        /** Host peers should use to reach this service. Defaults to the address its datagrams come from. */
        private String host;

        /** Port peers should use to reach this service, for example ${server.port}. */
        private Integer port;

        /**
         * Further fields advertised with the service, such as version or zone. Values keep the type YAML gives them
         * (1.0 is a number, true a boolean, a nested block a map); values from .properties files and the environment
         * are strings.
         */
        private Map<String, Object> metadata = new LinkedHashMap<>();

        public String getName() { return name; }
        public void setName(String name) { this.name = name; }
        public String getHost() { return host; }
        public void setHost(String host) { this.host = host; }
        public Integer getPort() { return port; }
        public void setPort(Integer port) { this.port = port; }
        public Map<String, Object> getMetadata() { return metadata; }
        public void setMetadata(Map<String, Object> metadata) { this.metadata = metadata; }
    }

    public boolean isEnabled() { return enabled; }
    public void setEnabled(boolean enabled) { this.enabled = enabled; }
    public boolean isFailOnUnknownProperties() { return failOnUnknownProperties; }
    public void setFailOnUnknownProperties(boolean fail) { this.failOnUnknownProperties = fail; }
    public @Nullable Duration getHelloInterval() { return helloInterval; }
    public void setHelloInterval(@Nullable Duration helloInterval) { this.helloInterval = helloInterval; }
    public @Nullable Duration getCheckInterval() { return checkInterval; }
    public void setCheckInterval(@Nullable Duration checkInterval) { this.checkInterval = checkInterval; }
    public @Nullable Duration getNodeTimeout() { return nodeTimeout; }
    public void setNodeTimeout(@Nullable Duration nodeTimeout) { this.nodeTimeout = nodeTimeout; }
    public @Nullable Duration getMasterTimeout() { return masterTimeout; }
    public void setMasterTimeout(@Nullable Duration masterTimeout) { this.masterTimeout = masterTimeout; }
    public @Nullable Duration getTakeoverTimeout() { return takeoverTimeout; }
    public void setTakeoverTimeout(@Nullable Duration takeoverTimeout) { this.takeoverTimeout = takeoverTimeout; }
    public Quorum getQuorum() { return quorum; }
    public @Nullable Integer getMastersRequired() { return mastersRequired; }
    public void setMastersRequired(@Nullable Integer mastersRequired) { this.mastersRequired = mastersRequired; }
    public @Nullable Double getWeight() { return weight; }
    public void setWeight(@Nullable Double weight) { this.weight = weight; }
    public @Nullable Boolean getMasterEligible() { return masterEligible; }
    public void setMasterEligible(@Nullable Boolean masterEligible) { this.masterEligible = masterEligible; }
    public @Nullable Boolean getClient() { return client; }
    public void setClient(@Nullable Boolean client) { this.client = client; }
    public @Nullable String getBindAddress() { return bindAddress; }
    public void setBindAddress(@Nullable String bindAddress) { this.bindAddress = bindAddress; }
    public @Nullable Integer getPort() { return port; }
    public void setPort(@Nullable Integer port) { this.port = port; }
    public @Nullable String getBroadcast() { return broadcast; }
    public void setBroadcast(@Nullable String broadcast) { this.broadcast = broadcast; }
    public @Nullable String getMulticast() { return multicast; }
    public void setMulticast(@Nullable String multicast) { this.multicast = multicast; }
    public @Nullable Integer getMulticastTtl() { return multicastTtl; }
    public void setMulticastTtl(@Nullable Integer multicastTtl) { this.multicastTtl = multicastTtl; }
    public @Nullable String getMulticastInterface() { return multicastInterface; }
    public void setMulticastInterface(@Nullable String multicastInterface) { this.multicastInterface = multicastInterface; }
    public @Nullable List<String> getUnicast() { return unicast; }
    public void setUnicast(@Nullable List<String> unicast) { this.unicast = unicast; }
    public @Nullable List<String> getSeeds() { return seeds; }
    public void setSeeds(@Nullable List<String> seeds) { this.seeds = seeds; }
    public @Nullable Duration getSeedRefreshInterval() { return seedRefreshInterval; }
    public void setSeedRefreshInterval(@Nullable Duration seedRefreshInterval) { this.seedRefreshInterval = seedRefreshInterval; }
    public @Nullable List<String> getAllowedNetworks() { return allowedNetworks; }
    public void setAllowedNetworks(@Nullable List<String> allowedNetworks) { this.allowedNetworks = allowedNetworks; }
    public @Nullable Boolean getReuseAddr() { return reuseAddr; }
    public void setReuseAddr(@Nullable Boolean reuseAddr) { this.reuseAddr = reuseAddr; }
    public @Nullable String getHostName() { return hostName; }
    public void setHostName(@Nullable String hostName) { this.hostName = hostName; }
    public @Nullable Ignore getIgnore() { return ignore; }
    public void setIgnore(@Nullable Ignore ignore) { this.ignore = ignore; }
    public @Nullable Boolean getIgnoreDataErrors() { return ignoreDataErrors; }
    public void setIgnoreDataErrors(@Nullable Boolean ignoreDataErrors) { this.ignoreDataErrors = ignoreDataErrors; }
    public @Nullable List<String> getKeys() { return keys; }
    public void setKeys(@Nullable List<String> keys) { this.keys = keys; }
    public @Nullable Encryption getEncryption() { return encryption; }
    public void setEncryption(@Nullable Encryption encryption) { this.encryption = encryption; }
    public @Nullable Duration getReplayWindow() { return replayWindow; }
    public void setReplayWindow(@Nullable Duration replayWindow) { this.replayWindow = replayWindow; }
    public @Nullable Integer getMaxNodes() { return maxNodes; }
    public void setMaxNodes(@Nullable Integer maxNodes) { this.maxNodes = maxNodes; }
    public @Nullable DataSize getMaxTableBytes() { return maxTableBytes; }
    public void setMaxTableBytes(@Nullable DataSize maxTableBytes) { this.maxTableBytes = maxTableBytes; }
    public Service getService() { return service; }
    public List<String> getNeeds() { return needs; }
    public void setNeeds(List<String> needs) { this.needs = needs; }
    public Duration getWaitForNeeds() { return waitForNeeds; }
    public void setWaitForNeeds(Duration waitForNeeds) { this.waitForNeeds = waitForNeeds; }
    public @Nullable Duration getSetupTimeout() { return setupTimeout; }
    public void setSetupTimeout(@Nullable Duration setupTimeout) { this.setupTimeout = setupTimeout; }
    public @Nullable Duration getSetupRetryDelay() { return setupRetryDelay; }
    public void setSetupRetryDelay(@Nullable Duration setupRetryDelay) { this.setupRetryDelay = setupRetryDelay; }
    public @Nullable Duration getSetupRetryMax() { return setupRetryMax; }
    public void setSetupRetryMax(@Nullable Duration setupRetryMax) { this.setupRetryMax = setupRetryMax; }
    public List<String> getChannels() { return channels; }
    public void setChannels(List<String> channels) { this.channels = channels; }
}
