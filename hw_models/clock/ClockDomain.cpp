// SPDX-License-Identifier: Apache-2.0
#include "hw_models/clock/ClockDomain.h"

#include "hw_models/common/SimTime.h"

namespace npu::hw {
namespace {

/// `period` x `n` from now (InputError past the end of SystemC's time range).
sc_core::sc_time later(const sc_core::sc_time& period, double n) { return timesChecked(period, n, sc_core::sc_time_stamp()); }

}  // namespace

ClockDomain::ClockDomain(sc_core::sc_module_name name, OperatingPoint op)
    : sc_module(name), op_(op), period_(sc_core::sc_time(1.0 / op.freqHz, sc_core::SC_SEC)) {}

void ClockDomain::waitCycles(double n) {
    while (n > 0.0) {
        const sc_core::sc_time start = sc_core::sc_time_stamp();
        const sc_core::sc_time p = period_;
        const sc_core::sc_time span = later(p, n);
        sc_core::wait(span, changed_);
        const sc_core::sc_time spent = sc_core::sc_time_stamp() - start;
        if (spent >= span) return;    // ran to completion at the old rate
        n -= spent / p;               // cycles already done before the retune
    }
}

double ClockDomain::cycleCount() const {
    if (stopped_) return cyclesAtLastRetune_;
    return cyclesAtLastRetune_ + (sc_core::sc_time_stamp() - lastRetune_) / period_;
}

void ClockDomain::attachWaveform(WaveformSinkIf& sink) {
    wave_ = std::make_unique<Wave>();
    sink.add(wave_->freqMhz, std::string(name()) + ".freq_mhz");
    sink.add(wave_->voltageV, std::string(name()) + ".voltage_v");
    showPoint(!stopped_);
}

void ClockDomain::showPoint(bool running) {
    if (!wave_) return;
    wave_->freqMhz.set(running ? op_.freqHz / 1e6 : 0.0);
    wave_->voltageV.set(op_.voltageV);
}

void ClockDomain::transition(const OperatingPoint& op, const sc_core::sc_time& cost) {
    cyclesAtLastRetune_ = cycleCount();
    stopped_ = true;
    showPoint(false);
    sc_core::wait(later(cost, 1.0));
    stopped_ = false;
    ++transitions_;
    transitionTime_ += cost;
    lastRetune_ = sc_core::sc_time_stamp();
    op_ = op;
    period_ = sc_core::sc_time(1.0 / op.freqHz, sc_core::SC_SEC);
    showPoint(true);
    changed_.notify(sc_core::SC_ZERO_TIME);
}

void ClockDomain::retune(const OperatingPoint& op) {
    cyclesAtLastRetune_ = cycleCount();
    lastRetune_ = sc_core::sc_time_stamp();
    op_ = op;
    period_ = sc_core::sc_time(1.0 / op.freqHz, sc_core::SC_SEC);
    showPoint(true);
    changed_.notify(sc_core::SC_ZERO_TIME);
}

}  // namespace npu::hw
