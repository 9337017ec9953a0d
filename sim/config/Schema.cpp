// SPDX-License-Identifier: Apache-2.0
#include "sim/config/Schema.h"

namespace npu::sim {
namespace {

const std::vector<std::pair<std::string, workloads::DType>> kDTypes{
    {"fp32", workloads::DType::Fp32}, {"fp16", workloads::DType::Fp16}, {"bf16", workloads::DType::Bf16},
    {"int8", workloads::DType::Int8}, {"int4", workloads::DType::Int4}};

void visitClock(ConfigVisitor& v, ClockConfig& c) {
    v.real("freq_mhz", c.freqMhz, 1.0, 100000.0, {"MHz", "NPU core clock at the nominal operating point"});
    v.realList("point_freqs_mhz", c.pointFreqsMhz, 1.0, 100000.0, {"MHz", "DFS operating points (must include freq_mhz)"});
    v.realList("point_voltages_v", c.pointVoltagesV, 0.1, 5.0, {"V", "voltage of each operating point (same length)"});
}

void visitDfs(ConfigVisitor& v, DfsConfig& d) {
    v.choice("policy", d.policy, {"fixed", "per_layer", "power_cap", "min_energy"},
             {"", "fixed: one point; per_layer: trace hints and rules; power_cap: highest point under the cap; "
                  "min_energy: least predicted energy per layer"});
    v.real("power_cap_w", d.powerCapW, 0.0, 1e6, {"W", "power_cap: predicted layer power must stay within it"});
    v.choice("min_energy_objective", d.minEnergyObjective, {"energy", "edp"}, {"", "min_energy: minimize energy or energy-delay product"});
    v.real("fixed_freq_mhz", d.fixedFreqMhz, 0.0, 100000.0, {"MHz", "the fixed policy's point; 0: clock.freq_mhz"});
    v.real("transition_us", d.transitionUs, 0.0, 1e6, {"us", "clock stopped per operating-point change (PLL relock)"});
    v.textList("per_layer", d.perLayer, {"", "per_layer rules 'glob=freq_mhz' over layer names, first match wins"});
}

void visitArray(ConfigVisitor& v, hw::ArrayConfig& a) {
    v.integer32("rows", a.rows, 1, 65536, {"PEs", "systolic array rows (R)"});
    v.integer32("cols", a.cols, 1, 65536, {"PEs", "systolic array columns (C)"});
    v.flag("zero_skip", a.zeroSkip, {"", "skip zero weights: cycles, MAC and operand-hop energy scale with weight density"});
    v.section("macs_per_pe_per_cycle", "MACs one PE completes per cycle at each dtype", [&](ConfigVisitor& s) {
        for (workloads::DType d : {workloads::DType::Fp32, workloads::DType::Fp16, workloads::DType::Bf16,
                                   workloads::DType::Int8, workloads::DType::Int4})
            s.real(workloads::dtypeName(d), a.macsPerCycle[static_cast<size_t>(d)], 1.0 / 64, 64.0, {"MAC/cycle", "per PE"});
    });
    v.enumeration("dataflow", a.dataflow,
                  {{"os", hw::Dataflow::OutputStationary},
                   {"ws", hw::Dataflow::WeightStationary},
                   {"is", hw::Dataflow::InputStationary}},
                  {"", "output, weight or input stationary"});
}

void visitVector(ConfigVisitor& v, hw::VectorConfig& c) {
    v.integer32("lanes", c.lanes, 1, 1u << 20, {"elements/cycle", "SIMD lanes of the vector unit"});
    v.integer32("startup_cycles", c.startupCycles, 0, 1u << 20, {"cycles", "pipeline fill per vector op"});
    v.section("cycles_per_element", "cost of each vector op kind, in cycles per element per lane",
              [&](ConfigVisitor& s) {
                  for (int i = 0; i < workloads::kVectorKinds; ++i) {
                      const auto kind = static_cast<workloads::VectorKind>(i);
                      s.real(workloads::vectorKindName(kind), c.cyclesPerElement[i], 1e-6, 1e6,
                             {"cycles/element", "per lane"});
                  }
              });
}

void visitMemory(ConfigVisitor& v, MemoryConfig& m) {
    v.enumeration("model", m.model, {{"ideal", MemoryModel::Ideal}, {"dram", MemoryModel::Dram}},
                  {"", "ideal: operands always on chip in time (compute-only baseline); dram: the DRAM "
                       "controller serves every tile's traffic"});
    v.flag("check_dram", m.checkDram, {"", "verify every DRAM command against every timing constraint (slower)"});
    v.integer32("threads", m.threads, 0, m.kMaxThreads,
                {"threads", "simulator threads that run the DRAM channels of a DMA batch in parallel, those that must be "
                            "simulated (0: one per hardware thread; at most one per channel and 32); results do not "
                            "depend on it"});
    v.enumeration("weight_layout", m.weightLayout, {{"packed", WeightLayout::Packed}, {"row_major", WeightLayout::RowMajor}},
                  {"", "packed: weights pre-packed per tile in the order the tiler reads them (one DRAM run per "
                       "tile); row_major: [k x n] rows, a tile is kt runs of nt elements"});
}

void visitAttention(ConfigVisitor& v, AttentionConfig& a) {
    v.flag("fused", a.fused, {"", "memory path: run QK^T, softmax and P*V per block of query rows with the "
                                  "scores on chip (FlashAttention-style) instead of through DRAM"});
}

void visitCompression(ConfigVisitor& v, workloads::WeightCompression& c) {
    v.real("weight_density", c.weightDensity, 1e-6, 1.0, {"fraction", "non-zero weights of layers without a weight_density hint"});
    v.choice("sparse_format", c.sparseFormat, {"none", "bitmap", "csr"},
             {"", "storage of pruned weights: none (dense), bitmap (+1 bit/weight), csr (+index bits per non-zero)"});
    v.integer32("csr_index_bits", c.csrIndexBits, 1, 32, {"bits", "csr: bits of a non-zero's index"});
    v.integer32("weight_sharing_bits", c.sharingBits, 0, 16, {"bits", "0: off; k: weights are k-bit indices into a 2^k-entry codebook per layer"});
}

void visitSram(ConfigVisitor& v, hw::SramConfig& s) {
    v.integer32("input_kib", s.inputKib, 1, 1u << 20, {"KiB", "input-activation buffer (operand A), double-buffered"});
    v.integer32("weight_kib", s.weightKib, 1, 1u << 20, {"KiB", "weight buffer (operand B), double-buffered"});
    v.integer32("output_kib", s.outputKib, 1, 1u << 20, {"KiB", "output/partial-sum buffer (operand C), double-buffered"});
    v.integer32("banks", s.banks, 1, 4096, {"banks", "SRAM banks; lines interleave across them"});
    v.integer32("bank_width_bytes", s.bankWidthBytes, 1, 4096, {"bytes", "line width: bytes one bank port moves per cycle"});
    v.integer32("ports_per_bank", s.portsPerBank, 1, 16, {"ports", "line accesses one bank serves per cycle"});
    v.integer32("latency_cycles", s.latencyCycles, 0, 1024, {"cycles", "read latency, paid once per tile step before compute"});
}

void visitDma(ConfigVisitor& v, hw::DmaConfig& d) {
    v.integer32("setup_cycles", d.setupCycles, 0, 1u << 20, {"cycles", "core cycles from a batch's start to its first DRAM request"});
}

void visitDramOrganization(ConfigVisitor& v, hw::dram::DramOrganization& o) {
    v.integer32("channels", o.channels, 1, 64, {"channels", "independent channels (own command and data bus)"});
    v.integer32("ranks", o.ranks, 1, 8, {"ranks", "ranks per channel"});
    v.integer32("bank_groups", o.bankGroups, 1, 16, {"groups", "bank groups per rank (1: no bank groups)"});
    v.integer32("banks_per_group", o.banksPerGroup, 1, 64, {"banks", "banks per bank group"});
    v.integer32("rows", o.rows, 1, 1u << 24, {"rows", "rows per bank"});
    v.integer32("columns", o.columns, 1, 1u << 16, {"columns", "column addresses per row"});
    v.integer32("device_width_bits", o.deviceWidthBits, 1, 1024, {"bits", "DQ width of one device"});
    v.integer32("devices_per_rank", o.devicesPerRank, 1, 64, {"devices", "devices side by side in a rank"});
    v.integer32("burst_length", o.burstLength, 1, 64, {"beats", "beats per burst (one request is one burst)"});
    v.integer32("banks_per_refpb", o.banksPerRefpb, 1, 64,
                {"banks", "banks one REFpb refreshes (2: LPDDR5/5X bank pairs b, b + banks per rank / 2)"});
}

void visitDramTiming(ConfigVisitor& v, hw::dram::DramTiming& t) {
    constexpr uint32_t kMax = 1u << 20;
    v.integer32("tCK_ps", t.tCK_ps, 1, 100000, {"ps", "DRAM clock period (LPDDR5/5X: CK, WCK:CK = 4:1)"});
    const FieldDoc cyc{"tCK", ""};
    struct Field { const char* key; uint32_t* value; const char* desc; };
    const Field fields[] = {
        {"tRCD", &t.tRCD, "ACT to RD/WR, same bank"},
        {"tRPpb", &t.tRPpb, "PRE (one bank) to ACT/REF, same bank"},
        {"tRPab", &t.tRPab, "PREA (all banks) to ACT/REF, same rank"},
        {"tRAS", &t.tRAS, "ACT to PRE, same bank"},
        {"tRC", &t.tRC, "ACT to ACT, same bank"},
        {"RL", &t.RL, "read latency: RD to first data beat"},
        {"WL", &t.WL, "write latency: WR to first data beat"},
        {"tCCD_S", &t.tCCD_S, "column to column, different bank group"},
        {"tCCD_L", &t.tCCD_L, "column to column, same bank group"},
        {"tRRD_S", &t.tRRD_S, "ACT to ACT, different bank group"},
        {"tRRD_L", &t.tRRD_L, "ACT to ACT, same bank group"},
        {"tFAW", &t.tFAW, "window holding at most four ACT per rank"},
        {"tWR", &t.tWR, "write recovery: end of write data to PRE"},
        {"tWTR_S", &t.tWTR_S, "end of write data to RD, different bank group"},
        {"tWTR_L", &t.tWTR_L, "end of write data to RD, same bank group"},
        {"tRTP", &t.tRTP, "RD to PRE, same bank"},
        {"tRTW", &t.tRTW, "RD to WR, same rank (bus turnaround included)"},
        {"tBURST", &t.tBURST, "data-bus cycles of one burst"},
        {"tREFI", &t.tREFI, "all-bank refresh interval (all_bank: >= tRFCab + tPPD + 2 x the longest row cycle, and >= ranks x the refresh's bus cycles + 2 x that cycle; docs/dram.md section 3)"},
        {"tRFCab", &t.tRFCab, "all-bank refresh cycle time"},
        {"tRFCpb", &t.tRFCpb, "per-bank refresh cycle time (0: not supported)"},
        {"tPPD", &t.tPPD, "PRE to PRE or PREA, same rank (0: no constraint)"},
        {"tRTRS", &t.tRTRS, "rank switch on the data bus: idle cycles between a burst and the next burst of another rank (0: none)"},
        {"tREFIpb", &t.tREFIpb, "per-bank refresh interval (0: not supported; per_bank: >= tRFCpb + banks_per_refpb x tPPD + 2 x the longest row cycle, and >= ranks x the refresh's bus cycles + 2 x that cycle)"},
    };
    for (const Field& f : fields) v.integer32(f.key, *f.value, 0, kMax, {cyc.unit, f.desc});
    const Field bus[] = {
        {"tCMD_ACT", &t.tCMD_ACT, "command-bus cycles of an ACT: the channel's next command comes no earlier"},
        {"tCMD_CAS", &t.tCMD_CAS, "command-bus cycles of a RD or WR"},
        {"tCMD_PRE", &t.tCMD_PRE, "command-bus cycles of a PRE or PREA"},
        {"tCMD_REF", &t.tCMD_REF, "command-bus cycles of a REF or REFpb"},
    };
    for (const Field& f : bus) v.integer32(f.key, *f.value, 1, 64, {cyc.unit, f.desc});
}

void visitDramController(ConfigVisitor& v, hw::dram::DramControllerConfig& c) {
    v.choice("page_policy", c.pagePolicy, {"open", "closed"}, {"", "keep rows open after an access, or close them"});
    v.choice("scheduler", c.scheduler, {"frfcfs", "fcfs"}, {"", "FR-FCFS: ready row hits first, then oldest"});
    v.integer32("read_queue_size", c.readQueueSize, 1, 4096, {"entries", "read queue per channel"});
    v.integer32("write_queue_size", c.writeQueueSize, 1, 4096, {"entries", "write queue per channel"});
    v.integer32("write_high_watermark", c.writeHighWatermark, 1, 4096, {"entries", "start draining writes"});
    v.integer32("write_low_watermark", c.writeLowWatermark, 0, 4096, {"entries", "stop draining writes"});
    v.choice("refresh", c.refresh, {"all_bank", "per_bank", "none"}, {"", "refresh mode"});
    v.text("mapping", c.mapping, {"", "address mapping, fields MSB..LSB (e.g. RoBaRaCoCh) or row_locality"});
    v.flag("xor_bank_hash", c.xorBankHash, {"", "XOR low row bits into the bank index"});
}

void visitDramPower(ConfigVisitor& v, hw::dram::DramPower& p) {
    const FieldDoc mA{"mA", ""};
    struct Field { const char* key; double* value; const char* desc; };
    const Field currents[] = {{"IDD0_mA", &p.IDD0_mA, "one-bank ACT-PRE current, per device"},
                              {"IDD2N_mA", &p.IDD2N_mA, "precharge standby current, per device"},
                              {"IDD3N_mA", &p.IDD3N_mA, "active standby current, per device"},
                              {"IDD4R_mA", &p.IDD4R_mA, "burst read current, per device"},
                              {"IDD4W_mA", &p.IDD4W_mA, "burst write current, per device"},
                              {"IDD5B_mA", &p.IDD5B_mA, "burst refresh current, per device"}};
    for (const Field& f : currents) v.real(f.key, *f.value, 0.0, 1e6, {mA.unit, f.desc});
    v.real("VDD_V", p.VDD_V, 0.0, 10.0, {"V", "supply the currents are drawn from (0: no currents given)"});
}

void visitEnergy(ConfigVisitor& v, hw::power::EnergyTable& t) {
    constexpr double kMax = 1e9;
    v.text("name", t.name, {"", "the table's name, copied into reports"});
    v.real("nominal_voltage_v", t.nominalVoltageV, 0.01, 10.0, {"V", "supply every figure is given at"});
    v.section("ops", "energy per operation at each operand type", [&](ConfigVisitor& s) {
        for (workloads::DType d : {workloads::DType::Fp32, workloads::DType::Fp16, workloads::DType::Bf16,
                                   workloads::DType::Int8, workloads::DType::Int4}) {
            hw::power::OpEnergy& e = t.ops.of(d);
            s.section(workloads::dtypeName(d), "one add, multiply and exp-like evaluation", [&](ConfigVisitor& o) {
                o.real("add_pj", e.addPj, 0.0, kMax, {"pJ", "one add"});
                o.real("mult_pj", e.multPj, 0.0, kMax, {"pJ", "one multiply (a MAC is mult_pj + add_pj)"});
                o.real("exp_like_pj", e.expLikePj, 0.0, kMax, {"pJ", "one exp / reciprocal / tanh / rsqrt"});
            });
        }
    });
    v.real("register_pj_per_bit", t.registerPjPerBit, 0.0, kMax, {"pJ/bit", "one pipeline-register write of one bit (array operand hop)"});
    v.section("sram", "SRAM access energy by bank size", [&](ConfigVisitor& s) {
        s.integer32("access_bytes", t.sram.accessBytes, 1, 1u << 16, {"bytes", "access width the points are given for"});
        s.sectionList("points", "bank sizes with their read/write energies (log-linear in between)", t.sram.points.size(),
                      [&](size_t n) { t.sram.points.assign(n, {}); },
                      [&](ConfigVisitor& p, size_t i) {
                          hw::power::SramEnergyPoint& pt = t.sram.points[i];
                          p.integer("bank_bytes", pt.bankBytes, 1, uint64_t(1) << 40, {"bytes", "bank capacity"});
                          p.real("read_pj", pt.readPj, 0.0, kMax, {"pJ", "one read of access_bytes"});
                          p.real("write_pj", pt.writePj, 0.0, kMax, {"pJ", "one write of access_bytes"});
                      });
    });
    v.real("dma_pj_per_byte", t.dmaPjPerByte, 0.0, kMax, {"pJ/byte", "one byte over the on-chip interconnect"});
    v.section("leakage", "static power at nominal_voltage_v", [&](ConfigVisitor& s) {
        s.real("array_per_pe_watts", t.leakage.arrayPerPeWatts, 0.0, kMax, {"W", "one processing element"});
        s.real("sram_per_kib_watts", t.leakage.sramPerKibWatts, 0.0, kMax, {"W", "one KiB of SRAM"});
        s.real("vector_per_lane_watts", t.leakage.vectorPerLaneWatts, 0.0, kMax, {"W", "one vector lane"});
        s.real("dma_watts", t.leakage.dmaWatts, 0.0, kMax, {"W", "one DMA engine"});
    });
    v.section("reference", "published figures kept for reference (not charged)", [&](ConfigVisitor& s) {
        s.real("int16_add_pj", t.reference.int16AddPj, 0.0, kMax, {"pJ", "int16 add"});
        s.real("int32_add_pj", t.reference.int32AddPj, 0.0, kMax, {"pJ", "int32 add"});
        s.real("int32_mult_pj", t.reference.int32MultPj, 0.0, kMax, {"pJ", "int32 multiply"});
        s.real("dram_min_pj_per_64bit", t.reference.dramMinPjPer64Bit, 0.0, kMax, {"pJ", "64-bit DRAM access, low end"});
        s.real("dram_max_pj_per_64bit", t.reference.dramMaxPjPer64Bit, 0.0, kMax, {"pJ", "64-bit DRAM access, high end"});
    });
}

void visitDram(ConfigVisitor& v, hw::dram::DramConfig& d) {
    v.section("organization", "channels, ranks, banks, rows, columns", [&](ConfigVisitor& s) { visitDramOrganization(s, d.organization); });
    v.section("timing", "JEDEC timing parameters in DRAM clock cycles", [&](ConfigVisitor& s) { visitDramTiming(s, d.timing); });
    v.section("controller", "scheduling, queues, refresh, address mapping", [&](ConfigVisitor& s) { visitDramController(s, d.controller); });
    v.section("power", "datasheet currents for the energy model (not used for timing)", [&](ConfigVisitor& s) { visitDramPower(s, d.power); });
}

void visitPipeline(ConfigVisitor& v, PipelineConfig& p) {
    v.integer32("resolution", p.resolution, 64, 8192, {"px", "image size, a multiple of 64"});
    v.integer32("steps", p.steps, 1, 1000, {"steps", "UNet denoising steps"});
    v.flag("guidance", p.guidance, {"", "classifier-free guidance: the UNet runs at batch 2, the text encoder twice (prompt, negative prompt)"});
}

void visitUsecase(ConfigVisitor& v, UsecaseConfig& u) {
    v.real("fps_video", u.fpsVideo, 0.001, 1000.0, {"frames/s", "target video frame rate"});
    v.integer32("inpaint_every", u.inpaintEvery, 1, 1000000, {"frames", "one generated frame per this many video frames"});
    v.real("other_frame_ms", u.otherFrameMs, 0.0, 1e6, {"ms", "fixed cost of a frame that is not generated (zoom, mask, compose)"});
    v.real("other_frame_mj", u.otherFrameMj, 0.0, 1e9, {"mJ", "energy of a frame that is not generated"});
    v.real("battery_wh", u.batteryWh, 0.001, 1e6, {"Wh", "battery capacity for the battery-life estimate"});
}

}  // namespace

void visitConfig(ConfigVisitor& v, SimConfig& cfg) {
    v.text("name", cfg.name, {"", "name of the hardware preset, copied into reports"});
    v.enumeration("dtype", cfg.dtype, kDTypes, {"", "element type of layers that do not set their own"});
    v.section("clock", "NPU core clock domain", [&](ConfigVisitor& s) { visitClock(s, cfg.clock); });
    v.section("dfs", "dynamic frequency scaling of the core clock", [&](ConfigVisitor& s) { visitDfs(s, cfg.dfs); });
    v.section("array", "systolic MAC array", [&](ConfigVisitor& s) { visitArray(s, cfg.array); });
    v.section("vector", "vector unit for non-GEMM ops", [&](ConfigVisitor& s) { visitVector(s, cfg.vector); });
    v.section("memory", "memory system", [&](ConfigVisitor& s) { visitMemory(s, cfg.memory); });
    v.section("compression", "weight pruning and sharing", [&](ConfigVisitor& s) { visitCompression(s, cfg.compression); });
    v.section("attention", "attention execution", [&](ConfigVisitor& s) { visitAttention(s, cfg.attention); });
    v.section("sram", "on-chip SRAM buffers and banks", [&](ConfigVisitor& s) { visitSram(s, cfg.sram); });
    v.section("dma", "DMA engine", [&](ConfigVisitor& s) { visitDma(s, cfg.dma); });
    v.section("energy", "energy per action: a technology table from configs/energy/, any entry overridable",
              [&](ConfigVisitor& s) {
                  s.text("preset", cfg.energyPreset, {"", "configs/energy/<preset>.yaml: mobile7nm, horowitz45"});
                  visitEnergy(s, cfg.energy);
              });
    v.section("pipeline", "npusim pipeline: the SD2 inpainting call", [&](ConfigVisitor& s) { visitPipeline(s, cfg.pipeline); });
    v.section("usecase", "npusim pipeline: the infinite-zoom video use case", [&](ConfigVisitor& s) { visitUsecase(s, cfg.usecase); });
    v.section("dram", "DRAM: a preset from configs/dram/ whose fields may each be overridden",
              [&](ConfigVisitor& s) {
                  s.text("preset", cfg.dramPreset, {"", "configs/dram/<preset>.yaml: lpddr4-3200, lpddr5-6400, "
                                                        "lpddr5x-8533, ddr4-3200, hbm2"});
                  visitDram(s, cfg.dram);
              });
}

}  // namespace npu::sim
