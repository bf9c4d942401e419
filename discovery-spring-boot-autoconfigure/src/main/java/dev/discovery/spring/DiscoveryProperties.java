package dev.discovery.spring;

import dev.discovery.Encryption;
import dev.discovery.Ignore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the application's discovery node, under {@code discovery.}. Defaults are the core's, which match
 * node-discover's: in particular hellos go to the LAN broadcast address 255.255.255.255 unless {@code broadcast},
 * {@code multicast} or {@code unicast} say otherwise.
 */
@ConfigurationProperties("discovery")
public class DiscoveryProperties {

    /** Whether the application joins the discovery network. */
    private boolean enabled = true;

    /** How often this node says hello. */
    private Duration helloInterval = Duration.ofSeconds(1);

    /** How often the master election runs. */
    private Duration checkInterval = Duration.ofSeconds(2);

    /** How long a silent node stays in the table; at least check-interval. */
    private Duration nodeTimeout = Duration.ofSeconds(2);

    /** How long a silent master stays in the table; at least node-timeout. Defaults to node-timeout. */
    private Duration masterTimeout;

    /** How many masters the cluster elects. */
    private int mastersRequired = 1;

    /** This node's election weight: the heaviest eligible nodes become masters. Defaults to: older weighs more. */
    private Double weight;

    /** Whether this node may become master. */
    private boolean masterEligible = true;

    /** Whether this node only listens: it sends no hellos and is never master. */
    private boolean client = false;

    /** Local address the UDP socket binds. */
    private String bindAddress = "0.0.0.0";

    /** UDP port every node of the cluster uses. */
    private int port = 12345;

    /** Broadcast address hellos go to when neither multicast nor unicast is set; 127.255.255.255 stays on this machine. */
    private String broadcast = "255.255.255.255";

    /** Multicast group to use instead of broadcast, for example 239.1.2.3. */
    private String multicast;

    /** Multicast time-to-live; 1 stays on the local network. */
    private int multicastTtl = 1;

    /**
     * Network interface for multicast, by name (eth0, lo). Defaults to the first interface that is up, not loopback
     * and multicast-capable (logged at start); set it on hosts with bridges or VPNs.
     */
    private String multicastInterface;

    /** Unicast destinations as host[:port] (the port defaults to discovery.port); they replace broadcast. */
    private List<String> unicast = new ArrayList<>();

    /** Whether the socket is bound with SO_REUSEADDR, so several nodes on one machine share the port. */
    private boolean reuseAddr = true;

    /** Host name peers see. Defaults to the DISCOVERY_HOSTNAME environment variable, else the OS host name. */
    private String hostName;

    /** Which packets are ignored as this node's own: SELF (only this node's) or PROCESS (every node of this JVM). */
    private Ignore ignore = Ignore.SELF;

    /** Whether bad datagrams are only counted, not also published as DataErrorEvent. */
    private boolean ignoreDataErrors = true;

    /**
     * Shared keys: the first encrypts, all are tried to decrypt (for rotation). A key is a passphrase, or "base64:"
     * followed by 32 raw bytes in base64. Empty means plain JSON on the wire. Never logged.
     */
    private List<String> keys = new ArrayList<>();

    /** How datagrams are encrypted when keys are set: AES_256_GCM, or AES256_LEGACY for keyed node-discover peers. */
    private Encryption encryption = Encryption.AES_256_GCM;

    /** How old an authenticated datagram may be before it is refused as a replay. */
    private Duration replayWindow = Duration.ofSeconds(30);

    /** Most peers kept in the table; hellos from further new nodes are dropped. */
    private int maxNodes = 10_000;

    /**
     * Heap the peer table may hold, as the engine estimates each peer's record and advertisement; hellos that would
     * take it further are dropped (counted as OVER_BUDGET). At least 1MB.
     */
    private DataSize maxTableBytes = DataSize.ofMegabytes(32);

    /** The service this application offers; advertised with every hello. */
    private final Service service = new Service();

    /** Names of services this application needs: it is not ready while one of them has no available instance. */
    private List<String> needs = new ArrayList<>();

    /** How long startup waits for every needed service; startup fails listing the missing ones. Off by default. */
    private Duration waitForNeeds;

    /** How long a setup hook may take before it counts as failed. */
    private Duration setupTimeout = Duration.ofSeconds(30);

    /** Wait before the first retry of a failed setup hook; doubled after each further failure. */
    private Duration setupRetryDelay = Duration.ofSeconds(1);

    /** Longest wait between retries of a failed setup hook. */
    private Duration setupRetryMax = Duration.ofSeconds(30);

    /** Channels to join only to publish their messages as ChannelMessageEvent (@ChannelListener methods join theirs). */
    private List<String> channels = new ArrayList<>();

    /** The local service: a name, and what peers need to reach it. */
    public static class Service {

        /** Name of the service this application offers. Nothing is advertised without it. */
        private String name;

        /** Host peers should use to reach this service. Defaults to the address its datagrams come from. */
        private String host;

