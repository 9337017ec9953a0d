// SPDX-License-Identifier: Apache-2.0
// Models: the hook through which models publish waveform signals (npusim's --vcd): a model registers its
// signals once, before sc_start, under hierarchical names ("npu.array.busy"), and writes them where it
// already advances time (per job, tile step, batch or layer; never per cycle).
//  - A live signal (WaveVar) holds the model's current state; the sink samples it at SystemC time.
//  - A late signal gets values whose time is not "now": known only afterwards (a tile step's SRAM use, a
//    layer's power) or computed ahead of SystemC time (the DMA's end, DRAM commands). The sink places each
//    value at its own time when the waveform file is finalised.
// Ignores: nothing; without a sink (no --vcd) models hold a null pointer and write nothing.
#pragma once

#include <systemc>

#include <cstdint>
#include <string>

namespace npu::hw {

/// A live waveform value: the model's state (`value`) and the copy the waveform samples, updated only while
/// the sink is active (inside the traced window of layers).
template <class T>
class WaveVar {
public:
    void set(const T& v) {
        value_ = v;
        if (*active_) shown_ = v;
    }
    const T& value() const { return value_; }

private:
    friend class WaveBinder;
    static constexpr bool kNever = false;
    const bool* active_ = &kNever;
    T value_{};
    T shown_{};
};

/// Gives a sink access to a WaveVar's sampled copy (only sinks bind variables).
class WaveBinder {
protected:
    template <class T>
    static const T& shown(const WaveVar<T>& v) { return v.shown_; }
    template <class T>
    static void bind(WaveVar<T>& v, const bool* active) { v.active_ = active; }
    template <class T>
    static void sync(WaveVar<T>& v) { v.shown_ = v.value_; }
};

class WaveformSinkIf {
public:
    using LateId = uint32_t;
    /// How a late signal's values combine: Value replaces, Counter adds (value is a signed delta).
    enum class LateKind { Real, Value, Counter };

    virtual ~WaveformSinkIf() = default;

    /// Live signals: `bits` is the width of an integer signal.
    virtual void add(WaveVar<bool>& v, const std::string& name) = 0;
    virtual void add(WaveVar<double>& v, const std::string& name) = 0;
    virtual void add(WaveVar<uint64_t>& v, const std::string& name, int bits) = 0;

    /// A late signal; `bits` for Value and Counter signals. `unknownAtStart`: its value is unknown ('x') at
    /// the start of the traced window until first written (state the model did not observe).
    virtual LateId addLate(const std::string& name, LateKind kind, int bits, bool unknownAtStart) = 0;
    /// A value of a late signal at time `t` (ignored outside the traced window or when not selected).
    virtual void late(LateId id, const sc_core::sc_time& t, double value) = 0;
    virtual void lateInt(LateId id, const sc_core::sc_time& t, int64_t value) = 0;
    /// Sets an integer late signal to high impedance ('z', e.g. a closed DRAM bank has no open row).
    virtual void lateZ(LateId id, const sc_core::sc_time& t) = 0;
    /// Sets an integer late signal to unknown ('x', e.g. state not observed outside the traced window).
    virtual void lateX(LateId id, const sc_core::sc_time& t) = 0;
    /// Inside the traced window of layers (late values are recorded).
    virtual bool active() const = 0;
};

}  // namespace npu::hw
