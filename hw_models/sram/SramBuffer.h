// SPDX-License-Identifier: Apache-2.0
// Models: the NPU's banked on-chip SRAM holding the input, weight and output buffers. Lines of
// `bank_width_bytes` interleave across banks; each bank serves `ports_per_bank` line accesses per cycle.
// Per tile step the DMA's fills and drains and the array's operand reads and result writes are counted
// per bank; when the busiest bank needs more cycles than the step lasts, the step stretches by the
// difference (bank-conflict cycles).
// The access latency is paid once per tile step (the array's operand pipeline fills once per tile).
// Waveform: bank<i>.util per tile step, the bank's busy cycles (accesses / ports) / the step's cycles
// (late values: known when the step ends, placed at its start).
// Ignores: the order of accesses within a step.
#pragma once

#include <systemc>

#include <vector>

#include "hw_models/common/Stats.h"
#include "hw_models/common/Waveform.h"
#include "hw_models/sram/SramConfig.h"

namespace npu::hw {

class SramBuffer : public sc_core::sc_module, public StatProviderIf {
public:
    enum class Buffer { Input, Weight, Output };

    SramBuffer(sc_core::sc_module_name name, const SramConfig& cfg);

    const SramConfig& config() const { return cfg_; }
    const StatGroup& stats() const override { return stats_; }
    uint64_t bufferBytes(Buffer b) const;

    /// Counts `bytes` of line accesses starting at `offset` of buffer `b`, half `half` (0/1: double buffer).
    void access(Buffer b, int half, uint64_t offset, uint64_t bytes, bool write);
    /// Closes a tile step that lasted `stepCycles`: returns the bank-conflict cycles it adds and starts a
    /// new step.
    uint64_t endStep(uint64_t stepCycles);

    /// Line reads and writes per bank since the start.
    const std::vector<uint64_t>& bankReads() const { return bankReads_; }
    const std::vector<uint64_t>& bankWrites() const { return bankWrites_; }
    uint64_t reads() const { return reads_.value(); }
    uint64_t writes() const { return writes_.value(); }
    uint64_t conflictCycles() const { return conflictCycles_.value(); }

    /// Publishes <name>.bank<i>.util. Call before sc_start.
    void attachWaveform(WaveformSinkIf& sink);
    /// With a waveform: the last step closed by endStep ran from `start` to `end` (its bank use is placed there).
    void traceStep(const sc_core::sc_time& start, const sc_core::sc_time& end);

private:
    uint64_t baseOf(Buffer b, int half) const;

    const SramConfig cfg_;
    std::vector<uint64_t> stepAccesses_;   ///< per bank, this step
    std::vector<uint64_t> bankReads_, bankWrites_;
    StatGroup stats_;
    Counter& reads_;
    Counter& writes_;
    Counter& conflictCycles_;
    WaveformSinkIf* wave_ = nullptr;
    std::vector<WaveformSinkIf::LateId> waveBanks_;
    std::vector<uint64_t> lastStepAccesses_;   ///< with a waveform: per bank, the step endStep closed
    uint64_t lastStepCycles_ = 0;              ///< its cycles, bank conflicts included
};

}  // namespace npu::hw
