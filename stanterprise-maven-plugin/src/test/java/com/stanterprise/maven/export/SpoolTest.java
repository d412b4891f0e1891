package com.stanterprise.maven.export;

import com.google.protobuf.Timestamp;
import com.stanterprise.aggregator.v1.EncodedEvent;
import com.stanterprise.aggregator.v1.EncodedEventBatch;
import com.stanterprise.testsystem.v1.entities.TestCaseRun;
import com.stanterprise.testsystem.v1.events.TestBeginEventRequest;
import com.stanterprise.testsystem.v1.observer.Event;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static com.stanterprise.maven.Encoded.decoded;
import static com.stanterprise.maven.Encoded.encoded;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The spool's file format and life cycle, on a real file in a temporary directory. */
class SpoolTest {

    private static final String RUN_ID = "run-1";
    private static final String SOURCE_ID = "source-1";
    /** 'S' 'T' 'S' 'P' and the format version. */
    private static final int MAGIC_BYTES = 5;
    /** Length and CRC32, before each record's payload. */
    private static final int RECORD_HEADER = 8;

    @TempDir
    Path directory;

    // ---- helpers

    private static EncodedEvent testBegin(long sequence) {
        return encoded(Event.newBuilder()
                .setSequence(sequence)
                .setEmittedAt(Timestamp.newBuilder().setSeconds(1_700_000_000L + sequence))
                .setTestBegin(TestBeginEventRequest.newBuilder().setTestCase(TestCaseRun.newBuilder()
                        .setId("test-case-" + sequence)
                        .setName("test " + sequence)
                        .setRunId(RUN_ID)))
                .build());
    }

    /** Events with the sequences {@code first}, {@code first + 1} ... */
    private static EncodedEventBatch batch(String runId, long first, int count) {
        EncodedEventBatch.Builder batch = EncodedEventBatch.newBuilder().setRunId(runId).setSourceId(SOURCE_ID);
        for (int i = 0; i < count; i++) {
            batch.addEvents(testBegin(first + i));
        }
        return batch.build();
    }

    private static EncodedEventBatch batch(long first, int count) {
        return batch(RUN_ID, first, count);
    }

    private static List<Long> sequences(EncodedEventBatch batch) {
        return batch.getEventsList().stream().map(EncodedEvent::getSequence).collect(Collectors.toList());
    }

    private static List<Long> range(long first, long last) {
        return LongStream.rangeClosed(first, last).boxed().collect(Collectors.toList());
    }

    private static long recordBytes(EncodedEventBatch batch) {
        return RECORD_HEADER + batch.getSerializedSize();
    }

    private Spool spool() {
        return Spool.forBuild(directory, SOURCE_ID, Long.MAX_VALUE);
    }

    /** A closed spool file holding the batches, none of them taken. */
    private Path spoolFile(EncodedEventBatch... batches) throws IOException {
        Spool spool = spool();
        for (EncodedEventBatch batch : batches) {
            assertTrue(spool.append(batch));
        }
        spool.close();
        assertTrue(Files.exists(spool.file()));
        return spool.file();
    }

    /** Every record the spool file holds, taken in order (without changing the file). */
    private static List<EncodedEventBatch> records(Path file) throws IOException {
        byte[] before = Files.readAllBytes(file);
        Spool spool = Spool.open(file);
        List<EncodedEventBatch> records = new ArrayList<>();
        EncodedEventBatch batch;
        while ((batch = spool.peek()) != null) {
            records.add(batch);
            spool.remove();
        }
        spool.closeUnchanged();
        assertEquals(0, spool.damagedBytes(), "a file written by the spool itself has no damage");
        // Count again without close(): close() would delete what was taken.
        assertEquals(records.stream().mapToLong(EncodedEventBatch::getEventsCount).sum(), Spool.countEvents(file));
        assertArrayEquals(before, Files.readAllBytes(file), "reading the records leaves the file alone");
        return records;
    }

    // ---- round trip

