package com.stanterprise.listener;

import com.stanterprise.testsystem.v1.common.Attachment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@code testsystem.v1.entities.TestCaseRun} being put together for a test's begin or end,
 * written by {@link Wire} (see there why not by the generated builder). Times are epoch
 * microseconds; the run id is the aggregator's to fill in.
 */
final class TestCase implements Wire.Message {

    private String id = "";
    private String name = "";
    private String testSuiteId = "";
    private Status status = Status.UNKNOWN;
    private long startMicros;
    private boolean ended;
    private long endMicros;
    private long durationMicros;
    private final List<Attachment> attachments = new ArrayList<>();
    private String errorMessage = "";
    private String stackTrace = "";
    private final List<String> errors = new ArrayList<>();
    private final Map<String, String> metadata = new LinkedHashMap<>();
    private final List<String> tags = new ArrayList<>();
    private String location = "";
    private int retryIndex;
    private String executionId = "";

    TestCase copy() {
        TestCase copy = new TestCase();
        copy.id = id;
        copy.name = name;
        copy.testSuiteId = testSuiteId;
        copy.status = status;
        copy.startMicros = startMicros;
        copy.ended = ended;
        copy.endMicros = endMicros;
        copy.durationMicros = durationMicros;
        copy.attachments.addAll(attachments);
        copy.errorMessage = errorMessage;
        copy.stackTrace = stackTrace;
        copy.errors.addAll(errors);
        copy.metadata.putAll(metadata);
        copy.tags.addAll(tags);
        copy.location = location;
        copy.retryIndex = retryIndex;
        copy.executionId = executionId;
        return copy;
    }

    TestCase setId(String id) {
        this.id = id;
        return this;
    }

    String getId() {
        return id;
    }

    TestCase setName(String name) {
        this.name = name;
        return this;
    }

    TestCase setTestSuiteId(String testSuiteId) {
        this.testSuiteId = testSuiteId;
        return this;
    }

    TestCase setStatus(Status status) {
        this.status = status;
        return this;
    }

    TestCase setStartTime(long epochMicros) {
        this.startMicros = epochMicros;
        return this;
    }

    /** The end time, and the duration since the start. */
    TestCase setEnded(long epochMicros) {
        this.ended = true;
        this.endMicros = epochMicros;
        this.durationMicros = epochMicros - startMicros;
        return this;
    }

    TestCase addAllAttachments(List<Attachment> attachments) {
        this.attachments.addAll(attachments);
        return this;
    }

    TestCase setErrorMessage(String errorMessage) {
        this.errorMessage = errorMessage;
        return this;
    }

    TestCase setStackTrace(String stackTrace) {
        this.stackTrace = stackTrace;
        return this;
    }

    TestCase addErrors(String error) {
        errors.add(error);
        return this;
    }

    TestCase putMetadata(String key, String value) {
        metadata.put(key, value);
        return this;
    }

    Map<String, String> getMetadataMap() {
        return metadata;
    }

    TestCase addTags(String tag) {
        tags.add(tag);
        return this;
    }

    TestCase setLocation(String location) {
        this.location = location;
        return this;
    }

    TestCase setRetryIndex(int retryIndex) {
        this.retryIndex = retryIndex;
        return this;
    }

    int getRetryIndex() {
        return retryIndex;
    }

    TestCase setExecutionId(String executionId) {
        this.executionId = executionId;
        return this;
    }

    String getExecutionId() {
        return executionId;
    }

    @Override
    public void writeTo(Wire wire, int field) {
        int message = wire.open(field);
        wire.string(1, id);
        wire.string(2, name);
        wire.string(5, testSuiteId);
        wire.number(6, status.number);
        wire.timestamp(7, startMicros);
        if (ended) {
            wire.timestamp(8, endMicros);
            wire.duration(9, durationMicros);
        }
        for (Attachment attachment : attachments) {
            // Attachments are rare: the generated class encodes them.
            wire.bytes(10, attachment.toByteArray());
        }
        wire.string(11, errorMessage);
        wire.string(12, stackTrace);
        for (String error : errors) {
            wire.repeatedString(13, error);
        }
        for (Map.Entry<String, String> entry : metadata.entrySet()) {
            wire.entry(14, entry.getKey(), entry.getValue());
        }
        for (String tag : tags) {
            wire.repeatedString(15, tag);
        }
        wire.string(16, location);
        wire.number(18, retryIndex);
        wire.string(20, executionId);
        wire.close(message);
    }
}
