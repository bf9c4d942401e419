package dev.discovery.bench.spring;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import org.springframework.http.HttpMethod;
import org.springframework.http.client.ClientHttpRequest;
import org.springframework.http.client.ClientHttpRequestFactory;

/**
 * Records the port of every attempt a request makes (one, or more with the load balancer's retry) for the calling
 * thread, since the load balancer rewrites {@code http://callee} to an instance only below the interceptors.
 */
final class AttemptRecordingRequestFactory implements ClientHttpRequestFactory {

    private static final ThreadLocal<List<Integer>> ATTEMPTS = ThreadLocal.withInitial(ArrayList::new);

    private final ClientHttpRequestFactory delegate;

    AttemptRecordingRequestFactory(ClientHttpRequestFactory delegate) {
        this.delegate = delegate;
    }

    @Override
    public ClientHttpRequest createRequest(URI uri, HttpMethod httpMethod) throws IOException {
        ATTEMPTS.get().add(uri.getPort());
        return delegate.createRequest(uri, httpMethod);
    }

    /** The ports this thread's request tried since the last call, in order; clears them. */
    static List<Integer> takeAttempts() {
        List<Integer> attempts = List.copyOf(ATTEMPTS.get());
        ATTEMPTS.get().clear();
        return attempts;
    }
}
