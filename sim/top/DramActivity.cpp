// SPDX-License-Identifier: Apache-2.0
#include "sim/top/DramActivity.h"

#include <algorithm>

namespace npu::sim {

using hw::dram::DramCommandType;

namespace {

DramCmdCode codeOf(DramCommandType t) {
    switch (t) {
        case DramCommandType::Act: return DramCmdCode::Act;
        case DramCommandType::Pre: return DramCmdCode::Pre;
        case DramCommandType::PreA: return DramCmdCode::PreA;
        case DramCommandType::Rd: return DramCmdCode::Rd;
        case DramCommandType::Wr: return DramCmdCode::Wr;
        case DramCommandType::Ref: return DramCmdCode::Ref;
        case DramCommandType::RefPb: return DramCmdCode::RefPb;
    }
    return DramCmdCode::None;
}

}  // namespace

DramActivity::DramActivity(const hw::dram::DramConfig& cfg)
    : org_(cfg.organization),
      tckUnits_(sc_core::sc_time(double(cfg.timing.tCK_ps), sc_core::SC_PS).value()) {}

void DramActivity::attachWaveform(hw::WaveformSinkIf& sink, const std::string& prefix) {
    using Kind = hw::WaveformSinkIf::LateKind;
    sink_ = &sink;
    int rowBits = 1;
    while ((uint64_t(1) << rowBits) < org_.rows) ++rowBits;
    for (uint32_t c = 0; c < org_.channels; ++c) {
        const std::string ch = prefix + ".ch" + std::to_string(c);
        cmdId_.push_back(sink.addLate(ch + ".cmd", Kind::Value, 3, false));
        queueId_.push_back(sink.addLate(ch + ".queue", Kind::Counter, 16, false));
        for (uint32_t b = 0; b < org_.banksPerChannel(); ++b)
            bankId_.push_back(sink.addLate(ch + ".bank" + std::to_string(b) + ".open_row", Kind::Value, rowBits, true));
    }
    bankRow_.assign(bankId_.size(), -2);
}

void DramActivity::setWaveformActive(bool on) {
    on = on && sink_;
    if (on == waveOn_) return;
    waveOn_ = on;
    if (!on) return;
    // Re-entering the window: banks may have changed unobserved since they were last shown.
    const sc_core::sc_time now = sc_core::sc_time_stamp();
    for (size_t i = 0; i < bankRow_.size(); ++i) {
        if (bankRow_[i] != -2) sink_->lateX(bankId_[i], now);
        bankRow_[i] = -2;
    }
}

void DramActivity::setBank(uint32_t channel, uint32_t bank, int64_t row, const sc_core::sc_time& t) {
    const size_t i = size_t(channel) * org_.banksPerChannel() + bank;
    if (bankRow_[i] == row) return;
    bankRow_[i] = row;
    if (row < 0) sink_->lateZ(bankId_[i], t);
    else sink_->lateInt(bankId_[i], t, row);
}

void DramActivity::onCommand(const hw::dram::DramCommand& c) {
    if (!waveOn_) return;
    const DramCmdCode code = codeOf(c.type);
    const sc_core::sc_time t = at(c.cycle);
    sink_->lateInt(cmdId_[c.channel], t, int64_t(code));
    sink_->lateInt(cmdId_[c.channel], sc_core::sc_time::from_value(c.cycle * tckUnits_ + tckUnits_ / 2), 0);
    const uint32_t perRank = org_.banksPerRank();
    switch (c.type) {
        case DramCommandType::Act: setBank(c.channel, flatBank(c), c.row, t); break;
        case DramCommandType::Rd:
        case DramCommandType::Wr: setBank(c.channel, flatBank(c), c.row, t); break;   // shows a row seen open
        case DramCommandType::Pre:
        case DramCommandType::RefPb: setBank(c.channel, flatBank(c), -1, t); break;
        case DramCommandType::PreA:
        case DramCommandType::Ref:
            for (uint32_t b = c.rank * perRank; b < (c.rank + 1) * perRank; ++b) setBank(c.channel, b, -1, t);
            break;
    }
}

void DramActivity::onRequestQueued(uint32_t channel, uint64_t cycle, bool) {
    if (waveOn_) sink_->lateInt(queueId_[channel], at(cycle), 1);
}

void DramActivity::onRequestDone(uint32_t channel, uint64_t finishCycle, bool) {
    if (waveOn_) sink_->lateInt(queueId_[channel], at(finishCycle), -1);
}

}  // namespace npu::sim
