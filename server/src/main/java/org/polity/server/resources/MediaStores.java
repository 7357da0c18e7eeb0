package org.polity.server.resources;

import org.polity.server.config.MediaConfig;
import org.polity.server.config.PolityConfig;

/** The media store the configuration names ({@code media.store}). */
public final class MediaStores {
    private MediaStores() {}

    public static MediaStore open(PolityConfig config) {
        MediaConfig media = config.media();
        return switch (media.kind()) {
            case DATA_DIR -> new DataDirMediaStore(config.dataDir().resolve("media"));
            case S3 -> new S3MediaStore(media);
        };
    }
}
