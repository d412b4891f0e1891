package com.stanterprise.maven.aggregation;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import com.stanterprise.testsystem.v1.common.TestStatus;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * What the run reads of every test's begin and end ({@code TestBeginEventRequest} or
 * {@code TestEndEventRequest}): the test case's id, suite, status, retry index, and the class and
 * method of its metadata, by which Surefire's reports name it; the rest is skipped. Read field
 * by field: the generated parsers of a whole test case, or of a message with only these fields
 * and the rest discarded, were the largest compilations in Maven's JVM for the events of a build
 * (0.6 s of C2 for 11,206 events; BENCHMARKS.md, Change 16).
 */
final class TestHead {

    private static final int TEST_CASE = tag(1, WireFormat.WIRETYPE_LENGTH_DELIMITED);
    private static final int ID = tag(1, WireFormat.WIRETYPE_LENGTH_DELIMITED);
    private static final int TEST_SUITE_ID = tag(5, WireFormat.WIRETYPE_LENGTH_DELIMITED);
    private static final int STATUS = tag(6, WireFormat.WIRETYPE_VARINT);
    private static final int METADATA = tag(14, WireFormat.WIRETYPE_LENGTH_DELIMITED);
    private static final int RETRY_INDEX = tag(18, WireFormat.WIRETYPE_VARINT);
    private static final int KEY = tag(1, WireFormat.WIRETYPE_LENGTH_DELIMITED);
    private static final int VALUE = tag(2, WireFormat.WIRETYPE_LENGTH_DELIMITED);

    private static final byte[] CLASS_KEY = "class".getBytes(StandardCharsets.UTF_8);
    private static final byte[] METHOD_KEY = "method".getBytes(StandardCharsets.UTF_8);
    private static final int OTHER = 0;
    private static final int CLASS = 1;
    private static final int METHOD = 2;

    private static int tag(int field, int wireType) {
        return field << 3 | wireType;
    }

    String id = "";
    String testSuiteId = "";
    TestStatus status = TestStatus.UNKNOWN;
    int retryIndex;
    /** The metadata's "class" and "method"; "" when there is none. As in a protobuf map, the last entry of a key wins. */
    String className = "";
    String method = "";

    private TestHead() {
    }

    static TestHead of(ByteString testBeginOrEnd) throws InvalidProtocolBufferException {
        TestHead head = new TestHead();
        try {
            CodedInputStream in = testBeginOrEnd.newCodedInput();
            for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
                if (tag == TEST_CASE) {
                    // A message field that comes twice is merged, as protobuf merges it.
                    int outer = in.pushLimit(in.readRawVarint32());
                    head.readTestCase(in);
                    in.popLimit(outer);
                } else if (!in.skipField(tag)) {
                    break;
                }
            }
        } catch (InvalidProtocolBufferException e) {
            throw e;
        } catch (IOException e) {
            throw new InvalidProtocolBufferException(e);
        }
        return head;
    }

    private void readTestCase(CodedInputStream in) throws IOException {
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            if (tag == ID) {
                id = in.readStringRequireUtf8();
            } else if (tag == TEST_SUITE_ID) {
                testSuiteId = in.readStringRequireUtf8();
            } else if (tag == STATUS) {
                TestStatus known = TestStatus.forNumber(in.readEnum());
                status = known != null ? known : TestStatus.UNRECOGNIZED;
            } else if (tag == METADATA) {
                int entry = in.pushLimit(in.readRawVarint32());
                readEntry(in);
                in.popLimit(entry);
            } else if (tag == RETRY_INDEX) {
                retryIndex = in.readInt32();
            } else if (!in.skipField(tag)) {
                return;
            }
        }
    }

    /** Decodes only the two values the run uses; other keys are compared as bytes and their values skipped. */
    private void readEntry(CodedInputStream in) throws IOException {
        int key = OTHER;
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            if (tag == KEY) {
                key = key(in);
            } else if (tag == VALUE && key != OTHER) {
                String value = in.readStringRequireUtf8();
                if (key == CLASS) {
                    className = value;
                } else {
                    method = value;
                }
            } else if (!in.skipField(tag)) {
                break;
            }
        }
    }

    private static int key(CodedInputStream in) throws IOException {
        int length = in.readRawVarint32();
        if (length != CLASS_KEY.length && length != METHOD_KEY.length) {
            in.skipRawBytes(length);
            return OTHER;
        }
        byte[] key = in.readRawBytes(length);
        return Arrays.equals(key, CLASS_KEY) ? CLASS : Arrays.equals(key, METHOD_KEY) ? METHOD : OTHER;
    }
}
