package com.stanterprise.maven.export;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import com.stanterprise.testsystem.v1.observer.Event;
import com.stanterprise.aggregator.v1.EncodedEventBatch;
import com.stanterprise.testsystem.v1.observer.EventBatch;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;

/**
 * The embedded default when no collector is configured: one JSON object per line, protobuf's
 * JSON mapping of each {@link Event}. It writes to a temporary file of its own and moves it into
 * place at the end of the build, because {@code mvn clean} deletes the target folder after the
 * build began, and because two builds of one project may run at once: the move is a rename in the
 * target's folder, atomic, so the file always holds one build's run, whole, never two mixed.
 */
public final class FileSink implements EventTransport {

    private final Path target;
    private final Path temporary;
    private final BufferedWriter writer;
    private boolean written;
    private final JsonFormat.Printer printer = JsonFormat.printer().omittingInsignificantWhitespace();

    /** Its temporary file in java.io.tmpdir. */
    public FileSink(Path target) throws IOException {
        this(target, Paths.get(System.getProperty("java.io.tmpdir")));
    }

    public FileSink(Path target, Path temporaryDirectory) throws IOException {
        this.target = target;
        this.temporary = Files.createTempFile(temporaryDirectory, "stanterprise-events-", ".jsonl");
        this.writer = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8);
    }

    @Override
    public int send(EncodedEventBatch encoded, long timeoutMs) throws ExportException {
        EventBatch batch = EventTransport.decode(encoded);
        try {
            for (Event event : batch.getEventsList()) {
                writer.write(printer.print(event));
                writer.write('\n');
            }
            writer.flush();
            written = true;
            return 0;
        } catch (IOException e) {
            throw new ExportException("cannot write " + temporary + ": " + e.getMessage(), e,
                    io.grpc.Status.Code.UNKNOWN, 0, batch.getEventsCount(), 0);
        }
    }

    @Override
    public String destination() {
        return "file " + target;
    }

    @Override
    public boolean remote() {
        return false;
    }

    @Override
    public void close() {
        try {
            writer.close();
            if (!written) {
                // A build without tests leaves the previous build's file alone.
                Files.deleteIfExists(temporary);
                return;
            }
            Files.createDirectories(target.getParent());
            // The temporary file may be on another file system (a move there is a copy that a
            // second build could interleave with): first a copy beside the target, then a rename.
            Path beside = Files.createTempFile(target.getParent(), "." + target.getFileName() + "-", ".part");
            try {
                Files.copy(temporary, beside, StandardCopyOption.REPLACE_EXISTING);
                moveInPlace(beside);
            } finally {
                Files.deleteIfExists(beside);
            }
            Files.deleteIfExists(temporary);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move the events to " + target + " (they are in " + temporary + ")", e);
        }
    }

    private void moveInPlace(Path beside) throws IOException {
        try {
            Files.move(beside, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(beside, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** For tests and tools: reads a file this sink wrote. */
    public static Event parse(String line) throws InvalidProtocolBufferException {
        Event.Builder event = Event.newBuilder();
        JsonFormat.parser().merge(line, event);
        return event.build();
    }
}
