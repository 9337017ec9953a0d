// SPDX-License-Identifier: Apache-2.0
// Memory traces for `npusim dram`: both formats, timed and untimed, and every error names file and line.
#include <gtest/gtest.h>

#include <cstdio>
#include <sstream>

#include "tests/support/ErrorOf.h"
#include "workloads/MemoryTrace.h"

using namespace npu::workloads;
using npu::test::errorOf;

namespace {
MemoryTrace read(const std::string& text) {
    std::istringstream in(text);
    return readMemoryTrace(in, "m.trace");
}
}  // namespace

TEST(MemoryTrace, NativeTimedWithSizes) {
    const MemoryTrace t = read("# cycle R/W address [bytes]\n0 R 0x1000\n10 W 4096 128\n\n10 RD 0x40 32  # c\n");
    ASSERT_EQ(t.requests.size(), 3u);
    EXPECT_EQ(t.format, "native");
    EXPECT_TRUE(t.requests[0].hasCycle);
    EXPECT_EQ(t.requests[0].addr, 0x1000u);
    EXPECT_EQ(t.requests[0].bytes, 64u);
    EXPECT_TRUE(t.requests[1].write);
    EXPECT_EQ(t.requests[1].cycle, 10u);
    EXPECT_EQ(t.requests[1].addr, 4096u);
    EXPECT_EQ(t.requests[1].bytes, 128u);
    EXPECT_EQ(t.requests[2].bytes, 32u);
}

TEST(MemoryTrace, RamulatorLoadStore) {
    const MemoryTrace t = read("LD 0x7fff0040\nST 0x10\n");
    EXPECT_EQ(t.format, "ramulator");
    ASSERT_EQ(t.requests.size(), 2u);
    EXPECT_FALSE(t.requests[0].hasCycle);
    EXPECT_FALSE(t.requests[0].write);
    EXPECT_TRUE(t.requests[1].write);
    EXPECT_EQ(t.requests[0].addr, 0x7fff0040u);
    EXPECT_EQ(t.requests[0].bytes, 64u);
}

