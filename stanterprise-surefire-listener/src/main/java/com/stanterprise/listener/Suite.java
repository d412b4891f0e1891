package com.stanterprise.listener;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A {@code testsystem.v1.entities.TestSuiteRun} being put together for a suite's begin or end,
 * written by {@link Wire} (see there why not by the generated builder). Times are epoch
 * microseconds; the run id and the PROJECT suite above are the aggregator's to fill in.
 */
final class Suite implements Wire.Message {

    /** {@code testsystem.v1.entities.SuiteType}'s numbers. */
    static final int SUBSUITE = 2;
    static final int FILE = 3;

    private String id = "";
    private String name = "";
    private long startMicros;
    private boolean ended;
    private long endMicros;
    private long durationMicros;
    private Status status = Status.UNKNOWN;
    private final Map<String, String> metadata = new LinkedHashMap<>();
    private String location = "";
    private int type;
    private String parentSuiteId = "";
    private String executionId = "";

    Suite setId(String id) {
        this.id = id;
        return this;
    }

    Suite setName(String name) {
        this.name = name;
        return this;
    }

    Suite setStartTime(long epochMicros) {
        this.startMicros = epochMicros;
        return this;
    }

    /** The end time, and the duration since the start. */
    Suite setEnded(long epochMicros) {
        return setEnded(epochMicros, epochMicros - startMicros);
    }

    Suite setEnded(long epochMicros, long durationMicros) {
        this.ended = true;
        this.endMicros = epochMicros;
        this.durationMicros = durationMicros;
        return this;
    }

    Suite setStatus(Status status) {
        this.status = status;
        return this;
    }

    Suite putMetadata(String key, String value) {
        metadata.put(key, value);
        return this;
    }

    Map<String, String> getMetadataMap() {
        return metadata;
    }

    Suite setLocation(String location) {
        this.location = location;
        return this;
    }

    Suite setType(int type) {
        this.type = type;
        return this;
    }

    Suite setParentSuiteId(String parentSuiteId) {
        this.parentSuiteId = parentSuiteId;
        return this;
    }

    Suite setExecutionId(String executionId) {
        this.executionId = executionId;
        return this;
    }

    @Override
    public void writeTo(Wire wire, int field) {
        int message = wire.open(field);
        wire.string(1, id);
        wire.string(2, name);
        wire.timestamp(5, startMicros);
        if (ended) {
            wire.timestamp(6, endMicros);
            wire.duration(7, durationMicros);
        }
        wire.number(8, status.number);
        for (Map.Entry<String, String> entry : metadata.entrySet()) {
            wire.entry(9, entry.getKey(), entry.getValue());
        }
        wire.string(10, location);
        wire.number(11, type);
        wire.string(12, parentSuiteId);
        wire.string(21, executionId);
        wire.close(message);
    }
}
