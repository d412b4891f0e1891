package com.stanterprise.maven.export;

import com.stanterprise.aggregator.v1.EncodedEventBatch;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * Batches the collector has not acknowledged, on disk: one append-only file per build (named
 * after the build's source id, so that builds never mix), each record an {@link EncodedEventBatch}
 * with its run id, source id and sequences, guarded by its length and a CRC32. Records are
 * taken from the head as the collector acknowledges them; what is left when the spool closes
 * stays for {@code stanterprise:replay}.
 *
 * <p>Bounded by {@code maxBytes}: when a batch does not fit beside the records not yet
 * acknowledged it is refused and the caller counts its events as dropped (the oldest events are
 * kept, being the ones a collector needs first). Acknowledged records leave the file when the
 * spool closes, or as soon as none waits.
 */
public final class Spool implements AutoCloseable {

    static final String SUFFIX = ".spool";
    private static final byte[] MAGIC = {'S', 'T', 'S', 'P', 1};
    private static final int RECORD_HEADER = 8;
    /** A record larger than this is damage, not data: batches are far below gRPC's 4 MiB. */
    private static final int MAX_RECORD = 64 * 1024 * 1024;

    private final Path file;
    private final long maxBytes;
    private RandomAccessFile data;
    private long head = MAGIC.length;
    /** Events of the head record already acknowledged (a v1 collector takes them one by one). */
    private int headSkip;
    private long damagedBytes;

    private Spool(Path file, long maxBytes) {
        this.file = file;
        this.maxBytes = maxBytes;
    }

    /** The spool of one build; nothing is created on disk until the first append. */
    public static Spool forBuild(Path directory, String sourceId, long maxBytes) {
        return new Spool(directory.resolve(sourceId + SUFFIX), maxBytes);
    }

    /** An existing spool file, for replay. */
    public static Spool open(Path file) throws IOException {
        Spool spool = new Spool(file, Long.MAX_VALUE);
        spool.openFile();
        return spool;
    }

    /** The spool files in a directory, oldest first. */
    public static List<Path> files(Path directory) throws IOException {
        List<Path> files = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return files;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory, "*" + SUFFIX)) {
            for (Path entry : entries) {
                files.add(entry);
            }
        }
        files.sort((a, b) -> {
            try {
                return Files.getLastModifiedTime(a).compareTo(Files.getLastModifiedTime(b));
            } catch (IOException e) {
                return a.compareTo(b);
            }
        });
        return files;
    }

    /** Events in the records of a spool file (for the replay's report). */
    public static long countEvents(Path file) throws IOException {
        if (!Files.exists(file)) {
            return 0;
        }
        Spool spool = open(file);
        try {
            long events = 0;
            EncodedEventBatch batch;
            while ((batch = spool.peek()) != null) {
                events += batch.getEventsCount();
                spool.remove();
            }
            return events;
        } finally {
            spool.data.close();
        }
    }

    public Path file() {
        return file;
    }

    /** @return false when the batch does not fit within the spool's bound (nothing is written) */
    public synchronized boolean append(EncodedEventBatch batch) throws IOException {
        byte[] payload = batch.toByteArray();
        if (data == null) {
            openFile();
        }
        long size = data.length();
        if (head >= size && head > MAGIC.length) {
            // Every record was acknowledged: start over, so that the file does not keep them.
            data.setLength(MAGIC.length);
            head = MAGIC.length;
            headSkip = 0;
            size = MAGIC.length;
        }
        // The bound is on what waits (what the file would hold if it were rewritten now), not on
        // records the collector took: those stay in the file until it closes.
        if (MAGIC.length + (size - head) + RECORD_HEADER + payload.length > maxBytes) {
            return false;
        }
        CRC32 crc = new CRC32();
        crc.update(payload, 0, payload.length);
        try {
            data.seek(size);
            data.writeInt(payload.length);
            data.writeInt((int) crc.getValue());
            data.write(payload);
        } catch (IOException e) {
            // A half-written record would make every later one unreadable: cut it off.
            data.setLength(size);
            throw e;
        }
        return true;
    }

    /** True when records wait at the head. */
    public synchronized boolean hasRecords() throws IOException {
        return data != null && head < data.length();
    }

    /**
     * The record at the head, or null when there is none, or the rest of the file is damaged
     * (a build that died in the middle of a write); damaged bytes are counted and skipped.
     */
    public synchronized EncodedEventBatch peek() throws IOException {
        if (data == null || head >= data.length()) {
            return null;
        }
        long size = data.length();
        if (size - head < RECORD_HEADER) {
            return damaged(size);
        }
        data.seek(head);
        int length = data.readInt();
        int checksum = data.readInt();
        if (length < 0 || length > MAX_RECORD || head + RECORD_HEADER + length > size) {
            return damaged(size);
        }
        byte[] payload = new byte[length];
        data.readFully(payload);
        CRC32 crc = new CRC32();
        crc.update(payload, 0, length);
        if ((int) crc.getValue() != checksum) {
            return damaged(size);
        }
        EncodedEventBatch batch = EncodedEventBatch.parseFrom(payload);
        if (headSkip == 0) {
            return batch;
        }
        return batch.toBuilder().clearEvents()
                .addAllEvents(batch.getEventsList().subList(headSkip, batch.getEventsCount())).build();
    }

    /** The head record is acknowledged: the next one becomes the head. */
    public synchronized void remove() throws IOException {
        data.seek(head);
        int length = data.readInt();
        head += RECORD_HEADER + length;
        headSkip = 0;
    }

    /** The first {@code events} of the head record are acknowledged, the rest not yet. */
    public synchronized void skip(int events) {
        headSkip += events;
    }

    public synchronized long damagedBytes() {
        return damagedBytes;
    }

    /** Bytes in records not yet acknowledged. */
    public synchronized long pendingBytes() throws IOException {
        return data == null ? 0 : data.length() - head;
    }

    /**
     * Keeps only what was not acknowledged: the file goes away when nothing is left, and is
     * rewritten (to a new file, then moved over the old one) when its head was taken.
     */
    @Override
    public synchronized void close() throws IOException {
        if (data == null) {
            return;
        }
        long size = data.length();
        if (head >= size) {
            data.close();
            data = null;
            Files.deleteIfExists(file);
            return;
        }
        if (head == MAGIC.length && headSkip == 0) {
            data.close();
            data = null;
            return;
        }
        Path rest = file.resolveSibling(file.getFileName() + ".tmp");
        try (RandomAccessFile out = new RandomAccessFile(rest.toFile(), "rw")) {
            out.setLength(0);
            out.write(MAGIC);
            long from = head;
            if (headSkip > 0) {
                EncodedEventBatch trimmed = peek();
                remove();
                from = head;
                if (trimmed != null) {
                    byte[] payload = trimmed.toByteArray();
                    CRC32 crc = new CRC32();
                    crc.update(payload, 0, payload.length);
                    out.writeInt(payload.length);
                    out.writeInt((int) crc.getValue());
                    out.write(payload);
                }
            }
            byte[] buffer = new byte[64 * 1024];
            data.seek(from);
            int read;
            while ((read = data.read(buffer)) > 0) {
                out.write(buffer, 0, read);
            }
        }
        data.close();
        data = null;
        Files.move(rest, file, StandardCopyOption.REPLACE_EXISTING);
    }

    private void openFile() throws IOException {
        Files.createDirectories(file.getParent());
        data = new RandomAccessFile(file.toFile(), "rw");
        if (data.length() == 0) {
            data.write(MAGIC);
        } else {
            byte[] magic = new byte[MAGIC.length];
            data.seek(0);
            if (data.length() < MAGIC.length || data.read(magic) < MAGIC.length
                    || !java.util.Arrays.equals(magic, MAGIC)) {
                data.close();
                data = null;
                throw new IOException(file + " is not a Stanterprise spool file (or of another version)");
            }
        }
        head = MAGIC.length;
    }

    private EncodedEventBatch damaged(long size) {
        damagedBytes += size - head;
        head = size;
        return null;
    }
}
