package dev.discovery.spring.cloud;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.http.HttpConnectTimeoutException;
import java.util.Locale;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.CompletionContext;
import org.springframework.cloud.client.loadbalancer.LoadBalancerLifecycle;
import org.springframework.cloud.client.loadbalancer.Response;

/**
 * Spring Cloud LoadBalancer's own observation of a call, through its lifecycle callbacks: when a call to the chosen
 * instance failed because the instance could not be reached (connection refused or reset, no route, a connect timeout,
 * the connection closed before any byte of the response), the instance is excluded here and reported to discovery
 * ({@link UnreachableInstances}). An HTTP error status, or a read timeout after the response began, is not reported.
 * It serves every load-balanced client: RestClient, RestTemplate, WebClient and Gateway's {@code lb://} routes.
 */
final class FailedCallReporter implements LoadBalancerLifecycle<Object, Object, ServiceInstance> {

    private final UnreachableInstances unreachable;

    FailedCallReporter(UnreachableInstances unreachable) {
        this.unreachable = unreachable;
    }

    @Override
    public void onStart(org.springframework.cloud.client.loadbalancer.Request<Object> request) {
    }

    @Override
    public void onStartRequest(org.springframework.cloud.client.loadbalancer.Request<Object> request,
            Response<ServiceInstance> lbResponse) {
    }

    @Override
    public void onComplete(CompletionContext<Object, ServiceInstance, Object> completion) {
        Response<ServiceInstance> chosen = completion.getLoadBalancerResponse();
        if (completion.status() == CompletionContext.Status.FAILED && chosen != null && chosen.hasServer()
                && unreachable(completion.getThrowable()) && chosen.getServer().getInstanceId() != null) {
            unreachable.unreachable(chosen.getServer().getInstanceId());
        }
    }

    /** Whether the failure says the instance could not be reached, rather than that it answered badly. */
    static boolean unreachable(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            String message = String.valueOf(cause.getMessage()).toLowerCase(Locale.ROOT);
            if (cause instanceof ConnectException || cause instanceof NoRouteToHostException
                    || cause instanceof HttpConnectTimeoutException
                    || (cause instanceof SocketException && message.contains("reset"))
                    || cause.getClass().getSimpleName().equals("PrematureCloseException")
                    || (cause instanceof IOException && message.contains("received no bytes"))) {
                return true;
            }
        }
        return false;
    }
}
