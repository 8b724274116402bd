package dev.parley.export;

import java.io.IOException;
import java.io.Writer;

/**
 * Writes RFC 4180 CSV: every cell quoted, quotes doubled, rows ended by CRLF. A cell that a spreadsheet would read as a
 * formula (it starts with {@code =}, {@code +}, {@code -}, {@code @}, a tab or a carriage return) is prefixed with
 * {@code '}, so that a client's message such as {@code =HYPERLINK(…)} stays text when an admin opens the export.
 * Stateless.
 */
final class Csv {

    private Csv() {
    }

    /** The cell as written, quotes included. */
    static String cell(String value) {
        StringBuilder out = new StringBuilder(value.length() + 3);
        try {
            write(out, value);
        } catch (IOException e) {
            throw new IllegalStateException("a StringBuilder does not fail", e);
        }
        return out.toString();
    }

    /** Writes one cell; most cells hold no quote and are written in one piece. */
    private static void write(Appendable out, String value) throws IOException {
        out.append('"');
        if (!value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0) {
            out.append('\'');
        }
        out.append(value.indexOf('"') < 0 ? value : value.replace("\"", "\"\""));
        out.append('"');
    }

    static void row(Writer out, String... cells) throws IOException {
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                out.write(',');
            }
            write(out, cells[i]);
        }
        out.write("\r\n");
    }
}
