package dev.parley.delivery;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.channel.Channel;
import dev.parley.channel.ChannelDirectory;
import dev.parley.http.ApiException;
import dev.parley.json.Json;
import dev.parley.json.Times;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * Sends a channel's webhook one sample call, as a delivery's first attempt would be sent, so an admin sees at once
 * whether the receiver takes it. Nothing is stored or retried. Thread-safe.
 */
public final class WebhookTester {

    /** The client of the sample message, so a receiver can tell test calls from real ones. */
    public static final String CLIENT_ID = "parley-webhook-test";

    private final ChannelDirectory channels;
    private final WebhookSender sender;
    private final Clock clock;

    public WebhookTester(ChannelDirectory channels, WebhookSender sender, Clock clock) {
        this.channels = channels;
        this.sender = sender;
        this.clock = clock;
    }

    /**
     * Calls {@code url}, or the channel's saved webhook when it is empty, signing with {@code secret}, or the
     * channel's saved secret when it is empty ({@code ""} sends the call unsigned).
     */
    public WebhookSender.Probe test(long channelId, Optional<String> url, Optional<String> secret) {
        Channel channel = channels.byId(channelId).channel();
        String target = url.orElse(channel.webhookUrl());
        if (target.isEmpty()) {
            throw new ApiException.Unprocessable("admin.webhook.missing",
                    "The channel has no webhookUrl; give url to test one before saving it");
        }
        requireHttpUrl(target);
        String body = "[" + Json.write(sample(channel)) + "]";
        return sender.probe(target, secret.orElse(channel.webhookSecret()), UUID.randomUUID().toString(), body);
    }

    /** A bot reply envelope of the usual shape. */
    private ObjectNode sample(Channel channel) {
        String text = "This is a test call from Parley.";
        ObjectNode data = Json.object();
        data.put("nlpClass", "/WebhookTest");
        data.put("confidence", 1.0);
        data.putArray("replies").addObject().put("type", "text").put("text", text).put("state", "/WebhookTest");
        data.put("answer", text);
        data.put("newSessionStarted", false);
        data.put("endSession", false);
        data.putArray("debugData");
        ObjectNode node = Json.object();
        node.put("token", channel.token());
        node.put("clientId", CLIENT_ID);
        node.put("questionId", UUID.randomUUID().toString());
        node.set("data", data);
        node.put("timestamp", Times.chat(clock.millis()));
        node.put("blockForm", false);
        return node;
    }

    private static void requireHttpUrl(String url) {
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null && url.length() <= 2000) {
                return;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw ApiException.BadRequest.admin(
                "url must be an absolute http or https URL");
    }
}
