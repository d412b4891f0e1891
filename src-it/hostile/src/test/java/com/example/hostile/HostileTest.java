package com.example.hostile;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.fail;

/** Tests that do what no reporter expects; every one must still arrive, valid and bounded. */
class HostileTest {

    @Test
    void hugeMessage() {
        fail("10 MB of message: " + "m".repeat(10 * 1024 * 1024));
    }

    @Test
    void deepRecursion() {
        recurse(5_000);
    }

    private static void recurse(int depth) {
        if (depth == 0) {
            throw new IllegalStateException("the bottom of a 5,000-frame recursion");
        }
        recurse(depth - 1);
    }

    @Test
    void floods() {
        String line = "x".repeat(1023) + "\n";
        String chunk = line.repeat(64);
        for (int i = 0; i < 1_600; i++) {
            System.out.print(chunk); // 1,600 x 64 KiB = 100 MiB
        }
    }

    @Test
    @DisplayName("ctl \0 bel \7 cr \r lf \n tab \t esc \33 lone \uD800 emoji \uD83D\uDE00 end")
    void controlCharacters() {
    }

    @Test
    void notUtf8() {
        System.out.write(new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF}, 0, 3);
        System.out.println(" <- not UTF-8");
    }

    /** A message of 3-byte characters: each field within its limit, the end event beyond a fork frame. */
    @Test
    void wideCharacters() {
        fail("\u20AC".repeat(400_000));
    }

    /** Each invocation sends events of some 700 KB: several of them exceed 4 MiB together. */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
    void heavy(int i) {
        fail(i + ": " + "h".repeat(300_000));
    }
}
