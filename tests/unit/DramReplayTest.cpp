// SPDX-License-Identifier: Apache-2.0
// `npusim dram` replay: a trace request enters the controller as the row runs of its bytes, the trace is
// streamed, and the initiator's limit of requests in flight holds; results worked out from LPDDR5X timing.
#include <gtest/gtest.h>

#include <sstream>

#include "sim/dram/DramReplay.h"
#include "tests/support/ErrorOf.h"
#include "tests/unit/DramTestSpecs.h"

using namespace npu;
using namespace npu::hw::dram;
using namespace npu::hw::dram::testspecs;

namespace {

sim::ReplayResult replay(DramSystem& dram, const std::string& text, uint32_t maxOutstanding) {
    std::istringstream in(text);
    workloads::MemoryTraceReader reader(in, "t.trace");
    return sim::replayTrace(dram, reader, maxOutstanding);
}

}  // namespace

// One closed-bank read of one burst: tRCD + RL + tBURST = 20 + 23 + 2 cycles.
TEST(DramReplay, OneReadToAClosedBank) {
    DramSystem dram(noRefresh(lpddr5x_8533()));
    const sim::ReplayResult r = replay(dram, "R 0x0 32\n", 1);
    EXPECT_EQ(r.requests, 1u);
    EXPECT_EQ(r.bursts, 1u);
    EXPECT_EQ(r.lastFinishCycle, 45u);
    EXPECT_DOUBLE_EQ(r.avgRequestLatencyCycles, 45.0);
}

// A 4 KiB read is 128 bursts of 32 B. With the mapping RoRaBaCoBgCh (offset 5 bits, Ch 2, Bg 2, then the
// column), its bursts fall into 4 channels x 4 bank groups = 16 row runs of 8 consecutive columns: 16
// engine requests, one trace request, completed once all 16 have.
TEST(DramReplay, ARequestIsItsRowRuns) {
    DramSystem dram(noRefresh(lpddr5x_8533()));
    const sim::ReplayResult r = replay(dram, "R 0x0 4096\n", 1);
    EXPECT_EQ(r.requests, 1u);
    EXPECT_EQ(r.bursts, 128u);
    EXPECT_EQ(dram.stats().total().counts.reads, 128u);
    EXPECT_EQ(dram.stats().total().completedRequests, 16u);
    EXPECT_EQ(dram.stats().total().counts.rowMisses, 16u);   // each row run's first burst opens its row
    EXPECT_EQ(dram.stats().total().counts.rowHits, 112u);
    EXPECT_EQ(r.avgRequestLatencyCycles, double(r.lastFinishCycle));   // arrived at 0, done with its last burst
}

// Requests of 1 to 20 bursts at every offset within a burst, around the replay's limit for row runs kept
// in place (those touching at most 8 bursts): every burst is counted and read once, every request completes.
TEST(DramReplay, RequestsOfEverySizeNearTheInPlaceLimit) {
    DramSystem dram(noRefresh(lpddr5x_8533()));
    std::string text;
    uint64_t bursts = 0, requests = 0;
    for (uint64_t bytes = 1; bytes <= 20 * 32; bytes += 7) {
        for (uint64_t offset = 0; offset < 32; offset += 5) {
            const uint64_t addr = requests * 8192 + offset;
            text += "R " + std::to_string(addr) + " " + std::to_string(bytes) + "\n";
            bursts += (offset + bytes + 31) / 32;
            ++requests;
        }
    }
    const sim::ReplayResult r = replay(dram, text, 4);
    EXPECT_EQ(r.requests, requests);
    EXPECT_EQ(r.bursts, bursts);
    EXPECT_EQ(dram.stats().total().counts.reads, bursts);
}

// A request is done with the latest of its row runs, whatever order their completions come in. LPDDR5X:
// "R 0x40 32" is one burst in channel 2 (bank group 0, bank 0, row 0); "R 0x0 128" the same burst in
// channels 0 to 3. Both arrive at 0. Channels 0, 1, 3: ACT at 0, RD at tRCD = 20, done at 20 + RL 23 +
// tBURST 2 = 45. Channel 2: ACT at 0, the first request's RD at 20 (done at 45), the second's a row hit in
// the same bank group at 20 + tCCD_L 4 = 24, done at 49. Latencies 45 and 49 (channel 3's part, completed
// at 45, is reported after channel 2's): average 47.
TEST(DramReplay, ARequestIsDoneWithItsLatestRowRun) {
    DramSystem dram(noRefresh(lpddr5x_8533()));
    ASSERT_EQ(dram.mapper().decode(0x40).channel, 2u);
    const sim::ReplayResult r = replay(dram, "R 0x40 32\nR 0x0 128\n", 2);
    EXPECT_EQ(r.requests, 2u);
    EXPECT_EQ(r.bursts, 5u);
    EXPECT_EQ(r.lastFinishCycle, 49u);
    EXPECT_DOUBLE_EQ(r.avgRequestLatencyCycles, 47.0);
}

// The initiator's limit: with one request in flight, two reads of different banks of one channel cannot
// overlap their activations; with two in flight they can, so the trace finishes earlier.
TEST(DramReplay, OutstandingLimitSerializes) {
    const uint64_t other = 1u << 15;   // the lowest bank bit (Ro Ra Ba[16:15] Co[14:9] Bg Ch offset[4:0])
    const std::string twoBanks = "R 0x0 32\nR " + std::to_string(other) + " 32\n";
    DramSystem one(noRefresh(lpddr5x_8533()));
    DramSystem two(noRefresh(lpddr5x_8533()));
    const DramAddress a0 = one.mapper().decode(0), a1 = one.mapper().decode(other);
    ASSERT_EQ(a0.channel, a1.channel);
    ASSERT_EQ(a0.rank, a1.rank);
    ASSERT_EQ(a0.bankGroup, a1.bankGroup);
    ASSERT_NE(a0.bank, a1.bank);
    const sim::ReplayResult a = replay(one, twoBanks, 1);
    const sim::ReplayResult b = replay(two, twoBanks, 2);
    EXPECT_EQ(a.bursts, 2u);
    EXPECT_EQ(one.stats().total().counts.activates, 2u);
    EXPECT_GT(a.lastFinishCycle, b.lastFinishCycle);
    // Two in flight: ACT at 0 and tRRD_S = 6 later, RD at 20 and 26, the second finishes 26 + 23 + 2.
    EXPECT_EQ(b.lastFinishCycle, 51u);
}

// The reader is streamed: a bad line is reported by the `next` call that reaches it.
TEST(DramReplay, BadLineMidTraceNamesItsLine) {
    DramSystem dram(noRefresh(lpddr5x_8533()));
    EXPECT_EQ(npu::test::errorOf([&] { replay(dram, "R 0x0\nR 0x40\nQ 0x80\n", 4); }),
              "t.trace:3: expected R or W, got 'Q'");
}
