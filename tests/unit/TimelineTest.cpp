// SPDX-License-Identifier: Apache-2.0
// TimelineRecorder: the file is exactly what nlohmann::json dumps for the whole trace object, whether it has
// spans and counters, only one of them, or neither (the spans are spliced in as text).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "sim/report/Timeline.h"

using npu::sim::LayerResult;
using npu::sim::RunResult;
using npu::sim::TimelineRecorder;

namespace {

/// The same trace built as one JSON value, dumped in one go.
std::string reference(const std::vector<nlohmann::json>& spans, const RunResult& run, uint32_t channels) {
    nlohmann::json all = nlohmann::json::array();
    all.push_back({{"name", "process_name"}, {"ph", "M"}, {"pid", 1}, {"args", {{"name", "npusim NPU"}}}});
    auto track = [&](int tid, const std::string& name) {
        all.push_back({{"name", "thread_name"}, {"ph", "M"}, {"pid", 1}, {"tid", tid}, {"args", {{"name", name}}}});
        all.push_back({{"name", "thread_sort_index"}, {"ph", "M"}, {"pid", 1}, {"tid", tid}, {"args", {{"sort_index", tid}}}});
    };
    track(1, "layers");
    track(2, "systolic array");
    track(3, "vector unit");
    track(4, "DMA loads");
    track(5, "DMA stores");
    for (uint32_t c = 0; c < channels; ++c) track(6 + int(c), "DRAM ch" + std::to_string(c));
    for (const auto& s : spans) all.push_back(s);
    for (const LayerResult& l : run.layers) {
        all.push_back({{"name", "core clock (MHz)"}, {"ph", "C"}, {"pid", 1}, {"ts", l.startS * 1e6},
                       {"args", {{"freq_mhz", l.freqMhz}}}});
        all.push_back({{"name", "power (W)"}, {"ph", "C"}, {"pid", 1}, {"ts", l.startS * 1e6},
                       {"args", {{"avg_power_w", l.avgPowerW}}}});
        if (run.memoryPath)
            all.push_back({{"name", "DRAM bandwidth (GB/s)"}, {"ph", "C"}, {"pid", 1}, {"ts", l.startS * 1e6},
                           {"args", {{"dram_gbps", l.dramBandwidthGBps}}}});
    }
    return nlohmann::json{{"traceEvents", std::move(all)}, {"displayTimeUnit", "ns"}}.dump() + "\n";
}

}  // namespace

TEST(Timeline, IsTheWholeObjectDumpedAtOnce) {
    RunResult run;
    run.memoryPath = true;
    LayerResult a, b;
    a.startS = 0.0;
    a.freqMhz = 1000.0;
    a.avgPowerW = 0.25;
    a.dramBandwidthGBps = 12.5;
    b.startS = 1.5e-6;
    b.freqMhz = 800.0;
    b.avgPowerW = 0.125;
    run.layers = {a, b};
    for (int spans : {0, 1, 3})
        for (bool layers : {false, true}) {
            TimelineRecorder t;
            t.setDramChannels(2);
            std::vector<nlohmann::json> expected;
            for (int i = 0; i < spans; ++i) {
                const double s = 1e-7 * i, e = s + 3.3e-8;
                t.span(TimelineRecorder::dramChannel(uint32_t(i % 2)), "conv" + std::to_string(i), s, e, {{"act", i}});
                expected.push_back({{"name", "conv" + std::to_string(i)}, {"ph", "X"}, {"pid", 1},
                                    {"tid", 6 + i % 2}, {"ts", s * 1e6}, {"dur", (e - s) * 1e6}, {"args", {{"act", i}}}});
            }
            if (spans == 3) {  // and one without arguments
                t.span(TimelineRecorder::Layers, "no args", 0.0, 1e-6);
                expected.push_back({{"name", "no args"}, {"ph", "X"}, {"pid", 1}, {"tid", 1}, {"ts", 0.0}, {"dur", 1.0}});
            }
            RunResult r = run;
            if (!layers) r.layers.clear();
            const std::string got = t.json(r);
            EXPECT_EQ(got, reference(expected, r, 2)) << spans << " spans, layers " << layers;
            EXPECT_TRUE(nlohmann::json::parse(got).is_object());
        }
}
