package dev.discovery.internal.engine;

import dev.discovery.DropReason;
import dev.discovery.internal.net.Cidr;
import dev.discovery.internal.wire.PeerList;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How a node with seeds finds the whole cluster from one reachable seed, and keeps it when the seeds are gone
 * (docs/protocol.md, "Seeds and peer exchange"). It knows three kinds of address: the <em>seeds</em> (resolved from
 * the option), the <em>members</em> (the address each node in the table was last heard from) and the
 * <em>candidates</em> (addresses other nodes named, not heard from yet). Hellos go to all three. Besides, nodes exchange
 * {@code discovery:peers} datagrams:
 * <ul>
 *   <li>a <em>challenge</em>: a token derived from a secret of this run and the address it is sent to. An address is
 *       <em>verified</em> once a datagram from it echoes its token: it proved that it receives what is sent there, so a
 *       forged source address never gets verified;</li>
 *   <li>a <em>list</em> of up to {@value PeerList#MAX_PEERS} verified members, sent only to verified addresses: once
 *       when an address gets verified, and to {@value #LISTS_PER_INTERVAL} verified members per hello interval in
 *       turn. A list is taken only from a verified address.</li>
 * </ul>
 * A candidate is probed (a hello and a challenge) at once and with every hello until it answers, and dropped after
 * {@code nodeTimeout} of silence; a node takes new candidates only as its {@link ProbeBudget} allows, per source address
 * and in all. So an address that never answered gets a bounded number of datagrams from each node told about it, is
 * never passed on to others, and what a node sends to such addresses is bounded whatever it is told, and stays below
 * what the teller sends.
 *
 * <p>Touched only under the engine's lock, except {@link #heardItself}, which the receive path calls without it.
 */
final class PeerExchange {

    /** The datagrams this decides, queued in the outbox: JSON text and where it goes. */
    interface Sink {
        void send(byte[] json, List<InetSocketAddress> destinations);
    }

    /** Where an address named by {@code source} and not probed is counted (once per address). */
    interface Refusals {
        void refused(DropReason reason, InetSocketAddress source, String detail);
    }

    /** An address named by a verified peer, probed until it answers or its deadline. */
    private record Candidate(long deadline, InetAddress namedBy) {
    }
    /** Verified members sent a list per hello interval, in turn; two make a lost list or a short one matter little. */
    static final int LISTS_PER_INTERVAL = 2;
    private static final int MAX_SELF_ADDRESSES = 16;
    private static final int TOKEN_BYTES = 8;

    private final long nodeTimeout;
    private final int maxCandidates;
    private final Supplier<byte[]> hello;
    private final Function<PeerList, byte[]> encoder;
    private final Sink out;
    private final Refusals refusals;
    private final ProbeBudget budget;
    private final PeerScope scope;

    private Mac tokens;
    private List<InetSocketAddress> seeds = List.of();
    private final Map<String, InetSocketAddress> memberById = new HashMap<>();
    /** Each member address and how many node ids were last heard from it (a restarted node may briefly make two). */
    private final Map<InetSocketAddress, Integer> members = new LinkedHashMap<>();
    private final Map<InetSocketAddress, Candidate> candidates = new LinkedHashMap<>();
    private final Set<InetSocketAddress> verified = new HashSet<>();
    /** Tokens received that must be echoed with the next hello: our first echo was lost, the peer still asks. */
    private final Map<InetSocketAddress, String> owed = new HashMap<>();
    /** The last token of each address echoed at once, so that a repeated challenge waits for the next hello. */
    private final Map<InetSocketAddress, String> echoed = new HashMap<>();
    /** Addresses our own datagrams came back from: a seed name usually names this node too. */
    private final Set<InetSocketAddress> self = ConcurrentHashMap.newKeySet();
    private int listTurn;
    private int listOffset;

    PeerExchange(long nodeTimeout, long helloInterval, int maxCandidates, Supplier<byte[]> hello,
            Function<PeerList, byte[]> encoder, Sink out, Refusals refusals, List<Cidr> allowedNetworks) {
        this.nodeTimeout = nodeTimeout;
        this.maxCandidates = maxCandidates;
        this.hello = hello;
        this.encoder = encoder;
        this.out = out;
        this.refusals = refusals;
        this.budget = new ProbeBudget(nodeTimeout, helloInterval);
        this.scope = new PeerScope(allowedNetworks);
    }

    /**
     * A new run: a new secret, so tokens of an earlier run verify nothing; the literal seeds known at once, and the
     * networks of this node's interfaces.
     */
    void start(List<InetSocketAddress> literalSeeds, List<Cidr> interfaces) {
        clear();
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        try {
            tokens = Mac.getInstance("HmacSHA256");
            tokens.init(new SecretKeySpec(secret, "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
        seeds = List.copyOf(literalSeeds);
        scope.seeds(seeds);
        scope.interfaces(interfaces);
    }

    void clear() {
        seeds = List.of();
        memberById.clear();
        members.clear();
        candidates.clear();
        verified.clear();
        owed.clear();
        echoed.clear();
        self.clear();
        budget.clear();
    }

    // ---- addresses -------------------------------------------------------------------------------------------

    /** Where hellos go: every seed, member and candidate, each once, never this node itself. */
    List<InetSocketAddress> helloTargets() {
        Set<InetSocketAddress> targets = new LinkedHashSet<>(seeds);
        targets.addAll(members.keySet());
        targets.addAll(candidates.keySet());
        targets.removeAll(self);
        return new ArrayList<>(targets);
    }

    /** Where goodbyes and channel messages go: every member. */
    List<InetSocketAddress> memberTargets() {
        return new ArrayList<>(members.keySet());
    }

    private boolean known(InetSocketAddress address) {
        return members.containsKey(address) || candidates.containsKey(address) || seeds.contains(address);
    }

    /**
     * A hello came from this node at this address: it is a member there, no longer a candidate. A node heard for the
     * first time gets our hello at once: it may have just dropped us and stopped sending to us, and waiting for our next
     * periodic hello would leave it one hello short of the losses its timeout allows for.
     */
    void heard(String id, InetSocketAddress address) {
        if (scope.neverSendTo(address) != null) {
            return; // a forged source such as a broadcast address: in the table maybe, never a destination
        }
        budget.heardFrom(address.getAddress());
        InetSocketAddress previous = memberById.put(id, address);
        if (address.equals(previous)) {
            return;
        }
        if (previous == null && !self.contains(address)) {
            out.send(hello.get(), List.of(address));
        }
        members.merge(address, 1, Integer::sum);
        Candidate answered = candidates.remove(address);
        if (answered != null) {
            budget.answered(answered.namedBy());
        }
        if (previous != null) {
            leaveAddress(previous);
        }
    }

    /** The node left the table (timed out or said goodbye). */
    void forget(String id) {
        InetSocketAddress address = memberById.remove(id);
        if (address != null) {
            leaveAddress(address);
        }
    }

    private void leaveAddress(InetSocketAddress address) {
        if (members.merge(address, -1, Integer::sum) <= 0) {
            members.remove(address);
            forgetIfUnknown(address);
        }
    }

    private void forgetIfUnknown(InetSocketAddress address) {
        if (!known(address)) {
            verified.remove(address);
            owed.remove(address);
            echoed.remove(address);
        }
    }

    /** Our own datagram came back from this address: never send there again. Called without the engine's lock. */
    void heardItself(InetSocketAddress address) {
        if (self.size() < MAX_SELF_ADDRESSES) {
            self.add(address);
        }
    }

    /** The seeds' current addresses; new ones are probed at once. */
    void seedsResolved(List<InetSocketAddress> addresses) {
        List<InetSocketAddress> previous = seeds;
        seeds = List.copyOf(addresses);
        scope.seeds(seeds);
        for (InetSocketAddress seed : seeds) {
            if (!previous.contains(seed) && !members.containsKey(seed) && !candidates.containsKey(seed)) {
                probe(seed);
            }
        }
        for (InetSocketAddress gone : previous) {
            if (!seeds.contains(gone)) {
                forgetIfUnknown(gone);
            }
        }
    }

    // ---- the exchange ----------------------------------------------------------------------------------------

    /** Runs before every periodic hello: drops candidates silent for nodeTimeout, and renews each peer's budget. */
    void expire(long now) {
        budget.refill();
        for (Iterator<Map.Entry<InetSocketAddress, Candidate>> it = candidates.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<InetSocketAddress, Candidate> candidate = it.next();
            if (candidate.getValue().deadline() <= now) {
                it.remove();
                forgetIfUnknown(candidate.getKey());
            }
        }
    }

    /**
     * Runs after every periodic hello (which must arrive first: a peers datagram from an address not in the table is
     * ignored): challenges every address not verified yet, echoes what is owed, and sends the list to the next
     * verified member in turn.
     */
    void exchange() {
        List<InetSocketAddress> shareable = shareable();
        Set<InetSocketAddress> listTargets = new HashSet<>();
        for (int i = 0; i < Math.min(LISTS_PER_INTERVAL, shareable.size()); i++) {
            listTargets.add(shareable.get(Math.floorMod(listTurn++, shareable.size())));
        }
        for (InetSocketAddress target : helloTargets()) {
            boolean challenge = !verified.contains(target);
            String echo = owed.remove(target);
            boolean list = listTargets.contains(target);
            if (challenge || echo != null || list) {
                send(target, challenge, echo, list ? listFor(target, shareable) : List.of());
            }
        }
    }

    /** A {@code discovery:peers} datagram, already authenticated when the cluster has a key. */
    void received(InetSocketAddress source, PeerList message, long now) {
        if (!known(source) || self.contains(source)) {
            return; // only addresses we send to ourselves get an answer: nothing for a stranger's datagram
        }
        budget.heardFrom(source.getAddress());
        String echoNow = null;
        if (message.token() != null) {
            if (message.token().equals(echoed.get(source))) {
                owed.put(source, message.token()); // asked again: our echo was lost; answer with the next hello
            } else {
                echoed.put(source, message.token());
                echoNow = message.token();
            }
        }
        boolean newlyVerified = message.echo() != null && message.echo().equals(token(source)) && verified.add(source);
        if (verified.contains(source)) {
            learn(source, message.peers(), now);
        }
        if (echoNow != null || newlyVerified) {
            send(source, !verified.contains(source), echoNow, newlyVerified ? listFor(source, shareable()) : List.of());
        }
    }

    private void learn(InetSocketAddress source, List<InetSocketAddress> peers, long now) {
        for (InetSocketAddress peer : peers) {
            if (known(peer) || self.contains(peer)) {
                continue;
            }
            String refusal = scope.refusal(peer, source);
            if (refusal != null) {
                refusals.refused(DropReason.OUT_OF_SCOPE, source, "named " + peer + ": " + refusal);
            } else if (candidates.size() >= maxCandidates || !budget.spend(source.getAddress())) {
                refusals.refused(DropReason.PROBE_BUDGET, source, "named " + peer + ", beyond the budget for probing"
                        + " addresses this node was only told about");
            } else {
                candidates.put(peer, new Candidate(now + nodeTimeout, source.getAddress()));
                probe(peer);
            }
        }
    }


    private void probe(InetSocketAddress address) {
        if (self.contains(address)) {
            return;
        }
        out.send(hello.get(), List.of(address));
        send(address, true, owed.remove(address), List.of());
    }

    private void send(InetSocketAddress to, boolean challenge, String echo, List<InetSocketAddress> peers) {
        out.send(encoder.apply(new PeerList(challenge ? token(to) : null, echo, peers)), List.of(to));
    }

    private List<InetSocketAddress> shareable() {
        List<InetSocketAddress> shareable = new ArrayList<>();
        for (InetSocketAddress member : members.keySet()) {
            if (verified.contains(member) && scope.neverSendTo(member) == null) {
                shareable.add(member);
            }
        }
        return shareable;
    }

    /** Up to MAX_PEERS verified members but the receiver, taken in turn so that successive lists cover the table. */
    private List<InetSocketAddress> listFor(InetSocketAddress receiver, List<InetSocketAddress> shareable) {
        List<InetSocketAddress> list = new ArrayList<>(PeerList.MAX_PEERS);
        int size = shareable.size();
        for (int i = 0; i < size && list.size() < PeerList.MAX_PEERS; i++) {
            InetSocketAddress member = shareable.get(Math.floorMod(listOffset + i, size));
            if (!member.equals(receiver)) {
                list.add(member);
            }
        }
        listOffset = size == 0 ? 0 : Math.floorMod(listOffset + list.size(), size);
        return list;
    }

    /** The token for an address: a MAC of it under this run's secret, so nothing per address need be stored. */
    private String token(InetSocketAddress address) {
        byte[] ip = address.getAddress().getAddress();
        tokens.update(ByteBuffer.allocate(ip.length + 4).put(ip).putInt(address.getPort()).array());
        byte[] mac = tokens.doFinal();
        return HexFormat.of().formatHex(mac, 0, TOKEN_BYTES);
    }

}
