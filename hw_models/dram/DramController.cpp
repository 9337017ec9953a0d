// SPDX-License-Identifier: Apache-2.0
// Models: the TLM-2.0 DRAM target (see DramController.h): every run is split into multi-burst requests
// (consecutive columns of one bank row) that enter the engine's queues in the order of their first burst.
// Ignores: see DramController.h.
#include "hw_models/dram/DramController.h"

#include <algorithm>
#include <cmath>

#include "hw_models/common/SimTime.h"

namespace npu::hw {

DramController::DramController(sc_core::sc_module_name name, const dram::DramConfig& cfg, bool checkProtocol)
    : sc_module(name), engine_(cfg), period_(sc_core::sc_time(double(cfg.timing.tCK_ps), sc_core::SC_PS)) {
    port.register_b_transport(this, &DramController::b_transport);
    spanActivity_.resize(cfg.organization.channels);
    if (checkProtocol) {
        checker_ = std::make_unique<dram::ProtocolChecker>(engine_.config());
        engine_.setObserver(checker_.get());
    }
}

void DramController::setActivityListener(dram::DramActivityListenerIf* l) {
    if (l == listener_) return;
    listener_ = l;
    tee_.checker = checker_.get();
    tee_.listener = l;
    engine_.setObserver(l ? static_cast<dram::DramCommandObserverIf*>(&tee_) : checker_.get());
}

void DramController::b_transport(tlm::tlm_generic_payload& gp, sc_core::sc_time& delay) {
    // The DRAM clock is fixed: requests arrive at the next DRAM clock edge at or after now + delay.
    const sc_core::sc_time arrive = sc_core::sc_time_stamp() + delay;
    const auto arriveCycle = static_cast<uint64_t>(std::ceil(arrive / period_ - 1e-9));
    uint64_t finish = arriveCycle;
    if (const auto* batch = gp.get_extension<DramBatchExtension>(); batch && batch->runs) {
        finish = serve(batch->runs->data(), batch->runs->size(), arriveCycle);
    } else {
        const DramRun run{gp.get_address(), gp.get_data_length(), gp.is_write()};
        finish = serve(&run, 1, arriveCycle);
    }
    if (checker_ && checker_->violationCount() > 0)
        SC_REPORT_ERROR(name(), ("DRAM protocol violation: " + checker_->violations().front().message).c_str());
    delay = timesChecked(period_, double(finish), sc_core::SC_ZERO_TIME) - sc_core::sc_time_stamp();
    gp.set_response_status(tlm::TLM_OK_RESPONSE);
}

uint64_t DramController::serve(const DramRun* runs, size_t count, uint64_t arriveCycle) {
    // one request per row run: a run's bursts grouped by (channel, rank, bank group, bank, row), in
    // consecutive columns, in the order of their first burst's address
    const dram::DramSystem::BatchResult res = engine_.runBatch(runs, count, arriveCycle, nextId_, listener_ != nullptr);
    nextId_ += res.requests;
    if (listener_) {
        const uint32_t channels = engine_.config().organization.channels;
        for (uint32_t ch = 0; ch < channels; ++ch)
            for (const dram::DramSystem::BatchRequest& br : engine_.batchRequests(ch))
                listener_->onRequestQueued(ch, br.queuedCycle, br.write);
        for (const dram::Completion& c : engine_.completions())
            listener_->onRequestDone(c.channel, c.finishCycle, c.write);
    }
    engine_.completions().clear();
    if (collectSpans_) {
        const auto& act = engine_.batchActivity();
        for (uint32_t ch = 0; ch < act.size(); ++ch) {
            const dram::DramSystem::BatchActivity& a = act[ch];
            dram::DramSystem::BatchActivity& s = spanActivity_[ch];
            if (!engine_.batchRequests(ch).empty())
                spanArrive_ = std::min(spanArrive_, engine_.batchRequests(ch).front().queuedCycle);
            if (a.first != UINT64_MAX) s.merge(a);
        }
        if (res.requests) spanFinish_ = std::max(spanFinish_, res.finishCycle);
    }
    return res.finishCycle;
}

std::vector<DramController::Span> DramController::takeSpans() {
    std::vector<Span> out;
    const double tck = double(period_.value()) * sc_core::sc_get_time_resolution().to_seconds();  // (tCK in kernel units)
    for (uint32_t c = 0; c < spanActivity_.size(); ++c) {
        dram::DramSystem::BatchActivity& a = spanActivity_[c];
        if (a.first == UINT64_MAX) continue;
        const uint64_t start = spanArrive_ == UINT64_MAX ? a.first : std::max(a.first, spanArrive_);
        const uint64_t end = std::max(start, std::min(a.last + 1, std::max(spanFinish_, a.first + 1)));
        out.push_back(Span{c, double(start) * tck, double(end) * tck, a.act, a.pre, a.rd, a.wr, a.ref});
        a = dram::DramSystem::BatchActivity{};
    }
    spanArrive_ = UINT64_MAX;
    spanFinish_ = 0;
    return out;
}

}  // namespace npu::hw
