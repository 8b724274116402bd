package dev.parley.export;

import dev.parley.http.ApiException;
import java.util.List;
import java.util.Locale;

/** The formats an export can be written in, named as the {@code format} query parameter names them. */
enum ExportFormat {
    JSON("application/json", "json"),
    JSONL("application/x-ndjson", "jsonl"),
    CSV("text/csv; charset=utf-8", "csv");

    private final String contentType;
    private final String extension;

    ExportFormat(String contentType, String extension) {
        this.contentType = contentType;
        this.extension = extension;
    }

    String contentType() {
        return contentType;
    }

    String extension() {
        return extension;
    }

    /**
     * The format a {@code format} parameter asks for, one of {@code allowed}; absent or blank is the first allowed.
     * Anything else is a 400 naming the parameter.
     */
    static ExportFormat of(String raw, List<ExportFormat> allowed) {
        if (raw.isBlank()) {
            return allowed.getFirst();
        }
        for (ExportFormat format : allowed) {
            if (format.extension.equals(raw.trim().toLowerCase(Locale.ROOT))) {
                return format;
            }
        }
        List<String> names = allowed.stream().map(ExportFormat::extension).toList();
        throw ApiException.BadRequest.admin("format must be "
                + String.join(" or ", names) + ", got '" + (raw.length() > 40 ? raw.substring(0, 40) + "…" : raw)
                + "'");
    }
}