    @Test
    void theFileIsNamedAfterTheSourceAndAppearsOnlyWithTheFirstAppend() throws IOException {
        Spool spool = spool();

        assertEquals(directory.resolve(SOURCE_ID + ".spool"), spool.file());
        assertFalse(Files.exists(spool.file()));
        assertFalse(spool.hasRecords());
        assertNull(spool.peek());
        spool.close();
        assertFalse(Files.exists(spool.file()), "closing an unused spool creates nothing");

        assertTrue(spool.append(batch(1, 1)));
        assertTrue(Files.exists(spool.file()));
    }

    @Test
    void appendPeekRemoveKeepsTheOrderTheRunTheSourceAndTheSequences() throws IOException {
        Spool spool = spool();
        EncodedEventBatch first = batch(1, 3);
        EncodedEventBatch second = batch("run-2", 4, 2);
        EncodedEventBatch third = batch(6, 4);

        assertTrue(spool.append(first));
        assertTrue(spool.append(second));
        assertTrue(spool.append(third));

        assertTrue(spool.hasRecords());
        assertEquals(first, spool.peek());
        assertEquals(first, spool.peek(), "peek does not take the head");
        spool.remove();
        EncodedEventBatch head = spool.peek();
        assertEquals(second, head);
        assertEquals("run-2", head.getRunId());
        assertEquals(SOURCE_ID, head.getSourceId());
        assertEquals(range(4, 5), sequences(head));
        assertEquals("test-case-4", decoded(head.getEvents(0)).getTestBegin().getTestCase().getId());
        spool.remove();
        assertEquals(third, spool.peek());
        assertEquals(range(6, 9), sequences(spool.peek()));
        spool.remove();

        assertNull(spool.peek());
        assertFalse(spool.hasRecords());
        assertEquals(0, spool.pendingBytes());
        assertEquals(0, spool.damagedBytes());
    }

    @Test
    void recordsSurviveClosingAndOpeningAgain() throws IOException {
        EncodedEventBatch first = batch(1, 3);
        EncodedEventBatch second = batch(4, 1);

        Path file = spoolFile(first, second);

        assertEquals(Arrays.asList(first, second), records(file));
    }

    @Test
    void pendingBytesAreTheRecordsNotYetTaken() throws IOException {
        Spool spool = spool();
        EncodedEventBatch first = batch(1, 3);
        EncodedEventBatch second = batch(4, 2);
        spool.append(first);
        spool.append(second);

        assertEquals(recordBytes(first) + recordBytes(second), spool.pendingBytes());
        spool.peek();
        spool.remove();
        assertEquals(recordBytes(second), spool.pendingBytes());
    }

    // ---- close

    @Test
    void closeDeletesTheFileWhenEveryRecordWasTaken() throws IOException {
        Spool spool = spool();
        spool.append(batch(1, 3));
        spool.append(batch(4, 3));
        while (spool.peek() != null) {
            spool.remove();
        }

        spool.close();

        assertFalse(Files.exists(spool.file()));
        assertEquals(Collections.emptyList(), Spool.files(directory));
    }

    @Test
    void closeLeavesTheFileUntouchedWhenNothingWasTaken() throws IOException {
        Spool spool = spool();
        spool.append(batch(1, 3));
        spool.append(batch(4, 3));
        byte[] before = Files.readAllBytes(spool.file());
        assertNotNull(spool.peek(), "looking at the head takes nothing");

        spool.close();

        assertArrayEquals(before, Files.readAllBytes(spool.file()));
        assertFalse(Files.exists(spool.file().resolveSibling(spool.file().getFileName() + ".tmp")));
    }

    @Test
    void closeRewritesTheFileWithTheRestWhenSomeRecordsWereTaken() throws IOException {
        EncodedEventBatch first = batch(1, 3);
        EncodedEventBatch second = batch(4, 2);
        EncodedEventBatch third = batch("run-2", 6, 4);
        Spool spool = Spool.open(spoolFile(first, second, third));
        spool.peek();
        spool.remove();

        spool.close();

        assertEquals(MAGIC_BYTES + recordBytes(second) + recordBytes(third), Files.size(spool.file()));
        assertEquals(Arrays.asList(second, third), records(spool.file()));
        assertEquals(6, Spool.countEvents(spool.file()));
        assertFalse(Files.exists(spool.file().resolveSibling(spool.file().getFileName() + ".tmp")),
                "the rewrite is moved over the old file");
    }

