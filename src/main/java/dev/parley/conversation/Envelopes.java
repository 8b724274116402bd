package dev.parley.conversation;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.bot.BotTurn;
import dev.parley.bot.Reply;
import dev.parley.json.Json;
import dev.parley.json.Times;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/** Builds the Chat API's JSON shapes of a turn: the request item and the reply envelope. */
final class Envelopes {

    private static final TypeReference<List<Reply>> REPLY_LIST = new TypeReference<>() {
    };

    private Envelopes() {
    }

    /** The {@code request} event: {@code clientId, questionId, query|event, data, cid, timestamp}. */
    static ObjectNode request(TurnRequest r, long ts) {
        ObjectNode node = Json.object();
        node.put("clientId", r.client().clientId());
        node.put("questionId", r.questionId());
        node.put(r.kind(), r.text());
        node.set("data", r.data());
        if (!r.cid().isEmpty()) {
            node.put("cid", r.cid());
        }
        node.put("timestamp", Times.chat(ts));
        return node;
    }

    /** The envelope of CHATAPI §2.1, for the sync answer, the event log and the webhook alike. */
    static ObjectNode reply(TurnRequest r, BotTurn turn, boolean newSession, long ts) {
        ArrayNode replies = replies(turn.replies());
        ObjectNode data = Json.object();
        data.put("nlpClass", turn.nlpClass());
        data.put("confidence", turn.confidence());
        data.set("replies", replies);
        data.put("answer", turn.answer());
        data.put("newSessionStarted", newSession);
        data.put("endSession", turn.endSession());
        data.putArray("debugData");
        ObjectNode node = Json.object();
        node.put("token", r.channel().channel().token());
        node.put("clientId", r.client().clientId());
        node.put("questionId", r.questionId());
        if (!r.cid().isEmpty()) {
            node.put("cid", r.cid());
        }
        node.set("data", data);
        node.put("timestamp", Times.chat(ts));
        node.put("blockForm", r.channel().channel().blockForm() && hasButtons(replies));
        return node;
    }

    /** Writes the replies as their declared type, so that each carries its {@code type} name. */
    private static ArrayNode replies(List<Reply> replies) {
        try (TokenBuffer buffer = new TokenBuffer(Json.mapper(), false)) {
            Json.mapper().writerFor(REPLY_LIST).writeValue(buffer, replies);
            return Json.mapper().readTree(buffer.asParser());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean hasButtons(ArrayNode replies) {
        for (JsonNode reply : replies) {
            String type = reply.path("type").asText();
            if (type.equals("buttons") || type.equals("inlineButtons")) {
                return true;
            }
        }
        return false;
    }
}
