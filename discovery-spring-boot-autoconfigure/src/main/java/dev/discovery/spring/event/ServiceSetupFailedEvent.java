package dev.discovery.spring.event;

import dev.discovery.Membership;
import dev.discovery.ServiceInstance;
import java.time.Duration;

/** A setup hook failed or timed out for an instance; it is retried while the instance lives. */
public class ServiceSetupFailedEvent extends DiscoveryApplicationEvent {

    private final ServiceInstance instance;
    private final Throwable cause;
    private final int attempt;
    private final Duration retryIn;

    public ServiceSetupFailedEvent(Membership source, ServiceInstance instance, Throwable cause, int attempt, Duration retryIn) {
        super(source);
        this.instance = instance;
        this.cause = cause;
        this.attempt = attempt;
        this.retryIn = retryIn;
    }

    /** The instance being set up. */
    public ServiceInstance getInstance() {
        return instance;
    }

    /** What went wrong. */
    public Throwable getCause() {
        return cause;
    }

    /** How many times in a row setup failed for it. */
    public int getAttempt() {
        return attempt;
    }

    /** When setup is tried again. */
    public Duration getRetryIn() {
        return retryIn;
    }

    @Override
    public String toString() {
        return "ServiceSetupFailedEvent{instance=" + instance + ", cause=" + cause + ", attempt=" + attempt + ", retryIn=" + retryIn + "}";
    }
}