    @Test
    void skippedEventsOfTheHeadAreLeftOutWhenTheFileIsRewritten() throws IOException {
        EncodedEventBatch first = batch(1, 5);
        EncodedEventBatch second = batch(6, 2);
        Spool spool = Spool.open(spoolFile(first, second));

        assertEquals(first, spool.peek());
        spool.skip(2);
        EncodedEventBatch rest = spool.peek();
        assertEquals(range(3, 5), sequences(rest));
        assertEquals(RUN_ID, rest.getRunId());
        assertEquals(SOURCE_ID, rest.getSourceId());
        spool.skip(1);
        assertEquals(range(4, 5), sequences(spool.peek()), "skips add up");
        spool.close();

        List<EncodedEventBatch> records = records(spool.file());
        assertEquals(2, records.size());
        assertEquals(range(4, 5), sequences(records.get(0)));
        assertEquals(RUN_ID, records.get(0).getRunId());
        assertEquals(SOURCE_ID, records.get(0).getSourceId());
        assertEquals(first.getEventsList().subList(3, 5), records.get(0).getEventsList());
        assertEquals(second, records.get(1));
        assertEquals(4, Spool.countEvents(spool.file()));
    }

    @Test
    void afterRemoveTheNextHeadIsWhole() throws IOException {
        EncodedEventBatch first = batch(1, 5);
        EncodedEventBatch second = batch(6, 2);
        Spool spool = Spool.open(spoolFile(first, second));

        spool.peek();
        spool.skip(3);
        spool.remove();

        assertEquals(second, spool.peek(), "a skip belongs to the record it was made on");
    }

    // ---- damage

    @Test
    void aTruncatedTailIsSkippedAndCountedWhileEarlierRecordsSurvive() throws IOException {
        EncodedEventBatch first = batch(1, 3);
        EncodedEventBatch second = batch(4, 2);
        EncodedEventBatch third = batch(6, 4);
        Path file = spoolFile(first, second, third);
        try (RandomAccessFile raw = new RandomAccessFile(file.toFile(), "rw")) {
            raw.setLength(raw.length() - 3);
        }

        Spool spool = Spool.open(file);
        assertEquals(first, spool.peek());
        spool.remove();
        assertEquals(second, spool.peek());
        spool.remove();
        assertNull(spool.peek(), "what is left is a record cut short");
        assertEquals(recordBytes(third) - 3, spool.damagedBytes());
        assertFalse(spool.hasRecords());
        spool.close();

        assertFalse(Files.exists(file), "nothing readable was left");
    }

    @Test
    void aTailShorterThanARecordHeaderIsSkippedAndCounted() throws IOException {
        EncodedEventBatch first = batch(1, 3);
        Path file = spoolFile(first);
        try (RandomAccessFile raw = new RandomAccessFile(file.toFile(), "rw")) {
            raw.seek(raw.length());
            raw.write(new byte[] {0, 0, 1});
        }

        Spool spool = Spool.open(file);
        assertEquals(first, spool.peek());
        spool.remove();
        assertNull(spool.peek());
        assertEquals(3, spool.damagedBytes());
        assertEquals(3, Spool.countEvents(file));
    }

    @Test
    void aFlippedByteInTheLastRecordIsCaughtByTheChecksum() throws IOException {
        EncodedEventBatch first = batch(1, 3);
        EncodedEventBatch second = batch(4, 2);
        EncodedEventBatch third = batch(6, 4);
        Path file = spoolFile(first, second, third);
        flip(file, Files.size(file) - 7);

        Spool spool = Spool.open(file);
        assertEquals(first, spool.peek());
        spool.remove();
        assertEquals(second, spool.peek());
        spool.remove();
        assertNull(spool.peek());
        assertEquals(recordBytes(third), spool.damagedBytes());
        assertEquals(5, Spool.countEvents(file));
    }