TEST(MemoryTrace, ErrorsNameFileAndLine) {
    EXPECT_EQ(errorOf([] { read("R 0x10\nX 0x20\n"); }), "m.trace:2: expected R or W, got 'X'");
    EXPECT_EQ(errorOf([] { read("R 0xZZ\n"); }), "m.trace:1: address: expected a hex (0x...) or decimal number, got '0xZZ'");
    EXPECT_EQ(errorOf([] { read("R\n"); }), "m.trace:1: missing address");
    EXPECT_EQ(errorOf([] { read("R 0x10 0\n"); }), "m.trace:1: size: expected a byte count in [1, 2^30], got '0'");
    EXPECT_EQ(errorOf([] { read("LD 0x10 64\n"); }), "m.trace:1: expected 'LD|ST address'");
    EXPECT_EQ(errorOf([] { read("R 0x10\nLD 0x20\n"); }), "m.trace:2: mixes the native (R/W) and Ramulator (LD/ST) formats");
    EXPECT_EQ(errorOf([] { read("5 R 0x10\nR 0x20\n"); }), "m.trace:2: mixes timed and untimed requests");
    EXPECT_EQ(errorOf([] { read("5 R 0x10\n4 R 0x20\n"); }), "m.trace:2: cycle 4 is earlier than the previous request's");
    EXPECT_EQ(errorOf([] { read("R 0x10 64 extra\n"); }), "m.trace:1: unexpected 'extra'");
    // the last byte must be at most 2^64 - 1; cycles stay below 2^62 (the engine adds latencies to them)
    EXPECT_EQ(errorOf([] { read("W 0xfffffffffffffff0 17\n"); }),
              "m.trace:1: the request's last byte is beyond address 2^64 - 1 (address 0xfffffffffffffff0, 17 bytes)");
    EXPECT_EQ(read("W 0xfffffffffffffff0 16\n").requests.size(), 1u);
    EXPECT_EQ(errorOf([] { read("4611686018427387904 R 0x10\n"); }),
              "m.trace:1: cycle 4611686018427387904 is not below 2^62 (the engine's time range)");
    EXPECT_EQ(read("4611686018427387903 R 0x10\n").requests.size(), 1u);
    // a cycle is decimal; one beyond 64 bits is still reported as a cycle
    EXPECT_EQ(errorOf([] { read("0x10 R 0x10\n"); }), "m.trace:1: cycle: expected a decimal number below 2^62, got '0x10'");
    EXPECT_EQ(errorOf([] { read("18446744073709551616 R 0x10\n"); }),
              "m.trace:1: cycle: expected a decimal number below 2^62, got '18446744073709551616'");
    // a byte-order mark starts the file: skipped; anywhere else it is shown escaped
    EXPECT_EQ(read("\xEF\xBB\xBFR 0x10\n").requests.size(), 1u);
    EXPECT_EQ(errorOf([] { read("R 0x10\n\xEF\xBB\xBFR 0x10\n"); }), "m.trace:2: expected R or W, got '\\xef\\xbb\\xbfR'");
    // a line longer than 64 KiB (a binary file, /dev/zero) is an error at once, not a memory hog
    EXPECT_EQ(errorOf([] { read("R 0x10\n" + std::string(70000, 'a') + "\n"); }), "m.trace:2: line longer than 65536 bytes");
    EXPECT_EQ(errorOf([] { read(std::string(200000, '\0')); }), "m.trace:1: line longer than 65536 bytes");
    // 65,536 bytes is still a line (a valid request padded with spaces), with or without the newline
    const std::string longest = "R 0x10" + std::string(65536 - 6, ' ');
    EXPECT_EQ(read(longest + "\n").requests.size(), 1u);
    EXPECT_EQ(read(longest).requests.size(), 1u);
    EXPECT_EQ(errorOf([&] { read(longest + " \n"); }), "m.trace:1: line longer than 65536 bytes");
    EXPECT_EQ(errorOf([] { read("# nothing\n"); }), "m.trace: memory trace has no requests");
    EXPECT_EQ(errorOf([] { loadMemoryTrace("/nonexistent.trace"); }), "/nonexistent.trace: cannot open memory trace");
}

// Lines of the common shape "OP 0xADDR" are parsed by a direct path, every other line by the tokenizer:
// both give the same requests, and a direct line still takes part in the format and timing checks.
TEST(MemoryTrace, DirectAndGeneralLinesAgree) {
    const MemoryTrace direct = read("R 0x1F40\nW 0xabc\nRD 0X0\nWR 0xffffffffffffff\n");
    const MemoryTrace general = read("R\t0x1f40  # c\n  W 2748\nRD 0x0 64\nWR 0x00ffffffffffffff\n");
    ASSERT_EQ(direct.requests.size(), 4u);
    ASSERT_EQ(general.requests.size(), 4u);
    for (size_t i = 0; i < 4; ++i) {
        EXPECT_EQ(direct.requests[i].addr, general.requests[i].addr) << i;
        EXPECT_EQ(direct.requests[i].write, general.requests[i].write) << i;
        EXPECT_EQ(direct.requests[i].bytes, general.requests[i].bytes) << i;
        EXPECT_FALSE(direct.requests[i].hasCycle) << i;
    }
    EXPECT_EQ(direct.requests[0].addr, 0x1f40u);
    EXPECT_EQ(direct.requests[3].addr, 0xffffffffffffffu);
    EXPECT_EQ(read("ST 0x40\nLD  0x80\n").requests[1].addr, 0x80u);
    EXPECT_EQ(errorOf([] { read("LD 0x10\nR 0x20\n"); }), "m.trace:2: mixes the native (R/W) and Ramulator (LD/ST) formats");
    EXPECT_EQ(errorOf([] { read("5 R 0x10\nW 0x20\n"); }), "m.trace:2: mixes timed and untimed requests");
    EXPECT_EQ(errorOf([] { read("R 0x\n"); }), "m.trace:1: address: expected a hex (0x...) or decimal number, got '0x'");
    // 16 hex digits directly; more (leading zeros or too large) and non-digits the general way
    EXPECT_EQ(read("W 0xFfFfFfFfFfFfFfc0\n").requests[0].addr, ~uint64_t(63));  // (its 64 bytes end at 2^64)
    EXPECT_EQ(read("W 0x0000000000000000040\n").requests[0].addr, 0x40u);
    EXPECT_EQ(errorOf([] { read("R 0x10000000000000000\n"); }),
              "m.trace:1: address: expected a hex (0x...) or decimal number, got '0x10000000000000000'");
    EXPECT_EQ(errorOf([] { read("R 0x1g\n"); }), "m.trace:1: address: expected a hex (0x...) or decimal number, got '0x1g'");
    // after the first request, direct lines are read in place; a request they cannot take goes the general way
    EXPECT_EQ(errorOf([] { read("R 0x0\nW 0xfffffffffffffff0\n"); }),
              "m.trace:2: the request's last byte is beyond address 2^64 - 1 (address 0xfffffffffffffff0, 64 bytes)");
    EXPECT_EQ(errorOf([] { read("R 0x0\nR 0x1g\n"); }), "m.trace:2: address: expected a hex (0x...) or decimal number, got '0x1g'");
}

