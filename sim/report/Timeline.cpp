// SPDX-License-Identifier: Apache-2.0
#include "sim/report/Timeline.h"

namespace npu::sim {
namespace {
constexpr int kPid = 1;
double us(double seconds) { return seconds * 1e6; }   // trace-event times are microseconds
}  // namespace

void TimelineRecorder::span(Track track, const std::string& name, double startS, double endS, nlohmann::json args) {
    nlohmann::json e = {{"name", name}, {"ph", "X"}, {"pid", kPid}, {"tid", int(track)},
                        {"ts", us(startS)}, {"dur", us(endS - startS)}};
    if (!args.is_null()) e["args"] = std::move(args);
    if (!events_.empty()) events_ += ',';
    events_ += e.dump();
}

std::string TimelineRecorder::json(const RunResult& run) const {
    // Written as nlohmann::json would dump the whole {"displayTimeUnit", "traceEvents"} object (keys in
    // order, no spaces), with the spans spliced in as recorded.
    nlohmann::json all = nlohmann::json::array();
    all.push_back({{"name", "process_name"}, {"ph", "M"}, {"pid", kPid}, {"args", {{"name", "npusim NPU"}}}});
    const std::pair<Track, const char*> names[] = {
        {Layers, "layers"}, {Array, "systolic array"}, {Vector, "vector unit"}, {DmaLoad, "DMA loads"}, {DmaStore, "DMA stores"}};
    auto track = [&](int tid, const std::string& name) {
        all.push_back({{"name", "thread_name"}, {"ph", "M"}, {"pid", kPid}, {"tid", tid}, {"args", {{"name", name}}}});
        all.push_back({{"name", "thread_sort_index"}, {"ph", "M"}, {"pid", kPid}, {"tid", tid}, {"args", {{"sort_index", tid}}}});
    };
    for (const auto& [tid, name] : names) track(int(tid), name);
    for (uint32_t c = 0; c < dramChannels_; ++c) track(int(dramChannel(c)), "DRAM ch" + std::to_string(c));
    const std::string head = all.dump();  // "[...]": the metadata events
    all = nlohmann::json::array();
    // Counters change at layer boundaries: the core clock, the layer's average power, its DRAM bandwidth.
    for (const LayerResult& l : run.layers) {
        all.push_back({{"name", "core clock (MHz)"}, {"ph", "C"}, {"pid", kPid}, {"ts", us(l.startS)},
                       {"args", {{"freq_mhz", l.freqMhz}}}});
        all.push_back({{"name", "power (W)"}, {"ph", "C"}, {"pid", kPid}, {"ts", us(l.startS)},
                       {"args", {{"avg_power_w", l.avgPowerW}}}});
        if (run.memoryPath)
            all.push_back({{"name", "DRAM bandwidth (GB/s)"}, {"ph", "C"}, {"pid", kPid}, {"ts", us(l.startS)},
                           {"args", {{"dram_gbps", l.dramBandwidthGBps}}}});
    }
    const std::string tail = all.dump();  // "[...]": the counters, "[]" without layers
    std::string out = R"({"displayTimeUnit":"ns","traceEvents":)";
    out.reserve(out.size() + head.size() + events_.size() + tail.size() + 8);
    out.append(head, 0, head.size() - 1);  // without its "]"
    if (!events_.empty()) (out += ',') += events_;
    if (tail.size() > 2) (out += ',').append(tail, 1, std::string::npos);  // without its "["
    else out += ']';
    return out + "}\n";
}

}  // namespace npu::sim