    @Test
    void aDamagedLengthInTheLastRecordIsSkippedAndCounted() throws IOException {
        EncodedEventBatch first = batch(1, 3);
        EncodedEventBatch second = batch(4, 2);
        Path file = spoolFile(first, second);
        // The high byte of the last record's length: the record would be longer than the file.
        flip(file, MAGIC_BYTES + recordBytes(first));

        Spool spool = Spool.open(file);
        assertEquals(first, spool.peek());
        spool.remove();
        assertNull(spool.peek());
        assertEquals(recordBytes(second), spool.damagedBytes());
    }

    @Test
    void aDamagedRecordInTheMiddleEndsWhatCanBeRead() throws IOException {
        EncodedEventBatch first = batch(1, 3);
        EncodedEventBatch second = batch(4, 2);
        EncodedEventBatch third = batch(6, 4);
        Path file = spoolFile(first, second, third);
        flip(file, MAGIC_BYTES + recordBytes(first) + RECORD_HEADER + 2);

        Spool spool = Spool.open(file);
        assertEquals(first, spool.peek());
        spool.remove();
        assertNull(spool.peek(), "without a valid length there is no next record to find");
        assertEquals(recordBytes(second) + recordBytes(third), spool.damagedBytes());
    }

    @Test
    void damageAtTheHeadWithoutAnythingTakenIsStillCounted() throws IOException {
        Path file = spoolFile(batch(1, 3));
        flip(file, Files.size(file) - 1);

        Spool spool = Spool.open(file);
        assertNull(spool.peek());
        assertEquals(Files.size(file) - MAGIC_BYTES, spool.damagedBytes());
        assertEquals(0, Spool.countEvents(file));
    }

    private static void flip(Path file, long position) throws IOException {
        try (RandomAccessFile raw = new RandomAccessFile(file.toFile(), "rw")) {
            raw.seek(position);
            int value = raw.read();
            raw.seek(position);
            raw.write(value ^ 0xFF);
        }
    }

    // ---- not a spool

    @Test
    void aFileWithAnotherMagicIsRefusedAndLeftAlone() throws IOException {
        Path file = directory.resolve("other.spool");
        byte[] content = "NOT A SPOOL FILE AT ALL".getBytes(StandardCharsets.US_ASCII);
        Files.write(file, content);

        IOException refused = assertThrows(IOException.class, () -> Spool.open(file));

        assertNotNull(refused.getMessage());
        assertTrue(refused.getMessage().contains("not a Stanterprise spool file"), refused.getMessage());
        assertTrue(refused.getMessage().contains(file.toString()), refused.getMessage());
        assertThrows(IOException.class, () -> Spool.countEvents(file));
        assertArrayEquals(content, Files.readAllBytes(file));
    }

    @Test
    void aSpoolOfAnotherFormatVersionIsRefused() throws IOException {
        Path file = spoolFile(batch(1, 2));
        try (RandomAccessFile raw = new RandomAccessFile(file.toFile(), "rw")) {
            raw.seek(MAGIC_BYTES - 1);
            raw.write(2);
        }

        IOException refused = assertThrows(IOException.class, () -> Spool.open(file));
        assertTrue(refused.getMessage().contains("not a Stanterprise spool file"), refused.getMessage());
    }

    /**
     * A file shorter than the magic (a build that died while creating its spool, or any small
     * file named *.spool) is not a spool either; the replay goal prints the message, so it must
     * say which file and why.
     */
    @Test
    void aFileShorterThanTheMagicIsRefusedWithAClearMessage() throws IOException {
        Path file = directory.resolve("short.spool");
        Files.write(file, new byte[] {'S', 'T', 'S'});

        IOException refused = assertThrows(IOException.class, () -> Spool.open(file));

        assertNotNull(refused.getMessage(), "refused with " + refused);
        assertTrue(refused.getMessage().contains(file.toString()), refused.getMessage());
    }

