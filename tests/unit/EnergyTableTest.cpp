// SPDX-License-Identifier: Apache-2.0
// Energy tables: the published arithmetic (Horowitz ISSCC 2014), the derivations of bf16/int4/exp-like,
// SRAM interpolation, vector recipes, the 45 nm -> 7 nm scaling (Stillmaker & Baas 2017), voltage
// scaling, validation messages, and agreement of configs/energy/*.yaml with the C++ builders below
// (yaml-cpp is used here, in a test, only).
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "hw_models/common/Error.h"
#include "hw_models/power/ActionEnergy.h"
#include "hw_models/power/EnergyTable.h"
#include "hw_models/power/TechScaling.h"
#include "hw_models/power/VoltageScaling.h"
#include "sim/config/ConfigLoader.h"

using namespace npu::hw::power;
using npu::workloads::DType;
using npu::workloads::VectorKind;

namespace npu::hw::power::testtables {

/// configs/energy/horowitz45.yaml in C++ (same literals).
EnergyTable horowitz45() {
    EnergyTable t;
    t.name = "horowitz45";
    t.nominalVoltageV = 0.9;
    t.ops.fp32 = {0.9, 3.7, 23};
    t.ops.fp16 = {0.4, 1.1, 7.5};
    t.ops.bf16 = {0.290909, 0.581818, 4.36364};
    t.ops.int8 = {0.03, 0.2, 1.15};
    t.ops.int4 = {0.015, 0.05, 0.325};
    t.registerPjPerBit = 0.009;
    t.sram.accessBytes = 8;
    t.sram.points = {{8192, 10, 10}, {32768, 20, 20}, {1048576, 100, 100}};
    t.dmaPjPerByte = 4.84375;
    t.leakage = {1.066e-05, 1.6384e-05, 5.986e-05, 7.168e-05};
    t.reference = {0.05, 0.1, 3.1, 1300, 2600};
    return t;
}

/// configs/energy/mobile7nm.yaml in C++ (same literals; also the EnergyTable defaults).
EnergyTable mobile7nm() {
    EnergyTable t;
    t.name = "mobile7nm";
    t.nominalVoltageV = 0.8;
    t.ops.fp32 = {0.08417, 0.346032, 2.15101};
    t.ops.fp16 = {0.0374089, 0.102874, 0.701417};
    t.ops.bf16 = {0.0272065, 0.0544129, 0.408097};
    t.ops.int8 = {0.00280567, 0.0187044, 0.107551};
    t.ops.int4 = {0.00140283, 0.00467611, 0.0303947};
    t.registerPjPerBit = 0.0008417;
    t.sram.accessBytes = 8;
    t.sram.points = {{8192, 0.935222, 0.935222}, {32768, 1.87044, 1.87044}, {1048576, 9.35222, 9.35222}};
    t.dmaPjPerByte = 0.452998;
    t.leakage = {1.47539e-06, 2.26761e-06, 8.28486e-06, 9.9208e-06};
    t.reference = {0.00467611, 0.00935222, 0.289919, 1300, 2600};
    return t;
}

}  // namespace npu::hw::power::testtables

