// SPDX-License-Identifier: Apache-2.0
// Config loading: the default preset equals the built-in defaults, overrides, and every error path
// names the file, line and YAML path (or the --set that caused it).
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "hw_models/common/Error.h"
#include "tests/support/ErrorOf.h"
#include "sim/config/ConfigLoader.h"

using namespace npu::sim;

namespace {
std::string sourceDir() {
    const char* d = std::getenv("NPUSIM_SOURCE_DIR");
    return d ? d : NPUSIM_TEST_SOURCE_DIR;
}
std::string writeTemp(const std::string& name, const std::string& text) {
    const auto p = std::filesystem::temp_directory_path() / ("npusim_cfg_" + std::to_string(::getpid()) + name);
    std::ofstream(p) << text;
    return p.string();
}
}  // namespace

using npu::test::errorOf;

TEST(Config, DefaultPresetFileEqualsBuiltInDefaults) {
    const SimConfig fromFile = loadConfig(sourceDir() + "/configs/mobile_npu.yaml", {});
    const SimConfig defaults;
    EXPECT_EQ(resolvedConfigYaml(fromFile), resolvedConfigYaml(defaults));
    EXPECT_EQ(fromFile.array.rows, 128u);
    EXPECT_EQ(fromFile.array.cols, 128u);
    EXPECT_EQ(fromFile.array.dataflow, npu::hw::Dataflow::OutputStationary);
}

TEST(Config, ResolvedYamlReproducesTheConfig) {
    const SimConfig a = loadConfig("", {"array.rows=48", "array.dataflow=ws", "clock.freq_mhz=933.5",
                                        "clock.point_freqs_mhz=[466.75, 933.5]", "clock.point_voltages_v=[0.6, 0.7]",
                                        "vector.cycles_per_element.softmax=2.25", "dtype=bf16", "name=x"});
    EXPECT_EQ(a.array.rows, 48u);
    EXPECT_EQ(a.array.dataflow, npu::hw::Dataflow::WeightStationary);
    EXPECT_DOUBLE_EQ(a.clock.freqMhz, 933.5);
    EXPECT_EQ(a.dtype, npu::workloads::DType::Bf16);
    const std::string path = writeTemp("resolved.yaml", resolvedConfigYaml(a));
    const SimConfig b = loadConfig(path, {});
    EXPECT_EQ(resolvedConfigYaml(b), resolvedConfigYaml(a));
    EXPECT_DOUBLE_EQ(b.vector.cyclesPerElement[static_cast<size_t>(npu::workloads::VectorKind::Softmax)], 2.25);
}

TEST(Config, OverridesApplyAfterTheFile) {
    const std::string path = writeTemp("ov.yaml", "array:\n  rows: 8\n  cols: 8\n");
    const SimConfig c = loadConfig(path, {"array.rows=16"});
    EXPECT_EQ(c.array.rows, 16u);
    EXPECT_EQ(c.array.cols, 8u);
}

TEST(Config, ErrorsNameFileLineAndPath) {
    const std::string unknown = writeTemp("unknown.yaml", "name: a\narray:\n  rows: 8\n  rowz: 8\n");
    EXPECT_EQ(errorOf([&] { loadConfig(unknown, {}); }), unknown + ":4: array.rowz: unknown key");
    const std::string topUnknown = writeTemp("top.yaml", "arrray:\n  rows: 8\n");
    EXPECT_EQ(errorOf([&] { loadConfig(topUnknown, {}); }), topUnknown + ":1: arrray: unknown key");
    const std::string badType = writeTemp("type.yaml", "array:\n  rows: many\n");
    EXPECT_EQ(errorOf([&] { loadConfig(badType, {}); }),
              badType + ":2: array.rows: expected an integer, got 'many'");
    const std::string negative = writeTemp("neg.yaml", "array:\n  cols: -4\n");
    EXPECT_EQ(errorOf([&] { loadConfig(negative, {}); }), negative + ":2: array.cols: expected an integer, got '-4'");
    const std::string zero = writeTemp("zero.yaml", "\narray:\n  cols: 0\n");
    EXPECT_EQ(errorOf([&] { loadConfig(zero, {}); }), zero + ":3: array.cols: must be in [1, 65536], got 0");
    const std::string badChoice = writeTemp("choice.yaml", "array:\n  dataflow: rs\n");
    EXPECT_EQ(errorOf([&] { loadConfig(badChoice, {}); }),
              badChoice + ":2: array.dataflow: 'rs' is not one of: os, ws, is");
    const std::string notMap = writeTemp("notmap.yaml", "array: 5\n");
    EXPECT_EQ(errorOf([&] { loadConfig(notMap, {}); }), notMap + ":1: array: expected a mapping (a section of keys)");
    const std::string listVal = writeTemp("list.yaml", "clock:\n  freq_mhz: [1, 2]\n");
    EXPECT_EQ(errorOf([&] { loadConfig(listVal, {}); }), listVal + ":2: clock.freq_mhz: expected a number");
    const std::string syntax = writeTemp("syntax.yaml", "array:\n  rows: [8\n");
    EXPECT_NE(errorOf([&] { loadConfig(syntax, {}); }).find(syntax + ":"), std::string::npos);
    const std::string empty = writeTemp("empty.yaml", "");
    EXPECT_EQ(errorOf([&] { loadConfig(empty, {}); }), empty + ": empty config file");
    EXPECT_EQ(errorOf([&] { loadConfig("/nonexistent.yaml", {}); }), "/nonexistent.yaml: cannot open config file");
}

