// SPDX-License-Identifier: Apache-2.0
// DramConfig validation messages, and agreement of configs/dram/*.yaml with tests/unit/DramTestSpecs.h
// (yaml-cpp is used here, in a test, only).
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <cstdlib>
#include <filesystem>
#include <functional>
#include <set>

#include "hw_models/common/Error.h"
#include "hw_models/dram/DramConfig.h"
#include "tests/unit/DramTestSpecs.h"

using namespace npu::hw::dram;
using namespace npu::hw::dram::testspecs;

namespace {

std::string errorOf(const std::function<void(DramConfig&)>& edit) {
    DramConfig c = lpddr5x_8533();
    edit(c);
    try {
        c.validate();
    } catch (const npu::InputError& e) {
        return e.what();
    }
    return "";
}

std::filesystem::path presetDir() {
    if (const char* src = std::getenv("NPUSIM_SOURCE_DIR")) return std::filesystem::path(src) / "configs" / "dram";
    return std::filesystem::path(__FILE__).parent_path().parent_path().parent_path() / "configs" / "dram";
}

// The binding the lead will write in sim/config, mechanically: YAML key -> struct member.
using U = uint32_t;
const std::vector<std::pair<const char*, U DramOrganization::*>> kOrgKeys = {
    {"channels", &DramOrganization::channels},         {"ranks", &DramOrganization::ranks},
    {"bank_groups", &DramOrganization::bankGroups},     {"banks_per_group", &DramOrganization::banksPerGroup},
    {"rows", &DramOrganization::rows},                 {"columns", &DramOrganization::columns},
    {"device_width_bits", &DramOrganization::deviceWidthBits},
    {"devices_per_rank", &DramOrganization::devicesPerRank},
    {"burst_length", &DramOrganization::burstLength},
    {"banks_per_refpb", &DramOrganization::banksPerRefpb}};
const std::vector<std::pair<const char*, U DramTiming::*>> kTimingKeys = {
    {"tCK_ps", &DramTiming::tCK_ps}, {"tRCD", &DramTiming::tRCD},     {"tRPpb", &DramTiming::tRPpb},
    {"tRPab", &DramTiming::tRPab},   {"tRAS", &DramTiming::tRAS},     {"tRC", &DramTiming::tRC},
    {"RL", &DramTiming::RL},         {"WL", &DramTiming::WL},         {"tCCD_S", &DramTiming::tCCD_S},
    {"tCCD_L", &DramTiming::tCCD_L}, {"tRRD_S", &DramTiming::tRRD_S}, {"tRRD_L", &DramTiming::tRRD_L},
    {"tFAW", &DramTiming::tFAW},     {"tWR", &DramTiming::tWR},       {"tWTR_S", &DramTiming::tWTR_S},
    {"tWTR_L", &DramTiming::tWTR_L}, {"tRTP", &DramTiming::tRTP},     {"tRTW", &DramTiming::tRTW},
    {"tBURST", &DramTiming::tBURST}, {"tREFI", &DramTiming::tREFI},   {"tRFCab", &DramTiming::tRFCab},
    {"tRFCpb", &DramTiming::tRFCpb}, {"tREFIpb", &DramTiming::tREFIpb},
    {"tPPD", &DramTiming::tPPD},     {"tRTRS", &DramTiming::tRTRS},   {"tCMD_ACT", &DramTiming::tCMD_ACT},
    {"tCMD_CAS", &DramTiming::tCMD_CAS}, {"tCMD_PRE", &DramTiming::tCMD_PRE}, {"tCMD_REF", &DramTiming::tCMD_REF}};
const std::vector<std::pair<const char*, std::string DramControllerConfig::*>> kControllerStrings = {
    {"page_policy", &DramControllerConfig::pagePolicy},
    {"scheduler", &DramControllerConfig::scheduler},
    {"refresh", &DramControllerConfig::refresh},
    {"mapping", &DramControllerConfig::mapping}};
const std::vector<std::pair<const char*, U DramControllerConfig::*>> kControllerInts = {
    {"read_queue_size", &DramControllerConfig::readQueueSize},
    {"write_queue_size", &DramControllerConfig::writeQueueSize},
    {"write_high_watermark", &DramControllerConfig::writeHighWatermark},
    {"write_low_watermark", &DramControllerConfig::writeLowWatermark}};
const std::vector<std::pair<const char*, double DramPower::*>> kPowerKeys = {
    {"IDD0_mA", &DramPower::IDD0_mA},   {"IDD2N_mA", &DramPower::IDD2N_mA}, {"IDD3N_mA", &DramPower::IDD3N_mA},
    {"IDD4R_mA", &DramPower::IDD4R_mA}, {"IDD4W_mA", &DramPower::IDD4W_mA}, {"IDD5B_mA", &DramPower::IDD5B_mA},
    {"VDD_V", &DramPower::VDD_V}};

template <class K>
void expectExactKeys(const YAML::Node& section, const std::string& name, const K& keys, size_t extra = 0,
                     std::set<std::string> more = {}) {
    ASSERT_TRUE(section && section.IsMap()) << name << " missing";
    std::set<std::string> known(more);
    for (const auto& k : keys) known.insert(k.first);
    for (const auto& kv : section) EXPECT_TRUE(known.count(kv.first.as<std::string>())) << name << "." << kv.first.as<std::string>();
    EXPECT_EQ(section.size(), keys.size() + extra) << name;
}

}  // namespace