namespace {

using namespace npu::hw::power::testtables;

std::filesystem::path sourceDir() {
    if (const char* d = std::getenv("NPUSIM_SOURCE_DIR"); d != nullptr && *d != '\0') return d;
    return NPUSIM_TEST_SOURCE_DIR;
}

// ---- every (label, value) of a table, in YAML key order: one list drives every field-wise check ----
struct Field {
    std::string key;
    double value;
    enum Kind { Meta, Dynamic, Static, OffChip } kind;
};

std::vector<Field> fields(const EnergyTable& t) {
    std::vector<Field> f;
    f.push_back({"nominal_voltage_v", t.nominalVoltageV, Field::Meta});
    const std::pair<const char*, const OpEnergy*> ops[] = {{"fp32", &t.ops.fp32}, {"fp16", &t.ops.fp16},
                                                            {"bf16", &t.ops.bf16}, {"int8", &t.ops.int8},
                                                            {"int4", &t.ops.int4}};
    for (const auto& [k, o] : ops) {
        f.push_back({std::string("ops.") + k + ".add_pj", o->addPj, Field::Dynamic});
        f.push_back({std::string("ops.") + k + ".mult_pj", o->multPj, Field::Dynamic});
        f.push_back({std::string("ops.") + k + ".exp_like_pj", o->expLikePj, Field::Dynamic});
    }
    f.push_back({"register_pj_per_bit", t.registerPjPerBit, Field::Dynamic});
    f.push_back({"sram.access_bytes", double(t.sram.accessBytes), Field::Meta});
    for (size_t i = 0; i < t.sram.points.size(); ++i) {
        const std::string p = "sram.points[" + std::to_string(i) + "].";
        f.push_back({p + "bank_bytes", double(t.sram.points[i].bankBytes), Field::Meta});
        f.push_back({p + "read_pj", t.sram.points[i].readPj, Field::Dynamic});
        f.push_back({p + "write_pj", t.sram.points[i].writePj, Field::Dynamic});
    }
    f.push_back({"dma_pj_per_byte", t.dmaPjPerByte, Field::Dynamic});
    f.push_back({"leakage.array_per_pe_watts", t.leakage.arrayPerPeWatts, Field::Static});
    f.push_back({"leakage.sram_per_kib_watts", t.leakage.sramPerKibWatts, Field::Static});
    f.push_back({"leakage.vector_per_lane_watts", t.leakage.vectorPerLaneWatts, Field::Static});
    f.push_back({"leakage.dma_watts", t.leakage.dmaWatts, Field::Static});
    f.push_back({"reference.int16_add_pj", t.reference.int16AddPj, Field::Dynamic});
    f.push_back({"reference.int32_add_pj", t.reference.int32AddPj, Field::Dynamic});
    f.push_back({"reference.int32_mult_pj", t.reference.int32MultPj, Field::Dynamic});
    f.push_back({"reference.dram_min_pj_per_64bit", t.reference.dramMinPjPer64Bit, Field::OffChip});
    f.push_back({"reference.dram_max_pj_per_64bit", t.reference.dramMaxPjPer64Bit, Field::OffChip});
    return f;
}

void expectSameTable(const EnergyTable& a, const EnergyTable& b, const std::string& what) {
    EXPECT_EQ(a.name, b.name) << what;
    const auto fa = fields(a), fb = fields(b);
    ASSERT_EQ(fa.size(), fb.size()) << what;
    for (size_t i = 0; i < fa.size(); ++i) EXPECT_EQ(fa[i].value, fb[i].value) << what << ": " << fa[i].key;
}

// ---- The binding sim/config will write, mechanically: YAML key -> struct member, all keys required ----
void onlyKeys(const YAML::Node& n, const std::string& path, std::set<std::string> allowed) {
    ASSERT_TRUE(n.IsMap()) << path << " must be a mapping";
    for (const auto& kv : n) {
        const auto k = kv.first.as<std::string>();
        EXPECT_TRUE(allowed.count(k)) << path << "." << k << ": unknown key";
        allowed.erase(k);
    }
    for (const auto& k : allowed) ADD_FAILURE() << path << "." << k << ": missing";
}

EnergyTable bindYaml(const YAML::Node& n) {
    EnergyTable t;
    onlyKeys(n, "", {"name", "nominal_voltage_v", "ops", "register_pj_per_bit", "sram", "dma_pj_per_byte", "leakage",
                     "reference"});
    t.name = n["name"].as<std::string>();
    t.nominalVoltageV = n["nominal_voltage_v"].as<double>();
    onlyKeys(n["ops"], "ops", {"fp32", "fp16", "bf16", "int8", "int4"});
    for (DType d : {DType::Fp32, DType::Fp16, DType::Bf16, DType::Int8, DType::Int4}) {
        const YAML::Node o = n["ops"][npu::workloads::dtypeName(d)];
        onlyKeys(o, std::string("ops.") + npu::workloads::dtypeName(d), {"add_pj", "mult_pj", "exp_like_pj"});
        t.ops.of(d) = {o["add_pj"].as<double>(), o["mult_pj"].as<double>(), o["exp_like_pj"].as<double>()};
    }
    t.registerPjPerBit = n["register_pj_per_bit"].as<double>();
    onlyKeys(n["sram"], "sram", {"access_bytes", "points"});
    t.sram.accessBytes = n["sram"]["access_bytes"].as<uint32_t>();
    t.sram.points.clear();
    for (const auto& p : n["sram"]["points"]) {
        onlyKeys(p, "sram.points[]", {"bank_bytes", "read_pj", "write_pj"});
        t.sram.points.push_back({p["bank_bytes"].as<uint64_t>(), p["read_pj"].as<double>(), p["write_pj"].as<double>()});
    }
    t.dmaPjPerByte = n["dma_pj_per_byte"].as<double>();
    const YAML::Node l = n["leakage"];
    onlyKeys(l, "leakage", {"array_per_pe_watts", "sram_per_kib_watts", "vector_per_lane_watts", "dma_watts"});
    t.leakage = {l["array_per_pe_watts"].as<double>(), l["sram_per_kib_watts"].as<double>(),
                 l["vector_per_lane_watts"].as<double>(), l["dma_watts"].as<double>()};
    const YAML::Node r = n["reference"];
    onlyKeys(r, "reference",
             {"int16_add_pj", "int32_add_pj", "int32_mult_pj", "dram_min_pj_per_64bit", "dram_max_pj_per_64bit"});
    t.reference = {r["int16_add_pj"].as<double>(), r["int32_add_pj"].as<double>(), r["int32_mult_pj"].as<double>(),
                   r["dram_min_pj_per_64bit"].as<double>(), r["dram_max_pj_per_64bit"].as<double>()};
    return t;
}

void collectKeys(const YAML::Node& n, std::set<std::string>& out) {
    if (n.IsMap()) {
        for (const auto& kv : n) {
            out.insert(kv.first.as<std::string>());
            collectKeys(kv.second, out);
        }
    } else if (n.IsSequence()) {
        for (const auto& e : n) collectKeys(e, out);
    }
}

std::string errorOf(const std::function<void(EnergyTable&)>& edit) {
    EnergyTable t = horowitz45();
    edit(t);
    try {
        t.validate();
    } catch (const npu::InputError& e) {
        return e.what();
    }
    return "";
}

}  // namespace

