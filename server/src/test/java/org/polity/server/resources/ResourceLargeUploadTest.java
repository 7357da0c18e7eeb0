package org.polity.server.resources;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polity.server.testing.TestInstance;

/**
 * With the default limits, a file larger than {@code max.body.bytes} (1 MiB, for JSON and forms) but within
 * {@code upload.max.bytes} is accepted: the upload limit, not the body limit, applies to multipart uploads.
 */
class ResourceLargeUploadTest {
    @TempDir
    Path dataDir;

    @Test
    void aFewMegabytesAreAcceptedUnderTheDefaultLimits() throws Exception {
        try (TestInstance instance = TestInstance.start(dataDir, Map.of())) {
            instance.account("max", "ACTIVE");
            var max = instance.loggedIn("max");
            StringBuilder csv = new StringBuilder("region,year,value\n");
            for (int i = 0; csv.length() < 3_000_000; i++) {
                csv.append("region-").append(i % 97).append(',').append(2000 + i % 25).append(',').append(i).append('\n');
            }
            byte[] bytes = csv.toString().getBytes(StandardCharsets.UTF_8);
            HttpResponse<String> response = ResourceWebTest.upload(max, "regions.csv", "text/csv", bytes, "Regions");
            assertThat(response.statusCode()).as(response.body()).isEqualTo(303);
            var page = max.page(response.headers().firstValue("Location").orElseThrow());
            assertThat(page.select(".resource-type").text()).isEqualTo("CSV");
            String href = java.net.URI.create(page.select(".resource-files a").attr("href")).getPath();
            HttpResponse<byte[]> served = ResourceWebTest.HTTP.send(java.net.http.HttpRequest.newBuilder(
                    instance.uri(href)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(served.body()).isEqualTo(bytes);
            assertThat(served.headers().firstValue("Content-Type").orElseThrow()).isEqualTo("text/csv; charset=utf-8");
            assertThat(served.headers().firstValue("Content-Disposition").orElseThrow()).startsWith("attachment;");
        }
    }
}
