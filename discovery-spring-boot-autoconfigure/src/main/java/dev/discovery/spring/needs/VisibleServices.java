package dev.discovery.spring.needs;

import dev.discovery.spring.internal.EditDistance;
import dev.discovery.Membership;
import dev.discovery.Node;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The service names the nodes this one knows advertise, ready or not: what a user compares with a need that is never
 * met, to see a typo ({@code billling}) or a service that advertises under another name.
 */
final class VisibleServices {

    private VisibleServices() {
    }

    static SortedSet<String> of(Membership discovery) {
        SortedSet<String> names = new TreeSet<>();
        for (Node node : discovery.nodes()) {
            if (node.advertisementMap().get("name") instanceof String name && !name.isBlank()) {
                names.add(name);
            }
        }
        return names;
    }

    /** A visible name that differs from {@code needed} only by case or a typo or two, if there is one. */
    static Optional<String> lookalike(String needed, Set<String> visible) {
        int allowed = Math.max(1, needed.length() / 4);
        return visible.stream()
                .filter(name -> !name.equals(needed))
                .filter(name -> name.equalsIgnoreCase(needed) || EditDistance.between(needed.toLowerCase(Locale.ROOT),
                        name.toLowerCase(Locale.ROOT)) <= allowed)
                .findFirst();
    }
}