// ---------------------------------------------------------------------------------------------------
TEST(EnergyPresets, YamlFilesMatchBuilders) {
    const std::pair<const char*, EnergyTable> presets[] = {{"horowitz45", horowitz45()}, {"mobile7nm", mobile7nm()}};
    for (const auto& [name, built] : presets) {
        const auto path = sourceDir() / "configs" / "energy" / (std::string(name) + ".yaml");
        SCOPED_TRACE(path.string());
        const EnergyTable fromYaml = bindYaml(YAML::LoadFile(path.string()));
        expectSameTable(fromYaml, built, name);
        EXPECT_NO_THROW(fromYaml.validate());
    }
}

TEST(EnergyPresets, DefaultTableIsMobile7nm) { expectSameTable(EnergyTable{}, mobile7nm(), "defaults"); }

TEST(EnergyPresets, EveryYamlKeyIsDocumented) {
    std::ifstream in(sourceDir() / "docs" / "energy.md");
    ASSERT_TRUE(in) << "docs/energy.md";
    std::stringstream ss;
    ss << in.rdbuf();
    const std::string doc = ss.str();
    std::set<std::string> keys;
    for (const char* f : {"horowitz45", "mobile7nm"})
        collectKeys(YAML::LoadFile((sourceDir() / "configs" / "energy" / (std::string(f) + ".yaml")).string()), keys);
    // Documented as `key` or as the last component of a path (`ops.<type>.add_pj`).
    for (const auto& k : keys)
        EXPECT_TRUE(doc.find("`" + k + "`") != std::string::npos || doc.find("." + k + "`") != std::string::npos)
            << k << " is not in docs/energy.md";
}

