package com.stanterprise.listener;

import com.google.protobuf.ByteString;
import com.stanterprise.testsystem.v1.common.Attachment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The attachments of one step or test, sent inline in its end event. The limits keep that event
 * well within a fork frame and a collector's message limit: what does not fit arrives as an
 * empty attachment whose name says so, never as a cut file that no viewer can open.
 */
final class Attachments {

    static final int MAX_BYTES = 256 * 1024;
    static final int MAX_TOTAL_BYTES = 512 * 1024;
    static final int MAX_COUNT = 64;
    static final String TOO_LARGE = "%s (too large: %d bytes)";
    static final String TOO_MANY = "(%d more attachments not sent)";
    static final String DEFAULT_MIME_TYPE = "application/octet-stream";

    private final List<Attachment> kept = new ArrayList<>();
    private long bytes;
    private int notSent;

    synchronized void add(String name, String mimeType, byte[] content) {
        int size = content == null ? 0 : content.length;
        if (!room(name, mimeType, size)) {
            return;
        }
        kept.add(attachment(name, mimeType).setContent(size == 0 ? ByteString.EMPTY : ByteString.copyFrom(content)).build());
        bytes += size;
    }

    /** A file that a test published; read only when it fits. */
    void add(Path file, String mimeType) {
        String name = String.valueOf(file.getFileName());
        byte[] content;
        try {
            if (!Files.isRegularFile(file)) {
                return; // publishDirectory: a tree of files is no attachment
            }
            long size = Files.size(file);
            if (size > MAX_BYTES) {
                synchronized (this) {
                    room(name, mimeType, size);
                }
                return;
            }
            content = Files.readAllBytes(file);
        } catch (IOException | RuntimeException e) {
            content = null;
            name = name + " (unreadable: " + e + ")";
        }
        add(name, mimeType, content);
    }

    /** False when there is no room for it: then a marker takes its place, or it is counted. */
    private boolean room(String name, String mimeType, long size) {
        if (kept.size() >= MAX_COUNT) {
            notSent++;
            return false;
        }
        if (size > MAX_BYTES || bytes + size > MAX_TOTAL_BYTES) {
            kept.add(attachment(String.format(TOO_LARGE, name, size), mimeType).build());
            return false;
        }
        return true;
    }

    private static Attachment.Builder attachment(String name, String mimeType) {
        return Attachment.newBuilder()
                .setName(Text.limit(name == null ? "attachment" : name, 1024))
                .setMimeType(mimeType == null || mimeType.isEmpty() ? DEFAULT_MIME_TYPE : Text.limit(mimeType, 256));
    }

    synchronized List<Attachment> list() {
        if (notSent == 0) {
            return new ArrayList<>(kept);
        }
        List<Attachment> all = new ArrayList<>(kept);
        all.add(attachment(String.format(TOO_MANY, notSent), DEFAULT_MIME_TYPE).build());
        return all;
    }
}