TEST(DramConfig, PresetsValidate) {
    for (const auto& [name, c] : allPresets()) {
        SCOPED_TRACE(name);
        EXPECT_NO_THROW(c.validate());
    }
}

TEST(DramConfig, DefaultsAreTheLpddr5xPreset) {
    const DramConfig d, p = lpddr5x_8533();
    for (const auto& [k, m] : kOrgKeys) EXPECT_EQ(d.organization.*m, p.organization.*m) << k;
    for (const auto& [k, m] : kTimingKeys) EXPECT_EQ(d.timing.*m, p.timing.*m) << k;
    for (const auto& [k, m] : kPowerKeys) EXPECT_EQ(d.power.*m, p.power.*m) << k;
    EXPECT_EQ(d.controller.refresh, p.controller.refresh);
    EXPECT_NEAR(d.peakBandwidthGBps(), 68.2, 0.1);  // 4 x16 channels at 8533 MT/s
}

TEST(DramConfig, PeakBandwidthOfPresets) {
    EXPECT_NEAR(lpddr4_3200().peakBandwidthGBps(), 25.6, 0.01);
    EXPECT_NEAR(lpddr5_6400().peakBandwidthGBps(), 51.2, 0.01);
    EXPECT_NEAR(ddr4_3200().peakBandwidthGBps(), 25.6, 0.01);
    EXPECT_NEAR(hbm2().peakBandwidthGBps(), 256.0, 0.01);
}

