// SPDX-License-Identifier: Apache-2.0
// Models: the --vcd waveform: a VCD file written by SystemC's sc_trace (sc_create_vcd_trace_file) from the
// models' live signals, into which the late signals (values known before or after their time: DRAM
// commands, DMA ends, SRAM use per tile step, power per layer) are merged at their own times when the file
// is finalised. Only signals selected by --vcd-signals are traced, and only inside the --vcd-layers window.
// The file is written under a temporary name and renamed when complete; its $date section is fixed text, so
// the same inputs give a byte-identical file.
// Ignores: delta cycles (one value per signal per time stamp: the last one written).
#pragma once

#include <systemc>

#include <deque>
#include <functional>
#include <string>
#include <vector>

#include "hw_models/common/Waveform.h"
#include "workloads/Trace.h"

namespace npu::sim {

/// Which layers --vcd-layers traces: "A:B" (indices, inclusive), "A", or a glob over layer names.
class LayerWindow {
public:
    LayerWindow() = default;   ///< every layer
    /// Throws InputError naming --vcd-layers when the range is malformed, empty or out of the workload, or the
    /// glob matches no layer.
    LayerWindow(const std::string& spec, const workloads::Workload& work);
    bool contains(size_t layer) const { return traced_.empty() || (layer < traced_.size() && traced_[layer]); }

private:
    std::vector<bool> traced_;   ///< empty: all
};

class VcdWriter : public hw::WaveformSinkIf, private hw::WaveBinder {
public:
    /// `path`: the VCD to write; `patterns`: --vcd-signals globs over signal names (empty: every signal).
    VcdWriter(std::string path, std::vector<std::string> patterns);
    ~VcdWriter() override;   ///< removes the temporary file of a run that did not finish
    VcdWriter(const VcdWriter&) = delete;
    VcdWriter& operator=(const VcdWriter&) = delete;

    void add(hw::WaveVar<bool>& v, const std::string& name) override;
    void add(hw::WaveVar<double>& v, const std::string& name) override;
    void add(hw::WaveVar<uint64_t>& v, const std::string& name, int bits) override;
    LateId addLate(const std::string& name, LateKind kind, int bits, bool unknownAtStart) override;
    void late(LateId id, const sc_core::sc_time& t, double value) override;
    void lateInt(LateId id, const sc_core::sc_time& t, int64_t value) override;
    void lateZ(LateId id, const sc_core::sc_time& t) override;
    void lateX(LateId id, const sc_core::sc_time& t) override;
    bool active() const override { return active_; }

    /// After every model registered its signals, before sc_start: checks that each pattern selects a signal
    /// (InputError naming --vcd-signals otherwise), creates the trace file and traces the selected signals.
    void open();
    /// Enters (true) or leaves the traced window. Entering shows every live signal's current state.
    void setActive(bool on);
    /// After the simulation: merges the late values, fixes the $date section and renames the file into place.
    void finish();

    /// Names of all registered signals, in registration order (for messages and tests).
    std::vector<std::string> signalNames() const;
    size_t lateValues() const { return events_.size(); }

private:
    enum class Type { Bool, Real, Int, LateReal, LateValue, LateCounter };
    struct Signal {
        std::string name;
        Type type;
        int bits = 1;
        bool unknownAtStart = false;
        bool selected = false;
        std::function<void(sc_core::sc_trace_file*, const std::string&)> trace;   ///< live: sc_trace it
        std::function<void()> bind;                                               ///< live: bind to active_
        std::function<void()> sync;                                               ///< live: show the state
    };
    /// A late value: an integer, a signed delta (counters), an index into reals_, kZ or kX.
    struct Event {
        uint64_t timeFs;
        uint32_t signal;
        uint32_t value;
    };
    static constexpr uint32_t kZ = 0xffffffffu, kX = 0xfffffffeu;

    void record(LateId id, const sc_core::sc_time& t, uint32_t value);
    void merge(std::istream& in, std::ostream& out);
    void cleanup();

    std::string path_;
    std::vector<std::string> patterns_;
    std::vector<Signal> signals_;
    std::deque<double> lateRealSlots_;     ///< what sc_trace sees of late signals (constant: their changes
    std::deque<uint64_t> lateIntSlots_;    ///< are merged in by finish)
    std::vector<Event> events_;
    std::vector<double> reals_;
    hw::WaveVar<bool> traced_;             ///< npu.traced: 1 inside the window
    sc_core::sc_trace_file* tf_ = nullptr;
    bool active_ = false;
    bool finished_ = false;
};

}  // namespace npu::sim
