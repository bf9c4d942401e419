package dev.discovery.spring.ui;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** The most recent entries of the cluster page's timeline; older ones fall off. Thread-safe. */
final class Timeline {

    private final int capacity;
    private final Deque<ClusterSnapshot.Entry> entries = new ArrayDeque<>();

    Timeline(int capacity) {
        this.capacity = capacity;
    }

    synchronized void add(ClusterSnapshot.Entry entry) {
        entries.addFirst(entry);
        if (entries.size() > capacity) {
            entries.removeLast();
        }
    }

    /** The entries, newest first. */
    synchronized List<ClusterSnapshot.Entry> newestFirst() {
        return new ArrayList<>(entries);
    }
}