// ---- Horowitz ISSCC 2014 Fig. 1.1.9 arithmetic, exactly --------------------------------------------
// The table npusim runs with for `energy.preset: horowitz45` (the preset compiled into the binary, through
// the config loader) against the figure's published values: FP add / mult 32 bit 0.9 / 3.7 pJ, 16 bit
// 0.4 / 1.1 pJ, int add / mult 8 bit 0.03 / 0.2 pJ, 32 bit 0.1 / 3.1 pJ, 64-bit cache access 8 KB 10 pJ,
// 32 KB 20 pJ, 1 MB 100 pJ, DRAM 1.3-2.6 nJ, all at 45 nm and 0.9 V. A MAC is one mult plus one add.
TEST(EnergyTable, PublishedMacsAreMultPlusAdd) {
    const EnergyTable t = npu::sim::loadConfig("", {"energy.preset=horowitz45"}).energy;
    EXPECT_EQ(t.name, "horowitz45");
    EXPECT_EQ(t.nominalVoltageV, 0.9);
    EXPECT_DOUBLE_EQ(macPj(t, DType::Fp32), 4.6);
    EXPECT_DOUBLE_EQ(macPj(t, DType::Fp16), 1.5);
    EXPECT_DOUBLE_EQ(macPj(t, DType::Int8), 0.23);
    EXPECT_EQ(t.ops.fp32.multPj, 3.7);
    EXPECT_EQ(t.ops.fp16.multPj, 1.1);
    EXPECT_EQ(t.ops.int8.multPj, 0.2);
    EXPECT_EQ(t.reference.int32AddPj, 0.1);
    EXPECT_EQ(t.reference.int32MultPj, 3.1);
    EXPECT_EQ(t.reference.dramMinPjPer64Bit, 1300.0);
    EXPECT_EQ(t.reference.dramMaxPjPer64Bit, 2600.0);
    EXPECT_EQ(t.sram.accessBytes, 8u);
    ASSERT_EQ(t.sram.points.size(), 3u);
    EXPECT_EQ(t.sram.points[0].bankBytes, 8192u);
    EXPECT_EQ(t.sram.points[0].readPj, 10.0);
    EXPECT_EQ(t.sram.points[1].bankBytes, 32768u);
    EXPECT_EQ(t.sram.points[1].readPj, 20.0);
    EXPECT_EQ(t.sram.points[2].bankBytes, 1048576u);
    EXPECT_EQ(t.sram.points[2].readPj, 100.0);
}

TEST(EnergyTable, DerivedTypesFollowTheDocumentedRules) {
    const EnergyTable t = horowitz45();
    // bf16 from fp16 by significand width (11 -> 8 bits with the hidden bit): mult squared, add linear.
    EXPECT_NEAR(t.ops.bf16.multPj, t.ops.fp16.multPj * (8.0 / 11) * (8.0 / 11), 5e-7);
    EXPECT_NEAR(t.ops.bf16.addPj, t.ops.fp16.addPj * (8.0 / 11), 5e-7);
    // int4 from int8 by bit width: mult squared, add linear.
    EXPECT_DOUBLE_EQ(t.ops.int4.multPj, t.ops.int8.multPj * 0.25);
    EXPECT_DOUBLE_EQ(t.ops.int4.addPj, t.ops.int8.addPj * 0.5);
    // exp-like = 5 multiply-adds of the same type (range reduction + degree-4 Horner polynomial).
    for (DType d : {DType::Fp32, DType::Fp16, DType::Bf16, DType::Int8, DType::Int4})
        EXPECT_NEAR(t.ops.of(d).expLikePj, 5 * t.ops.of(d).macPj(), 5e-5) << npu::workloads::dtypeName(d);
}

TEST(EnergyTable, ArrayHopIsOneRegisterWritePerBit) {
    const EnergyTable t = horowitz45();
    EXPECT_DOUBLE_EQ(arrayHopPj(t, DType::Fp32), 32 * 0.009);
    EXPECT_DOUBLE_EQ(arrayHopPj(t, DType::Bf16), 16 * 0.009);
    EXPECT_DOUBLE_EQ(arrayHopPj(t, DType::Int8), 8 * 0.009);
    EXPECT_DOUBLE_EQ(arrayHopPj(t, DType::Int4), 4 * 0.009);
    EXPECT_DOUBLE_EQ(dmaPj(t, 1000), 4843.75);
}

