package dev.parley.export;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.json.Json;
import dev.parley.json.Times;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Writes messages one at a time as they come from the database cursor, holding none of them: the memory an export
 * takes does not grow with its size. {@link #finish} ends the document and flushes it; a writer that is not finished
 * (the export failed midway) leaves the document incomplete, so the reader can tell. Not thread-safe.
 */
interface MessageWriter {

    /** The columns of a CSV export, in order. */
    String[] CSV_HEADER = {"clientId", "timestamp", "author", "questionId", "status", "text", "data"};

    void write(MessageRow row) throws IOException;

    void finish() throws IOException;

    /**
     * A writer of {@code format} on {@code out}.
     *
     * @param key the object a JSON document starts with, such as {@code {"channelId": 1, "clientId": "ann"}}; only
     *     {@link ExportFormat#JSON} writes it, before its {@code messages}
     */
    static MessageWriter of(ExportFormat format, OutputStream out, JsonNode key) throws IOException {
        return switch (format) {
            case JSON -> new JsonDocument(out, key);
            case JSONL -> new JsonLines(out);
            case CSV -> new CsvRows(out);
        };
    }

    /** The fields of a message as JSON, on a generator positioned where an object may start. */
    private static void object(JsonGenerator json, MessageRow row, boolean withClient) throws IOException {
        json.writeStartObject();
        if (withClient) {
            json.writeStringField("clientId", row.clientId());
        }
        json.writeStringField("timestamp", Times.iso(row.ts()));
        json.writeStringField("author", row.author());
        json.writeStringField("questionId", row.questionId());
        json.writeStringField("status", row.status().isEmpty() ? null : row.status());
        json.writeStringField("text", row.text());
        Optional<JsonNode> data = row.data();
        json.writeFieldName("data");
        if (data.isPresent()) {
            json.writeTree(data.get());
        } else {
            json.writeNull();
        }
        json.writeEndObject();
    }

    /** {@code {…key, "messages": [ … ]}}. */
    final class JsonDocument implements MessageWriter {
        private final JsonGenerator json;

        JsonDocument(OutputStream out, JsonNode key) throws IOException {
            this.json = Json.mapper().getFactory().createGenerator(out, JsonEncoding.UTF8);
            json.writeStartObject();
            for (var field : key.properties()) {
                json.writeFieldName(field.getKey());
                json.writeTree(field.getValue());
            }
            json.writeArrayFieldStart("messages");
        }

        @Override
        public void write(MessageRow row) throws IOException {
            object(json, row, false);
        }

        @Override
        public void finish() throws IOException {
            json.writeEndArray();
            json.writeEndObject();
            json.flush();
        }
    }

    /** One JSON object per line, each with its client id. */
    final class JsonLines implements MessageWriter {
        private final JsonGenerator json;

        JsonLines(OutputStream out) throws IOException {
            this.json = Json.mapper().getFactory().createGenerator(out, JsonEncoding.UTF8);
            json.setRootValueSeparator(null);
        }

        @Override
        public void write(MessageRow row) throws IOException {
            object(json, row, true);
            json.writeRaw('\n');
        }

        @Override
        public void finish() throws IOException {
            json.flush();
        }
    }

    /** A header row, then one row per message; {@code data} holds the JSON of {@link MessageRow#data()}. */
    final class CsvRows implements MessageWriter {
        private final Writer out;

        CsvRows(OutputStream out) throws IOException {
            this.out = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 32 * 1024);
            Csv.row(this.out, CSV_HEADER);
        }

        @Override
        public void write(MessageRow row) throws IOException {
            Csv.row(out, row.clientId(), Times.iso(row.ts()), row.author(), row.questionId(), row.status(),
                    row.text(), row.data().map(Json::write).orElse(""));
        }

        @Override
        public void finish() throws IOException {
            out.flush();
        }
    }
}
