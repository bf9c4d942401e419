package dev.discovery.bench;

import tools.jackson.databind.JsonNode;

/**
 * One event as one node saw it, stamped with {@link System#nanoTime()} when the harness learned of it: in the
 * listener for a node in this JVM, on arrival of its line for a node in another process (so that figure includes the
 * pipe).
 *
 * @param observer the id of the node that saw the event
 * @param kind     what happened
 * @param subject  the node it is about (the observer itself for {@link Kind#PROMOTED}, {@link Kind#DEMOTED} and
 *                 {@link Kind#SENT}, the sender for {@link Kind#MESSAGE})
 * @param nanos    when the harness learned of it
 * @param detail   the event's JSON line, for events from another process (messages carry their data here), else null
 */
record Observed(String observer, Kind kind, String subject, long nanos, JsonNode detail) {

    /** {@link #SENT}: a process acknowledged a {@code send} command, so the library has taken the message. */
    enum Kind { ADDED, REMOVED, MASTER, PROMOTED, DEMOTED, MESSAGE, SENT }

    boolean is(Kind expected, String expectedSubject) {
        return kind == expected && subject.equals(expectedSubject);
    }
}
