package org.polity.server.resources;

import org.polity.server.service.Message;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.polity.server.service.InvalidInput;

/**
 * A PNG thumbnail, {@value #WIDTH} pixels wide at most, for an uploaded image (javax.imageio: PNG, JPEG, GIF;
 * WebP has no reader in the JDK, so a WebP image gets no thumbnail). The image's dimensions are read from its
 * header first, and an image of more than {@value #MAX_PIXELS} pixels is refused before any decoding, so a
 * small file that unpacks to gigabytes (a decompression bomb) never reaches memory.
 */
public final class Thumbnails {
    public static final int WIDTH = 400;
    public static final long MAX_PIXELS = 50_000_000L;
    public static final Message TOO_LARGE = Message.of("svc.resources.imageTooLarge");
    public static final Message UNREADABLE = Message.of("svc.resources.imageUnreadable");

    private Thumbnails() {}

    /** The thumbnail as PNG bytes, or null when the JDK cannot read the format (WebP). */
    public static byte[] thumbnail(Path file) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            if (in == null) {
                return null;
            }
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                return null;
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                long width = reader.getWidth(0);
                long height = reader.getHeight(0);
                if (width <= 0 || height <= 0) {
                    throw InvalidInput.of("file", UNREADABLE);
                }
                if (width * height > MAX_PIXELS) {
                    throw InvalidInput.of("file", TOO_LARGE);
                }
                BufferedImage image = reader.read(0);
                int w = (int) Math.min(WIDTH, width);
                int h = (int) Math.max(1, Math.round((double) height * w / width));
                BufferedImage scaled = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
                Graphics2D g = scaled.createGraphics();
                try {
                    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
                    g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
                    g.drawImage(image, 0, 0, w, h, null);
                } finally {
                    g.dispose();
                }
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                ImageIO.write(scaled, "png", out);
                return out.toByteArray();
            } catch (IOException | RuntimeException e) {
                if (e instanceof InvalidInput invalid) {
                    throw invalid;
                }
                throw InvalidInput.of("file", UNREADABLE);
            } finally {
                reader.dispose();
            }
        }
    }
}
