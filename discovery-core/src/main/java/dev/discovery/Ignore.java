package dev.discovery;

/**
 * Which packets a node ignores as its own.
 */
public enum Ignore {
    /** Ignore only this instance's own packets: other instances in the same JVM are seen as peers. */
    SELF,
    /**
     * Ignore every packet sent from this JVM, as node-discover's {@code ignoreProcess} does: instances in one JVM do not
     * see each other.
     */
    PROCESS
}
