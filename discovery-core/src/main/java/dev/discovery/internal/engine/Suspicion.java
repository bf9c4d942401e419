package dev.discovery.internal.engine;

import dev.discovery.DropReason;
import dev.discovery.internal.wire.DroppedDatagram;
import dev.discovery.internal.wire.Probe;
import dev.discovery.spi.Scheduler;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.jspecify.annotations.Nullable;

/**
 * SWIM-style confirmation of a failure that traffic observed. A caller whose connection to a node was refused or reset
 * reports it ({@link #report}); this node pings it and asks a few other members to ping it too
 * ({@code discovery:check}). If no answer comes within {@link #PROBE_TIMEOUT_MILLIS}, this node removes it and tells
 * the members ({@code discovery:suspect}); each member then pings it itself and removes it only if it gets no answer
 * either. Any answer (an alive from the node, one relayed by a member asked, or a hello) ends the check with nothing
 * removed.
 *
 * <p>Every datagram goes where the node's other control messages go (its goodbye, its channel messages): to the
 * broadcast or multicast group, or to the members' addresses; never to an address a message names. So an answer from
 * the node reaches every member at once, and nodes sharing a host and port all hear it.
 *
 * <p>What keeps it safe: a caller with a broken network gets answers through the members it asks, and even its suspect
 * removes nothing on a member that can reach the node. Messages are taken only from members at the address their
 * hellos come from; requests (pings, checks, suspects) within a bound per source and for all sources. A refuted node
 * is not checked again for a cooldown (nodeTimeout), so forged reports cost at most one round of pings per node and
 * cooldown. Only nodes that sent a message of the protocol are ever checked (each announces itself when members join,
 * see {@link #heard}): a node-discover peer never does, so it is never suspected.
 *
 * <p>Touched only under the engine's lock; time comes from the caller.
 */
final class Suspicion {

    /** How long a ping, direct or through the members asked, may take to be answered. */
    static final long PROBE_TIMEOUT_MILLIS = 150;
    /** How many other members a check asks to ping the node (SWIM's k). */
    static final int HELPERS = 3;
    static final int MAX_CHECKS = 16;
    static final int MAX_RELAYS = 64;
    /**
     * Requests that make this node work (pings of this node, checks that name it, suspects) taken per second from one
     * member, and from all; copies are not counted.
     */
    static final int PER_SOURCE_PER_SECOND = 30;
    static final int ALL_SOURCES_PER_SECOND = 1000;
    /**
     * Copies of each datagram of a check: one lost datagram must not make a healthy node look dead, and a few lost in a
     * row are common under load. Receivers act on the first copy.
     */
    static final int COPIES = 3;
    private static final int MAX_REMEMBERED = 1024;

    /** What the protocol needs of the engine. */
    interface Host {
        /** The node with this id, if it is in the table (whose address is the one its hellos come from). */
        @Nullable PeerRecord member(String id);

        Collection<PeerRecord> members();

        /** Sends where the node's other control messages go. */
        void sendToMembers(String event, Probe probe);

        /** Publishes the suspicion and removes the node. */
        void suspected(PeerRecord peer, String suspectedBy, List<String> confirmedBy);

        void refuted(PeerRecord peer, String answeredTo);

        Scheduler.Timer after(long delay, Runnable task);
    }

    private static final class Check {
        final String target;
        final long number;
        final String suspectedBy;
        /** The members asked to ping it (origin), or those the suspect named (a member verifying). */
        final List<String> confirmedBy;
        final boolean origin;
        Scheduler.Timer timer;

        Check(String target, long number, String suspectedBy, List<String> confirmedBy, boolean origin) {
            this.target = target;
            this.number = number;
            this.suspectedBy = suspectedBy;
            this.confirmedBy = confirmedBy;
            this.origin = origin;
        }
    }

    /** A ping this node sends for another member's check. */
    private record Relay(String origin, long originNumber, String target) {
    }

    private final String self;
    private final long cooldown;
    private final long helloInterval;
    private final Host host;
    private final Random random;
    private final Map<String, Check> checks = new HashMap<>();
    private final Map<Long, Check> checksByNumber = new HashMap<>();
    private final Map<Long, Relay> relays = new HashMap<>();
    private final Map<String, Long> refutedAt = bounded();
    /** Datagrams already acted on, by sender, event and number: the copies of a datagram are acted on once. */
    private final Map<String, Boolean> seen = bounded();
    private long nextNumber;
    private long nextAnnouncement;
    private boolean announcementPending;
    private long windowStart = Long.MIN_VALUE / 2; // so that the first request opens a window
    private int windowAll;
    private final Map<String, Integer> windowBySource = new HashMap<>();
    // Read by stats(), under the engine's lock.
    long reports;
    long probes;
    long confirmed;
    long refuted;

