// SPDX-License-Identifier: Apache-2.0
#include "sim/report/Report.h"

#include <nlohmann/json.hpp>

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <numeric>
#include <sstream>

#include "hw_models/common/Error.h"
#include "sim/config/ConfigLoader.h"
#include "sim/report/DramReport.h"

namespace npu::sim {
namespace {

/// (component name, joules) pairs of a breakdown, in report order; absent components are left out.
std::vector<std::pair<const char*, double>> components(const EnergyBreakdown& e) {
    std::vector<std::pair<const char*, double>> c{
        {"mac", e.mac}, {"array_movement", e.arrayMovement}, {"sram", e.sram}, {"vector", e.vector}};
    if (e.hasDma) c.push_back({"dma", e.dma});
    if (e.hasDram) {
        c.push_back({"dram_dynamic", e.dramDynamic});
        c.push_back({"dram_background", e.dramBackground});
    }
    c.push_back({"static", e.staticJ});
    return c;
}

struct Totals {
    uint64_t cycles = 0, macs = 0, computeCycles = 0, stallCycles = 0, weightParams = 0;
    uint64_t arrayCycles = 0, vectorCycles = 0;
    double timeS = 0.0, utilization = 0.0;
    // memory path
    uint64_t dramReadBytes = 0, dramWriteBytes = 0, rowHits = 0, rowMisses = 0, rowConflicts = 0;
    uint64_t sramReads = 0, sramWrites = 0, bankConflictCycles = 0, memoryBoundLayers = 0;
    double dramBandwidthGBps = 0.0;
    EnergyBreakdown energy;
    double energyJ = 0.0, peakLayerPowerW = 0.0;
    double rowHitRate() const {
        const uint64_t n = rowHits + rowMisses + rowConflicts;
        return n ? double(rowHits) / double(n) : 0.0;
    }
};

Totals totals(const SimConfig& cfg, const RunResult& r) {
    Totals t;
    t.cycles = r.cycles;
    t.timeS = r.timeS;
    for (const LayerResult& l : r.layers) {
        t.macs += l.macs;
        t.computeCycles += l.computeCycles;
        t.stallCycles += l.stallCycles;
        t.weightParams += l.weightParams;
        (l.unit == "array" ? t.arrayCycles : t.vectorCycles) += l.cycles;
        t.dramReadBytes += l.dramReadBytes;
        t.dramWriteBytes += l.dramWriteBytes;
        t.rowHits += l.rowHits;
        t.rowMisses += l.rowMisses;
        t.rowConflicts += l.rowConflicts;
        t.sramReads += l.sramReads;
        t.sramWrites += l.sramWrites;
        t.bankConflictCycles += l.bankConflictCycles;
        t.memoryBoundLayers += l.bound == "memory" ? 1 : 0;
        EnergyBreakdown& e = t.energy;
        e.mac += l.energy.mac;
        e.arrayMovement += l.energy.arrayMovement;
        e.sram += l.energy.sram;
        e.vector += l.energy.vector;
        e.dma += l.energy.dma;
        e.dramDynamic += l.energy.dramDynamic;
        e.dramBackground += l.energy.dramBackground;
        e.staticJ += l.energy.staticJ;
        e.hasDma = e.hasDma || l.energy.hasDma;
        e.hasDram = e.hasDram || l.energy.hasDram;
        t.peakLayerPowerW = std::max(t.peakLayerPowerW, l.avgPowerW);
    }
    t.energy.staticJ += r.transitionStaticJ;   // while the clock was stopped for DFS transitions
    t.energy.dramBackground += r.transitionDramJ;
    t.energyJ = t.energy.total();
    if (t.timeS > 0) t.dramBandwidthGBps = double(t.dramReadBytes + t.dramWriteBytes) / t.timeS / 1e9;
    // the layers' busy PE-cycles (utilization x PEs x cycles) over all PE-cycles
    double busy = 0.0;
    for (const LayerResult& l : r.layers) busy += l.utilization * double(l.cycles);
    t.utilization = t.cycles ? busy / double(t.cycles) : 0.0;
    return t;
}

std::string fmt(const char* f, double x) {
    char buf[64];
    std::snprintf(buf, sizeof buf, f, x);
    return buf;
}

/// 1234567 -> "1,234,567"
std::string grouped(uint64_t v) {
    std::string s = std::to_string(v);
    for (int i = static_cast<int>(s.size()) - 3; i > 0; i -= 3) s.insert(static_cast<size_t>(i), ",");
    return s;
}

std::string seconds(double s) {
    if (s >= 1.0) return fmt("%.3f s", s);
    if (s >= 1e-3) return fmt("%.3f ms", s * 1e3);
    if (s >= 1e-6) return fmt("%.3f us", s * 1e6);
    return fmt("%.3f ns", s * 1e9);
}

std::string hardwareLine(const SimConfig& cfg) {
    std::ostringstream o;
    o << cfg.name << ": " << cfg.array.rows << "x" << cfg.array.cols << " " << hw::dataflowName(cfg.array.dataflow)
      << " array, " << cfg.vector.lanes << "-lane vector unit, " << fmt("%g", cfg.clock.freqMhz)
      << " MHz, memory " << memoryModelName(cfg.memory.model);
    if (cfg.memory.model == MemoryModel::Dram)
        o << " (" << cfg.dramPreset << ", " << fmt("%.1f", cfg.dram.peakBandwidthGBps()) << " GB/s peak; SRAM "
          << cfg.sram.totalBytes() / 1024 << " KiB in " << cfg.sram.banks << " banks)";
    o << ", default dtype " << workloads::dtypeName(cfg.dtype);
    return o.str();
}

}  // namespace

std::string summaryText(const RunInfo& info, const SimConfig& cfg, const RunResult& r) {
    const Totals t = totals(cfg, r);
    std::ostringstream o;
    o << "npusim " << NPUSIM_VERSION << "  workload " << info.workloadName << " (" << r.layers.size()
      << " layers)\n";
    o << "hardware  " << hardwareLine(cfg) << "\n\n";
    o << "  time          " << seconds(t.timeS) << "\n";
    o << "  cycles        " << grouped(t.cycles) << "  (array " << grouped(t.arrayCycles) << ", vector "
      << grouped(t.vectorCycles) << ")\n";
    o << "  MACs          " << grouped(t.macs) << "\n";
    o << "  utilization   " << fmt("%.1f %%", 100.0 * t.utilization) << " of " << grouped(uint64_t(cfg.array.rows) * cfg.array.cols)
      << " PEs\n";
    o << "  weights       " << grouped(t.weightParams) << " parameters\n";
    if (cfg.dfs.policy != "fixed" || r.dfsTransitions > 0)
        o << "  DFS           " << cfg.dfs.policy
          << (cfg.dfs.policy == "power_cap" ? " " + fmt("%g W", cfg.dfs.powerCapW) : std::string()) << ": "
          << r.dfsTransitions << " transitions, " << seconds(r.dfsTransitionTimeS) << " with the clock stopped"
          << (r.dfsOverCapLayers ? ", " + std::to_string(r.dfsOverCapLayers) + " layers over the cap" : std::string())
          << "\n";
    o << "  energy        " << fmt("%.3f mJ", t.energyJ * 1e3) << ", " << fmt("%.3f W", t.timeS > 0 ? t.energyJ / t.timeS : 0.0)
      << " average, " << fmt("%.2f TOPS/W", t.energyJ > 0 ? 2.0 * double(t.macs) / t.energyJ / 1e12 : 0.0) << "  (";
    bool firstComponent = true;
    for (const auto& [name, j] : components(t.energy)) {
        o << (firstComponent ? "" : ", ") << name << " " << fmt("%.0f %%", t.energyJ > 0 ? 100.0 * j / t.energyJ : 0.0);
        firstComponent = false;
    }
    o << ")\n";
    if (!r.dramEnergyNote.empty()) o << "                " << r.dramEnergyNote << "\n";
    if (r.memoryPath) {
        o << "  stalls        " << grouped(t.stallCycles) << " cycles waiting for memory ("
          << fmt("%.1f %%", t.cycles ? 100.0 * double(t.stallCycles) / double(t.cycles) : 0.0) << "), "
          << t.memoryBoundLayers << " of " << r.layers.size() << " layers memory-bound\n";
        o << "  DRAM          " << fmt("%.3f", double(t.dramReadBytes) / 1e9) << " GB read, "
          << fmt("%.3f", double(t.dramWriteBytes) / 1e9) << " GB written, " << fmt("%.1f GB/s", t.dramBandwidthGBps)
          << " average, row-hit rate " << fmt("%.1f %%", 100.0 * t.rowHitRate()) << "\n";
    }
    o << "\n";

    std::vector<const LayerResult*> byTime;
    for (const LayerResult& l : r.layers) byTime.push_back(&l);
    std::stable_sort(byTime.begin(), byTime.end(),
                     [](const LayerResult* a, const LayerResult* b) { return a->cycles > b->cycles; });
    const size_t top = std::min<size_t>(10, byTime.size());
    o << "top " << top << " layers by time:\n";
    size_t width = 5;
    for (size_t i = 0; i < top; ++i) width = std::max(width, byTime[i]->name.size());
    char line[512];
    std::snprintf(line, sizeof line, "  %5s  %-*s  %-9s %14s %7s %6s\n", "#", int(width), "layer", "op", "cycles",
                  "share", "util");
    o << line;
    for (size_t i = 0; i < top; ++i) {
        const LayerResult& l = *byTime[i];
        std::snprintf(line, sizeof line, "  %5llu  %-*s  %-9s %14s %6.1f%% %5.1f%%\n",
                      static_cast<unsigned long long>(l.index), int(width), l.name.c_str(), l.op.c_str(),
                      grouped(l.cycles).c_str(), t.cycles ? 100.0 * double(l.cycles) / double(t.cycles) : 0.0,
                      100.0 * l.utilization);
        o << line;
    }
    return o.str();
}

std::string layersCsv(const RunResult& r) {
    std::ostringstream o;
    o << "index,name,op,unit,dtype,macs,folds,compute_cycles,stall_cycles,cycles,time_s,utilization,"
         "weight_params,weight_bytes,effective_weight_bytes,input_bytes,output_bytes,freq_mhz,voltage_v,"
         "predicted_power_w,energy_j,avg_power_w";
    const EnergyBreakdown proto = r.layers.empty() ? EnergyBreakdown{} : r.layers.front().energy;
    for (const auto& [name, j] : components(proto)) o << ",e_" << name << "_j";
    if (r.memoryPath)
        o << ",tiling,tile_steps,dram_read_bytes,dram_write_bytes,row_hits,row_misses,row_conflicts,"
             "dram_bandwidth_gbps,avg_read_latency_ns,sram_reads,sram_writes,bank_conflict_cycles,"
             "dma_busy_cycles,bound";
    o << '\n';
    for (const LayerResult& l : r.layers) {
        o << l.index << ',' << l.name << ',' << l.op << ',' << l.unit << ',' << workloads::dtypeName(l.dtype) << ','
          << l.macs << ',' << l.folds << ',' << l.computeCycles << ',' << l.stallCycles << ',' << l.cycles << ','
          << fmt("%.9e", l.timeS) << ',' << fmt("%.6f", l.utilization) << ',' << l.weightParams << ','
          << l.weightBytes << ',' << l.effectiveWeightBytes << ',' << l.inputBytes << ',' << l.outputBytes << ','
          << fmt("%g", l.freqMhz) << ','
          << fmt("%g", l.voltageV) << ',' << fmt("%.6e", l.predictedPowerW) << ',' << fmt("%.9e", l.energyJ) << ','
          << fmt("%.6e", l.avgPowerW);
        for (const auto& [name, j] : components(l.energy)) o << ',' << fmt("%.9e", j);
        if (r.memoryPath)
            o << ',' << l.tiling << ',' << l.tileSteps << ',' << l.dramReadBytes << ',' << l.dramWriteBytes << ','
              << l.rowHits << ',' << l.rowMisses << ',' << l.rowConflicts << ',' << fmt("%.6f", l.dramBandwidthGBps)
              << ',' << fmt("%.3f", l.avgReadLatencyNs) << ',' << l.sramReads << ',' << l.sramWrites << ','
              << l.bankConflictCycles << ',' << l.dmaBusyCycles << ',' << l.bound;
        o << '\n';
    }
    return o.str();
}

std::string reportJson(const RunInfo& info, const SimConfig& cfg, const RunResult& r,
                       const std::vector<const hw::StatProviderIf*>& stats, const hw::DramController* dram,
                       const hw::SramBuffer* sram) {
    using nlohmann::ordered_json;
    const Totals t = totals(cfg, r);
    ordered_json j;
    j["npusim_version"] = NPUSIM_VERSION;
    j["workload"] = {{"name", info.workloadName}, {"path", info.workloadPath}, {"layers", r.layers.size()}};
    j["config"] = {{"name", cfg.name},
                   {"path", info.configPath},
                   {"array_rows", cfg.array.rows},
                   {"array_cols", cfg.array.cols},
                   {"dataflow", hw::dataflowName(cfg.array.dataflow)},
                   {"freq_mhz", cfg.clock.freqMhz},
                   {"dfs_policy", cfg.dfs.policy},
                   {"energy_table", cfg.energy.name},
                   {"memory_model", memoryModelName(cfg.memory.model)},
                   {"dtype", workloads::dtypeName(cfg.dtype)}};
    j["totals"] = {{"cycles", t.cycles},
                   {"time_s", t.timeS},
                   {"macs", t.macs},
                   {"utilization", t.utilization},
                   {"compute_cycles", t.computeCycles},
                   {"stall_cycles", t.stallCycles},
                   {"array_cycles", t.arrayCycles},
                   {"vector_cycles", t.vectorCycles},
                   {"weight_params", t.weightParams},
                   {"dfs_transitions", r.dfsTransitions},
                   {"dfs_transition_time_s", r.dfsTransitionTimeS},
                   {"dfs_over_cap_layers", r.dfsOverCapLayers},
                   {"energy_j", t.energyJ},
                   {"avg_power_w", t.timeS > 0 ? t.energyJ / t.timeS : 0.0},
                   {"peak_layer_power_w", t.peakLayerPowerW},
                   {"tops_per_w", t.energyJ > 0 ? 2.0 * double(t.macs) / t.energyJ / 1e12 : 0.0},
                   {"edp_js", t.energyJ * t.timeS}};
    {
        ordered_json eb = ordered_json::object();
        for (const auto& [name, j] : components(t.energy)) eb[name] = j;
        j["totals"]["energy_breakdown_j"] = std::move(eb);
        ordered_json notes = ordered_json::array();
        if (!r.dramEnergyNote.empty()) notes.push_back(r.dramEnergyNote);
        j["totals"]["energy_notes"] = std::move(notes);
    }
    if (r.memoryPath) {
        auto& tj = j["totals"];
        tj["dram_read_bytes"] = t.dramReadBytes;
        tj["dram_write_bytes"] = t.dramWriteBytes;
        tj["row_hits"] = t.rowHits;
        tj["row_misses"] = t.rowMisses;
        tj["row_conflicts"] = t.rowConflicts;
        tj["row_hit_rate"] = t.rowHitRate();
        tj["dram_bandwidth_gbps"] = t.dramBandwidthGBps;
        tj["sram_reads"] = t.sramReads;
        tj["sram_writes"] = t.sramWrites;
        tj["bank_conflict_cycles"] = t.bankConflictCycles;
        tj["memory_bound_layers"] = t.memoryBoundLayers;
    }
    ordered_json layers = ordered_json::array();
    for (const LayerResult& l : r.layers) {
        layers.push_back({{"index", l.index},
                          {"name", l.name},
                          {"op", l.op},
                          {"unit", l.unit},
                          {"dtype", workloads::dtypeName(l.dtype)},
                          {"macs", l.macs},
                          {"folds", l.folds},
                          {"compute_cycles", l.computeCycles},
                          {"stall_cycles", l.stallCycles},
                          {"cycles", l.cycles},
                          {"time_s", l.timeS},
                          {"utilization", l.utilization},
                          {"weight_params", l.weightParams},
                          {"weight_bytes", l.weightBytes},
                          {"effective_weight_bytes", l.effectiveWeightBytes},
                          {"input_bytes", l.inputBytes},
                          {"output_bytes", l.outputBytes},
                          {"freq_mhz", l.freqMhz},
                          {"voltage_v", l.voltageV},
                          {"predicted_power_w", l.predictedPowerW},
                          {"energy_j", l.energyJ},
                          {"avg_power_w", l.avgPowerW}});
        ordered_json eb = ordered_json::object();
        for (const auto& [name, j] : components(l.energy)) eb[name] = j;
        layers.back()["energy_breakdown_j"] = std::move(eb);
        if (r.memoryPath) {
            auto& lj = layers.back();
            lj["tiling"] = l.tiling;
            lj["tile_steps"] = l.tileSteps;
            lj["dram_read_bytes"] = l.dramReadBytes;
            lj["dram_write_bytes"] = l.dramWriteBytes;
            lj["row_hits"] = l.rowHits;
            lj["row_misses"] = l.rowMisses;
            lj["row_conflicts"] = l.rowConflicts;
            lj["dram_activates"] = l.dramCommands.act;
            lj["dram_precharges"] = l.dramCommands.pre;
            lj["dram_reads"] = l.dramCommands.rd;
            lj["dram_writes"] = l.dramCommands.wr;
            lj["dram_refreshes"] = l.dramCommands.ref + l.dramCommands.refPb;
            lj["dram_bandwidth_gbps"] = l.dramBandwidthGBps;
            lj["avg_read_latency_ns"] = l.avgReadLatencyNs;
            lj["sram_reads"] = l.sramReads;
            lj["sram_writes"] = l.sramWrites;
            lj["bank_conflict_cycles"] = l.bankConflictCycles;
            lj["dma_busy_cycles"] = l.dmaBusyCycles;
            lj["bound"] = l.bound;
        }
    }
    j["layers"] = std::move(layers);
    ordered_json comps = ordered_json::object();
    for (const hw::StatProviderIf* p : stats) {
        ordered_json c = ordered_json::object();
        for (const hw::Counter& k : p->stats().counters())
            c[k.name()] = {{"value", k.value()}, {"unit", k.unit()}, {"desc", k.desc()}};
        comps[p->stats().owner()] = std::move(c);
    }
    j["components"] = std::move(comps);
    if (dram) j["dram"] = dramStatsJson(dram->stats(), cfg.dram, cfg.dramPreset);
    if (sram) {
        ordered_json banks = ordered_json::array();
        for (size_t b = 0; b < sram->bankReads().size(); ++b)
            banks.push_back({{"reads", sram->bankReads()[b]}, {"writes", sram->bankWrites()[b]}});
        j["sram"] = {{"banks", std::move(banks)}};
    }
    return jsonText(j);
}

std::string jsonText(const nlohmann::ordered_json& j) {
    return j.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

namespace fs = std::filesystem;

OutputFiles::~OutputFiles() {
    if (committed_) return;
    std::error_code ec;
    for (const Entry& e : entries_)
        if (!fs::is_directory(e.tmp, ec)) fs::remove(e.tmp, ec);
    for (auto dir = createdFolders_.rbegin(); dir != createdFolders_.rend(); ++dir) fs::remove(*dir, ec);  // if empty
}

void OutputFiles::folder(const std::string& flag, const std::string& dir, const std::vector<std::string>& names) {
    if (dir.empty()) throw InputError(flag + ": empty folder name");
    const std::string where = flag + " " + dir;
    std::error_code ec;
    if (fs::exists(dir, ec) && !fs::is_directory(dir, ec)) throw InputError(where + ": not a directory");
    for (const std::string& name : names) declare(where, fs::path(dir) / name, true);
}

void OutputFiles::file(const std::string& flag, const std::string& path) {
    if (path.empty()) throw InputError(flag + ": empty file name");
    const fs::path p(path);
    if (p.filename().empty() || p.filename() == "." || p.filename() == "..")
        throw InputError(flag + " " + path + ": names a folder, not a file");
    declare(flag + " " + path, p, false);
}

void OutputFiles::declare(const std::string& where, const fs::path& path, bool inFolder) {
    const std::string subject = inFolder ? path.string() + " " : "";
    std::error_code ec;
    const fs::file_status st = fs::status(path, ec);
    if (fs::is_directory(st)) throw InputError(where + ": " + subject + "is a directory");
    if (fs::exists(st) && !fs::is_regular_file(st)) throw InputError(where + ": " + subject + "is not a regular file");
    // The file is replaced by a rename in its folder: the nearest existing folder must be a writable directory.
    fs::path dir = path.parent_path();
    while (!dir.empty() && !fs::exists(dir, ec)) dir = dir.parent_path();
    if (dir.empty()) dir = ".";
    if (!fs::is_directory(dir, ec)) throw InputError(where + ": " + dir.string() + " is not a directory");
    if (::access(dir.c_str(), W_OK | X_OK) != 0)
        throw InputError(where + ": cannot write in " + dir.string() + " (" + std::strerror(errno) + ")");
    const fs::path key = fs::absolute(path, ec).lexically_normal();
    for (const Entry& e : entries_)
        if (fs::absolute(e.path, ec).lexically_normal() == key)
            throw InputError(where + ": " + subject + "is also written by " + e.where);
    entries_.push_back({where, path, path.parent_path() / ("." + path.filename().string() + ".tmp")});
}

const OutputFiles::Entry& OutputFiles::prepare(const std::string& path) {
    for (const Entry& e : entries_) {
        if (e.path != fs::path(path)) continue;
        // Create the missing folders, remembering which, so that a failed run removes them.
        const fs::path dir = e.path.parent_path().empty() ? fs::path(".") : e.path.parent_path();
        std::vector<fs::path> missing;
        std::error_code ec;
        for (fs::path d = dir; !d.empty() && !fs::exists(d, ec); d = d.parent_path()) missing.push_back(d);
        fs::create_directories(dir, ec);
        if (ec) throw InputError(e.where + ": cannot create folder " + dir.string() + ": " + ec.message());
        createdFolders_.insert(createdFolders_.end(), missing.rbegin(), missing.rend());
        return e;
    }
    throw std::logic_error("OutputFiles: " + path + " was not declared");
}

std::string OutputFiles::temporary(const std::string& path) { return prepare(path).tmp.string(); }

void OutputFiles::write(const std::string& path, const std::string& content) {
    const Entry& e = prepare(path);
    std::ofstream out(e.tmp, std::ios::binary | std::ios::trunc);
    out << content;
    out.close();
    if (!out) throw InputError(e.path.string() + ": cannot write");
}

void OutputFiles::commit() {
    for (const Entry& e : entries_) {
        std::error_code ec;
        fs::rename(e.tmp, e.path, ec);
        if (ec) throw InputError(e.path.string() + ": cannot write: " + ec.message());
    }
    committed_ = true;
}

}  // namespace npu::sim
