package dev.discovery;

/** Why a node left the table. */
public enum RemovalReason {
    /** Nothing was heard from it within nodeTimeout (masterTimeout for a master). */
    TIMED_OUT,
    /** It said goodbye when it stopped. */
    LEFT
}
