// SPDX-License-Identifier: Apache-2.0
#include "hw_models/dma/DmaEngine.h"

namespace npu::hw {

DmaEngine::DmaEngine(sc_core::sc_module_name name, const DmaConfig& cfg, ClockDomain& clk)
    : sc_module(name),
      cfg_(cfg),
      clk_(clk),
      stats_(this->name()),
      batches_(stats_.counter("batches", "count", "transfer batches (one per tile step with traffic)")),
      bytesRead_(stats_.counter("dram_read_bytes", "bytes", "bytes loaded from DRAM")),
      bytesWritten_(stats_.counter("dram_write_bytes", "bytes", "bytes stored to DRAM")) {
    gp_.set_extension(&ext_);
}

DmaEngine::~DmaEngine() { gp_.clear_extension(&ext_); }

void DmaEngine::attachWaveform(WaveformSinkIf& sink) {
    wave_ = &sink;
    waveRd_ = sink.addLate(std::string(name()) + ".rd_bytes_in_flight", WaveformSinkIf::LateKind::Counter, 40, false);
    waveWr_ = sink.addLate(std::string(name()) + ".wr_bytes_in_flight", WaveformSinkIf::LateKind::Counter, 40, false);
}

sc_core::sc_time DmaEngine::start(const std::vector<DmaBlock>& blocks) {
    runs_.clear();
    for (const DmaBlock& b : blocks) {
        if (b.bytes() == 0) continue;
        // A block whose runs abut is one long run.
        if (b.runs == 1 || b.strideBytes == b.runBytes) {
            runs_.push_back({b.base, b.bytes(), b.write});
        } else {
            for (uint64_t i = 0; i < b.runs; ++i) runs_.push_back({b.base + i * b.strideBytes, b.runBytes, b.write});
        }
        (b.write ? bytesWritten_ : bytesRead_).add(b.bytes());
    }
    const sc_core::sc_time now = sc_core::sc_time_stamp();
    if (runs_.empty()) return now;
    batches_.add();
    ext_.runs = &runs_;
    gp_.set_command(tlm::TLM_READ_COMMAND);   // per-run direction is in the extension
    gp_.set_address(runs_.front().addr);
    gp_.set_data_length(0);
    gp_.set_data_ptr(nullptr);
    gp_.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    sc_core::sc_time delay = clk_.cycles(cfg_.setupCycles);
    dramPort->b_transport(gp_, delay);
    if (gp_.get_response_status() != tlm::TLM_OK_RESPONSE)
        SC_REPORT_ERROR(name(), "memory returned an error response");
    if (wave_ && wave_->active()) {
        int64_t in = 0, out = 0;
        for (const DramRun& r : runs_) (r.write ? out : in) += int64_t(r.bytes);
        for (const auto& [id, bytes] : {std::pair{waveRd_, in}, std::pair{waveWr_, out}}) {
            if (bytes == 0) continue;
            wave_->lateInt(id, now, bytes);
            wave_->lateInt(id, now + delay, -bytes);
        }
    }
    return now + delay;
}

}  // namespace npu::hw
