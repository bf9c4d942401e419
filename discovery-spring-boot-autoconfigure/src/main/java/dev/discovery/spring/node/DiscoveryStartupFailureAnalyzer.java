package dev.discovery.spring.node;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a {@link DiscoveryStartupException}, whichever feature refuses to start, into Boot's "APPLICATION FAILED TO
 * START" report instead of a stack trace. Public so that the tests of every feature can read the report.
 */
public class DiscoveryStartupFailureAnalyzer extends AbstractFailureAnalyzer<DiscoveryStartupException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, DiscoveryStartupException cause) {
        return new FailureAnalysis(cause.getMessage(), cause.action(), cause);
    }
}
