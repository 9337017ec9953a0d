// SPDX-License-Identifier: Apache-2.0
// Models: an independent DRAM protocol checker: it sees every issued command and checks it, with its
// own bookkeeping of past commands (not the scheduler's state), against bank state (ACT to a closed
// bank, RD/WR to the open row, REF with all banks closed) and every timing constraint the engine models:
// tRCD, tRPpb/ab, tRAS, tRC, tRRD_S/L, tFAW, tCCD_S/L, tWTR_S/L, tRTW, tRTP, tWR, tPPD, tRFCab/pb, data-bus
// overlap and the tRTRS bubble between bursts of different ranks, command-bus occupancy (one command at a
// time, each for its tCMD_* cycles), refresh intervals.
// Ignores: constraints the engine does not model.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "hw_models/dram/DramCommandObserverIf.h"
#include "hw_models/dram/DramConfig.h"

namespace npu::hw::dram {

struct ProtocolViolation {
    DramCommand command;
    std::string constraint;          ///< e.g. "tRCD", "tFAW", "data bus", "state"
    uint64_t earliestLegalCycle = 0; ///< 0 for state violations (no cycle makes them legal)
    std::string message;             ///< one readable line: command, cycle, constraint, earliest legal cycle
};

class ProtocolChecker : public DramCommandObserverIf {
public:
    /// Keeps at most `maxStored` violations (all are counted).
    explicit ProtocolChecker(const DramConfig& cfg, size_t maxStored = 1000);

    void onCommand(const DramCommand& cmd) override;
    /// Checks that no rank (all-bank) or bank (per-bank) went unrefreshed for more than 9 intervals
    /// up to endCycle (JEDEC allows postponing 8 refreshes).
    void finish(uint64_t endCycle);

    const std::vector<ProtocolViolation>& violations() const { return violations_; }
    uint64_t violationCount() const { return violationCount_; }
    uint64_t commandCount() const { return commandCount_; }
    /// Violations counted per constraint name.
    const std::map<std::string, uint64_t>& countsByConstraint() const { return byConstraint_; }
    uint64_t countOf(const std::string& constraint) const;
    std::vector<std::string> messages() const;

private:
    static constexpr int64_t kNever = INT64_MIN / 4;
    struct Bank {
        bool open = false;
        uint32_t row = 0;
        int64_t act = kNever, pre = kNever, rd = kNever, wr = kNever, refPb = kNever;
        bool preWasAll = false;
        int64_t refreshed = 0;  // last REF or REFpb covering this bank (time 0 counts as refreshed)
    };
    struct Group {
        int64_t act = kNever, rd = kNever, wr = kNever;
    };
    struct Rank {
        int64_t act = kNever, rd = kNever, wr = kNever, ref = kNever, pre = kNever;  // pre: the last PRE (not PREA)
        int64_t burstEnd = kNever;  // end of its last data burst (tRTRS for the other ranks)
        int64_t act4[4] = {kNever, kNever, kNever, kNever};  // ring of the last four ACT
        uint32_t act4Pos = 0;
        int64_t refreshed = 0;
    };
    struct Channel {
        int64_t lastCmd = kNever;
        int64_t busFree = kNever;  // first cycle after the bus cycles of every command so far
        int64_t burstStart[8], burstEnd[8];
        uint32_t burstPos = 0;
        Channel() {
            for (int i = 0; i < 8; ++i) burstStart[i] = burstEnd[i] = kNever;
        }
    };

    void need(const DramCommand& c, const char* constraint, int64_t earliest);
    void violate(const DramCommand& c, const std::string& constraint, int64_t earliest, const std::string& why);
    void checkPrecharge(const DramCommand& c, const Bank& b);
    void checkBurst(const DramCommand& c, Channel& ch, int64_t latency);
    Bank& bank(const DramCommand& c);
    Group& group(const DramCommand& c);
    Rank& rank(const DramCommand& c);

    const DramTiming t_;
    const DramOrganization org_;
    const std::string refresh_;
    const size_t maxStored_;
    std::vector<Bank> banks_;
    std::vector<Group> groups_;
    std::vector<Rank> ranks_;
    std::vector<Channel> channels_;
    std::vector<ProtocolViolation> violations_;
    std::map<std::string, uint64_t> byConstraint_;
    uint64_t violationCount_ = 0, commandCount_ = 0;
};

}  // namespace npu::hw::dram
