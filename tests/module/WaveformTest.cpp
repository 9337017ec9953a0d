// SPDX-License-Identifier: Apache-2.0
// VcdWriter under a scripted thread: live values follow the traced window, late values land at their own
// times (also in SystemC's past), counters add up, a value written twice at one time shows once, unknown
// and closed states are 'x' and 'z'; the layer window and the signal selection reject bad input.
#include <gtest/gtest.h>

#include <systemc>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "hw_models/common/Error.h"
#include "sim/report/Vcd.h"
#include "tests/support/ErrorOf.h"
#include "tests/support/ScriptThread.h"

using namespace sc_core;
using npu::hw::WaveformSinkIf;
using npu::hw::WaveVar;
using npu::sim::LayerWindow;
using npu::sim::VcdWriter;

namespace {

/// Value changes by signal name: (time in the file's units, value text without the identifier).
using Changes = std::map<std::string, std::vector<std::pair<uint64_t, std::string>>>;

Changes readVcd(const std::string& path, std::string* header = nullptr) {
    std::ifstream in(path);
    std::stringstream all;
    all << in.rdbuf();
    if (header) *header = all.str().substr(0, all.str().find("$enddefinitions"));
    std::map<std::string, std::string> nameOf;   // identifier -> name
    std::vector<std::string> scopes;
    Changes out;
    uint64_t t = 0;
    std::string w;
    all.seekg(0);
    while (all >> w) {
        if (w == "$scope") {
            all >> w >> w;
            scopes.push_back(w);
        } else if (w == "$upscope") {
            scopes.pop_back();
        } else if (w == "$var") {
            std::string type, width, code, name;
            all >> type >> width >> code >> name;
            for (size_t i = scopes.size(); i-- > 1;) name = scopes[i] + "." + name;
            nameOf[code] = name;
        } else if (w[0] == '#') {
            t = std::stoull(w.substr(1));
        } else if (w[0] == 'b' || w[0] == 'r') {
            std::string code;
            all >> code;
            if (nameOf.count(code)) out[nameOf[code]].push_back({t, w.substr(1)});
        } else if (nameOf.count(w.substr(1))) {
            out[nameOf[w.substr(1)]].push_back({t, w.substr(0, 1)});
        }
    }
    return out;
}

std::string tempVcd(const std::string& name) {
    const auto dir = std::filesystem::temp_directory_path() / ("npusim_wave_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    return (dir / name).string();
}

uint64_t ns(double v) { return sc_time(v, SC_NS).value(); }

}  // namespace

TEST(Waveform, LateValuesLandAtTheirTimesAndLiveValuesFollowTheWindow) {
    const std::string path = tempVcd("w.vcd");
    VcdWriter vcd(path, {});
    WaveVar<bool> busy;
    WaveVar<uint64_t> count;
    vcd.add(busy, "t.busy");
    vcd.add(count, "t.count", 8);
    const auto queue = vcd.addLate("t.queue", WaveformSinkIf::LateKind::Counter, 8, false);
    const auto row = vcd.addLate("t.row", WaveformSinkIf::LateKind::Value, 4, true);
    const auto power = vcd.addLate("t.power", WaveformSinkIf::LateKind::Real, 0, false);
    npu::test::ScriptThread script("script", [&] {
        busy.set(true);   // before the window: not shown
        wait(10, SC_NS);
        vcd.setActive(true);   // shows busy = 1 at 10 ns
        vcd.lateInt(queue, sc_time(30, SC_NS), 1);
        vcd.lateInt(queue, sc_time(20, SC_NS), 1);
        vcd.lateInt(queue, sc_time(40, SC_NS), -1);
        vcd.lateInt(row, sc_time(25, SC_NS), 5);
        vcd.lateZ(row, sc_time(35, SC_NS));
        vcd.late(power, sc_time(5, SC_NS), 1.5);   // in the past: still placed at 5 ns
        vcd.late(power, sc_time(45, SC_NS), 2.0);
        vcd.late(power, sc_time(45, SC_NS), 1.5);  // the last value at a time wins; no change shown
        wait(20, SC_NS);
        busy.set(false);
        count.set(3);
        vcd.setActive(false);   // at 30 ns
        wait(10, SC_NS);
        busy.set(true);                              // outside the window: not shown
        vcd.lateInt(queue, sc_time(50, SC_NS), 1);   // outside the window: ignored
        wait(20, SC_NS);
    });
    vcd.open();
    sc_start();
    vcd.finish();

    std::string header;
    const Changes c = readVcd(path, &header);
    EXPECT_NE(header.find("(omitted: npusim writes identical files"), std::string::npos);
    using V = std::vector<std::pair<uint64_t, std::string>>;
    EXPECT_EQ(c.at("npu.traced"), (V{{0, "0"}, {ns(10), "1"}, {ns(30), "0"}}));
    EXPECT_EQ(c.at("t.busy"), (V{{0, "0"}, {ns(10), "1"}, {ns(30), "0"}}));
    EXPECT_EQ(c.at("t.count"), (V{{0, "0"}, {ns(30), "11"}}));
    EXPECT_EQ(c.at("t.queue"), (V{{0, "0"}, {ns(20), "1"}, {ns(30), "10"}, {ns(40), "1"}}));
    EXPECT_EQ(c.at("t.row"), (V{{0, "x"}, {ns(25), "101"}, {ns(35), "z"}}));
    EXPECT_EQ(c.at("t.power"), (V{{0, "0"}, {ns(5), "1.5"}}));
    EXPECT_FALSE(std::filesystem::exists(std::filesystem::path(path).parent_path() / ".w.vcd.sc.vcd"));
}

TEST(Waveform, SignalSelectionTracesOnlyMatchingNamesAndRejectsAPatternThatMatchesNothing) {
    {
        VcdWriter vcd(tempVcd("s.vcd"), {"t.a*", "t.nothing"});
        WaveVar<bool> a, b;
        vcd.add(a, "t.a");
        vcd.add(b, "t.b");
        EXPECT_EQ(npu::test::errorOf([&] { vcd.open(); }),
                  "--vcd-signals: 't.nothing' matches no signal (names look like npu.dram.ch0.cmd; see "
                  "docs/user_guide.md)");
    }
    EXPECT_FALSE(std::filesystem::exists(tempVcd("s.vcd")));
    EXPECT_EQ(npu::test::errorOf([] { VcdWriter("x.vcd", {"t.*", ""}); }),
              "--vcd-signals: empty pattern (expected globs separated by commas)");
}

TEST(Waveform, LayerWindowTakesRangesIndicesAndGlobs) {
    npu::workloads::Workload w;
    for (const char* n : {"conv_in", "down.norm", "down.conv", "up.conv"}) {
        npu::workloads::Layer l;
        l.name = n;
        w.layers.push_back(l);
    }
    const LayerWindow range("1:2", w), one("3", w), glob("*.conv", w), all;
    EXPECT_TRUE(!range.contains(0) && range.contains(1) && range.contains(2) && !range.contains(3));
    EXPECT_TRUE(!one.contains(2) && one.contains(3));
    EXPECT_TRUE(!glob.contains(1) && glob.contains(2) && glob.contains(3));
    EXPECT_TRUE(all.contains(0) && all.contains(99));
    EXPECT_EQ(npu::test::errorOf([&] { LayerWindow("2:1", w); }), "--vcd-layers '2:1': the first layer comes after the last");
    EXPECT_EQ(npu::test::errorOf([&] { LayerWindow("0:4", w); }), "--vcd-layers '0:4': the workload's layers are 0 to 3");
    EXPECT_EQ(npu::test::errorOf([&] { LayerWindow(":2", w); }), "--vcd-layers ':2': expected A:B with layer indices A <= B");
    EXPECT_EQ(npu::test::errorOf([&] { LayerWindow("mid*", w); }), "--vcd-layers 'mid*': matches no layer name");
}
