package dev.discovery.internal.engine;

import dev.discovery.ChannelMessage;
import dev.discovery.DiscoveryEvent;
import dev.discovery.DiscoveryListener;
import dev.discovery.Node;
import dev.discovery.spi.Scheduler;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Hands events and channel messages to the scheduler's ordered delivery, so that listeners run one at a time, in the
 * order things happened, outside the engine's lock. A listener that throws is logged and the others still run.
 */
public final class EventBus {

    private final Scheduler scheduler;
    private final Supplier<List<Node>> masters;
    private final ListenerList<DiscoveryListener, DiscoveryEvent> listeners =
            new ListenerList<>("A discovery listener", DiscoveryListener::onEvent);
    /** The joined channels and their handlers; a channel is joined while it has an entry, which is never empty. */
    private final Map<String, ListenerList<Consumer<ChannelMessage>, ChannelMessage>> channels =
            new ConcurrentHashMap<>();

    /**
     * @param scheduler whose ordered delivery runs the listeners
     * @param masters   every master known now, for {@link DiscoveryEvent.MasterChanged}
     */
    EventBus(Scheduler scheduler, Supplier<List<Node>> masters) {
        this.scheduler = scheduler;
        this.masters = masters;
    }

    public void addListener(DiscoveryListener listener) {
        listeners.add(listener);
    }

    public boolean removeListener(DiscoveryListener listener) {
        return listeners.remove(listener);
    }

    /**
     * node-discover's join: joins with a first handler.
     *
     * @return false when the channel is joined already; the handler is then not added
     */
    public boolean join(String channel, Consumer<ChannelMessage> handler) {
        ListenerList<Consumer<ChannelMessage>, ChannelMessage> handlers = handlers(channel);
        handlers.add(handler);
        return channels.putIfAbsent(channel, handlers) == null;
    }

    /**
     * Adds a handler, joining the channel if needed.
     *
     * @return what removes this handler again, and leaves the channel when it was the last one
     */
    public Runnable subscribe(String channel, Consumer<ChannelMessage> handler) {
        ListenerList<Consumer<ChannelMessage>, ChannelMessage> subscribed = channels.compute(channel, (name, joined) -> {
            ListenerList<Consumer<ChannelMessage>, ChannelMessage> handlers = joined != null ? joined : handlers(name);
            handlers.add(handler);
            return handlers;
        });
        return () -> channels.computeIfPresent(channel, (name, handlers) -> {
            if (handlers != subscribed) {
                return handlers; // left since, maybe joined again: that is not this subscription's channel
            }
            handlers.remove(handler);
            return handlers.isEmpty() ? null : handlers;
        });
    }

    /** Leaves the channel, whatever its handlers. */
    public boolean leave(String channel) {
        return channels.remove(channel) != null;
    }

    boolean joined(String channel) {
        return channels.containsKey(channel);
    }

    public List<String> channels() {
        return List.copyOf(channels.keySet());
    }

    private static ListenerList<Consumer<ChannelMessage>, ChannelMessage> handlers(String channel) {
        return new ListenerList<>("The handler of channel '" + channel + "'", Consumer::accept);
    }

    /** Called under the engine's lock, right after the change the event tells of. */
    void publish(DiscoveryEvent event) {
        DiscoveryEvent.MasterChanged change = masterChange(event);
        scheduler.deliver(() -> {
            listeners.callAll(event);
            if (change != null) {
                listeners.callAll(change);
            }
        });
    }

    void publish(ChannelMessage message) {
        ListenerList<Consumer<ChannelMessage>, ChannelMessage> handlers = channels.get(message.channel());
        if (handlers == null) {
            return; // left meanwhile
        }
        scheduler.deliver(() -> {
            // A channel left after the message arrived gets nothing more; so does a handler removed meanwhile.
            if (channels.get(message.channel()) == handlers) {
                handlers.callAll(message);
            }
        });
    }

    /** The master change an event makes, if it makes one: so that listeners need not combine five kinds of event. */
    private DiscoveryEvent.@Nullable MasterChanged masterChange(DiscoveryEvent event) {
        if (event instanceof DiscoveryEvent.Promoted e) {
            return masterChanged(e.self(), true);
        } else if (event instanceof DiscoveryEvent.Demoted e) {
            return masterChanged(e.self(), false);
        } else if (event instanceof DiscoveryEvent.MasterElected e) {
            return masterChanged(e.node(), true);
        } else if (event instanceof DiscoveryEvent.NodeUpdated e && e.previous().master() && !e.node().master()) {
            return masterChanged(e.node(), false);
        } else if (event instanceof DiscoveryEvent.NodeRemoved e && e.node().master()) {
            return masterChanged(e.node(), false);
        }
        return null;
    }

    /**
     * The masters are read now; the changed node is set as the event says, since a newcomer that is master is not yet
     * in the table when its events are published.
     */
    private DiscoveryEvent.MasterChanged masterChanged(Node node, boolean master) {
        List<Node> after = new ArrayList<>();
        boolean listed = false;
        for (Node known : masters.get()) {
            if (known.id().equals(node.id())) {
                listed = true;
                if (master) {
                    after.add(node);
                }
            } else {
                after.add(known);
            }
        }
        if (master && !listed) {
            after.add(node);
        }
        return new DiscoveryEvent.MasterChanged(node, master, after);
    }
}