    /** An empty file may be a build's spool in the instant before the build locks it: left alone. */
    @Test
    void anEmptyFileIsAnEmptySpoolLeftAsItIs() throws IOException {
        Path file = directory.resolve("empty.spool");
        Files.createFile(file);

        Spool spool = Spool.open(file);

        assertNull(spool.peek());
        assertFalse(spool.hasRecords());
        assertEquals(0, spool.damagedBytes());
        assertEquals(0, Spool.countEvents(file));
        spool.close();
        assertTrue(Files.exists(file));
        assertEquals(0, Files.size(file));
    }

    // ---- bound

    @Test
    void anAppendThatFitsExactlyIsTakenAndTheNextIsRefusedWithoutWriting() throws IOException {
        EncodedEventBatch first = batch(1, 3);
        EncodedEventBatch second = batch(4, 1);
        Spool spool = Spool.forBuild(directory, SOURCE_ID, MAGIC_BYTES + recordBytes(first));

        assertTrue(spool.append(first));
        byte[] before = Files.readAllBytes(spool.file());
        assertFalse(spool.append(second));
        assertFalse(spool.append(second));

        assertArrayEquals(before, Files.readAllBytes(spool.file()));
        assertEquals(first, spool.peek());
        spool.remove();
        assertNull(spool.peek());
        assertEquals(0, spool.damagedBytes());
    }

    @Test
    void aFirstAppendThatDoesNotFitLeavesNoRecordAndNoFileAfterClose() throws IOException {
        EncodedEventBatch first = batch(1, 3);
        Spool spool = Spool.forBuild(directory, SOURCE_ID, MAGIC_BYTES + recordBytes(first) - 1);

        assertFalse(spool.append(first));

        assertFalse(spool.hasRecords());
        assertNull(spool.peek());
        assertEquals(0, Spool.countEvents(spool.file()));
        spool.close();
        assertFalse(Files.exists(spool.file()));
    }

    @Test
    void aSmallerBatchStillFitsAfterABiggerOneWasRefused() throws IOException {
        EncodedEventBatch small = batch(1, 1);
        EncodedEventBatch big = batch(2, 10);
        EncodedEventBatch later = batch(12, 1);
        Spool spool = Spool.forBuild(directory, SOURCE_ID, MAGIC_BYTES + recordBytes(small) + recordBytes(later));

        assertTrue(spool.append(small));
        assertFalse(spool.append(big));
        assertTrue(spool.append(later));

        assertEquals(small, spool.peek());
        spool.remove();
        assertEquals(range(12, 12), sequences(spool.peek()));
    }

    /**
     * A first outage spooled as much as the bound allows and the collector took it all back; a
     * second outage must find the whole bound free, although the file keeps those records until it
     * closes.
     */
    @Test
    void theBoundCountsOnlyWhatTheCollectorHasNotTaken() throws IOException {
        EncodedEventBatch first = batch(1, 3);
        EncodedEventBatch second = batch(4, 3);
        EncodedEventBatch third = batch(7, 3);
        Spool spool = Spool.forBuild(directory, SOURCE_ID, MAGIC_BYTES + recordBytes(first) + recordBytes(second));
        assertTrue(spool.append(first));
        assertTrue(spool.append(second));
        assertFalse(spool.append(third), "full");

        spool.peek();
        spool.remove();
        assertTrue(spool.append(third), "the first record was taken: there is room beside the second");
        assertFalse(spool.append(batch(10, 1)));
        spool.peek();
        spool.remove();
        spool.peek();
        spool.remove();
        assertTrue(spool.append(batch(10, 1)), "everything was taken");

        assertEquals(MAGIC_BYTES + recordBytes(batch(10, 1)), Files.size(spool.file()),
                "once nothing waits, the file starts over");
        assertEquals(range(10, 10), sequences(spool.peek()));
        spool.close();
        assertEquals(Collections.singletonList(batch(10, 1)), records(spool.file()));
    }

    // ---- lock

