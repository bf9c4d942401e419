package dev.discovery.spring.needs;

import java.time.Duration;
import org.springframework.boot.SpringApplicationRunListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.Ordered;

/**
 * Tells {@link NeedsReadiness} that startup is complete. Boot's own run listener (order 0) publishes
 * ACCEPTING_TRAFFIC in {@code ready}; being ordered after it is what lets unmet needs take readiness back, reliably,
 * which an event listener racing Boot's availability listener could not.
 */
class NeedsReadinessRunListener implements SpringApplicationRunListener, Ordered {

    @Override
    public void ready(ConfigurableApplicationContext context, Duration timeTaken) {
        context.getBeanProvider(NeedsReadiness.class).ifAvailable(NeedsReadiness::applicationReady);
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
