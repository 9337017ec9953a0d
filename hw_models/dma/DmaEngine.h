// SPDX-License-Identifier: Apache-2.0
// Models: a DMA engine moving 2-D strided tensor blocks between DRAM and the on-chip SRAM. A batch
// (the loads of the next tile and the stores of the previous one) is expanded into contiguous runs and
// handed to the memory controller in one TLM-2.0 transaction (DramBatchExtension), so all its requests
// are in flight together; the controller's bounded queues provide the back-pressure.
// Waveform: rd_bytes_in_flight / wr_bytes_in_flight, the bytes of the batch in flight per direction, from
// its start to its last byte (late values: the end is known when the batch starts).
// Ignores: descriptor fetch from memory (a fixed setup cost per batch), address translation.
#pragma once

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>

#include <vector>

#include "hw_models/clock/ClockDomain.h"
#include "hw_models/common/Stats.h"
#include "hw_models/common/Waveform.h"
#include "hw_models/dram/DramController.h"

namespace npu::hw {

/// A 2-D strided block: `runs` contiguous runs of `runBytes`, `strideBytes` apart, from `base`.
struct DmaBlock {
    uint64_t base = 0, runBytes = 0, runs = 1, strideBytes = 0;
    bool write = false;   ///< true: SRAM -> DRAM (store)
    uint64_t bytes() const { return runBytes * runs; }
};

struct DmaConfig {
    uint32_t setupCycles = 32;   ///< core cycles from a batch's start to its first request (descriptor decode)
};

class DmaEngine : public sc_core::sc_module, public StatProviderIf {
public:
    tlm_utils::simple_initiator_socket<DmaEngine> dramPort{"dram_port"};

    DmaEngine(sc_core::sc_module_name name, const DmaConfig& cfg, ClockDomain& clk);
    ~DmaEngine() override;   // detaches ext_ (a payload deletes the extensions it still holds)

    const StatGroup& stats() const override { return stats_; }
    /// Issues a batch now; returns the simulated time at which its last byte has moved. Does not wait:
    /// the caller overlaps the transfer with compute and waits for whichever ends later.
    sc_core::sc_time start(const std::vector<DmaBlock>& blocks);

    uint64_t bytesRead() const { return bytesRead_.value(); }
    uint64_t bytesWritten() const { return bytesWritten_.value(); }
    /// Publishes <name>.rd_bytes_in_flight and <name>.wr_bytes_in_flight. Call before sc_start.
    void attachWaveform(WaveformSinkIf& sink);

private:
    WaveformSinkIf* wave_ = nullptr;
    WaveformSinkIf::LateId waveRd_ = 0, waveWr_ = 0;
    const DmaConfig cfg_;
    ClockDomain& clk_;
    std::vector<DramRun> runs_;   ///< reused across batches
    tlm::tlm_generic_payload gp_;
    DramBatchExtension ext_;
    StatGroup stats_;
    Counter& batches_;
    Counter& bytesRead_;
    Counter& bytesWritten_;
};

}  // namespace npu::hw