TEST(EnergyTable, ValidationNamesTheYamlKey) {
    EXPECT_EQ(errorOf([](EnergyTable&) {}), "");
    EXPECT_EQ(errorOf([](EnergyTable& t) { t.ops.bf16.addPj = -1; }), "energy.ops.bf16.add_pj: must be a finite number >= 0");
    EXPECT_EQ(errorOf([](EnergyTable& t) { t.nominalVoltageV = 0; }),
              "energy.nominal_voltage_v: must be a finite number > 0");
    EXPECT_EQ(errorOf([](EnergyTable& t) { t.sram.points[2].bankBytes = 32768; }),
              "energy.sram.points[2].bank_bytes: must be larger than the previous point's (32768)");
    EXPECT_EQ(errorOf([](EnergyTable& t) { t.sram.points[1].readPj = 5; }),
              "energy.sram.points[1].read_pj: must not be below the previous point's");
    EXPECT_EQ(errorOf([](EnergyTable& t) { t.sram.points.clear(); }), "energy.sram.points: must list at least one point");
    EXPECT_EQ(errorOf([](EnergyTable& t) { t.leakage.dmaWatts = NAN; }),
              "energy.leakage.dma_watts: must be a finite number >= 0");
    EXPECT_EQ(errorOf([](EnergyTable& t) { t.reference.dramMaxPjPer64Bit = 1000; }),
              "energy.reference.dram_max_pj_per_64bit: must be >= dram_min_pj_per_64bit");
}

// ---- SRAM: log-linear in bank size, linear in width --------------------------------------------------
TEST(EnergySram, ExactAtTheTablePoints) {
    const EnergyTable t = horowitz45();
    EXPECT_EQ(sramReadPj(t, 8 * 1024, 8), 10.0);
    EXPECT_EQ(sramReadPj(t, 32 * 1024, 8), 20.0);
    EXPECT_EQ(sramReadPj(t, 1024 * 1024, 8), 100.0);
    EXPECT_EQ(sramWritePj(t, 8 * 1024, 8), 10.0);
    EXPECT_EQ(sramWritePj(t, 32 * 1024, 8), 20.0);
    EXPECT_EQ(sramWritePj(t, 1024 * 1024, 8), 100.0);
}

TEST(EnergySram, LogLinearAndMonotonicBetweenPoints) {
    const EnergyTable t = horowitz45();
    EXPECT_DOUBLE_EQ(sramReadPj(t, 16 * 1024, 8), 15.0);     // one octave of two: halfway
    EXPECT_DOUBLE_EQ(sramReadPj(t, 128 * 1024, 8), 52.0);    // two octaves of five: 20 + 80 x 2/5
    EXPECT_DOUBLE_EQ(sramReadPj(t, 4 * 1024, 8), 10.0);      // below the table: the smallest point
    EXPECT_DOUBLE_EQ(sramReadPj(t, 2048 * 1024, 8), 116.0);  // above: the last segment, 16 pJ per octave
    double prev = 0.0;
    for (uint64_t bytes = 1024; bytes <= 4u * 1024 * 1024; bytes += 1024) {
        const double e = sramReadPj(t, bytes, 8);
        EXPECT_GE(e, prev) << bytes;
        if (bytes > 8 * 1024) {
            EXPECT_GT(e, prev) << bytes << ": strictly increasing above the smallest point";
        }
        prev = e;
    }
}

TEST(EnergySram, LinearInAccessWidth) {
    const EnergyTable t = horowitz45();
    EXPECT_DOUBLE_EQ(sramReadPj(t, 32 * 1024, 64), 160.0);  // a 64-byte line = 8 x 64-bit
    EXPECT_DOUBLE_EQ(sramReadPj(t, 32 * 1024, 4), 10.0);
    EXPECT_DOUBLE_EQ(sramWritePj(t, 1024 * 1024, 16), 200.0);
}

