// SPDX-License-Identifier: Apache-2.0
#include "sim/cli/Cli.h"

#include <boost/program_options.hpp>

#include <filesystem>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <systemc>

#include "hw_models/common/Error.h"
#include "hw_models/common/InputFile.h"
#include "sim/config/ConfigLoader.h"
#include "sim/cli/Progress.h"
#include "sim/dram/DramReplay.h"
#include "sim/pipeline/Pipeline.h"
#include "sim/report/DramReport.h"
#include "sim/report/Report.h"
#include "sim/report/Timeline.h"
#include "sim/report/Vcd.h"
#include "sim/top/NpuTop.h"
#include "workloads/MemoryTrace.h"
#include "workloads/Summary.h"
#include "workloads/Trace.h"
#include "workloads/sd2/Sd2Inpainting.h"

namespace po = boost::program_options;
namespace fs = std::filesystem;

namespace npu::sim {
namespace {

/// --log-level: the least severe report shown (error shows none of them; errors always surface).
sc_core::sc_severity gLogLevel = sc_core::SC_WARNING;

constexpr const char* kUsage =
    "usage: npusim <command> [options]\n"
    "\n"
    "commands:\n"
    "  run       simulate a workload on an NPU configuration and write reports\n"
    "  config    print the resolved configuration (or the reference of every field)\n"
    "  workload  generate a layer trace (sd2-inpaint: the Stable Diffusion 2 inpainting models)\n"
    "  dram      replay a memory trace through the DRAM controller alone\n"
    "  pipeline  simulate the whole SD2 inpainting call and the infinite-zoom use case\n"
    "\n"
    "  npusim <command> --help   options of a command (also: npusim help <command>)\n"
    "  --log-level info|warning|error   which simulator messages reach stderr (default warning)\n"
    "  npusim --version          print the version\n";

struct ParsedArgs {
    po::variables_map vm;
    bool help = false;
};

/// Parses a command's options; boost's errors become InputError naming the command.
ParsedArgs parse(const std::string& cmd, const po::options_description& opts, const std::vector<std::string>& args) {
    ParsedArgs p;
    try {
        po::store(po::command_line_parser(args).options(opts).positional({}).run(), p.vm);
        po::notify(p.vm);
    } catch (const po::error& e) {
        throw InputError("npusim " + cmd + ": " + e.what());
    }
    p.help = p.vm.count("help") != 0;
    return p;
}

void addConfigOptions(po::options_description& d) {
    d.add_options()("config", po::value<std::string>()->value_name("FILE"),
                    "hardware configuration (YAML); default: the built-in mobile_npu preset")(
        "set", po::value<std::vector<std::string>>()->composing()->value_name("PATH=VALUE"),
        "override one config field, e.g. --set array.rows=64 (repeatable)");
}

/// --check-dram and --threads of the commands that run the NPU (run, pipeline).
void addMemoryPathOptions(po::options_description& d) {
    d.add_options()("check-dram", "verify every DRAM command against every timing constraint (memory.check_dram)")(
        "threads", po::value<std::string>()->value_name("N"),
        "simulator threads for the DRAM channels (memory.threads; 0: one per hardware thread)");
}

void addWaveformOptions(po::options_description& d) {
    d.add_options()("vcd", po::value<std::string>()->value_name("FILE"),
                    "write a VCD waveform (GTKWave; scripts/gtkwave/npusim.gtkw)")(
        "vcd-layers", po::value<std::string>()->value_name("A:B|GLOB"),
        "trace only these layers: an index range (inclusive) or a glob over layer names")(
        "vcd-signals", po::value<std::string>()->value_name("PATTERNS"),
        "trace only signals matching these globs (comma-separated), e.g. 'npu.dram.*,npu.core_clk.*'");
}

/// The value of an input file option; empty is an error (an empty --config would silently mean the defaults).
std::string inputPath(const po::variables_map& vm, const char* option) {
    const std::string path = vm[option].as<std::string>();
    if (path.empty()) throw InputError(std::string("--") + option + ": empty file name");
    return path;
}

/// Declares a command's --vcd file in `outputs` (checked before the simulation).
void declareWaveform(const po::variables_map& vm, OutputFiles& outputs) {
    if (vm.count("vcd")) outputs.file("--vcd", vm["vcd"].as<std::string>());
}

/// --vcd: a writer with every module's signals registered and the selection checked (nullptr without --vcd).
/// It writes the temporary of the file declared in `outputs`, which renames it with the other outputs.
std::unique_ptr<VcdWriter> openWaveform(const po::variables_map& vm, NpuTop& top, const workloads::Workload& work,
                                        OutputFiles& outputs) {
    if (!vm.count("vcd")) {
        for (const char* opt : {"vcd-layers", "vcd-signals"})
            if (vm.count(opt)) throw InputError(std::string("--") + opt + " needs --vcd FILE");
        return nullptr;
    }
    std::vector<std::string> patterns;
    if (vm.count("vcd-signals")) {
        std::stringstream list(vm["vcd-signals"].as<std::string>());
        for (std::string p; std::getline(list, p, ',');) patterns.push_back(p);
        if (patterns.empty() || vm["vcd-signals"].as<std::string>().back() == ',') patterns.push_back("");
    }
    LayerWindow window = vm.count("vcd-layers") ? LayerWindow(vm["vcd-layers"].as<std::string>(), work) : LayerWindow();
    auto vcd = std::make_unique<VcdWriter>(outputs.temporary(vm["vcd"].as<std::string>()), std::move(patterns));
    top.setWaveform(vcd.get(), std::move(window));
    vcd->open();
    return vcd;
}

/// Runs the simulation with the progress line; bad input found while it runs is thrown from here.
void simulate(NpuTop& top, size_t layers, bool quiet) {
    ProgressLine progress(layers, !quiet);
    top.setProgress([&progress](size_t done, double simS) { progress.update(done, simS); });
    sc_core::sc_start();
    top.rethrowInputError();
}

SimConfig configFrom(const po::variables_map& vm) {
    const std::string path = vm.count("config") ? inputPath(vm, "config") : "";
    auto sets = vm.count("set") ? vm["set"].as<std::vector<std::string>>() : std::vector<std::string>{};
    if (vm.count("check-dram")) sets.push_back("memory.check_dram=true");
    if (vm.count("threads")) {  // (checked here, so that an error names --threads, not the --set it becomes)
        const std::string t = vm["threads"].as<std::string>();
        constexpr uint32_t max = MemoryConfig::kMaxThreads;
        if (t.empty() || t.size() > 3 || t.find_first_not_of("0123456789") != std::string::npos || std::stoul(t) > max)
            throw InputError("--threads: expected an integer in [0, " + std::to_string(max) + "], got '" + t + "'");
        sets.push_back("memory.threads=" + t);
    }
    return loadConfig(path, sets);
}

int cmdRun(const std::vector<std::string>& args) {
    po::options_description d("npusim run [options]");
    d.add_options()("help,h", "show this help")("workload", po::value<std::string>()->value_name("FILE"),
                                                  "layer trace: native (.trace) or SCALE-Sim topology (.csv)");
    addConfigOptions(d);
    d.add_options()("out", po::value<std::string>()->value_name("DIR"),
                    "output folder (default: results/<workload-name>)")(
        "timeline", po::value<std::string>()->value_name("FILE"),
        "write a Chrome/Perfetto trace-event timeline (ui.perfetto.dev)")(
        "quiet,q", "do not print the summary on stdout");
    addMemoryPathOptions(d);
    addWaveformOptions(d);
    const ParsedArgs p = parse("run", d, args);
    if (p.help) {
        std::cout << d;
        return 0;
    }
    if (!p.vm.count("workload")) throw InputError("npusim run: --workload FILE is required");

    const SimConfig cfg = configFrom(p.vm);
    const std::string tracePath = inputPath(p.vm, "workload");
    const workloads::Workload work = workloads::loadWorkload(tracePath);
    // results/<name>; a name of dots only ("...trace" gives "..") would put the reports elsewhere
    const bool plainName = work.name.find_first_not_of('.') != std::string::npos;
    const std::string outDir = p.vm.count("out") ? p.vm["out"].as<std::string>()
                                                 : "results/" + (plainName ? work.name : std::string("workload"));
    OutputFiles outputs;
    outputs.folder("--out", outDir, {"report.json", "layers.csv", "summary.txt", "config.resolved.yaml"});
    const bool withTimeline = p.vm.count("timeline") != 0;
    if (withTimeline) outputs.file("--timeline", p.vm["timeline"].as<std::string>());
    declareWaveform(p.vm, outputs);

    sc_core::sc_set_time_resolution(1, sc_core::SC_FS);
    NpuTop top("npu", cfg, work);
    TimelineRecorder timeline;
    if (withTimeline) top.setTimeline(&timeline);
    const std::unique_ptr<VcdWriter> vcd = openWaveform(p.vm, top, work, outputs);
    simulate(top, work.layers.size(), p.vm.count("quiet") != 0);
    const RunResult& r = top.result();
    if (r.layers.size() != work.layers.size())
        SC_REPORT_FATAL("npusim", "simulation ended before the last layer completed");

    RunInfo info;
    info.workloadName = work.name;
    info.workloadPath = tracePath;
    info.layerCount = work.layers.size();
    info.configPath = p.vm.count("config") ? p.vm["config"].as<std::string>() : "";
    const std::string summary = summaryText(info, cfg, r);
    const fs::path dir(outDir);
    outputs.write((dir / "report.json").string(),
                  reportJson(info, cfg, r, top.statProviders(), top.dram(), top.sram()));
    outputs.write((dir / "layers.csv").string(), layersCsv(r));
    outputs.write((dir / "summary.txt").string(), summary);
    outputs.write((dir / "config.resolved.yaml").string(), resolvedConfigYaml(cfg));
    if (withTimeline) outputs.write(p.vm["timeline"].as<std::string>(), timeline.json(r));
    if (vcd) vcd->finish();
    outputs.commit();
    if (!p.vm.count("quiet")) std::cout << summary << "\nreports written to " << outDir << "/\n";
    return 0;
}

int cmdConfig(const std::vector<std::string>& args) {
    po::options_description d("npusim config [options]");
    d.add_options()("help,h", "show this help")("reference", "print the Markdown reference of every field");
    addConfigOptions(d);
    const ParsedArgs p = parse("config", d, args);
    if (p.help) {
        std::cout << d;
        return 0;
    }
    if (p.vm.count("reference")) {
        std::cout << configReferenceMarkdown();
        return 0;
    }
    std::cout << resolvedConfigYaml(configFrom(p.vm));
    return 0;
}

int cmdWorkload(const std::vector<std::string>& args) {
    po::options_description d("npusim workload sd2-inpaint [options]");
    d.add_options()("help,h", "show this help")(
        "model", po::value<std::string>()->default_value("unet"), "unet, vae_encoder, vae_decoder or text_encoder")(
        "resolution", po::value<int64_t>()->default_value(512), "image size in pixels (a multiple of 64)")(
        "batch", po::value<int64_t>()->default_value(2), "batch (2 = one prompt with classifier-free guidance)")(
        "output,o", po::value<std::string>()->value_name("FILE"), "write the native trace here (default: stdout)");
    po::options_description hidden;
    hidden.add_options()("generator", po::value<std::string>());
    po::options_description all;
    all.add(d).add(hidden);
    po::positional_options_description pos;
    pos.add("generator", 1);
    po::variables_map vm;
    try {
        po::store(po::command_line_parser(args).options(all).positional(pos).run(), vm);
        po::notify(vm);
    } catch (const po::error& e) {
        throw InputError(std::string("npusim workload: ") + e.what());
    }
    if (vm.count("help")) {
        std::cout << d;
        return 0;
    }
    if (!vm.count("generator") || vm["generator"].as<std::string>() != "sd2-inpaint")
        throw InputError("npusim workload: expected the generator name sd2-inpaint");
    const std::string modelName = vm["model"].as<std::string>();
    const auto model = workloads::parseSd2Model(modelName);
    if (!model) throw InputError("npusim workload: --model '" + modelName + "' is not one of: unet, vae_encoder, "
                                 "vae_decoder, text_encoder");
    const int64_t resolution = vm["resolution"].as<int64_t>(), batch = vm["batch"].as<int64_t>();
    if (resolution <= 0 || resolution > workloads::kSd2MaxResolution)
        throw InputError("npusim workload: --resolution must be in [64, " +
                         std::to_string(workloads::kSd2MaxResolution) + "], got " + std::to_string(resolution));
    if (batch <= 0 || batch > workloads::kSd2MaxBatch)
        throw InputError("npusim workload: --batch must be in [1, " + std::to_string(workloads::kSd2MaxBatch) +
                         "], got " + std::to_string(batch));
    OutputFiles outputs;
    if (vm.count("output")) outputs.file("-o", vm["output"].as<std::string>());
    const workloads::Workload w = workloads::generateSd2(*model, static_cast<uint32_t>(resolution),
                                                         static_cast<uint32_t>(batch));
    std::ostringstream trace;
    workloads::writeNativeTrace(trace, w);
    if (vm.count("output")) {
        const std::string out = vm["output"].as<std::string>();
        outputs.write(out, trace.str());
        outputs.commit();
        std::cerr << w.name << ": " << w.layers.size() << " layers written to " << out << "\n"
                  << workloads::formatSummary(workloads::summarize(w));
    } else {
        std::cout << trace.str();
    }
    return 0;
}

/// The dram and pipeline commands' reports, with every other declared output, all at once.
void writeReports(OutputFiles& outputs, const std::string& outDir, const nlohmann::ordered_json& report,
                  const std::string& summary, const SimConfig& cfg) {
    const fs::path dir(outDir);
    outputs.write((dir / "report.json").string(), jsonText(report));
    outputs.write((dir / "summary.txt").string(), summary);
    outputs.write((dir / "config.resolved.yaml").string(), resolvedConfigYaml(cfg));
    outputs.commit();
}

std::string fmtFixed(double x, int digits) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", digits, x);
    return buf;
}

int cmdDram(const std::vector<std::string>& args) {
    po::options_description d("npusim dram [options]");
    d.add_options()("help,h", "show this help")(
        "trace", po::value<std::string>()->value_name("FILE"),
        "memory trace: native '[cycle] R|W address [bytes]' or Ramulator 2 'LD|ST address'");
    addConfigOptions(d);
    // (read as a signed number: Boost would turn "-1" into 4294967295 for an unsigned one)
    d.add_options()("max-outstanding", po::value<int64_t>()->default_value(64),
                    "requests in flight at most (the initiator's limit)")(
        "out", po::value<std::string>()->value_name("DIR"), "output folder (default: results/dram_<trace-name>)")(
        "check-dram", "verify every DRAM command against every timing constraint (memory.check_dram)")(
        "quiet,q", "do not print the summary on stdout");
    const ParsedArgs p = parse("dram", d, args);
    if (p.help) {
        std::cout << d;
        return 0;
    }
    if (!p.vm.count("trace")) throw InputError("npusim dram: --trace FILE is required");
    const int64_t maxOutstandingArg = p.vm["max-outstanding"].as<int64_t>();
    if (maxOutstandingArg < 1 || maxOutstandingArg > (int64_t(1) << 20))
        throw InputError("npusim dram: --max-outstanding must be in [1, 1048576] (is " +
                         std::to_string(maxOutstandingArg) + ")");
    const uint32_t maxOutstanding = uint32_t(maxOutstandingArg);
    const SimConfig cfg = configFrom(p.vm);
    const std::string tracePath = inputPath(p.vm, "trace");
    std::ifstream traceFile = openInputFile(tracePath, "memory trace");
    workloads::MemoryTraceReader trace(traceFile, tracePath);
    const std::string stem = fs::path(tracePath).stem().string();
    const std::string outDir = p.vm.count("out") ? p.vm["out"].as<std::string>() : "results/dram_" + stem;
    OutputFiles outputs;
    outputs.folder("--out", outDir, {"report.json", "summary.txt", "config.resolved.yaml"});

    hw::dram::DramSystem dram(cfg.dram);
    std::unique_ptr<hw::dram::ProtocolChecker> checker;
    if (cfg.memory.checkDram) {
        checker = std::make_unique<hw::dram::ProtocolChecker>(cfg.dram);
        dram.setObserver(checker.get());
    }
    const ReplayResult res = replayTrace(dram, trace, maxOutstanding);
    if (checker && checker->violationCount())
        SC_REPORT_ERROR("npusim dram", ("DRAM protocol violation: " + checker->violations().front().message).c_str());

    const double nsPerCycle = cfg.dram.timing.tCK_ps / 1000.0;
    const auto total = dram.stats().total();
    nlohmann::ordered_json j;
    j["npusim_version"] = NPUSIM_VERSION;
    j["trace"] = {{"path", tracePath}, {"format", trace.format()}, {"requests", res.requests},
                  {"bursts", res.bursts}, {"max_outstanding", maxOutstanding}};
    j["simulated_cycles"] = res.lastFinishCycle;
    j["simulated_time_s"] = double(res.lastFinishCycle) * nsPerCycle * 1e-9;
    j["avg_request_latency_ns"] = res.avgRequestLatencyCycles * nsPerCycle;
    j["checked_commands"] = checker ? checker->commandCount() : 0;
    j["dram"] = dramStatsJson(dram.stats(), cfg.dram, cfg.dramPreset);

    std::ostringstream s;
    const uint64_t accesses = total.counts.rowHits + total.counts.rowMisses + total.counts.rowConflicts;
    char line[256];
    s << "npusim " << NPUSIM_VERSION << "  dram replay of " << tracePath << " (" << trace.format() << ", "
      << res.requests << " requests, " << res.bursts << " bursts of " << dram.burstBytes() << " B)\n";
    s << "dram      " << cfg.dramPreset << ": " << cfg.dram.organization.channels << " channels, peak "
      << fmtFixed(cfg.dram.peakBandwidthGBps(), 1) << " GB/s, " << cfg.dram.controller.scheduler << ", "
      << cfg.dram.controller.pagePolicy << " page, mapping " << cfg.dram.controller.mapping << "\n\n";
    std::snprintf(line, sizeof line, "  time            %.3f us (%llu DRAM cycles)\n",
                  double(res.lastFinishCycle) * nsPerCycle / 1000.0, (unsigned long long)res.lastFinishCycle);
    s << line;
    std::snprintf(line, sizeof line, "  bandwidth       %.2f GB/s achieved (%.1f %% of peak)\n",
                  total.achievedBytesPerCycle() / nsPerCycle,
                  100.0 * total.achievedBytesPerCycle() / cfg.dram.peakBytesPerCycle());
    s << line;
    std::snprintf(line, sizeof line, "  row buffer      %.1f %% hits, %.1f %% misses, %.1f %% conflicts\n",
                  accesses ? 100.0 * total.counts.rowHits / accesses : 0.0,
                  accesses ? 100.0 * total.counts.rowMisses / accesses : 0.0,
                  accesses ? 100.0 * total.counts.rowConflicts / accesses : 0.0);
    s << line;
    std::snprintf(line, sizeof line, "  read latency    %.1f ns average, %.1f ns p99\n",
                  total.readLatency.meanCycles() * nsPerCycle,
                  double(total.readLatency.percentileCycles(0.99)) * nsPerCycle);
    s << line;
    const double busWindow = double(res.lastFinishCycle) * cfg.dram.organization.channels;
    std::snprintf(line, sizeof line, "  buses busy      command %.1f %%, data %.1f %% (of %u channels x the time)\n",
                  busWindow > 0 ? 100.0 * double(commandBusBusyCycles(total, cfg.dram.timing)) / busWindow : 0.0,
                  busWindow > 0 ? 100.0 * double(total.dataBusBusyCycles) / busWindow : 0.0,
                  cfg.dram.organization.channels);
    s << line;
    std::snprintf(line, sizeof line, "  commands        ACT %llu  PRE %llu  RD %llu  WR %llu  REF %llu\n",
                  (unsigned long long)total.counts.activates, (unsigned long long)(total.counts.precharges + total.prechargeAlls),
                  (unsigned long long)total.counts.reads, (unsigned long long)total.counts.writes,
                  (unsigned long long)(total.refreshes + total.counts.refreshesPerBank));
    s << line;
    writeReports(outputs, outDir, j, s.str(), cfg);
    if (!p.vm.count("quiet")) std::cout << s.str() << "\nreports written to " << outDir << "/\n";
    return 0;
}

int cmdPipeline(const std::vector<std::string>& args) {
    po::options_description d("npusim pipeline [options]");
    d.add_options()("help,h", "show this help");
    addConfigOptions(d);
    d.add_options()("every-step", "simulate every UNet step instead of scaling identical ones")(
        "out", po::value<std::string>()->value_name("DIR"), "output folder (default: results/pipeline_<resolution>)")(
        "quiet,q", "do not print the summary on stdout");
    addMemoryPathOptions(d);
    addWaveformOptions(d);
    const ParsedArgs p = parse("pipeline", d, args);
    if (p.help) {
        std::cout << d;
        return 0;
    }
    const SimConfig cfg = configFrom(p.vm);
    if (cfg.pipeline.resolution % 64 != 0)
        throw InputError("pipeline.resolution: must be a multiple of 64, got " + std::to_string(cfg.pipeline.resolution));
    const PipelinePlan plan = planPipeline(cfg, p.vm.count("every-step") != 0);
    const std::string outDir =
        p.vm.count("out") ? p.vm["out"].as<std::string>() : "results/pipeline_" + std::to_string(cfg.pipeline.resolution);
    OutputFiles outputs;
    outputs.folder("--out", outDir, {"report.json", "summary.txt", "config.resolved.yaml"});
    declareWaveform(p.vm, outputs);

    sc_core::sc_set_time_resolution(1, sc_core::SC_FS);
    NpuTop top("npu", cfg, plan.workload, plan.schedule);
    const std::unique_ptr<VcdWriter> vcd = openWaveform(p.vm, top, plan.workload, outputs);
    size_t layers = 0;
    for (const ScheduleEntry& e : plan.schedule) layers += e.count;
    simulate(top, layers, p.vm.count("quiet") != 0);
    const RunResult& run = top.result();
    if (run.segments.size() != plan.schedule.size())
        SC_REPORT_FATAL("npusim", "simulation ended before the last stage completed");
    const PipelineResult res = summarizePipeline(plan, run, cfg.usecase);

    nlohmann::ordered_json j;
    j["npusim_version"] = NPUSIM_VERSION;
    j["pipeline"] = {{"resolution", cfg.pipeline.resolution}, {"steps", plan.steps},
                     {"guidance", cfg.pipeline.guidance}, {"simulated_unet_steps", plan.simulatedSteps},
                     {"scaling", plan.scaling}, {"memory_model", memoryModelName(cfg.memory.model)}};
    nlohmann::ordered_json stages = nlohmann::ordered_json::array();
    for (const StageResult& s : res.stages)
        stages.push_back({{"name", s.name}, {"instances", s.instances}, {"simulated_instances", s.simulated},
                          {"cycles", s.cycles}, {"time_s", s.timeS}, {"time_per_instance_s", s.timePerInstanceS},
                          {"macs", s.macs}, {"energy_j", s.energyJ},
                          {"avg_power_w", s.timeS > 0 ? s.energyJ / s.timeS : 0.0}});
    j["stages"] = std::move(stages);
    j["totals"] = {{"cycles", res.cycles}, {"time_s", res.timeS}, {"macs", res.macs}, {"energy_j", res.energyJ},
                   {"avg_power_w", res.timeS > 0 ? res.energyJ / res.timeS : 0.0}};
    j["usecase"] = {{"fps_video", cfg.usecase.fpsVideo},
                    {"inpaint_every", cfg.usecase.inpaintEvery},
                    {"other_frame_ms", cfg.usecase.otherFrameMs},
                    {"seconds_per_generated_frame", res.usecase.secondsPerGeneratedFrame},
                    {"generated_fps", res.usecase.generatedFps},
                    {"achievable_video_fps", res.usecase.achievableVideoFps},
                    {"real_time", res.usecase.realTime},
                    {"other_frame_mj", cfg.usecase.otherFrameMj},
                    {"battery_wh", cfg.usecase.batteryWh},
                    {"energy_per_generated_frame_j", res.usecase.energyPerGeneratedFrameJ},
                    {"avg_power_w", res.usecase.avgPowerW},
                    {"video_fps_per_w", res.usecase.videoFpsPerW},
                    {"battery_hours", res.usecase.batteryHours},
                    {"assumptions", "one frame in inpaint_every is generated by the whole pipeline; the others "
                                    "cost other_frame_ms and other_frame_mj each; frames are produced one after "
                                    "another (no overlap); battery life counts what the simulation computes: the "
                                    "NPU and, when the DRAM preset has IDD currents, the DRAM while the pipeline "
                                    "runs (no display, CPU, or DRAM during the other frames)" +
                                        (run.dramEnergyNote.empty() ? std::string() : "; " + run.dramEnergyNote)}};

    std::ostringstream s;
    char line[256];
    s << "npusim " << NPUSIM_VERSION << "  SD2 inpainting pipeline at " << cfg.pipeline.resolution << " px, "
      << plan.steps << " UNet steps" << (cfg.pipeline.guidance ? " with guidance (batch 2)" : "") << "\n";
    s << "hardware  " << cfg.name << ", memory " << memoryModelName(cfg.memory.model) << "; " << plan.scaling << "\n\n";
    std::snprintf(line, sizeof line, "  %-14s %9s %14s %14s %18s %12s\n", "stage", "instances", "time", "per instance",
                  "MACs", "energy");
    s << line;
    for (const StageResult& st : res.stages) {
        std::snprintf(line, sizeof line, "  %-14s %9u %12.3f ms %12.3f ms %18llu %9.3f mJ\n", st.name.c_str(),
                      st.instances, st.timeS * 1e3, st.timePerInstanceS * 1e3,
                      static_cast<unsigned long long>(st.macs), st.energyJ * 1e3);
        s << line;
    }
    std::snprintf(line, sizeof line, "  %-14s %9s %12.3f ms %14s %18llu %9.3f mJ\n\n", "total", "", res.timeS * 1e3,
                  "", static_cast<unsigned long long>(res.macs), res.energyJ * 1e3);
    s << line;
    std::snprintf(line, sizeof line,
                  "use case  one generated frame in %u at %.1f fps video (other frames %.2f ms each):\n"
                  "  %.3f s per generated frame, %.4f generated frames/s, %.3f video fps achievable (%s)\n",
                  cfg.usecase.inpaintEvery, cfg.usecase.fpsVideo, cfg.usecase.otherFrameMs,
                  res.usecase.secondsPerGeneratedFrame, res.usecase.generatedFps, res.usecase.achievableVideoFps,
                  res.usecase.realTime ? "real time" : "not real time");
    s << line;
    std::snprintf(line, sizeof line,
                  "  %.3f J per generated frame, %.3f W average, %.3f video frames/s per W, %.1f h on a %.1f Wh battery\n",
                  res.usecase.energyPerGeneratedFrameJ, res.usecase.avgPowerW, res.usecase.videoFpsPerW,
                  res.usecase.batteryHours, cfg.usecase.batteryWh);
    s << line;
    if (!run.dramEnergyNote.empty()) s << "  (" << run.dramEnergyNote << ")\n";
    if (vcd) vcd->finish();
    writeReports(outputs, outDir, j, s.str(), cfg);
    if (!p.vm.count("quiet")) std::cout << s.str() << "\nreports written to " << outDir << "/\n";
    return 0;
}

int dispatch(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    // --log-level LEVEL (anywhere on the line, once): info | warning | error.
    bool levelGiven = false;
    for (size_t i = 0; i < args.size();) {
        if (args[i] != "--log-level" && args[i].rfind("--log-level=", 0) != 0) {
            ++i;
            continue;
        }
        if (levelGiven) throw InputError("npusim: --log-level given twice");
        levelGiven = true;
        std::string level;
        if (args[i] == "--log-level") {
            if (i + 1 >= args.size()) throw InputError("npusim: --log-level needs info, warning or error");
            level = args[i + 1];
            args.erase(args.begin() + long(i), args.begin() + long(i) + 2);
        } else {
            level = args[i].substr(12);
            args.erase(args.begin() + long(i));
        }
        if (level == "info") gLogLevel = sc_core::SC_INFO;
        else if (level == "warning") gLogLevel = sc_core::SC_WARNING;
        else if (level == "error") gLogLevel = sc_core::SC_ERROR;
        else throw InputError("npusim: --log-level '" + level + "' is not one of: info, warning, error");
    }
    if (args.empty()) {
        std::cerr << kUsage;
        return 2;
    }
    std::string cmd = args.front();
    args.erase(args.begin());
    if (cmd == "help" && !args.empty() && args.front() != "help" && args.front().compare(0, 1, "-") != 0) {
        // npusim help run: that command's help
        if (args.size() > 1) throw InputError("npusim help: unexpected argument '" + args[1] + "'");
        cmd = args.front();
        args = {"--help"};
    } else if (cmd == "help" && args.size() == 1 && args.front() == "help") {
        args.clear();  // npusim help help: the usage
    }
    if (cmd == "--help" || cmd == "-h" || cmd == "help" || cmd == "--version") {
        if (!args.empty()) throw InputError("npusim " + cmd + ": unexpected argument '" + args.front() + "'");
    }
    if (cmd == "--help" || cmd == "-h" || cmd == "help") {
        std::cout << kUsage;
        return 0;
    }
    if (cmd == "--version") {
        std::cout << "npusim " << NPUSIM_VERSION << " (SystemC " << sc_core::sc_release() << ")"
#ifdef NPU_DRAM_CHECK_TRAINS
                  << " [DRAM decision checks]"  // the check build (docs/dram.md section 6a)
#endif
                  << "\n";
        return 0;
    }
    if (cmd == "run") return cmdRun(args);
    if (cmd == "config") return cmdConfig(args);
    if (cmd == "workload") return cmdWorkload(args);
    if (cmd == "dram") return cmdDram(args);
    if (cmd == "pipeline") return cmdPipeline(args);
    throw InputError("npusim: unknown command '" + cmd + "' (try npusim --help)");
}

}  // namespace

