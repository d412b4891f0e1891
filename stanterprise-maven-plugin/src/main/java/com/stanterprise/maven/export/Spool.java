package com.stanterprise.maven.export;

import com.google.protobuf.CodedOutputStream;
import com.stanterprise.aggregator.v1.EncodedEvent;
import com.stanterprise.aggregator.v1.EncodedEventBatch;
import com.stanterprise.maven.aggregation.EncodedEvents;
import com.stanterprise.testsystem.v1.observer.Event;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
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
 *
 * <p>Whoever has the file open holds an exclusive lock on it, the build that writes it as well as
 * a replay: a replay never takes the spool of a build that is still running.
 */
public final class Spool implements AutoCloseable {

    static final String SUFFIX = ".spool";
    private static final byte[] MAGIC = {'S', 'T', 'S', 'P', 1};
    private static final int RECORD_HEADER = 8;
    /** A record larger than this is damage, not data: batches are far below gRPC's 4 MiB. */
    private static final int MAX_RECORD = 64 * 1024 * 1024;

    /** Another process, or another spool in this JVM (a running build), holds the file. */
    public static final class InUseException extends IOException {
        private static final long serialVersionUID = 1L;

        InUseException(Path file) {
            super(file + " is in use by a running build");
        }
    }

    /**
     * The files spools of this JVM hold. Checked before the file is opened: a second descriptor
     * of a file this process has locked must not even be opened, since closing it would release
     * the process's lock on POSIX systems ({@code mvn verify stanterprise:replay} runs the replay
     * in the build's own JVM).
     */
    private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

    private final Path file;
    private final long maxBytes;
    /** The spool of the running build, which creates the file; else a replay's, or a count's. */
    private final boolean ofBuild;
    /** False only to count a file's events, which reads it without a lock and never changes it. */
    private final boolean locks;
    private RandomAccessFile data;
    private FileLock lock;
    private long head = MAGIC.length;
    /** Events of the head record already acknowledged (a v1 collector takes them one by one). */
    private int headSkip;
    private long damagedBytes;

    private Spool(Path file, long maxBytes, boolean ofBuild, boolean locks) {
        this.file = file;
        this.maxBytes = maxBytes;
        this.ofBuild = ofBuild;
        this.locks = locks;
    }

    /** The spool of one build; nothing is created on disk until the first append. */
    public static Spool forBuild(Path directory, String sourceId, long maxBytes) {
        return new Spool(directory.resolve(sourceId + SUFFIX), maxBytes, true, true);
    }

