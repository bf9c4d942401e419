package dev.discovery.internal.logging;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.event.Level;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * At most one log line per kind of problem per interval, with the count of those left out. A problem that can repeat
 * once per datagram (bad input, a spoofed id, a listener failing on every message) must neither flood the log nor go
 * unseen: the first one of a kind is logged at once, later ones within the interval are only counted, and the first one
 * after the interval is logged with that count.
 *
 * <p>Kinds are a small fixed set chosen by the caller (a drop reason, a channel name), so the memory is bounded.
 */
public final class RateLimitedLog {

    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);

    private final Logger logger;
    private final long intervalMillis;
    private final LongSupplier millis;
    private final Map<String, Window> windows = new HashMap<>();

    /** Limited in real time, once per {@link #DEFAULT_INTERVAL}. */
    public RateLimitedLog(Logger logger) {
        this(logger, DEFAULT_INTERVAL, () -> TimeUnit.NANOSECONDS.toMillis(System.nanoTime()));
    }

    /** Limited on the given clock (monotonic milliseconds), so that a virtual clock drives it in tests. */
    public RateLimitedLog(Logger logger, Duration interval, LongSupplier millis) {
        this.logger = logger;
        this.intervalMillis = interval.toMillis();
        this.millis = millis;
    }

    public void info(String kind, String format, Object... arguments) {
        log(Level.INFO, kind, null, format, arguments);
    }

    public void warn(String kind, String format, Object... arguments) {
        log(Level.WARN, kind, null, format, arguments);
    }

    public void error(String kind, String format, Object... arguments) {
        log(Level.ERROR, kind, null, format, arguments);
    }

    /** An error with its stack trace, which is printed once per interval too. */
    public void error(String kind, Throwable cause, String format, Object... arguments) {
        log(Level.ERROR, kind, cause, format, arguments);
    }

    public void log(Level level, String kind, @Nullable Throwable cause, String format, Object... arguments) {
        if (!logger.isEnabledForLevel(level)) {
            return;
        }
        long leftOut;
        long since;
        synchronized (this) {
            long now = millis.getAsLong();
            Window window = windows.computeIfAbsent(kind, k -> new Window());
            if (window.logged && now - window.loggedAt < intervalMillis) {
                window.leftOut++;
                return;
            }
            leftOut = window.leftOut;
            since = now - window.loggedAt;
            window.logged = true;
            window.loggedAt = now;
            window.leftOut = 0;
        }
        LoggingEventBuilder line = logger.atLevel(level);
        for (Object argument : arguments) {
            line = line.addArgument(argument);
        }
        if (leftOut > 0) {
            line = line.addArgument(leftOut).addArgument(Math.max(1, since / 1000));
            format = format + " (and {} more like this in the last {} s, not logged one by one)";
        }
        if (cause != null) {
            line = line.setCause(cause);
        }
        line.log(format);
    }

    private static final class Window {
        boolean logged;
        long loggedAt;
        long leftOut;
    }
}
