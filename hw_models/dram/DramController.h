// SPDX-License-Identifier: Apache-2.0
// Models: the DRAM controller as a TLM-2.0 target on its own fixed clock (DRAM is outside the NPU's
// DFS domain). A generic payload is one contiguous transfer; a payload carrying a DramBatchExtension is a
// scatter-gather list of runs that enter the controller's queues together, as an AT initiator would keep
// them in flight. Either way b_transport returns, in `delay`, when the last data beat has moved.
// Ignores: data values (the payload's data pointer is not touched); DMI and debug transport.
#pragma once

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_target_socket.h>

#include <memory>
#include <vector>

#include "hw_models/dram/DramActivityListenerIf.h"
#include "hw_models/dram/DramSystem.h"
#include "hw_models/dram/ProtocolChecker.h"

namespace npu::hw {

/// One contiguous DRAM transfer of a batch.
using DramRun = dram::Transfer;

/// Scatter-gather list for one b_transport: every run is queued at the payload's arrival time.
struct DramBatchExtension : tlm::tlm_extension<DramBatchExtension> {
    const std::vector<DramRun>* runs = nullptr;
    tlm::tlm_extension_base* clone() const override { return new DramBatchExtension(*this); }
    void copy_from(const tlm::tlm_extension_base& e) override {
        runs = static_cast<const DramBatchExtension&>(e).runs;
    }
};

class DramController : public sc_core::sc_module {
public:
    tlm_utils::simple_target_socket<DramController> port{"port"};

    /// `checkProtocol`: every issued command is verified against every timing constraint; a violation
    /// is a model error (SC_REPORT_ERROR).
    DramController(sc_core::sc_module_name name, const dram::DramConfig& cfg, bool checkProtocol);

    const dram::DramSystem& engine() const { return engine_; }
    /// Simulator threads for the channels of a batch (DramSystem::setThreads; 0: one per hardware thread).
    void setThreads(unsigned threads) { engine_.setThreads(threads); }
    const dram::DramStats& stats() const { return engine_.stats(); }
    sc_core::sc_time period() const { return period_; }
    /// Commands checked so far (0 when the checker is off).
    uint64_t checkedCommands() const { return checker_ ? checker_->commandCount() : 0; }
    /// Reports commands and queue entries/exits to `l` from now on; nullptr detaches it. While a listener is
    /// attached the engine runs without its closed-form trains (identical results, slower), so attach it
    /// only while tracing. The protocol checker, if on, keeps seeing every command.
    void setActivityListener(dram::DramActivityListenerIf* l);

    /// One channel's part of the DMA batches served since the last takeSpans(): from the first request's
    /// queueing (or the channel's first command, if later) to its last command (at most the last data
    /// beat), with the commands it issued meanwhile (refreshes that fell due while it was idle included).
    struct Span {
        uint32_t channel = 0;
        double startS = 0.0, endS = 0.0;
        uint64_t act = 0, pre = 0, rd = 0, wr = 0, ref = 0;  ///< pre: PRE + PREA; ref: REF + REFpb
    };
    /// Collect spans per batch (takeSpans); needs no listener, so the engine keeps all its fast paths.
    void setCollectSpans(bool on) { collectSpans_ = on; }
    /// The spans collected since the last call (channels without commands have none).
    std::vector<Span> takeSpans();

private:
    /// Passes each command to the protocol checker and the activity listener.
    struct Tee : dram::DramCommandObserverIf {
        dram::DramCommandObserverIf* checker = nullptr;
        dram::DramActivityListenerIf* listener = nullptr;
        void onCommand(const dram::DramCommand& c) override {
            if (checker) checker->onCommand(c);
            listener->onCommand(c);
        }
    };
    void b_transport(tlm::tlm_generic_payload& gp, sc_core::sc_time& delay);
    /// Queues every run, split into multi-burst requests (AddressMapper::forEachRowRun), arriving at
    /// `arriveCycle` and runs the engine until all are served; returns the cycle after the last data beat.
    uint64_t serve(const DramRun* runs, size_t count, uint64_t arriveCycle);

    dram::DramSystem engine_;
    std::unique_ptr<dram::ProtocolChecker> checker_;
    sc_core::sc_time period_;
    uint64_t nextId_ = 0;
    Tee tee_;
    dram::DramActivityListenerIf* listener_ = nullptr;
    // spans: per channel, the batches' commands since the last takeSpans
    bool collectSpans_ = false;
    std::vector<dram::DramSystem::BatchActivity> spanActivity_;
    uint64_t spanArrive_ = UINT64_MAX, spanFinish_ = 0;  // earliest queueing, latest data beat
};

}  // namespace npu::hw