/// One line per SystemC warning or info on stderr ("warning: <module>: <message>"); errors and fatals
/// become exceptions (internal errors).
void reportHandler(const sc_core::sc_report& r, const sc_core::sc_actions& actions) {
    if (r.get_severity() == sc_core::SC_WARNING || r.get_severity() == sc_core::SC_INFO) {
        if (r.get_severity() < gLogLevel) return;
        std::cerr << (r.get_severity() == sc_core::SC_WARNING ? "warning: " : "info: ") << r.get_msg_type() << ": "
                  << r.get_msg() << "\n";
        return;
    }
    sc_core::sc_report_handler::default_handler(r, actions);
}

int cliMain(int argc, char** argv) {
    sc_core::sc_report_handler::set_handler(reportHandler);
    // Model invariant violations (SC_REPORT_ERROR/FATAL) become exceptions: internal errors, exit code 1.
    sc_core::sc_report_handler::set_actions(sc_core::SC_ERROR, sc_core::SC_DISPLAY | sc_core::SC_THROW);
    sc_core::sc_report_handler::set_actions(sc_core::SC_FATAL, sc_core::SC_DISPLAY | sc_core::SC_THROW);
    try {
        const int rc = dispatch(argc, argv);
        // what went to standard output (a trace, a config, the summary) must have arrived: a full disk or
        // /dev/full is an error, not a silent loss
        std::cout.flush();
        errno = 0;
        const bool flushFailed = std::fflush(stdout) != 0;
        if (flushFailed || std::ferror(stdout) || !std::cout)
            throw InputError(std::string("standard output: write failed") +
                             (flushFailed && errno != 0 ? std::string(" (") + std::strerror(errno) + ")" : ""));
        return rc;
    } catch (const InputError& e) {
        std::cerr << "error: " << capped(e.what()) << "\n";
        return 2;
    } catch (const sc_core::sc_report& e) {
        std::cerr << "npusim: internal error: " << e.what() << "\n";
        return 1;
    } catch (const std::exception& e) {
        std::cerr << "npusim: internal error: " << e.what() << "\n";
        return 1;
    }
}

}  // namespace npu::sim
