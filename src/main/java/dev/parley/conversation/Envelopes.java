package dev.parley.conversation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.bot.BotTurn;
import dev.parley.json.Json;
import dev.parley.json.StampedJson;

/** Builds the Chat API's JSON shapes of a turn: the request item and the reply envelope. */
final class Envelopes {

    private Envelopes() {
    }

    /** The request event, serialized now and stamped with its time inside the turn's transaction. */
    static StampedJson requestTemplate(TurnRequest r) {
        return StampedJson.of(Json.write(request(r)));
    }

    /** The reply envelope, serialized now and stamped with its time inside the turn's transaction. */
    static StampedJson replyTemplate(TurnRequest r, BotTurn turn, boolean newSession) {
        return StampedJson.of(Json.write(reply(r, turn, newSession)));
    }

    /** The {@code request} event: {@code clientId, questionId, query|event, data, cid, timestamp}. */
    private static ObjectNode request(TurnRequest r) {
        ObjectNode node = Json.object();
        node.put("clientId", r.client().clientId());
        node.put("questionId", r.questionId());
        node.put(r.kind(), r.text());
        node.set("data", r.data());
        if (!r.cid().isEmpty()) {
            node.put("cid", r.cid());
        }
        node.put("timestamp", StampedJson.MARK);
        return node;
    }

    /** The reply envelope (docs/chat-api.md), for the sync answer, the event log and the webhook alike. */
    private static ObjectNode reply(TurnRequest r, BotTurn turn, boolean newSession) {
        ArrayNode replies = Json.mapper().valueToTree(turn.replies());
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
        node.put("timestamp", StampedJson.MARK);
        node.put("blockForm", r.channel().channel().blockForm() && hasButtons(replies));
        return node;
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
