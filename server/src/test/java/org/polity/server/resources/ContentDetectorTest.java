package org.polity.server.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polity.server.service.InvalidInput;
import org.polity.server.service.Message;
import org.polity.server.web.Messages;

/** The type of an upload comes from its bytes: names and claimed types are never believed. */
class ContentDetectorTest {
    @TempDir
    Path dir;
    private final ContentDetector detector = new ContentDetector();

    private Path file(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    private ContentDetector.Accepted detect(String name, byte[] bytes) throws IOException {
        return detector.detect(file(name, bytes));
    }

    private String refusal(String name, byte[] bytes) {
        try {
            detect(name, bytes);
        } catch (InvalidInput e) {
            return e.errors().get("file");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        throw new AssertionError(name + " was accepted");
    }

    @Test
    void acceptedFormatsAreRecognisedWhateverTheirName() throws IOException {
        assertThat(detect("report.pdf", Fixtures.pdf())).isEqualTo(ContentDetector.Accepted.PDF);
        assertThat(detect("picture.bin", Fixtures.png(20, 10))).isEqualTo(ContentDetector.Accepted.PNG);
        assertThat(detect("guide.zip", Fixtures.docx())).isEqualTo(ContentDetector.Accepted.DOCX);
        assertThat(detect("data.txt", Fixtures.csv())).isEqualTo(ContentDetector.Accepted.CSV);
        assertThat(detect("notes", "Meeting notes\nwith two lines, one comma".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(ContentDetector.Accepted.TEXT);
        assertThat(detect("slides.odp", Fixtures.zip(Map.of("mimetype",
                "application/vnd.oasis.opendocument.presentation", "content.xml", "<x/>"))))
                .isEqualTo(ContentDetector.Accepted.ODP);
    }

    @Test
    void anExecutableRenamedPdfIsRefusedAsAProgram() {
        assertThat(refusal("report.pdf", Fixtures.exe())).isEqualTo(ContentDetector.REFUSED_EXECUTABLE.english())
                .isEqualTo(Messages.of("en").t("svc.resources.executable"));
    }

    @Test
    void anSvgWithAScriptIsRefused() {
        assertThat(refusal("logo.svg", Fixtures.svgWithScript())).isEqualTo(ContentDetector.REFUSED_SVG.english());
        assertThat(refusal("logo.png", Fixtures.svgWithScript())).isEqualTo(ContentDetector.REFUSED_SVG.english());
    }

    @Test
    void htmlRenamedPngIsRefusedAsHtml() {
        assertThat(refusal("photo.png", Fixtures.html())).isEqualTo(ContentDetector.REFUSED_HTML.english());
        assertThat(refusal("notes.txt", "hello <script>alert(1)</script>".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(ContentDetector.REFUSED_HTML.english());
    }

    @Test
    void archivesMacrosEmptyAndBadTextAreRefused() {
        assertThat(refusal("guide.docx", Fixtures.zip(Map.of("readme.txt", "hi")))).isEqualTo(
                ContentDetector.REFUSED_ARCHIVE.english());
        assertThat(refusal("empty.pdf", new byte[0])).isEqualTo(ContentDetector.REFUSED_EMPTY.english());
        assertThat(refusal("latin1.txt", "caf\u00e9 cr\u00e8me".getBytes(StandardCharsets.ISO_8859_1)))
                .isEqualTo(ContentDetector.REFUSED_TEXT.english());
        String macro = new String(Fixtures.docx(), StandardCharsets.ISO_8859_1);
        assertThat(macro).isNotEmpty();
        assertThat(refusal("m.docm", Fixtures.zip(Map.of("[Content_Types].xml", "<Types><Override ContentType=\""
                + "application/vnd.ms-word.document.macroEnabled.main+xml\"/></Types>", "word/document.xml", "<x/>"))))
                .isEqualTo(ContentDetector.REFUSED_MACRO.english());
    }

    @Test
    void everyRefusalIsTranslated() {
        Messages en = Messages.of("en");
        for (Message message : new Message[] {ContentDetector.REFUSED_HTML, ContentDetector.REFUSED_SVG,
                ContentDetector.REFUSED_EXECUTABLE, ContentDetector.REFUSED_ARCHIVE, ContentDetector.REFUSED_MACRO,
                ContentDetector.REFUSED_OTHER, ContentDetector.REFUSED_EMPTY, ContentDetector.REFUSED_TEXT,
                Thumbnails.TOO_LARGE, Thumbnails.UNREADABLE, LinkPreview.NOT_A_LINK, LinkPreview.PRIVATE_ADDRESS,
                LinkPreview.UNREACHABLE, LinkPreview.TOO_LARGE, LinkPreview.HTTPS_ONLY, ResourceService.TOO_LARGE, ResourceService.NO_FILE,
                ResourceService.TITLE_EMPTY, ResourceService.TITLE_LONG, ResourceService.BAD_LICENCE,
                ResourceService.BAD_LANGUAGE, ResourceService.TOO_MANY_TAGS, ResourceService.BAD_TAG}) {
            String english = en.t(message);
            assertThat(english).as(message.key()).isNotEqualTo(message.key()).isEqualTo(message.english());
            for (String lang : new String[] {"fr", "es"}) {
                assertThat(Messages.of(lang).t(message)).as(lang + ": " + message.key()).isNotEqualTo(english)
                        .isNotEqualTo(message.key());
            }
        }
    }

    @Test
    void thumbnailsAreNarrowAndBombsAreRefusedBeforeDecoding() throws IOException {
        byte[] thumb = Thumbnails.thumbnail(file("wide.png", Fixtures.png(1200, 600)));
        var image = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(thumb));
        assertThat(image.getWidth()).isEqualTo(Thumbnails.WIDTH);
        assertThat(image.getHeight()).isEqualTo(200);
        assertThatThrownBy(() -> Thumbnails.thumbnail(file("bomb.png", Fixtures.pngBomb())))
                .isInstanceOf(InvalidInput.class).hasMessage(Thumbnails.TOO_LARGE.english());
    }

    @Test
    void fileNamesLoseTheirPathAndControlCharacters() {
        assertThat(FileNames.sanitise("../../etc/passwd")).isEqualTo("passwd");
        assertThat(FileNames.sanitise("C:\\Users\\x\\report\u0000.pdf")).isEqualTo("report_.pdf");
        assertThat(FileNames.sanitise("..hidden")).isEqualTo("hidden");
        assertThat(FileNames.sanitise("")).isEqualTo("file");
        assertThat(FileNames.ascii("résumé \"final\".pdf")).isEqualTo("resume _final_.pdf");
    }
}
