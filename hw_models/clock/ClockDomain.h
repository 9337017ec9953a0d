// SPDX-License-Identifier: Apache-2.0
// Models: a clock domain whose frequency can change at run time (DFS): cycle <-> time conversion at the
// current period, waits in cycles that follow a retune in mid-wait, and a cycle count integrated over time.
// Waveform: freq_mhz (0 while a DFS transition stops the clock) and voltage_v, written on every change.
// Ignores: clock jitter and edges (no sc_clock: nothing ticks; models wait whole jobs in cycles).
#pragma once

#include <systemc>

#include <memory>

#include "hw_models/common/Waveform.h"

namespace npu::hw {

struct OperatingPoint {
    double freqHz = 1.0e9;
    double voltageV = 0.75;
};

class ClockDomain : public sc_core::sc_module {
public:
    ClockDomain(sc_core::sc_module_name name, OperatingPoint op);

    sc_core::sc_time period() const { return period_; }
    /// Duration of n cycles at the current period.
    sc_core::sc_time cycles(double n) const { return period_ * n; }
    const OperatingPoint& operatingPoint() const { return op_; }
    /// Fires when the operating point changes; waitCycles() observes it.
    const sc_core::sc_event& changed() const { return changed_; }

    /// Waits n cycles of this domain; if the frequency changes in mid-wait, the remaining cycles
    /// continue at the new rate. Call from an SC_THREAD. Throws InputError instead of waiting past the end
    /// of SystemC's time range (as does transition()).
    void waitCycles(double n);
    /// Cycles elapsed in this domain from time zero to now, integrated over every retune.
    double cycleCount() const;

    /// Switches to a new operating point at the current time (the DFS governor's job).
    void retune(const OperatingPoint& op);
    /// A DFS transition: the clock stops for `cost` (PLL relock, clock-mux switch), during which the
    /// domain does no work and counts no cycles, then runs at `op`. Call from an SC_THREAD.
    void transition(const OperatingPoint& op, const sc_core::sc_time& cost);
    uint64_t transitions() const { return transitions_; }
    sc_core::sc_time transitionTime() const { return transitionTime_; }
    /// Publishes <name>.freq_mhz and <name>.voltage_v. Call before sc_start.
    void attachWaveform(WaveformSinkIf& sink);

private:
    struct Wave {
        WaveVar<double> freqMhz, voltageV;
    };
    void showPoint(bool running);
    std::unique_ptr<Wave> wave_;   ///< null without a waveform
    OperatingPoint op_;
    sc_core::sc_time period_;
    sc_core::sc_time lastRetune_;      ///< when the current period took effect
    double cyclesAtLastRetune_ = 0.0;
    bool stopped_ = false;             ///< in a transition: no cycles
    uint64_t transitions_ = 0;
    sc_core::sc_time transitionTime_;
    sc_core::sc_event changed_;
};

}  // namespace npu::hw
