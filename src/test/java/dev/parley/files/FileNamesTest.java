package dev.parley.files;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FileNamesTest {

    @Test
    void aNameKeepsOnlyItsLastPathSegmentWithoutControlOrDirectionCharacters() {
        assertThat(FileNames.sanitize("../../etc/passwd")).isEqualTo("passwd");
        assertThat(FileNames.sanitize("C:\\fakepath\\report.pdf")).isEqualTo("report.pdf");
        assertThat(FileNames.sanitize("inv\u202Efdp.exe\r\n")).isEqualTo("invfdp.exe");
        assertThat(FileNames.sanitize("  résumé 2026.txt ")).isEqualTo("résumé 2026.txt");
    }

    @Test
    void anEmptyOrDotNameBecomesFileAndALongOneIsCut() {
        assertThat(FileNames.sanitize("")).isEqualTo("file");
        assertThat(FileNames.sanitize("dir/")).isEqualTo("file");
        assertThat(FileNames.sanitize("..")).isEqualTo("file");
        assertThat(FileNames.sanitize("\u0000\u0007")).isEqualTo("file");
        assertThat(FileNames.sanitize("😀".repeat(300)).codePointCount(0, 2 * 255)).isEqualTo(FileNames.MAX_LENGTH);
    }

    @Test
    void contentDispositionHasAnAsciiFallbackAndTheExactNameAsRfc5987() {
        assertThat(FileNames.contentDisposition("attachment", "Grüße \"x\";*.pdf"))
                .isEqualTo("attachment; filename=\"Gr__e _x_;*.pdf\"; filename*=UTF-8''Gr%C3%BC%C3%9Fe%20%22x%22%3B%2A.pdf");
    }
}