// ---- Vector unit: recipes of primitive operations ---------------------------------------------------
TEST(EnergyVector, RecipesAreBuiltFromThePrimitives) {
    const EnergyTable t = horowitz45();
    const OpEnergy& h = t.ops.fp16;
    const double reg = 16 * 0.009;  // one fp16 result register
    EXPECT_DOUBLE_EQ(vectorElementPj(t, VectorKind::Add, DType::Fp16), h.addPj + reg);
    EXPECT_DOUBLE_EQ(vectorElementPj(t, VectorKind::Add, DType::Fp16, 3), 2 * h.addPj + reg);
    // one tensor and a broadcast operand (the UNet's time_emb_add): one add per element
    EXPECT_DOUBLE_EQ(vectorElementPj(t, VectorKind::Add, DType::Fp16, 1), h.addPj + reg);
    EXPECT_DOUBLE_EQ(vectorElementPj(t, VectorKind::Mul, DType::Fp16, 1), h.multPj + reg);
    EXPECT_DOUBLE_EQ(vectorElementPj(t, VectorKind::Mul, DType::Fp16), h.multPj + reg);
    EXPECT_DOUBLE_EQ(vectorElementPj(t, VectorKind::Silu, DType::Fp16), h.addPj + h.multPj + 2 * h.expLikePj + reg);
    EXPECT_DOUBLE_EQ(vectorElementPj(t, VectorKind::Gelu, DType::Fp16), 2 * h.addPj + 6 * h.multPj + h.expLikePj + reg);
    EXPECT_DOUBLE_EQ(vectorElementPj(t, VectorKind::Softmax, DType::Fp16), 3 * h.addPj + h.multPj + h.expLikePj + reg);
    EXPECT_DOUBLE_EQ(vectorElementPj(t, VectorKind::GroupNorm, DType::Fp16), 4 * h.addPj + 3 * h.multPj + reg);
    EXPECT_DOUBLE_EQ(vectorElementPj(t, VectorKind::LayerNorm, DType::Fp16), 4 * h.addPj + 3 * h.multPj + reg);
    for (VectorKind k : {VectorKind::Concat, VectorKind::Upsample, VectorKind::Copy, VectorKind::Embedding})
        EXPECT_DOUBLE_EQ(vectorElementPj(t, k, DType::Fp16), reg) << npu::workloads::vectorKindName(k);
    // Numbers: softmax in fp32 at 45 nm = 3 x 0.9 + 3.7 + 23 + 32 x 0.009 = 29.688 pJ per element.
    EXPECT_DOUBLE_EQ(vectorElementPj(t, VectorKind::Softmax, DType::Fp32), 29.688);
    npu::workloads::VectorOp op;
    op.kind = VectorKind::Silu;
    op.elements = 1000;
    EXPECT_DOUBLE_EQ(vectorOpPj(t, op, DType::Bf16), 1000 * vectorElementPj(t, VectorKind::Silu, DType::Bf16));
}

// ---- 45 nm -> 7 nm (Stillmaker & Baas 2017, Table 5) ---------------------------------------------------
TEST(EnergyScaling, ReproducesTheAuthorsCorrectedExample) {
    // Corrigendum to Sec. 4.2.1: EF(32 nm HP, 0.9 V) = 0.4571, EF(65 nm, 1.3 V) = 2.604, 1 pJ -> 0.1755 pJ.
    const double ex = stillmakerEnergyFactor(StillmakerNode::Hp32, 0.9);
    const double ey = stillmakerEnergyFactor(StillmakerNode::Bulk65, 1.3);
    EXPECT_NEAR(ex, 0.4571, 5e-5);
    EXPECT_NEAR(ey, 2.604, 5e-4);
    EXPECT_NEAR(ex / ey * 1.0, 0.4571 / 2.604, 1e-4);  // the authors divide their rounded factors: 0.1755
    EXPECT_NEAR(ex / ey * 1.0, 0.1755, 1e-4);
}

