package dev.discovery;

/**
 * What the suspicion protocol did on this node since it was created ({@link Discovery#reportUnreachable}).
 *
 * @param reports   nodes reported unreachable by traffic here
 * @param probes    pings sent: checks begun here, checks asked of this node by others, and whether new members
 *                  speak the protocol
 * @param confirmed nodes this node removed because no probe was answered
 * @param refuted   checks that ended with an answer, nothing removed
 */
public record SuspicionStats(long reports, long probes, long confirmed, long refuted) {
}
