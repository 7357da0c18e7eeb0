package org.polity.server.config;

import java.net.URI;
import java.util.Optional;

/**
 * Uploaded files: the largest accepted, and the store they go to ({@code media.store}): the data directory,
 * or an S3-compatible object store for several nodes. The S3 secret is never printed ({@link #toString}).
 */
public record MediaConfig(Kind kind, long maxUploadBytes, Optional<URI> s3Endpoint, String s3Bucket, String s3Region,
        String s3AccessKey, String s3SecretKey) {

    public enum Kind {
        DATA_DIR,
        S3
    }

    /** The defaults: the data directory, 25 MiB. */
    public static MediaConfig defaults() {
        return new MediaConfig(Kind.DATA_DIR, 25L * 1024 * 1024, Optional.empty(), "", "us-east-1", "", "");
    }

    public MediaConfig withMaxUploadBytes(long bytes) {
        return new MediaConfig(kind, bytes, s3Endpoint, s3Bucket, s3Region, s3AccessKey, s3SecretKey);
    }

    @Override
    public String toString() {
        return "MediaConfig[kind=" + kind + ", maxUploadBytes=" + maxUploadBytes + ", s3Endpoint="
                + s3Endpoint.map(URI::toString).orElse("") + ", s3Bucket=" + s3Bucket + ", s3Region=" + s3Region
                + ", s3AccessKey=" + (s3AccessKey.isEmpty() ? "" : "***") + ", s3SecretKey="
                + (s3SecretKey.isEmpty() ? "" : "***") + "]";
    }
}