    /**
     * An existing spool file, for replay, locked until {@link #close}.
     * @throws InUseException when a running build holds it
     */
    public static Spool open(Path file) throws IOException {
        Spool spool = new Spool(file, Long.MAX_VALUE, false, true);
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

    /**
     * The runs whose events wait in this spool but not their run end: the build that wrote it
     * ended without one (it was killed), and the collector will show them as never ended. A
     * build that ends sends its run end last, so a spool it leaves holds that end, or nothing.
     * Reads the records without taking them.
     */
    public synchronized Set<String> runsWithoutEnd() throws IOException {
        Set<String> runs = new TreeSet<>();
        Set<String> ended = new HashSet<>();
        readAhead(() -> {
            EncodedEventBatch batch;
            while ((batch = peek()) != null) {
                runs.add(batch.getRunId());
                for (EncodedEvent event : batch.getEventsList()) {
                    if (EncodedEvents.kind(event) == Event.PayloadCase.RUN_END) {
                        ended.add(batch.getRunId());
                    }
                }
                remove();
            }
            return null;
        });
        runs.removeAll(ended);
        return runs;
    }

    private interface Reading<T> {
        T read() throws IOException;
    }

    /** Reads records from the head on, then puts the head back where it was: nothing is taken. */
    private <T> T readAhead(Reading<T> reading) throws IOException {
        long savedHead = head;
        int savedSkip = headSkip;
        long savedDamage = damagedBytes;
        try {
            return reading.read();
        } finally {
            head = savedHead;
            headSkip = savedSkip;
            damagedBytes = savedDamage;
        }
    }

    /** Events in the records of a spool file (for the replay's report). */
    public static long countEvents(Path file) throws IOException {
        if (!Files.exists(file)) {
            return 0;
        }
        Spool spool = new Spool(file, Long.MAX_VALUE, false, false);
        spool.openFile();
        try {
            long events = 0;
            EncodedEventBatch batch;
            while ((batch = spool.peek()) != null) {
                events += batch.getEventsCount();
                spool.remove();
            }
            return events;
        } finally {
            spool.closeUnchanged();
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

    /**
     * The waiting records from the head merged into one batch while they are of the same run and
     * source and it stays within {@code maxEvents} and {@code maxBytes} encoded; at least the head
     * record. While the collector was away the exporter spooled a record per flush interval, and
     * sent back one per call they would take a round trip each to catch up. Takes nothing: see
     * {@link #acknowledge}.
     */
    public synchronized EncodedEventBatch peekMerged(int maxEvents, long maxBytes) throws IOException {
        EncodedEventBatch first = peek();
        if (first == null) {
            return null;
        }
        return readAhead(() -> {
            EncodedEventBatch.Builder merged = null;
            int events = first.getEventsCount();
            long bytes = first.getSerializedSize();
            remove();
            EncodedEventBatch next;
            while ((next = peek()) != null && next.getRunId().equals(first.getRunId())
                    && next.getSourceId().equals(first.getSourceId())
                    && events + next.getEventsCount() <= maxEvents
                    && bytes + eventsBytes(next) <= maxBytes) {
                if (merged == null) {
                    merged = first.toBuilder();
                }
                merged.addAllEvents(next.getEventsList());
                events += next.getEventsCount();
                bytes += eventsBytes(next);
                remove();
            }
            return merged == null ? first : merged.build();
        });
    }

    /** What a record's events add to a batch: each one's bytes with its field's tag and length. */
    private static long eventsBytes(EncodedEventBatch batch) {
        long bytes = 0;
        for (EncodedEvent event : batch.getEventsList()) {
            bytes += CodedOutputStream.computeMessageSize(EncodedEventBatch.EVENTS_FIELD_NUMBER, event);
        }
        return bytes;
    }

    /** The first {@code events} waiting from the head are acknowledged, across records. */
    public synchronized void acknowledge(int events) throws IOException {
        EncodedEventBatch waiting;
        while (events > 0 && (waiting = peek()) != null) {
            if (events >= waiting.getEventsCount()) {
                events -= waiting.getEventsCount();
                remove();
            } else {
                skip(events);
                events = 0;
            }
        }
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
        close(new SequenceGaps());
    }

    /**
     * {@link #close()}, with what is kept numbered as the collector must see it: without the
     * gaps that events dropped meanwhile left, so that a replay in another process, which knows
     * nothing of them, sends sequences that follow on.
     */
    synchronized void close(SequenceGaps gaps) throws IOException {
        if (data == null) {
            return;
        }
        long size = data.length();
        if (size == 0) {
            // A build has just created it and not yet written to it: not ours to touch.
            closeUnchanged();
            return;
        }
        if (head >= size) {
            closeUnchanged();
            Files.deleteIfExists(file);
            return;
        }
        if (head == MAGIC.length && headSkip == 0 && gaps.isEmpty()) {
            closeUnchanged();
            return;
        }
        Path rest = file.resolveSibling(file.getFileName() + ".tmp");
        try (RandomAccessFile out = new RandomAccessFile(rest.toFile(), "rw")) {
            out.setLength(0);
            out.write(MAGIC);
            if (!gaps.isEmpty()) {
                EncodedEventBatch batch;
                while ((batch = peek()) != null) {
                    writeRecord(out, gaps.wire(batch));
                    remove();
                }
            } else {
                long from = head;
                if (headSkip > 0) {
                    EncodedEventBatch trimmed = peek();
                    remove();
                    from = head;
                    if (trimmed != null) {
                        writeRecord(out, trimmed);
                    }
                }
                byte[] buffer = new byte[64 * 1024];
                data.seek(from);
                int read;
                while ((read = data.read(buffer)) > 0) {
                    out.write(buffer, 0, read);
                }
            }
        }
        closeUnchanged();
        Files.move(rest, file, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Lets go of the file (and its lock) as it is, whatever was taken from it. */
    synchronized void closeUnchanged() throws IOException {
        if (data == null) {
            return;
        }
        try {
            data.close(); // releases the lock too
        } finally {
            data = null;
            if (lock != null) {
                lock = null;
                HELD.remove(held());
            }
        }
    }

    private static void writeRecord(RandomAccessFile out, EncodedEventBatch batch) throws IOException {
        byte[] payload = batch.toByteArray();
        CRC32 crc = new CRC32();
        crc.update(payload, 0, payload.length);
        out.writeInt(payload.length);
        out.writeInt((int) crc.getValue());
        out.write(payload);
    }

    private void openFile() throws IOException {
        Files.createDirectories(file.getParent());
        if (locks && !HELD.add(held())) {
            throw new InUseException(file);
        }
        boolean opened = false;
        try {
            data = new RandomAccessFile(file.toFile(), "rw");
            if (locks) {
                lock = data.getChannel().tryLock();
                if (lock == null) {
                    throw new InUseException(file); // another process's
                }
            }
            opened = true;
        } catch (OverlappingFileLockException heldInThisJvm) {
            throw new InUseException(file);
        } finally {
            if (!opened) {
                if (data != null) {
                    data.close();
                    data = null;
                }
                lock = null;
                if (locks) {
                    HELD.remove(held());
                }
            }
        }
        if (data.length() == 0) {
            // Only the build writes the magic: a replay may find a build's spool empty in the
            // instant between its creation and the build's lock, and must leave it as it is.
            if (ofBuild) {
                data.write(MAGIC);
            }
        } else {
            byte[] magic = new byte[MAGIC.length];
            data.seek(0);
            if (data.length() < MAGIC.length || data.read(magic) < MAGIC.length
                    || !java.util.Arrays.equals(magic, MAGIC)) {
                closeUnchanged();
                throw new IOException(file + " is not a Stanterprise spool file (or of another version)");
            }
        }
        head = MAGIC.length;
    }

    private Path held() {
        return file.toAbsolutePath().normalize();
    }

    private EncodedEventBatch damaged(long size) {
        damagedBytes += size - head;
        head = size;
        return null;
    }
}
