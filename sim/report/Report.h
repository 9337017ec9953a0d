// SPDX-License-Identifier: Apache-2.0
// Turns a RunResult into the run's output folder: report.json, layers.csv, summary.txt and
// config.resolved.yaml (docs/report_format.md). OutputFiles writes every output of a command (these, a
// timeline, a waveform) all or nothing: a failed run leaves no half-written file and no new folder.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include <filesystem>
#include <string>
#include <vector>

#include "hw_models/common/Stats.h"
#include "hw_models/dram/DramController.h"
#include "hw_models/sram/SramBuffer.h"
#include "sim/config/SimConfig.h"
#include "sim/top/RunResult.h"

namespace npu::sim {

struct RunInfo {
    std::string workloadName;
    std::string workloadPath;
    size_t layerCount = 0;
    std::string configPath;   ///< "" for built-in defaults
};

std::string summaryText(const RunInfo& info, const SimConfig& cfg, const RunResult& r);
std::string layersCsv(const RunResult& r);
/// `dram`, `sram`: the memory modules whose statistics fill the "dram" and "sram" sections (nullptr: none).
std::string reportJson(const RunInfo& info, const SimConfig& cfg, const RunResult& r,
                       const std::vector<const hw::StatProviderIf*>& stats, const hw::DramController* dram,
                       const hw::SramBuffer* sram);
/// A report as written: pretty-printed (2-space indent), bytes that are not UTF-8 replaced (paths may hold
/// them), a trailing newline.
std::string jsonText(const nlohmann::ordered_json& j);

/// The files one command writes, all or nothing (docs/user_guide.md, "Output files"). Each is declared and
/// checked before the simulation, written to a temporary next to it (".<name>.tmp"), and renamed into place
/// only when every one is written (commit). Until commit succeeds, the destructor removes the temporaries
/// and the folders this object created.
class OutputFiles {
public:
    OutputFiles() = default;
    OutputFiles(const OutputFiles&) = delete;
    OutputFiles& operator=(const OutputFiles&) = delete;
    ~OutputFiles();

    /// Declares the files `names` in folder `dir`, given with option `flag` ("--out"). Throws InputError
    /// "<flag> <dir>: <why>" when one could not be written (as for file()). Creates nothing.
    void folder(const std::string& flag, const std::string& dir, const std::vector<std::string>& names);
    /// Declares the file `path`, given with option `flag` ("--timeline"). Throws InputError "<flag> <path>:
    /// <why>" when it could not be written: an empty or a folder's name, a directory or another non-regular
    /// file in its place, a nearest existing folder that is not a writable directory, a file declared twice.
    /// Creates nothing.
    void file(const std::string& flag, const std::string& path);
    /// The temporary of a declared file, its folders created, for a writer that streams it (the VCD).
    std::string temporary(const std::string& path);
    /// Writes `content` to the temporary of a declared file (its folders created). Throws InputError
    /// "<path>: cannot write".
    void write(const std::string& path, const std::string& content);
    /// Renames every temporary over its file; all must have been written.
    void commit();

private:
    struct Entry {
        std::string where;   ///< "<flag> <path>", for messages
        std::filesystem::path path, tmp;
    };
    void declare(const std::string& where, const std::filesystem::path& path, bool inFolder);
    const Entry& prepare(const std::string& path);

    std::vector<Entry> entries_;
    std::vector<std::filesystem::path> createdFolders_;   ///< parents first
    bool committed_ = false;
};

}  // namespace npu::sim
