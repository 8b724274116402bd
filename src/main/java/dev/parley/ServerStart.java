package dev.parley;

import dev.parley.campaign.CampaignRoutes;
import dev.parley.config.Config;
import dev.parley.files.FileService;
import dev.parley.http.ConnectionGuard;
import dev.parley.http.ErrorMapper;
import dev.parley.http.GuardedSocketOptions;
import dev.parley.http.HeadDeadlines;
import dev.parley.http.TransportErrors;
import io.helidon.common.socket.SocketOptions;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http1.Http1Config;

/** How Parley's HTTP server is configured: the protocol, its limits, the error handlers and the socket options. */
final class ServerStart {

    private ServerStart() {
    }

    /** Starts the HTTP server with its limits and the guard on accepted connections; throws if it could not listen. */
    static WebServer start(Config config, HeadDeadlines heads, ErrorMapper errors, ConnectionGuard guard,
            HttpRouting.Builder routing) {
        long maxPayload = Math.max(CampaignRoutes.BODY_LIMIT, config.uploadMax() + FileService.MULTIPART_OVERHEAD)
                + 1024L;
        // Helidon's default HTTP/1.1 limits, plus the listener that reports where each request's head is
        Http1Config http1 = Http1Config.builder().addReceiveListener(heads).build();
        WebServer server = WebServer.builder()
                .port(config.port())
                .maxPayloadSize(maxPayload)
                // this HTTP/1.1 alone, not also the discovered default: with one protocol Helidon hands it every
                // connection, so a malformed request line or HTTP/1.0 still gets its JSON error
                .protocolsDiscoverServices(false)
                .addProtocol(http1)
                // requests refused before routing get the JSON error body too; Helidon hands its messages to the
                // direct handlers only with includeEntity, and then only those it marks safe to show
                .errorHandling(handling -> handling.includeEntity(true))
                .directHandlers(new TransportErrors(errors, http1.maxPrologueLength(), http1.maxHeadersSize(),
                        maxPayload).handlers())
                // answers go out at once: with Nagle on, a response written in two parts waits for a delayed ACK;
                // a request that stops arriving is given up after the read timeout; the guard admits each connection
                .connectionOptions(new GuardedSocketOptions(SocketOptions.builder().tcpNoDelay(true).build(),
                        guard, config.httpReadTimeout()))
                // blocking sockets keep one 8 KiB read buffer per connection where NIO keeps two 8 KiB buffers: 80 MB
                // less heap for 10,000 waiting long polls, and no measurable cost to sync turns (docs/BENCHMARKS.md)
                .useNio(false)
                .routing(routing)
                .build()
                .start();
        if (!server.isRunning()) { // Helidon logs why (a port in use) and returns a stopped server
            throw new IllegalStateException("Could not listen on port " + config.port());
        }
        return server;
    }
}