TEST(EnergyScaling, Mobile7nmIsHorowitz45TimesTheDocumentedFactors) {
    const TechScaling s = horowitz45ToMobile7nm();
    EXPECT_NEAR(s.dynamicFactor, 0.065358 / 0.69885, 1e-12);
    EXPECT_NEAR(s.dynamicFactor, 0.0935222, 5e-8);   // the factor docs/energy.md and the YAML quote
    EXPECT_NEAR(s.staticFactor, 465.4 / 3362.62, 1e-12);
    EXPECT_NEAR(s.staticFactor, 0.138404, 5e-7);
    EXPECT_EQ(s.nominalVoltageV, 0.8);

    const EnergyTable h = horowitz45(), m = mobile7nm();
    const EnergyTable expected = scaleTechnology(h, s);
    EXPECT_EQ(m.name, "mobile7nm");
    EXPECT_EQ(expected.name, "mobile7nm");
    const auto fh = fields(h), fm = fields(m), fe = fields(expected);
    ASSERT_EQ(fh.size(), fm.size());
    int dynamicEntries = 0;
    for (size_t i = 0; i < fh.size(); ++i) {
        SCOPED_TRACE(fh[i].key);
        switch (fh[i].kind) {
            case Field::Dynamic:
                ++dynamicEntries;
                EXPECT_NEAR(fm[i].value, fh[i].value * s.dynamicFactor, 5e-6 * fm[i].value);  // 6 significant digits
                break;
            case Field::Static: EXPECT_NEAR(fm[i].value, fh[i].value * s.staticFactor, 5e-6 * fm[i].value); break;
            case Field::OffChip: EXPECT_EQ(fm[i].value, fh[i].value); break;  // DRAM is not on the logic node
            case Field::Meta: break;
        }
        if (fh[i].kind != Field::Meta) {
            EXPECT_NEAR(fm[i].value, fe[i].value, 5e-6 * fm[i].value);
        }
    }
    EXPECT_EQ(dynamicEntries, 15 + 1 + 6 + 1 + 3);  // ops, register, SRAM points, DMA, int references
    EXPECT_EQ(m.sram.accessBytes, h.sram.accessBytes);
    for (size_t i = 0; i < m.sram.points.size(); ++i) EXPECT_EQ(m.sram.points[i].bankBytes, h.sram.points[i].bankBytes);
}

// ---- Voltage scaling ------------------------------------------------------------------------------
TEST(EnergyVoltage, DynamicScalesWithVSquaredStaticWithV) {
    EXPECT_EQ(dynamicEnergyScale(0.45, 0.9), 0.25);
    EXPECT_EQ(staticPowerScale(0.45, 0.9), 0.5);
    EXPECT_EQ(dynamicEnergyScale(0.9, 0.9), 1.0);
    EXPECT_DOUBLE_EQ(dynamicEnergyScale(1.0, 0.8), 1.5625);
    const EnergyTable t = horowitz45();
    EXPECT_DOUBLE_EQ(macPj(t, DType::Fp32) * dynamicEnergyScale(0.6, t.nominalVoltageV), 4.6 * 4.0 / 9.0);
    EXPECT_THROW(dynamicEnergyScale(0.0, 0.9), npu::InputError);
    EXPECT_THROW(staticPowerScale(0.8, -1.0), npu::InputError);
}

TEST(EnergyVoltage, StaticPowerOfAnInventory) {
    const EnergyTable t = horowitz45();
    const HardwareInventory inv{128 * 128, 4096.0, 128, 1};
    const StaticPowerBreakdown nominal = staticPower(t, inv, 0.9);
    EXPECT_DOUBLE_EQ(nominal.arrayWatts, 16384 * 1.066e-05);
    EXPECT_DOUBLE_EQ(nominal.sramWatts, 4096 * 1.6384e-05);
    EXPECT_DOUBLE_EQ(nominal.vectorWatts, 128 * 5.986e-05);
    EXPECT_DOUBLE_EQ(nominal.dmaWatts, 7.168e-05);
    const StaticPowerBreakdown low = staticPower(t, inv, 0.45);
    EXPECT_DOUBLE_EQ(low.totalWatts(), nominal.totalWatts() * 0.5);
}
