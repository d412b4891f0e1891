package com.stanterprise.listener;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * What a test or container published through JUnit's {@code TestReporter.publishEntry}, for the
 * metadata of its end event. A key published twice keeps both values, one per line (JUnit's
 * one-argument {@code publishEntry(value)} always uses the key "value"). Bounded in characters.
 */
final class ReportEntries {

    static final int MAX_CHARS = 128 * 1024;
    /** A key the listener itself sets ("class", "method" ...) keeps its value; the entry goes here. */
    static final String CLASHING_KEY_PREFIX = "entry.";
    static final String DROPPED = "entries_not_sent";

    private final Map<String, String> entries = new LinkedHashMap<>();
    private int chars;
    private int dropped;

    synchronized void add(Map<String, String> published) {
        for (Map.Entry<String, String> entry : published.entrySet()) {
            String key = entry.getKey();
            String value = entry.getValue() == null ? "" : entry.getValue();
            String before = entries.get(key);
            // what the entry takes now: its key and value, or nothing yet
            int taken = before == null ? 0 : key.length() + before.length();
            int room = MAX_CHARS - chars + taken - key.length();
            if (before != null) {
                value = before + "\n" + value;
            }
            if (room <= (before == null ? 0 : before.length() + 1)) {
                dropped++;
                continue;
            }
            String kept = Text.limit(value, room);
            chars += key.length() + kept.length() - taken;
            entries.put(key, kept);
        }
    }

    /** Puts the entries into {@code metadata} (through {@code put}), beside what is there already. */
    synchronized void addTo(Map<String, String> metadata, BiConsumer<String, String> put) {
        for (Map.Entry<String, String> entry : entries.entrySet()) {
            String key = metadata.containsKey(entry.getKey()) ? CLASHING_KEY_PREFIX + entry.getKey() : entry.getKey();
            put.accept(key, entry.getValue());
        }
        if (dropped > 0) {
            put.accept(DROPPED, Integer.toString(dropped));
        }
    }
}
