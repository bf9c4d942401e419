package dev.discovery;

import java.util.concurrent.CompletionStage;

/**
 * Prepares the use of a newly discovered service instance, for example by opening a connection pool to it. Called on
 * the node's event thread, so it must not block: start the work and return a stage that completes when it is done.
 * An instance counts as available only once its stage completed normally.
 */
@FunctionalInterface
public interface SetupHook {
    CompletionStage<?> setup(ServiceInstance instance) throws Exception;
}
