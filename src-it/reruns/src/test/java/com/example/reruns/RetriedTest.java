package com.example.reruns;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/** With rerunFailingTestsCount: one test that fails once, then passes; one that always fails. */
class RetriedTest {

    @Test
    void passes() {
        assertEquals(2, 1 + 1);
    }

    /** Fails on its first attempt in this build, passes on the next (a marker file in target/). */
    @Test
    void flaky() throws IOException {
        Path marker = Paths.get("target", "flaky-attempted");
        if (!Files.exists(marker)) {
            Files.createDirectories(marker.getParent());
            Files.createFile(marker);
            System.out.println("first attempt of flaky");
            fail("fails on the first attempt");
        }
        System.out.println("later attempt of flaky");
    }

    @Test
    void alwaysFails() {
        System.out.println("attempt of alwaysFails");
        assertEquals(1, 2, "one is not two");
    }
}