        /** Port peers should use to reach this service, for example ${server.port}. */
        private Integer port;

        /** Further fields advertised with the service, such as version or zone. */
        private Map<String, String> metadata = new LinkedHashMap<>();

        public String getName() { return name; }
        public void setName(String name) { this.name = name; }
        public String getHost() { return host; }
        public void setHost(String host) { this.host = host; }
        public Integer getPort() { return port; }
        public void setPort(Integer port) { this.port = port; }
        public Map<String, String> getMetadata() { return metadata; }
        public void setMetadata(Map<String, String> metadata) { this.metadata = metadata; }
    }

    public boolean isEnabled() { return enabled; }
    public void setEnabled(boolean enabled) { this.enabled = enabled; }
    public Duration getHelloInterval() { return helloInterval; }
    public void setHelloInterval(Duration helloInterval) { this.helloInterval = helloInterval; }
    public Duration getCheckInterval() { return checkInterval; }
    public void setCheckInterval(Duration checkInterval) { this.checkInterval = checkInterval; }
    public Duration getNodeTimeout() { return nodeTimeout; }
    public void setNodeTimeout(Duration nodeTimeout) { this.nodeTimeout = nodeTimeout; }
    public Duration getMasterTimeout() { return masterTimeout; }
    public void setMasterTimeout(Duration masterTimeout) { this.masterTimeout = masterTimeout; }
    public int getMastersRequired() { return mastersRequired; }
    public void setMastersRequired(int mastersRequired) { this.mastersRequired = mastersRequired; }
    public Double getWeight() { return weight; }
    public void setWeight(Double weight) { this.weight = weight; }
    public boolean isMasterEligible() { return masterEligible; }
    public void setMasterEligible(boolean masterEligible) { this.masterEligible = masterEligible; }
    public boolean isClient() { return client; }
    public void setClient(boolean client) { this.client = client; }
    public String getBindAddress() { return bindAddress; }
    public void setBindAddress(String bindAddress) { this.bindAddress = bindAddress; }
    public int getPort() { return port; }
    public void setPort(int port) { this.port = port; }
    public String getBroadcast() { return broadcast; }
    public void setBroadcast(String broadcast) { this.broadcast = broadcast; }
    public String getMulticast() { return multicast; }
    public void setMulticast(String multicast) { this.multicast = multicast; }
    public int getMulticastTtl() { return multicastTtl; }
    public void setMulticastTtl(int multicastTtl) { this.multicastTtl = multicastTtl; }
    public String getMulticastInterface() { return multicastInterface; }
    public void setMulticastInterface(String multicastInterface) { this.multicastInterface = multicastInterface; }
    public List<String> getUnicast() { return unicast; }
    public void setUnicast(List<String> unicast) { this.unicast = unicast; }
    public boolean isReuseAddr() { return reuseAddr; }
    public void setReuseAddr(boolean reuseAddr) { this.reuseAddr = reuseAddr; }
    public String getHostName() { return hostName; }
    public void setHostName(String hostName) { this.hostName = hostName; }
    public Ignore getIgnore() { return ignore; }
    public void setIgnore(Ignore ignore) { this.ignore = ignore; }
    public boolean isIgnoreDataErrors() { return ignoreDataErrors; }
    public void setIgnoreDataErrors(boolean ignoreDataErrors) { this.ignoreDataErrors = ignoreDataErrors; }
    public List<String> getKeys() { return keys; }
    public void setKeys(List<String> keys) { this.keys = keys; }
    public Encryption getEncryption() { return encryption; }
    public void setEncryption(Encryption encryption) { this.encryption = encryption; }
    public Duration getReplayWindow() { return replayWindow; }
    public void setReplayWindow(Duration replayWindow) { this.replayWindow = replayWindow; }
    public int getMaxNodes() { return maxNodes; }
    public void setMaxNodes(int maxNodes) { this.maxNodes = maxNodes; }
    public DataSize getMaxTableBytes() { return maxTableBytes; }
    public void setMaxTableBytes(DataSize maxTableBytes) { this.maxTableBytes = maxTableBytes; }
    public Service getService() { return service; }
    public List<String> getNeeds() { return needs; }
    public void setNeeds(List<String> needs) { this.needs = needs; }
    public Duration getWaitForNeeds() { return waitForNeeds; }
    public void setWaitForNeeds(Duration waitForNeeds) { this.waitForNeeds = waitForNeeds; }
    public Duration getSetupTimeout() { return setupTimeout; }
    public void setSetupTimeout(Duration setupTimeout) { this.setupTimeout = setupTimeout; }
    public Duration getSetupRetryDelay() { return setupRetryDelay; }
    public void setSetupRetryDelay(Duration setupRetryDelay) { this.setupRetryDelay = setupRetryDelay; }
    public Duration getSetupRetryMax() { return setupRetryMax; }
    public void setSetupRetryMax(Duration setupRetryMax) { this.setupRetryMax = setupRetryMax; }
    public List<String> getChannels() { return channels; }
    public void setChannels(List<String> channels) { this.channels = channels; }
}
