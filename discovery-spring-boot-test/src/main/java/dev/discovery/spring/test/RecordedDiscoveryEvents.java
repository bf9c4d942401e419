package dev.discovery.spring.test;

import dev.discovery.spring.event.DiscoveryApplicationEvent;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.context.ApplicationListener;

/**
 * Every discovery application event ({@code PromotedEvent}, {@code ServiceReadyEvent}, {@code NodeAddedEvent}...) one
 * application context published, in order. A test context has it as a bean (it is cleared after each test method);
 * an application started on a {@link TestDiscoveryNetwork} has it as {@link TestApplication#events()}.
 */
public final class RecordedDiscoveryEvents implements ApplicationListener<DiscoveryApplicationEvent> {

    private final List<DiscoveryApplicationEvent> events = new CopyOnWriteArrayList<>();

    @Override
    public void onApplicationEvent(DiscoveryApplicationEvent event) {
        events.add(event);
    }

    /** Every event so far, oldest first. */
    public List<DiscoveryApplicationEvent> all() {
        return List.copyOf(events);
    }

    /** The events of one type so far, oldest first: {@code ofType(PromotedEvent.class)}. */
    public <T extends DiscoveryApplicationEvent> List<T> ofType(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    public void clear() {
        events.clear();
    }

    @Override
    public String toString() {
        return events.stream().map(event -> event.getClass().getSimpleName()).toList().toString();
    }
}