TEST(DramConfig, ValidationNamesTheField) {
    EXPECT_EQ(errorOf([](DramConfig& c) { c.timing.tRCD = 0; }), "dram.timing.tRCD: must be >= 1 (is 0)");
    EXPECT_EQ(errorOf([](DramConfig& c) { c.organization.channels = 3; }),
              "dram.organization.channels: must be a power of two (is 3)");
    EXPECT_EQ(errorOf([](DramConfig& c) { c.organization.bankGroups = 0; }),
              "dram.organization.bank_groups: must be >= 1 (is 0)");
    EXPECT_EQ(errorOf([](DramConfig& c) { c.organization.banksPerRefpb = 3; }),
              "dram.organization.banks_per_refpb: must be a power of two (is 3)");
    EXPECT_EQ(errorOf([](DramConfig& c) { c.organization.banksPerRefpb = 32; }),
              "dram.organization.banks_per_refpb: must be <= banks per rank (16)");
    EXPECT_EQ(errorOf([](DramConfig& c) { c.timing.tRC = 10; }), "dram.timing.tRC: must be >= tRAS (45; is 10)");
    EXPECT_EQ(errorOf([](DramConfig& c) { c.timing.tCCD_L = 1; }), "dram.timing.tCCD_L: must be >= tCCD_S (2; is 1)");
    EXPECT_EQ(errorOf([](DramConfig& c) { c.controller.pagePolicy = "adaptive"; }),
              "dram.controller.page_policy: must be one of open, closed (is 'adaptive')");
    EXPECT_EQ(errorOf([](DramConfig& c) { c.controller.scheduler = "frfcfs_cap"; }),
              "dram.controller.scheduler: must be one of frfcfs, fcfs (is 'frfcfs_cap')");
    EXPECT_EQ(errorOf([](DramConfig& c) { c.controller.refresh = "auto"; }),
              "dram.controller.refresh: must be one of all_bank, per_bank, none (is 'auto')");
    EXPECT_EQ(errorOf([](DramConfig& c) { c.controller.writeLowWatermark = 30; }),
              "dram.controller.write_low_watermark: must be < write_high_watermark (24)");
    EXPECT_EQ(errorOf([](DramConfig& c) { c.controller.writeHighWatermark = 40; }),
              "dram.controller.write_high_watermark: must be <= write_queue_size (32)");
    EXPECT_EQ(errorOf([](DramConfig& c) { c.controller.mapping = "RoBaCoCh"; }),
              "dram.controller.mapping: 'RoBaCoCh' lacks Ra but there are 2 ranks");
    EXPECT_EQ(errorOf([](DramConfig& c) { c.controller.mapping = "RoRaBaXxCh"; }),
              "dram.controller.mapping: unknown field 'Xx' in 'RoRaBaXxCh' (fields: Ro, Ra, Bg, Ba, Co, Ch)");
    EXPECT_EQ(errorOf([](DramConfig& c) { c.power.IDD0_mA = 45; }), "dram.power.VDD_V: must be > 0 when currents are given");
    EXPECT_EQ(errorOf([](DramConfig& c) { c.power.VDD_V = -1; }), "dram.power.VDD_V: must be a finite number >= 0");
    EXPECT_EQ(errorOf([](DramConfig& c) { c.power.IDD4R_mA = -1; }), "dram.power.IDD4R_mA: must be a finite number >= 0");
    EXPECT_EQ(errorOf([](DramConfig& c) { c.timing.tRFCpb = 0; }), "dram.timing.tRFCpb: must be >= 1 (is 0)");
    // Refresh must leave room for two row cycles per interval. LPDDR5X's longest row cycle: ACT, then a WR
    // at tRCD = 20 whose recovery ends WL + tBURST + tWR = 12 + 2 + 37 later (more than tRTP = 8 and than
    // tRAS = 45), then PRE (tRPab = 23): 94 cycles (more than tRC = 65).
    EXPECT_EQ(errorOf([](DramConfig& c) {
                  c.controller.refresh = "all_bank";
                  c.timing.tREFI = 488;
              }),
              "dram.timing.tREFI: must be >= tRFCab + 1 x tPPD + 2 x the longest row cycle (299 + 2 + 2 x 94 = 489; "
              "is 488)");
    EXPECT_EQ(errorOf([](DramConfig& c) { c.timing.tREFIpb = 341; }),
              "dram.timing.tREFIpb: must be >= tRFCpb + 2 x tPPD + 2 x the longest row cycle (150 + 4 + 2 x 94 = 342; "
              "is 341)");
    EXPECT_EQ(errorOf([](DramConfig& c) {
                  c.timing.tPPD = 0;
                  c.timing.tREFIpb = 337;
              }),
              "dram.timing.tREFIpb: must be >= tRFCpb + 2 x the longest row cycle (150 + 2 x 94 = 338; is 337)");
    EXPECT_EQ(errorOf([](DramConfig& c) { c.timing.tWR = 1000; }),
              "dram.timing.tREFIpb: must be >= tRFCpb + 2 x tPPD + 2 x the longest row cycle (150 + 4 + 2 x 1057 = 2268; "
              "is 520)");
    // Long commands lengthen it: with every command 64 bus cycles, ACT 64 (> tRCD), the column command 64
    // (> 51), PRE 64 (> tRPab): 192; a refresh whose bus cycles outlast tRFCpb blocks its bank that long.
    EXPECT_EQ(errorOf([](DramConfig& c) {
                  c.timing.tCMD_ACT = c.timing.tCMD_CAS = c.timing.tCMD_PRE = c.timing.tCMD_REF = 64;
              }),
              "dram.timing.tREFIpb: must be >= tRFCpb + 2 x tPPD + 2 x the longest row cycle (150 + 4 + 2 x 192 = 538; "
              "is 520)");
    EXPECT_EQ(errorOf([](DramConfig& c) {
                  c.timing.tRFCpb = 10;
                  c.timing.tCMD_REF = 60;
                  c.timing.tREFIpb = 251;
              }),
              "dram.timing.tREFIpb: must be >= tCMD_REF + 2 x tPPD + 2 x the longest row cycle (60 + 4 + 2 x 94 = 252; "
              "is 251)");
    // All ranks' refreshes share the command bus: with 8 ranks and a 64-cycle REFpb that closes a bank pair
    // (2 PREs of 1 cycle), refresh alone needs 8 x 66 = 528 of the 520 cycles between REFpb of a rank.
    EXPECT_EQ(errorOf([](DramConfig& c) {
                  c.organization.ranks = 8;
                  c.timing.tCMD_REF = 64;
              }),
              "dram.timing.tREFIpb: must be >= ranks x the refresh's command-bus cycles (tCMD_REF + 2 x tCMD_PRE) + "
              "2 x the longest row cycle (8 x 66 + 2 x 94 = 716; is 520)");
    EXPECT_EQ(errorOf([](DramConfig& c) {
                  c.controller.refresh = "all_bank";
                  c.organization.ranks = 8;
                  c.timing.tCMD_REF = 64;
                  c.timing.tREFI = 700;
              }),
              "dram.timing.tREFI: must be >= ranks x the refresh's command-bus cycles (tCMD_REF + tCMD_PRE) + "
              "2 x the longest row cycle (8 x 65 + 2 x 94 = 708; is 700)");
    // tPPD spaces the PREs that close a refresh's banks (a bank pair on LPDDR5X: 2 x tPPD), per rank
    EXPECT_EQ(errorOf([](DramConfig& c) {
                  c.timing.tPPD = 100;
                  c.timing.tREFIpb = 537;
              }),
              "dram.timing.tREFIpb: must be >= tRFCpb + 2 x tPPD + 2 x the longest row cycle (150 + 200 + 2 x 94 = "
              "538; is 537)");
    DramConfig edge;  // exactly at the limit
    edge.timing.tREFIpb = 342;
    EXPECT_NO_THROW(edge.validate());
    // DDR4 has no per-bank refresh: 0 is fine unless the controller asks for per-bank refresh
    DramConfig d = ddr4_3200();
    EXPECT_NO_THROW(d.validate());
    d.controller.refresh = "per_bank";
    EXPECT_THROW(d.validate(), npu::InputError);
}

