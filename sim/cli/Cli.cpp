// SPDX-License-Identifier: Apache-2.0
#include "sim/cli/Cli.h"

#include <boost/program_options.hpp>

#include <filesystem>
#include <iostream>
#include <sstream>
#include <systemc>

#include "hw_models/common/Error.h"
#include "sim/config/ConfigLoader.h"
#include "sim/report/Report.h"
#include "sim/top/NpuTop.h"
#include "workloads/Summary.h"
#include "workloads/Trace.h"
#include "workloads/sd2/Sd2Inpainting.h"

namespace po = boost::program_options;

namespace npu::sim {
namespace {

constexpr const char* kUsage =
    "usage: npusim <command> [options]\n"
    "\n"
    "commands:\n"
    "  run       simulate a workload on an NPU configuration and write reports\n"
    "  config    print the resolved configuration (or the reference of every field)\n"
    "  workload  generate a layer trace (sd2-inpaint: the Stable Diffusion 2 inpainting models)\n"
    "\n"
    "  npusim <command> --help   options of a command\n"
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

SimConfig configFrom(const po::variables_map& vm) {
    const std::string path = vm.count("config") ? vm["config"].as<std::string>() : "";
    const auto sets = vm.count("set") ? vm["set"].as<std::vector<std::string>>() : std::vector<std::string>{};
    return loadConfig(path, sets);
}

int cmdRun(const std::vector<std::string>& args) {
    po::options_description d("npusim run [options]");
    d.add_options()("help,h", "show this help")("workload", po::value<std::string>()->value_name("FILE"),
                                                  "layer trace: native (.trace) or SCALE-Sim topology (.csv)");
    addConfigOptions(d);
    d.add_options()("out", po::value<std::string>()->value_name("DIR"),
                    "output folder (default: results/<workload-name>)")("quiet,q",
                                                                       "do not print the summary on stdout");
    const ParsedArgs p = parse("run", d, args);
    if (p.help) {
        std::cout << d;
        return 0;
    }
    if (!p.vm.count("workload")) throw InputError("npusim run: --workload FILE is required");

    const SimConfig cfg = configFrom(p.vm);
    const std::string tracePath = p.vm["workload"].as<std::string>();
    const workloads::Workload work = workloads::loadWorkload(tracePath);
    const std::string outDir = p.vm.count("out") ? p.vm["out"].as<std::string>() : "results/" + work.name;

    sc_core::sc_set_time_resolution(1, sc_core::SC_FS);
    NpuTop top("npu", cfg, work);
    sc_core::sc_start();
    const RunResult& r = top.result();
    if (r.layers.size() != work.layers.size())
        SC_REPORT_FATAL("npusim", "simulation ended before the last layer completed");

    RunInfo info;
    info.workloadName = work.name;
    info.workloadPath = tracePath;
    info.layerCount = work.layers.size();
    info.configPath = p.vm.count("config") ? p.vm["config"].as<std::string>() : "";
    const std::string summary = summaryText(info, cfg, r);
    writeFilesAtomically(outDir, {{"report.json", reportJson(info, cfg, r, top.statProviders(), top.dram())},
                                  {"layers.csv", layersCsv(r)},
                                  {"summary.txt", summary},
                                  {"config.resolved.yaml", resolvedConfigYaml(cfg)}});
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
    const workloads::Workload w = workloads::generateSd2(*model, static_cast<uint32_t>(resolution),
                                                         static_cast<uint32_t>(batch));
    std::ostringstream trace;
    workloads::writeNativeTrace(trace, w);
    if (vm.count("output")) {
        const std::filesystem::path out = vm["output"].as<std::string>();
        writeFilesAtomically(out.parent_path().empty() ? "." : out.parent_path().string(),
                             {{out.filename().string(), trace.str()}});
        std::cerr << w.name << ": " << w.layers.size() << " layers written to " << out.string() << "\n"
                  << workloads::formatSummary(workloads::summarize(w));
    } else {
        std::cout << trace.str();
    }
    return 0;
}

int dispatch(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    if (args.empty()) {
        std::cerr << kUsage;
        return 2;
    }
    const std::string cmd = args.front();
    args.erase(args.begin());
    if (cmd == "--help" || cmd == "-h" || cmd == "help") {
        std::cout << kUsage;
        return 0;
    }
    if (cmd == "--version") {
        std::cout << "npusim " << NPUSIM_VERSION << " (SystemC " << sc_core::sc_release() << ")\n";
        return 0;
    }
    if (cmd == "run") return cmdRun(args);
    if (cmd == "config") return cmdConfig(args);
    if (cmd == "workload") return cmdWorkload(args);
    throw InputError("npusim: unknown command '" + cmd + "' (try npusim --help)");
}

}  // namespace

int cliMain(int argc, char** argv) {
    // Model invariant violations (SC_REPORT_ERROR/FATAL) become exceptions: internal errors, exit code 1.
    sc_core::sc_report_handler::set_actions(sc_core::SC_ERROR, sc_core::SC_DISPLAY | sc_core::SC_THROW);
    sc_core::sc_report_handler::set_actions(sc_core::SC_FATAL, sc_core::SC_DISPLAY | sc_core::SC_THROW);
    try {
        return dispatch(argc, argv);
    } catch (const InputError& e) {
        std::cerr << "error: " << e.what() << "\n";
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
