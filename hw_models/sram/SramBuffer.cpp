// SPDX-License-Identifier: Apache-2.0
#include "hw_models/sram/SramBuffer.h"

#include <algorithm>

namespace npu::hw {

SramBuffer::SramBuffer(sc_core::sc_module_name name, const SramConfig& cfg)
    : sc_module(name),
      cfg_(cfg),
      stepAccesses_(cfg.banks, 0),
      bankReads_(cfg.banks, 0),
      bankWrites_(cfg.banks, 0),
      stats_(this->name()),
      reads_(stats_.counter("reads", "accesses", "line reads (bank_width_bytes each)")),
      writes_(stats_.counter("writes", "accesses", "line writes (bank_width_bytes each)")),
      conflictCycles_(stats_.counter("bank_conflict_cycles", "cycles", "tile-step cycles added by bank conflicts")) {}

uint64_t SramBuffer::bufferBytes(Buffer b) const {
    switch (b) {
        case Buffer::Input: return uint64_t(cfg_.inputKib) * 1024;
        case Buffer::Weight: return uint64_t(cfg_.weightKib) * 1024;
        case Buffer::Output: return uint64_t(cfg_.outputKib) * 1024;
    }
    return 0;
}

uint64_t SramBuffer::baseOf(Buffer b, int half) const {
    uint64_t base = 0;
    if (b != Buffer::Input) base += bufferBytes(Buffer::Input);
    if (b == Buffer::Output) base += bufferBytes(Buffer::Weight);
    return base + uint64_t(half) * (bufferBytes(b) / 2);
}

void SramBuffer::access(Buffer b, int half, uint64_t offset, uint64_t bytes, bool write) {
    if (bytes == 0) return;
    const uint64_t w = cfg_.bankWidthBytes;
    const uint64_t first = (baseOf(b, half) + offset) / w;
    const uint64_t last = (baseOf(b, half) + offset + bytes - 1) / w;
    const uint64_t lines = last - first + 1;
    // Consecutive lines go to consecutive banks: every bank gets lines / banks, and the first
    // lines % banks banks after `first` one more.
    const uint64_t banks = cfg_.banks, each = lines / banks, extra = lines % banks;
    for (uint64_t i = 0; i < banks; ++i) {
        const uint64_t bank = (first + i) % banks;
        const uint64_t n = each + (i < extra ? 1 : 0);
        stepAccesses_[bank] += n;
        (write ? bankWrites_ : bankReads_)[bank] += n;
    }
    (write ? writes_ : reads_).add(lines);
}

uint64_t SramBuffer::endStep(uint64_t stepCycles) {
    const uint64_t busiest = *std::max_element(stepAccesses_.begin(), stepAccesses_.end());
    const uint64_t needed = (busiest + cfg_.portsPerBank - 1) / cfg_.portsPerBank;
    if (wave_ && wave_->active()) {
        lastStepAccesses_ = stepAccesses_;
        lastStepCycles_ = std::max(stepCycles, needed);
    }
    std::fill(stepAccesses_.begin(), stepAccesses_.end(), 0);
    const uint64_t extra = needed > stepCycles ? needed - stepCycles : 0;
    conflictCycles_.add(extra);
    return extra;
}

void SramBuffer::attachWaveform(WaveformSinkIf& sink) {
    wave_ = &sink;
    for (uint32_t b = 0; b < cfg_.banks; ++b)
        waveBanks_.push_back(sink.addLate(std::string(name()) + ".bank" + std::to_string(b) + ".util",
                                          WaveformSinkIf::LateKind::Real, 0, false));
}

void SramBuffer::traceStep(const sc_core::sc_time& start, const sc_core::sc_time& end) {
    if (!wave_ || !wave_->active() || lastStepAccesses_.empty()) return;
    for (size_t b = 0; b < waveBanks_.size(); ++b) {
        const uint64_t busy = (lastStepAccesses_[b] + cfg_.portsPerBank - 1) / cfg_.portsPerBank;
        wave_->late(waveBanks_[b], start, lastStepCycles_ ? double(busy) / double(lastStepCycles_) : 0.0);
        wave_->late(waveBanks_[b], end, 0.0);
    }
    lastStepAccesses_.clear();
}

}  // namespace npu::hw
