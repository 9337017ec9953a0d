// SPDX-License-Identifier: Apache-2.0
#include "hw_models/clock/ClockDomain.h"

#include <cstdio>

#include "hw_models/common/Error.h"

namespace npu::hw {
namespace {

/// `period` x `n` from now, rounded as sc_time's own product; throws InputError when now plus that passes the
/// end of SystemC's time range (sc_max_time(): 2^64 time steps, about 18,447 s at npusim's 1 fs resolution).
sc_core::sc_time later(const sc_core::sc_time& period, double n) {
    const double steps = period.to_double() * n + 0.5;
    const uint64_t room = sc_core::sc_max_time().value() - sc_core::sc_time_stamp().value();
    if (!(steps < 18446744073709551616.0) || static_cast<uint64_t>(steps) > room) {   // 2^64: beyond any uint64
        char limit[64];
        std::snprintf(limit, sizeof limit, "%.3f s (2^64 steps of %s)", sc_core::sc_max_time().to_seconds(),
                      sc_core::sc_get_time_resolution().to_string().c_str());
        throw InputError(std::string("simulated time would pass the end of SystemC's time range, ") + limit);
    }
    return sc_core::sc_time::from_value(static_cast<uint64_t>(steps));
}

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
