package dev.parley.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class CsvTest {

    @Test
    void everyCellIsQuotedAndQuotesAreDoubled() {
        assertThat(Csv.cell("plain")).isEqualTo("\"plain\"");
        assertThat(Csv.cell("say \"hi\", then go")).isEqualTo("\"say \"\"hi\"\", then go\"");
        assertThat(Csv.cell("")).isEqualTo("\"\"");
        assertThat(Csv.cell("two\r\nlines")).isEqualTo("\"two\r\nlines\"");
    }

    @Test
    void cellsThatStartLikeAFormulaGetAnApostrophe() {
        for (String start : new String[] {"=", "+", "-", "@", "\t", "\r"}) {
            assertThat(Csv.cell(start + "1+1")).as(start).isEqualTo("\"'" + start + "1+1\"");
        }
        assertThat(Csv.cell("1-1")).isEqualTo("\"1-1\"");
        assertThat(Csv.cell(" =1")).isEqualTo("\" =1\"");
    }

    @Test
    void rowsEndWithCrLf() throws IOException {
        StringWriter out = new StringWriter();
        Csv.row(out, "a", "=b");
        assertThat(out.toString()).isEqualTo("\"a\",\"'=b\"\r\n");
    }
}
