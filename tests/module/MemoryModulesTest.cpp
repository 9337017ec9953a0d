// SPDX-License-Identifier: Apache-2.0
// DramController behind TLM-2.0, the DMA engine in front of it, and the SRAM bank model:
// exact times from the DRAM timing parameters, bytes conserved, bank conflicts counted by hand.
#include <gtest/gtest.h>

#include <systemc>
#include <tlm_utils/simple_initiator_socket.h>

#include "hw_models/dma/DmaEngine.h"
#include "hw_models/dram/DramController.h"
#include "hw_models/sram/SramBuffer.h"
#include "tests/support/ScriptThread.h"

using namespace sc_core;
using namespace npu::hw;

namespace {
/// LPDDR5X defaults with a 1 ns clock and refresh off: readable arithmetic.
dram::DramConfig simpleDram() {
    dram::DramConfig c;
    c.timing.tCK_ps = 1000;
    c.controller.refresh = "none";
    return c;
}

struct Initiator : sc_module {
    tlm_utils::simple_initiator_socket<Initiator> port{"port"};
    std::function<void(Initiator&)> body;
    SC_HAS_PROCESS(Initiator);
    Initiator(sc_module_name n, std::function<void(Initiator&)> b) : sc_module(n), body(std::move(b)) { SC_THREAD(run); }
    void run() { body(*this); }
    sc_time transport(uint64_t addr, uint32_t bytes, bool write, sc_time delay = SC_ZERO_TIME) {
        tlm::tlm_generic_payload gp;
        gp.set_command(write ? tlm::TLM_WRITE_COMMAND : tlm::TLM_READ_COMMAND);
        gp.set_address(addr);
        gp.set_data_length(bytes);
        port->b_transport(gp, delay);
        EXPECT_EQ(gp.get_response_status(), tlm::TLM_OK_RESPONSE);
        return delay;
    }
};
}  // namespace

TEST(DramController, ClosedBankThenRowHitThroughTlm) {
    const dram::DramConfig cfg = simpleDram();
    const auto& t = cfg.timing;
    DramController dram("dram", cfg, /*checkProtocol=*/true);
    sc_time first, second;
    Initiator tb("tb", [&](Initiator& i) {
        first = i.transport(0x0, 32, false);                 // one burst to a closed bank
        wait(first);
        second = i.transport(0x0, 32, false);                // same row, still open
    });
    tb.port.bind(dram.port);
    sc_start();
    EXPECT_EQ(first, sc_time(t.tRCD + t.RL + t.tBURST, SC_NS));
    EXPECT_EQ(second, sc_time(t.RL + t.tBURST, SC_NS));
    const auto total = dram.stats().total();
    EXPECT_EQ(total.counts.rowMisses, 1u);
    EXPECT_EQ(total.counts.rowHits, 1u);
    EXPECT_EQ(total.bytesRead, 64u);
    EXPECT_GT(dram.checkedCommands(), 0u);
}

TEST(DramController, ArrivalIsTheNextDramClockEdgeAfterTheAnnotatedDelay) {
    const dram::DramConfig cfg = simpleDram();
    const auto& t = cfg.timing;
    DramController dram("dram", cfg, true);
    sc_time d;
    Initiator tb("tb", [&](Initiator& i) { d = i.transport(0x0, 32, false, sc_time(2500, SC_PS)); });
    tb.port.bind(dram.port);
    sc_start();
    // Arrives at 2.5 ns: the controller sees it at the 3 ns edge.
    EXPECT_EQ(d, sc_time(3 + t.tRCD + t.RL + t.tBURST, SC_NS));
}

TEST(DmaEngine, BatchMovesEveryByteAndReturnsItsEnd) {
    const dram::DramConfig cfg = simpleDram();
    ClockDomain clk("clk", {1.0e9, 0.75});
    DmaConfig dc;
    dc.setupCycles = 10;
    DmaEngine dma("dma", dc, clk);
    DramController dram("dram", cfg, true);
    dma.dramPort.bind(dram.port);
    sc_time end;
    npu::test::ScriptThread runner("runner", [&] {
        // 4 runs of 100 bytes, 4096 apart (loads), and one 256-byte store.
        end = dma.start({{0x10000, 100, 4, 4096, false}, {0x80000, 256, 1, 0, true}});
    });
    sc_start();
    EXPECT_EQ(dma.bytesRead(), 400u);
    EXPECT_EQ(dma.bytesWritten(), 256u);
    const auto total = dram.stats().total();
    // Each 100-byte run starting 32-byte aligned touches 4 bursts of 32 bytes; the store 8 bursts.
    EXPECT_EQ(total.bytesRead, 4u * 4u * 32u);
    EXPECT_EQ(total.bytesWritten, 256u);
    EXPECT_GE(end, sc_time(10 + cfg.timing.tRCD + cfg.timing.RL + cfg.timing.tBURST, SC_NS));
    EXPECT_EQ(end, sc_time(double(total.lastFinishCycle), SC_NS));
}

TEST(SramBuffer, LinesInterleaveAcrossBanksAndConflictsStretchTheStep) {
    SramConfig c;
    c.inputKib = 4;
    c.weightKib = 4;
    c.outputKib = 4;
    c.banks = 4;
    c.bankWidthBytes = 16;
    c.portsPerBank = 1;
    SramBuffer sram("sram", c);
    // 10 lines from line 0 of the input buffer: banks 0,1 get 3 lines, banks 2,3 get 2.
    sram.access(SramBuffer::Buffer::Input, 0, 0, 160, true);
    EXPECT_EQ(sram.endStep(2), 1u);    // busiest bank needs 3 cycles, the step lasted 2
    EXPECT_EQ(sram.endStep(0), 0u);    // counts were reset
    // The weight buffer's second half starts at 4 KiB + 2 KiB = line 384 (bank 0). 64 lines: 16 per bank.
    sram.access(SramBuffer::Buffer::Weight, 1, 0, 1024, false);
    EXPECT_EQ(sram.endStep(10), 6u);
    EXPECT_EQ(sram.reads(), 64u);
    EXPECT_EQ(sram.writes(), 10u);
    EXPECT_EQ(sram.conflictCycles(), 7u);
}
