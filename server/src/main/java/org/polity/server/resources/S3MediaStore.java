package org.polity.server.resources;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.polity.server.config.MediaConfig;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Files in a bucket of an S3-compatible object store (AWS S3, MinIO, Ceph RGW, Garage...), for several nodes
 * sharing one store. Objects are named {@code media/<key>}.
 *
 * <p>Why the AWS SDK v2 rather than a hand-written SigV4 client: request signing, retries, error parsing and
 * the differences between S3 implementations are what the SDK is for, and it is the reference every
 * S3-compatible server tests against. It runs on its own {@code java.net} HTTP client
 * ({@code url-connection-client}); the netty and Apache clients are excluded in the POM, so it adds no second
 * HTTP stack. Path-style addresses ({@code endpoint/bucket/key}) are used, which every S3-compatible server
 * takes; checksums are sent only where a request requires them (some compatible servers refuse the newer
 * trailing checksums), and bodies are sent plain rather than {@code aws-chunked}.
 */
public final class S3MediaStore implements MediaStore {
    private static final String PREFIX = "media/";
    private final S3Client s3;
    private final String bucket;
    private final String where;

    public S3MediaStore(MediaConfig config) {
        this.bucket = config.s3Bucket();
        var builder = S3Client.builder()
                .region(Region.of(config.s3Region()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(config.s3AccessKey(), config.s3SecretKey())))
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(10)).socketTimeout(Duration.ofSeconds(60)))
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true)
                        // Plain request bodies: some compatible servers (s3rver, found by S3MediaStoreTest)
                        // store an aws-chunked body as it is, signatures included.
                        .chunkedEncodingEnabled(false).build())
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        config.s3Endpoint().ifPresent(builder::endpointOverride);
        this.s3 = builder.build();
        this.where = "S3 bucket " + bucket + config.s3Endpoint().map(URI::toString).map(u -> " at " + u)
                .orElse(" in " + config.s3Region());
    }

    @Override
    public void put(String key, InputStream content, long size, String contentType) throws IOException {
        MediaStore.checkKey(key);
        try {
            // A PUT is atomic in S3: the object appears whole or not at all.
            s3.putObject(PutObjectRequest.builder().bucket(bucket).key(PREFIX + key).contentType(contentType)
                    .contentLength(size).build(), RequestBody.fromInputStream(content, size));
        } catch (SdkException e) {
            throw new IOException("storing " + key + " in " + where + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<InputStream> open(String key) throws IOException {
        MediaStore.checkKey(key);
        try {
            return Optional.of(s3.getObject(GetObjectRequest.builder().bucket(bucket).key(PREFIX + key).build(),
                    ResponseTransformer.toInputStream()));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw new IOException("reading " + key + " from " + where + " failed: " + e.getMessage(), e);
        } catch (SdkException e) {
            throw new IOException("reading " + key + " from " + where + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void delete(String key) throws IOException {
        MediaStore.checkKey(key);
        try {
            s3.deleteObject(DeleteObjectRequest.builder().bucket(bucket).key(PREFIX + key).build());
        } catch (SdkException e) {
            throw new IOException("deleting " + key + " from " + where + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean exists(String key) throws IOException {
        MediaStore.checkKey(key);
        try {
            s3.headObject(HeadObjectRequest.builder().bucket(bucket).key(PREFIX + key).build());
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw new IOException("looking for " + key + " in " + where + " failed: " + e.getMessage(), e);
        } catch (SdkException e) {
            throw new IOException("looking for " + key + " in " + where + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public String describe() {
        return where;
    }

    @Override
    public void close() {
        s3.close();
    }
}
