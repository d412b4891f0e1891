package com.stanterprise.maven.aggregation;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Timestamp;
import com.stanterprise.testsystem.v1.common.Attachment;
import com.stanterprise.testsystem.v1.common.TestStatus;
import com.stanterprise.testsystem.v1.entities.TestCaseRun;
import com.stanterprise.testsystem.v1.events.TestBeginEventRequest;
import com.stanterprise.testsystem.v1.events.TestEndEventRequest;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** {@link TestHead} reads what the generated classes read, and refuses what they refuse. */
class TestHeadTest {

    private static final TestCaseRun WHOLE = TestCaseRun.newBuilder()
            .setId("id-é").setName("name").setDescription("d").setRunId("run").setTestSuiteId("suite")
            .setStatus(TestStatus.FAILED).setStartTime(Timestamp.newBuilder().setSeconds(5))
            .addAttachments(Attachment.newBuilder().setName("a").setContent(ByteString.copyFromUtf8("x")))
            .setErrorMessage("boom").addErrors("boom").putMetadata("class", "a.B").putMetadata("method", "m")
            .addTags("t").setLocation("a.B#m()").setRetryCount(3).setRetryIndex(2).setTimeout(7)
            .setExecutionId("e").build();

    @Test
    void aBeginAndAnEndAreReadAsTheGeneratedClassesReadThem() throws Exception {
        for (ByteString payload : new ByteString[] {
                TestBeginEventRequest.newBuilder().setTestCase(WHOLE).build().toByteString(),
                TestEndEventRequest.newBuilder().setTestCase(WHOLE).build().toByteString()}) {
            TestHead head = TestHead.of(payload);
            assertEquals("id-é", head.id);
            assertEquals("suite", head.testSuiteId);
            assertEquals(TestStatus.FAILED, head.status);
            assertEquals(2, head.retryIndex);
            assertEquals("a.B", head.className);
            assertEquals("m", head.method);
        }
    }

    @Test
    void whatProtobufMergesIsMergedAndAnUnknownStatusIsUnrecognized() throws Exception {
        ByteString first = TestBeginEventRequest.newBuilder().setTestCase(TestCaseRun.newBuilder()
                .setId("first").setTestSuiteId("suite").putMetadata("class", "a.B").putMetadata("method", "m"))
                .build().toByteString();
        ByteString second = TestBeginEventRequest.newBuilder().setTestCase(TestCaseRun.newBuilder()
                .setId("second").setStatusValue(42).putMetadata("class", "c.D").putMetadata("clash", "x")
                .putMetadata("methox", "y")).build().toByteString();
        ByteString both = first.concat(second);

        TestHead head = TestHead.of(both);
        TestCaseRun generated = TestBeginEventRequest.parseFrom(both).getTestCase();
        assertEquals(generated.getId(), head.id);
        assertEquals(generated.getTestSuiteId(), head.testSuiteId);
        assertEquals(TestStatus.UNRECOGNIZED, head.status);
        assertEquals(generated.getStatus(), head.status);
        assertEquals(generated.getMetadataOrThrow("class"), head.className);
        assertEquals("c.D", head.className);
        assertEquals(generated.getMetadataOrThrow("method"), head.method);
    }

    @Test
    void whatIsNotProtobufOrNotUtf8IsRefused() {
        assertThrows(InvalidProtocolBufferException.class, () -> TestHead.of(ByteString.copyFrom(new byte[] {0x0a, 0x05, 0x0a})),
                "cut short");
        // test_case { id: 0xff } : a proto3 string that is not UTF-8
        assertThrows(InvalidProtocolBufferException.class,
                () -> TestHead.of(ByteString.copyFrom(new byte[] {0x0a, 0x03, 0x0a, 0x01, (byte) 0xff})));
    }

    @Test
    void aValueOfAKeyTheRunDoesNotUseIsNotDecoded() throws Exception {
        // test_case { id: "x", metadata { key: "unique_id", value: 0xff } }
        byte[] entry = {0x0a, 0x09, 'u', 'n', 'i', 'q', 'u', 'e', '_', 'i', 'd', 0x12, 0x01, (byte) 0xff};
        byte[] testCase = new byte[3 + 2 + entry.length];
        testCase[0] = 0x0a;
        testCase[1] = 0x01;
        testCase[2] = 'x';
        testCase[3] = 0x72; // field 14, length-delimited
        testCase[4] = (byte) entry.length;
        System.arraycopy(entry, 0, testCase, 5, entry.length);
        ByteString payload = ByteString.copyFrom(new byte[] {0x0a, (byte) testCase.length}).concat(ByteString.copyFrom(testCase));
        assertThrows(InvalidProtocolBufferException.class, () -> TestBeginEventRequest.parseFrom(payload));
        TestHead head = TestHead.of(payload);
        assertEquals("x", head.id);
        assertEquals("", head.className);
    }

    @Test
    void aFieldTheHeadSkipsIsNotChecked() throws Exception {
        // test_case { name: 0xff, id: "x" }: the generated classes refuse the whole, the head reads its fields
        ByteString payload = ByteString.copyFrom(new byte[] {0x0a, 0x06, 0x12, 0x01, (byte) 0xff, 0x0a, 0x01, 'x'});
        assertThrows(InvalidProtocolBufferException.class, () -> TestBeginEventRequest.parseFrom(payload));
        assertEquals("x", TestHead.of(payload).id);
    }
}