    @Test
    void aBuildsSpoolCannotBeOpenedForReplayUntilTheBuildClosesIt() throws IOException {
        Spool build = spool();
        assertTrue(build.append(batch(1, 3)));

        Spool.InUseException inUse = assertThrows(Spool.InUseException.class, () -> Spool.open(build.file()));
        assertTrue(inUse.getMessage().contains(build.file().toString()), inUse.getMessage());
        assertEquals(3, Spool.countEvents(build.file()), "counting reads without the lock");
        assertTrue(build.append(batch(4, 2)), "the build goes on writing it");

        build.close();
        Spool replay = Spool.open(build.file());
        assertEquals(batch(1, 3), replay.peek());
        assertThrows(Spool.InUseException.class, () -> Spool.open(build.file()), "one replay at a time");
        replay.close();
        assertEquals(Arrays.asList(batch(1, 3), batch(4, 2)), records(build.file()));
    }

    /** {@code mvn stanterprise:replay} in another shell while a build runs: the lock is the OS's. */
    @Test
    void aSpoolABuildInAnotherProcessWritesCannotBeOpenedForReplay() throws Exception {
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        Process build = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                SpoolLockHolder.class.getName(), directory.toString(), "other-build")
                .redirectErrorStream(true).start();
        Path file = directory.resolve("other-build.spool");
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(build.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("spooled", out.readLine());

            assertThrows(Spool.InUseException.class, () -> Spool.open(file));
        } finally {
            build.getOutputStream().close();
            assertTrue(build.waitFor(30, TimeUnit.SECONDS));
        }
        Spool replay = Spool.open(file);
        assertEquals(1, replay.peek().getEventsCount(), "once that build has ended, its spool can be replayed");
        replay.closeUnchanged();
    }

    // ---- files and counts

    @Test
    void filesListsOnlySpoolFilesOldestFirst() throws IOException {
        Path newer = spoolFile(batch(1, 1));
        Path older = Spool.forBuild(directory, "source-0", Long.MAX_VALUE).file();
        Files.copy(newer, older);
        Files.setLastModifiedTime(older, FileTime.fromMillis(1_000_000_000_000L));
        Files.setLastModifiedTime(newer, FileTime.fromMillis(1_600_000_000_000L));
        Files.write(directory.resolve(SOURCE_ID + ".spool.tmp"), new byte[] {1});
        Files.write(directory.resolve("events.jsonl"), new byte[] {1});
        Files.write(directory.resolve("spool"), new byte[] {1});

        assertEquals(Arrays.asList(older, newer), Spool.files(directory));
    }

    @Test
    void filesOfADirectoryThatDoesNotExistIsEmpty() throws IOException {
        assertEquals(Collections.emptyList(), Spool.files(directory.resolve("missing")));
    }

    @Test
    void countEventsAddsUpTheRecordsAndLeavesTheFileAlone() throws IOException {
        Path file = spoolFile(batch(1, 3), batch(4, 1), batch(5, 7));
        byte[] before = Files.readAllBytes(file);

        assertEquals(11, Spool.countEvents(file));

        assertArrayEquals(before, Files.readAllBytes(file));
        assertEquals(0, Spool.countEvents(directory.resolve("missing.spool")));
    }

    @Test
    void peekMergedJoinsRecordsOfOneRunWithinItsBoundsAndTakesNothing() throws IOException {
        Spool spool = Spool.forBuild(directory, SOURCE_ID, Long.MAX_VALUE);
        spool.append(batch(1, 2));
        spool.append(batch(3, 3));
        spool.append(batch("run-2", 6, 1));

        EncodedEventBatch merged = spool.peekMerged(100, Long.MAX_VALUE);

        assertEquals(Arrays.asList(1L, 2L, 3L, 4L, 5L), sequences(merged), "run-2's record is not joined");
        assertEquals(RUN_ID, merged.getRunId());
        assertEquals(batch(1, 2), spool.peek(), "nothing taken");
        assertEquals(batch(1, 2), spool.peekMerged(4, Long.MAX_VALUE), "a second record would pass 4 events");
        assertEquals(batch(1, 2), spool.peekMerged(1, Long.MAX_VALUE), "at least the head record");
        assertEquals(batch(1, 2), spool.peekMerged(100, batch(1, 2).getSerializedSize() + 10), "nor its bytes");

        spool.acknowledge(3);

        assertEquals(Arrays.asList(4L, 5L), sequences(spool.peek()), "across the first record into the second");
        spool.close();
    }
}
