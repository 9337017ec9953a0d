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

TEST(Config, KeysArePlainNamesGivenOnceInOneDocument) {
    const std::string dup = writeTemp("dup.yaml", "array:\n  rows: 8\n  rows: 16\n");
    EXPECT_EQ(errorOf([&] { loadConfig(dup, {}); }), dup + ":3: array.rows: key given twice (first on line 2)");
    EXPECT_EQ(errorOf([] { loadConfig("", {"array={rows: 8, rows: 16}"}); }), "--set array: array.rows: key given twice");
    const std::string listKey = writeTemp("listkey.yaml", "dram:\n  [a, b]: 1\n");
    EXPECT_EQ(errorOf([&] { loadConfig(listKey, {}); }), listKey + ":2: dram: keys must be plain names, not lists or mappings");
    const std::string mapKey = writeTemp("mapkey.yaml", "array:\n  {x: 1}: 1\n");
    EXPECT_EQ(errorOf([&] { loadConfig(mapKey, {}); }), mapKey + ":2: array: keys must be plain names, not lists or mappings");
    const std::string topKey = writeTemp("topkey.yaml", "[a, b]: 1\n");
    EXPECT_EQ(errorOf([&] { loadConfig(topKey, {}); }), topKey + ":1: keys must be plain names, not lists or mappings");
    const std::string twoDocs = writeTemp("twodocs.yaml", "array:\n  rows: 8\n---\narray:\n  rows: 7\n");
    EXPECT_EQ(errorOf([&] { loadConfig(twoDocs, {}); }), twoDocs + ":4: a second YAML document (a config file holds one)");
    EXPECT_EQ(loadConfig(writeTemp("enddoc.yaml", "array:\n  rows: 8\n---\n"), {}).array.rows, 8u);   // empty: harmless
    EXPECT_EQ(errorOf([] { loadConfig("", {"array.rows.=5"}); }), "--set array.rows.: empty path component");
    EXPECT_EQ(errorOf([] { loadConfig("/tmp", {}); }), "/tmp: is a directory, not a config file");
    // Aliases of aliases ("billion laughs": 10^9 leaves) are checked once per node, not expanded.
    std::string laughs = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
    for (int i = 1; i < 10; ++i) {
        const std::string prev = "*a" + std::to_string(i - 1);
        std::string list = prev;
        for (int k = 1; k < 10; ++k) list += ", " + prev;
        laughs += "a" + std::to_string(i) + ": &a" + std::to_string(i) + " [" + list + "]\n";
    }
    const std::string laughsFile = writeTemp("laughs.yaml", laughs);
    EXPECT_EQ(errorOf([&] { loadConfig(laughsFile, {}); }), laughsFile + ":1: a0: unknown key");
}

TEST(Config, DramAndEnergyErrorsNameTheirLine) {
    // The presets are merged into these sections; the lines come from the file as read.
    const std::string dram = writeTemp("dramline.yaml", "name: x\n\ndram:\n  timing:\n    tRCD: abc\n");
    EXPECT_EQ(errorOf([&] { loadConfig(dram, {}); }), dram + ":5: dram.timing.tRCD: expected an integer, got 'abc'");
    const std::string zero = writeTemp("dramzero.yaml", "name: x\n\ndram:\n  timing:\n    tRCD: 0\n");
    EXPECT_EQ(errorOf([&] { loadConfig(zero, {}); }), zero + ":5: dram.timing.tRCD: must be >= 1 (is 0)");
    const std::string energy = writeTemp("energyline.yaml", "energy:\n  ops:\n    fp32:\n      add_pj: x\n");
    EXPECT_EQ(errorOf([&] { loadConfig(energy, {}); }), energy + ":4: energy.ops.fp32.add_pj: expected a number, got 'x'");
    // A relation checked after every field is read names a --set value's path under "config:" (docs/config.md).
    EXPECT_EQ(errorOf([] { loadConfig("", {"dram.timing.tRCD=0"}); }), "config: dram.timing.tRCD: must be >= 1 (is 0)");
    EXPECT_EQ(errorOf([] { loadConfig("", {"array={rows: 0}"}); }), "--set array: array.rows: must be in [1, 65536], got 0");
}

TEST(Config, NonsenseValuesAreRejected) {
    EXPECT_EQ(errorOf([] { loadConfig("", {"clock.point_freqs_mhz=[1000, 1000]", "clock.point_voltages_v=[1, 1]"}); }),
              "config: clock.point_freqs_mhz[1]: 1000 MHz is already point 0");
    EXPECT_EQ(errorOf([] { loadConfig("", {"compression.weight_sharing_bits=4", "dtype=int4"}); }),
              "config: compression.weight_sharing_bits: must be fewer than the 4 bits of dtype int4 (else sharing "
              "grows the weights), got 4");
    EXPECT_EQ(loadConfig("", {"compression.weight_sharing_bits=3", "dtype=int4"}).compression.sharingBits, 3u);
    EXPECT_EQ(errorOf([] { loadConfig("", {"dfs.per_layer=[a=]"}); }),
              "config: dfs.per_layer[0]: 'a=' has no frequency (expected 'glob=freq_mhz')");
    // Strings reach reports and one-line messages: valid UTF-8, no control characters; messages escape them.
    const std::string name = writeTemp("utf8.yaml", "name: a\xff" "b\n");
    EXPECT_EQ(errorOf([&] { loadConfig(name, {}); }), name + ":1: name: 'a\\xffb' is not valid UTF-8");
    const std::string rule = writeTemp("ctrl.yaml", "dfs:\n  per_layer: [\"a\\nb\"]\n");
    EXPECT_EQ(errorOf([&] { loadConfig(rule, {}); }), rule + ":2: dfs.per_layer[0]: 'a\\nb' contains a control character");
    const std::string dtype = writeTemp("nl.yaml", "dtype: \"fp8\\nx\"\n");
    EXPECT_EQ(errorOf([&] { loadConfig(dtype, {}); }),
              dtype + ":1: dtype: 'fp8\\nx' is not one of: fp32, fp16, bf16, int8, int4");
}