TEST(Config, OverrideErrorsNameTheSet) {
    EXPECT_EQ(errorOf([] { loadConfig("", {"array.rowz=4"}); }), "--set array.rowz: unknown key");
    EXPECT_EQ(errorOf([] { loadConfig("", {"array.rows=abc"}); }),
              "--set array.rows: expected an integer, got 'abc'");
    EXPECT_EQ(errorOf([] { loadConfig("", {"array.rows=0"}); }), "--set array.rows: must be in [1, 65536], got 0");
    EXPECT_EQ(errorOf([] { loadConfig("", {"array.rows"}); }), "--set array.rows: expected path.to.field=value");
    EXPECT_EQ(errorOf([] { loadConfig("", {"array.rows="}); }), "--set array.rows: empty value");
    EXPECT_EQ(errorOf([] { loadConfig("", {"array.rows.x=1"}); }),
              "--set array.rows.x: array.rows: expected an integer");
    const std::string rows = writeTemp("rows.yaml", "array:\n  rows: 8\n");
    EXPECT_EQ(errorOf([&] { loadConfig(rows, {"array.rows.x=1"}); }), "--set array.rows.x: array.rows is not a section");
    EXPECT_EQ(errorOf([] { loadConfig("", {"memory.model=dramm"}); }),
              "--set memory.model: 'dramm' is not one of: ideal, dram");
}

TEST(Config, ClockAndDfsRelationsAreChecked) {
    EXPECT_EQ(errorOf([] { loadConfig("", {"clock.point_voltages_v=[0.7]"}); }),
              "config: clock.point_voltages_v: needs one voltage per frequency (4), got 1");
    EXPECT_EQ(errorOf([] { loadConfig("", {"clock.freq_mhz=900"}); }),
              "config: clock.freq_mhz: 900 is not in clock.point_freqs_mhz");
    EXPECT_EQ(errorOf([] { loadConfig("", {"dfs.fixed_freq_mhz=500"}); }),
              "config: dfs.fixed_freq_mhz: 500 is not in clock.point_freqs_mhz");
    EXPECT_EQ(errorOf([] { loadConfig("", {"dfs.per_layer=[\"up*\"]"}); }),
              "config: dfs.per_layer[0]: expected 'glob=freq_mhz', got 'up*'");
    EXPECT_EQ(errorOf([] { loadConfig("", {"dfs.per_layer=[\"up*=700\"]"}); }),
              "config: dfs.per_layer[0]: 700 MHz is not in clock.point_freqs_mhz");
    EXPECT_EQ(errorOf([] { loadConfig("", {"clock.point_freqs_mhz=[400, abc]"}); }),
              "--set clock.point_freqs_mhz: clock.point_freqs_mhz[1]: expected a number, got 'abc'");
    const SimConfig ok = loadConfig("", {"dfs.policy=per_layer", "dfs.per_layer=[\"up*=600\", \"*.softmax=400\"]"});
    ASSERT_EQ(ok.dfs.perLayer.size(), 2u);
    EXPECT_EQ(ok.dfs.perLayer[1], "*.softmax=400");
}

// A sample of fields, one from each kind (top-level, nested, per-kind list); tests/cli/docs_check.sh
// compares the whole reference with docs/config.md.
TEST(Config, ReferenceListsSampleFields) {
    const std::string ref = configReferenceMarkdown();
    for (const char* key : {"`name`", "`dtype`", "`clock.freq_mhz`", "`array.rows`", "`array.cols`",
                            "`array.dataflow`", "`vector.lanes`", "`vector.startup_cycles`",
                            "`vector.cycles_per_element.softmax`", "`memory.model`"})
        EXPECT_NE(ref.find(key), std::string::npos) << key;
}
