// SPDX-License-Identifier: Apache-2.0
// Models: what the DRAM controller did, as the waveform shows it. It listens to the controller (commands at
// their DRAM-clock cycles, requests entering and leaving the queues) while tracing (late signals, placed at
// their true times): <prefix>.ch<c>.cmd (the command code for half a DRAM clock cycle at its issue cycle,
// else 0), <prefix>.ch<c>.queue (requests queued or being served: from queue entry to their last data
// beat), <prefix>.ch<c>.bank<b>.open_row (the open row; 'z' when the bank is closed; 'x' until a command
// in the traced window shows it). (The timeline's DRAM spans need no listener: DramController::takeSpans.)
// Ignores: commands issued while no listener is attached (outside the traced window).
#pragma once

#include <systemc>

#include <vector>

#include "hw_models/common/Waveform.h"
#include "hw_models/dram/DramActivityListenerIf.h"
#include "hw_models/dram/DramConfig.h"

namespace npu::sim {

/// Command codes of the waveform's cmd signals.
enum class DramCmdCode : uint8_t { None = 0, Act = 1, Pre = 2, PreA = 3, Rd = 4, Wr = 5, Ref = 6, RefPb = 7 };

class DramActivity : public hw::dram::DramActivityListenerIf {
public:
    explicit DramActivity(const hw::dram::DramConfig& cfg);

    /// Registers the waveform signals under `prefix` (e.g. "npu.dram").
    void attachWaveform(hw::WaveformSinkIf& sink, const std::string& prefix);
    /// Entering (true) or leaving the traced window: bank state is unknown after a stretch not observed.
    void setWaveformActive(bool on);
    void onCommand(const hw::dram::DramCommand& cmd) override;
    void onRequestQueued(uint32_t channel, uint64_t cycle, bool write) override;
    void onRequestDone(uint32_t channel, uint64_t finishCycle, bool write) override;

private:
    sc_core::sc_time at(uint64_t cycle) const { return sc_core::sc_time::from_value(cycle * tckUnits_); }
    uint32_t flatBank(const hw::dram::DramCommand& c) const {
        return (c.rank * org_.bankGroups + c.bankGroup) * org_.banksPerGroup + c.bank;
    }
    void setBank(uint32_t channel, uint32_t bank, int64_t row, const sc_core::sc_time& t);   ///< row -1: closed

    hw::dram::DramOrganization org_;
    uint64_t tckUnits_;   ///< tCK in kernel time units
    hw::WaveformSinkIf* sink_ = nullptr;
    bool waveOn_ = false;
    std::vector<hw::WaveformSinkIf::LateId> cmdId_, queueId_, bankId_;   ///< bankId_: channel-major
    std::vector<int64_t> bankRow_;   ///< as last shown: row, -1 closed, -2 unknown
};

}  // namespace npu::sim