    Suspicion(String self, long cooldown, long helloInterval, Host host) {
        this.self = self;
        this.cooldown = cooldown;
        this.helloInterval = helloInterval;
        this.host = host;
        this.random = new Random(self.hashCode());
        this.nextNumber = random.nextLong() & 0xFFFF_FFFFL;
    }

    private static <K, V> Map<K, V> bounded() {
        return new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > MAX_REMEMBERED;
            }
        };
    }

    /** Traffic to a node failed here: check it. Whether a check runs (a new one or one already under way). */
    boolean report(String id, long now) {
        reports++;
        PeerRecord peer = host.member(id);
        return peer != null && peer.answersProbes && begin(peer, self, List.of(), true, now);
    }

    private boolean begin(PeerRecord peer, String suspectedBy, List<String> named, boolean origin, long now) {
        if (checks.containsKey(peer.id)) {
            return true;
        }
        Long lastRefuted = refutedAt.get(peer.id);
        if ((lastRefuted != null && now - lastRefuted < cooldown) || checks.size() >= MAX_CHECKS) {
            return false;
        }
        long number = nextNumber++;
        List<String> helpers = origin ? helpers(peer, now) : named;
        Check check = new Check(peer.id, number, suspectedBy, helpers, origin);
        checks.put(peer.id, check);
        checksByNumber.put(number, check);
        ping(peer.id, number, COPIES);
        if (origin && !helpers.isEmpty()) {
            send(Probe.CHECK, new Probe(peer.id, number, helpers));
        }
        check.timer = host.after(PROBE_TIMEOUT_MILLIS, () -> unanswered(check));
        return true;
    }

    /** Members heard within the last hello interval or so (not behind a new partition) that speak the protocol. */
    private List<String> helpers(PeerRecord target, long now) {
        List<String> candidates = new ArrayList<>();
        for (PeerRecord member : host.members()) {
            if (member.answersProbes && member != target && now - member.lastSeen <= helloInterval * 3 / 2) {
                candidates.add(member.id);
            }
        }
        Collections.shuffle(candidates, random);
        return List.copyOf(candidates.subList(0, Math.min(HELPERS, candidates.size())));
    }

    private void ping(String target, long number, int copies) {
        probes++;
        for (int i = 0; i < copies; i++) {
            host.sendToMembers(Probe.PING, new Probe(target, number));
        }
    }

    private void send(String event, Probe probe) {
        for (int i = 0; i < COPIES; i++) {
            host.sendToMembers(event, probe);
        }
    }

    /** Whether this is the first copy of a datagram to act on. */
    private boolean first(PeerRecord sender, String event, long number) {
        return seen.put(sender.id + ' ' + event + ' ' + number, Boolean.TRUE) == null;
    }

    private void unanswered(Check check) {
        end(check);
        PeerRecord peer = host.member(check.target);
        if (peer == null) {
            return; // gone meanwhile: timed out or said goodbye
        }
        confirmed++;
        List<String> confirmedBy = new ArrayList<>(check.confirmedBy);
        confirmedBy.remove(self);
        if (confirmedBy.size() >= Probe.MAX_CONFIRMED_BY) {
            confirmedBy = confirmedBy.subList(0, Probe.MAX_CONFIRMED_BY - 1);
        }
        confirmedBy.add(self);
        if (check.origin) {
            send(Probe.SUSPECT, new Probe(check.target, check.number, confirmedBy));
        }
        host.suspected(peer, check.suspectedBy, confirmedBy);
    }

    private void answered(Check check, String answeredTo, long now) {
        check.timer.cancel();
        end(check);
        refuted++;
        refutedAt.put(check.target, now);
        PeerRecord peer = host.member(check.target);
        if (peer != null) {
            host.refuted(peer, answeredTo);
        }
    }

    private void end(Check check) {
        checks.remove(check.target);
        checksByNumber.remove(check.number);
    }

    /**
     * A hello: the node is alive, which answers a check. When a member becomes established, this node announces that it
     * speaks the protocol (a ping of itself, which every member that has it in its table notes), at most once per
     * cooldown: a few datagrams when nodes join, however many join, and none from a node-discover peer.
     */
    void heard(PeerRecord peer, long now) {
        Check check = checks.get(peer.id);
        if (check != null) {
            answered(check, self, now);
        }
        if (peer.established() && !peer.announcedTo) {
            peer.announcedTo = true;
            announce(now);
        }
    }

    private void announce(long now) {
        if (announcementPending) {
            return;
        }
        if (now >= nextAnnouncement) {
            nextAnnouncement = now + cooldown;
            ping(self, nextNumber++, 1);
        } else {
            announcementPending = true;
            host.after(nextAnnouncement - now, () -> {
                announcementPending = false;
                nextAnnouncement += cooldown;
                ping(self, nextNumber++, 1);
            });
        }
    }

    /** A datagram of the protocol from {@code senderId}; its data is already read. */
    void received(String event, String senderId, InetSocketAddress source, Probe probe, long now) throws DroppedDatagram {
        PeerRecord sender = host.member(senderId);
        if (sender == null || !sender.address.equals(source.getAddress().getHostAddress())
                || sender.port != source.getPort()) {
            throw refused("a " + event + " from " + senderId + " at " + source
                    + ", which is not a member at that address");
        }
        sender.answersProbes = true;
        long number = probe.number();
        if (event.equals(Probe.ALIVE)) {
            alive(sender, probe, now); // only ever keeps a node: not bounded, so that no answer is lost to a bound
            return;
        }
        boolean asksThisNode = switch (event) {
            case Probe.PING -> probe.target().equals(self);
            case Probe.CHECK -> probe.confirmedBy().contains(self);
            case Probe.SUSPECT -> true;
            default -> throw refused("not a probe event");
        };
        // Broadcast: most pings and checks are for other nodes, and cost nothing here but noting the sender.
        if (!asksThisNode || !first(sender, event, number)) {
            return;
        }
        admit(sender.id, now);
        switch (event) {
            case Probe.PING -> send(Probe.ALIVE, new Probe(self, number));
            case Probe.CHECK -> relay(sender, probe);
            default -> {
                PeerRecord target = host.member(probe.target());
                if (target != null && target.answersProbes && target != sender) {
                    begin(target, sender.id, probe.confirmedBy(), false, now);
                }
            }
        }
    }

    /** An answer: from the node itself it ends every check of it here; from a member asked, the check it relays. */
    private void alive(PeerRecord sender, Probe probe, long now) {
        if (probe.target().equals(sender.id)) {
            Check check = checks.get(sender.id);
            if (check != null) {
                answered(check, self, now);
            }
            Relay relay = relays.remove(probe.number());
            if (relay != null && relay.target().equals(sender.id)) {
                send(Probe.ALIVE, new Probe(relay.target(), relay.originNumber()));
            }
            return;
        }
        Check check = checksByNumber.get(probe.number());
        if (check != null && check.origin && check.target.equals(probe.target())
                && check.confirmedBy.contains(sender.id)) {
            answered(check, sender.id, now);
        } // else a late copy, or an answer to nothing asked: nothing to do
    }

    /** A member asks this node to ping another for it: the node's answer is passed on, for a caller that cannot hear it. */
    private void relay(PeerRecord origin, Probe probe) throws DroppedDatagram {
        PeerRecord target = host.member(probe.target());
        if (target == null || !target.answersProbes || target == origin || target.id.equals(self)) {
            return; // nothing to ping: the origin hears no answer from here
        }
        if (relays.size() >= MAX_RELAYS) {
            throw refused("too many checks relayed at once");
        }
        long number = nextNumber++;
        relays.put(number, new Relay(origin.id, probe.number(), target.id));
        ping(target.id, number, COPIES);
        host.after(PROBE_TIMEOUT_MILLIS, () -> relays.remove(number));
    }

    /** The bound per source and for all sources, over windows of one second. */
    private void admit(String source, long now) throws DroppedDatagram {
        if (now - windowStart >= 1000) {
            windowStart = now;
            windowAll = 0;
            windowBySource.clear();
        }
        if (windowAll >= ALL_SOURCES_PER_SECOND) {
            throw refused("over " + ALL_SOURCES_PER_SECOND + " probe requests a second from all members");
        }
        if (windowBySource.merge(source, 1, Integer::sum) > PER_SOURCE_PER_SECOND) {
            throw refused("over " + PER_SOURCE_PER_SECOND + " probe requests a second from " + source);
        }
        windowAll++;
    }

    private static DroppedDatagram refused(String detail) {
        return new DroppedDatagram(DropReason.PROBE_REFUSED, detail);
    }

    /** The node stopped: checks end without a verdict (their timers were cancelled with the engine's). */
    void clear() {
        checks.clear();
        checksByNumber.clear();
        relays.clear();
        refutedAt.clear();
        seen.clear();
        windowBySource.clear();
        nextAnnouncement = 0;
        announcementPending = false;
    }
}