TEST(DramConfig, YamlPresetsMatchTestSpecs) {
    const auto dir = presetDir();
    ASSERT_TRUE(std::filesystem::is_directory(dir)) << dir;
    size_t files = 0;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) files += entry.path().extension() == ".yaml";
    EXPECT_EQ(files, allPresets().size()) << "a preset without a C++ spec (or the reverse)";
    for (const auto& [name, spec] : allPresets()) {
        SCOPED_TRACE(name);
        const YAML::Node root = YAML::LoadFile((dir / (name + ".yaml")).string());
        ASSERT_TRUE(root.IsMap());
        EXPECT_EQ(root.size(), spec.power.given() ? 4u : 3u) << "sections: organization, timing, controller[, power]";
        const YAML::Node org = root["organization"], tim = root["timing"], ctl = root["controller"], pw = root["power"];
        expectExactKeys(org, "organization", kOrgKeys);
        expectExactKeys(tim, "timing", kTimingKeys);
        expectExactKeys(ctl, "controller", kControllerInts, kControllerStrings.size() + 1,
                        {"page_policy", "scheduler", "refresh", "mapping", "xor_bank_hash"});
        if (spec.power.given()) expectExactKeys(pw, "power", kPowerKeys);
        DramConfig y;  // bound from YAML, then compared field by field
        for (const auto& [k, m] : kOrgKeys) y.organization.*m = org[k].as<uint32_t>();
        for (const auto& [k, m] : kTimingKeys) y.timing.*m = tim[k].as<uint32_t>();
        for (const auto& [k, m] : kControllerInts) y.controller.*m = ctl[k].as<uint32_t>();
        for (const auto& [k, m] : kControllerStrings) y.controller.*m = ctl[k].as<std::string>();
        y.controller.xorBankHash = ctl["xor_bank_hash"].as<bool>();
        if (pw) for (const auto& [k, m] : kPowerKeys) y.power.*m = pw[k].as<double>();
        for (const auto& [k, m] : kOrgKeys) EXPECT_EQ(y.organization.*m, spec.organization.*m) << k;
        for (const auto& [k, m] : kTimingKeys) EXPECT_EQ(y.timing.*m, spec.timing.*m) << k;
        for (const auto& [k, m] : kControllerInts) EXPECT_EQ(y.controller.*m, spec.controller.*m) << k;
        for (const auto& [k, m] : kControllerStrings) EXPECT_EQ(y.controller.*m, spec.controller.*m) << k;
        EXPECT_EQ(y.controller.xorBankHash, spec.controller.xorBankHash);
        for (const auto& [k, m] : kPowerKeys) EXPECT_DOUBLE_EQ(y.power.*m, spec.power.*m) << k;
        EXPECT_NO_THROW(y.validate());
    }
}
