package dev.spotter.testing;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What a Lambda Function URL does for the webhook, on 127.0.0.1 over HTTPS: each request becomes the payload-2.0
 * event the function receives (method, raw path, headers, body), the handler's response becomes the HTTP answer.
 * Every path called is recorded, so a test can tell that the API server really called the webhook.
 */
public final class HttpsFunctionUrl implements AutoCloseable {
    private final HttpsServer server;
    private final List<String> calls = new CopyOnWriteArrayList<>();

    public HttpsFunctionUrl(SSLContext tls, RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler) {
        try {
            server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException("cannot open the webhook's HTTPS port", e);
        }
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        server.createContext("/", exchange -> serve(exchange, handler));
        server.start();
    }

    /** The base URL, https://127.0.0.1:port (append the function's path). */
    public String url() {
        return "https://127.0.0.1:" + server.getAddress().getPort();
    }

    /** "METHOD /path" of every request served, oldest first. */
    public List<String> calls() {
        return List.copyOf(calls);
    }

    private void serve(HttpExchange exchange, RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler)
            throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            calls.add(exchange.getRequestMethod() + " " + path);
            Map<String, String> headers = new HashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), String.join(",", values)));
            APIGatewayV2HTTPEvent event = APIGatewayV2HTTPEvent.builder()
                    .withVersion("2.0")
                    .withRawPath(path)
                    .withRawQueryString(exchange.getRequestURI().getRawQuery() == null ? "" : exchange.getRequestURI().getRawQuery())
                    .withHeaders(headers)
                    .withBody(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8))
                    .withIsBase64Encoded(false)
                    .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                            .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                                    .withMethod(exchange.getRequestMethod()).withPath(path).build())
                            .build())
                    .build();
            APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);
            byte[] body = response.getBody() == null ? new byte[0] : response.getBody().getBytes(StandardCharsets.UTF_8);
            if (response.getHeaders() != null) {
                response.getHeaders().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
            }
            exchange.sendResponseHeaders(response.getStatusCode(), body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