TEST(MemoryTrace, DirectAddressesOfEveryLength) {
    // The direct parse classifies 16 bytes at once: every length, every digit in every position, and the
    // bytes around the digits' ranges right after the last one (the general way then reports them).
    const std::string digits = "0123456789abcdefABCDEF";
    for (size_t len = 1; len <= 16; ++len) {
        for (size_t shift = 0; shift < digits.size(); ++shift) {
            std::string hex;
            for (size_t i = 0; i < len; ++i) hex += digits[(i + shift) % digits.size()];
            const MemoryTrace t = read("R 0x0\nW 0x" + hex + "\n");
            ASSERT_EQ(t.requests.size(), 2u);
            EXPECT_EQ(t.requests[1].addr, std::stoull(hex, nullptr, 16)) << hex;
            EXPECT_TRUE(t.requests[1].write);
        }
        const std::string hex = digits.substr(len % 7, len);
        for (const char c : std::string("/:@G`g\x7f\x80\xff")) {  // (the message escapes the last three)
            const std::string error = errorOf([&] { read("R 0x0\nR 0x" + hex + c + "\n"); });
            EXPECT_EQ(error.rfind("m.trace:2: address: expected a hex (0x...) or decimal number, got '0x" + hex, 0), 0u)
                << error;
        }
    }
}

TEST(MemoryTrace, LinesAcrossReadBlocksAndAFinalLineWithoutNewline) {
    // The reader splits 64 KiB blocks in place: 20,000 lines (about 300 KiB) put lines across block ends,
    // direct ones (no size) and general ones; CRLF endings and a last line without '\n' read like the
    // others; an error deep in the file names its line.
    std::string text;
    for (uint64_t i = 0; i < 20000; ++i) {
        char line[64];
        std::snprintf(line, sizeof line, "%s 0x%llx%s%s", i % 3 ? "R" : "W", (unsigned long long)(i * 64 + 1000000),
                      i % 5 ? "" : " 128", i % 7 ? "\n" : "\r\n");
        text += line;
    }
    text += "R 0x40";
    std::istringstream in(text);
    MemoryTraceReader reader(in, "big.trace");
    uint64_t n = 0;
    for (MemoryRequest r; reader.next(r); ++n) {
        if (n == 20000) {
            EXPECT_EQ(r.addr, 0x40u);
            EXPECT_EQ(r.bytes, 64u);
            continue;
        }
        ASSERT_EQ(r.addr, n * 64 + 1000000) << n;
        ASSERT_EQ(r.write, n % 3 == 0) << n;
        ASSERT_EQ(r.bytes, n % 5 ? 64u : 128u) << n;
    }
    EXPECT_EQ(n, 20001u);
    EXPECT_EQ(errorOf([&] { read(text.substr(0, text.size() - 6) + "R 0xZZ\n"); }),
              "m.trace:20001: address: expected a hex (0x...) or decimal number, got '0xZZ'");
}
