// SPDX-License-Identifier: Apache-2.0
// Models: the DRAM subsystem around its channels (see DramSystem.h). Ignores: nothing further.
#include "hw_models/dram/DramSystem.h"

#include <algorithm>

namespace npu::hw::dram {
namespace {
const DramConfig& validated(const DramConfig& cfg) {
    cfg.validate();
    return cfg;
}
}  // namespace

DramSystem::DramSystem(const DramConfig& cfg)
    : cfg_(validated(cfg)), mapper_(cfg_.organization, cfg_.controller.mapping, cfg_.controller.xorBankHash) {
    burstsPerRow_ = cfg_.organization.burstsPerRow();
    const uint32_t n = cfg_.organization.channels;
    stats_.channels.resize(n);
    channels_.reserve(n);
    for (uint32_t c = 0; c < n; ++c) channels_.emplace_back(cfg_, c, stats_.channels[c], completions_);
    for (const DramChannel& ch : channels_) activity_.push_back(ch.nextActivity());
    completions_.reserve(size_t(n) * (cfg_.controller.readQueueSize + cfg_.controller.writeQueueSize) * 2);
}

void DramSystem::advanceTo(uint64_t cycle) {
    // A channel with nothing due up to `cycle` is left alone; its floor is raised when it is next touched.
    for (size_t c = 0; c < channels_.size(); ++c) {
        if (activity_[c] > cycle) continue;
        channels_[c].raiseFloor(now_);
        channels_[c].advanceTo(cycle);
        activity_[c] = channels_[c].nextActivity();
    }
    now_ = std::max(now_, cycle);
}

uint64_t DramSystem::nextEvent() const {
    uint64_t t = UINT64_MAX;
    for (size_t c = 0; c < channels_.size(); ++c)
        if (channels_[c].queuedRequests()) t = std::min(t, activity_[c]);
    return t;
}

void DramSystem::advanceUntilCanAccept(uint64_t addr, bool write) {
    DramChannel& ch = channels_[mapper_.decode(addr).channel];
    if (ch.canAccept(write)) return;
    // The channel is full, so it holds a request of this direction; run it alone up to that request's
    // completion (channels are independent), then bring every channel to the same cycle.
    ch.raiseFloor(now_);
    const uint64_t t = ch.advanceUntilRoom(write);
    advanceTo(std::max(t, now_));
}

void DramSystem::drain() {
    // Channels are independent: run each until its queue is empty, then every channel to the last cycle.
    uint64_t end = now_;
    bool any = false;
    for (DramChannel& ch : channels_) {
        if (ch.queuedRequests() == 0) continue;
        any = true;
        ch.raiseFloor(now_);
        end = std::max(end, ch.advanceUntilEmpty());
    }
    if (any) advanceTo(end);
}

uint64_t DramSystem::queuedRequests() const {
    uint64_t n = 0;
    for (const DramChannel& ch : channels_) n += ch.queuedRequests();
    return n;
}

void DramSystem::setObserver(DramCommandObserverIf* observer) {
    for (DramChannel& ch : channels_) ch.setObserver(observer);
}

void DramSystem::setFastPaths(bool on) {
    for (DramChannel& ch : channels_) ch.setFastPaths(on);
    for (size_t c = 0; c < channels_.size(); ++c) activity_[c] = channels_[c].nextActivity();
}

}  // namespace npu::hw::dram
