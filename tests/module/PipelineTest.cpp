// SPDX-License-Identifier: Apache-2.0
// The SD2 inpainting pipeline at 64 px (8x8 latents): stages run in order, totals add up, identical
// steps scale exactly with ideal memory, and the DRAM model simulates a cold and a warm step.
#include <gtest/gtest.h>

#include <systemc>

#include "sim/pipeline/Pipeline.h"
#include "sim/top/NpuTop.h"
#include "workloads/Summary.h"
#include "workloads/sd2/Sd2Inpainting.h"

using namespace npu;

namespace {
sim::SimConfig tiny(sim::MemoryModel m, uint32_t steps) {
    sim::SimConfig cfg;
    cfg.pipeline.resolution = 64;
    cfg.pipeline.steps = steps;
    cfg.memory.model = m;
    return cfg;
}
uint64_t modelMacs(workloads::Sd2Model m, uint32_t batch) {
    return workloads::summarize(workloads::generateSd2(m, 64, batch)).macs();
}
}  // namespace

TEST(Pipeline, IdealStagesAddUpAndStepsScaleExactly) {
    const sim::SimConfig cfg = tiny(sim::MemoryModel::Ideal, 7);
    const sim::PipelinePlan plan = sim::planPipeline(cfg, false);
    EXPECT_EQ(plan.simulatedSteps, 1u);
    sim::NpuTop top("npu", cfg, plan.workload, plan.schedule);
    sc_core::sc_start();
    const sim::PipelineResult r = sim::summarizePipeline(plan, top.result(), cfg.usecase);
    ASSERT_EQ(r.stages.size(), 4u);
    EXPECT_EQ(r.stages[0].name, "text_encoder");
    EXPECT_EQ(r.stages[1].name, "vae_encoder");
    EXPECT_EQ(r.stages[2].name, "unet");
    EXPECT_EQ(r.stages[3].name, "vae_decoder");
    using workloads::Sd2Model;
    // guidance: the text encoder runs twice at batch 1 (prompt, negative prompt), the UNet at batch 2
    EXPECT_EQ(r.stages[0].instances, 2u);
    EXPECT_EQ(r.stages[0].macs, 2 * modelMacs(Sd2Model::TextEncoder, 1));
    EXPECT_EQ(plan.schedule[0].stage, "text_encoder");
    EXPECT_EQ(plan.schedule[1].stage, "text_encoder");
    EXPECT_EQ(r.stages[2].macs, 7 * modelMacs(Sd2Model::Unet, 2));
    EXPECT_EQ(r.stages[3].macs, modelMacs(Sd2Model::VaeDecoder, 1));
    EXPECT_EQ(r.stages[2].cycles, 7 * top.result().segments[3].cycles);
    uint64_t cycles = 0;
    for (const auto& s : r.stages) cycles += s.cycles;
    EXPECT_EQ(r.cycles, cycles);
    // The simulated segments cover the whole simulated time.
    EXPECT_EQ(top.result().cycles, r.cycles - 6 * top.result().segments[3].cycles);
}

TEST(Pipeline, EveryStepWithIdealMemoryEqualsTheScaledResult) {
    const sim::SimConfig cfg = tiny(sim::MemoryModel::Ideal, 3);
    const sim::PipelinePlan plan = sim::planPipeline(cfg, /*everyStep=*/true);
    EXPECT_EQ(plan.simulatedSteps, 3u);
    sim::NpuTop top("npu", cfg, plan.workload, plan.schedule);
    sc_core::sc_start();
    const auto& segs = top.result().segments;
    ASSERT_EQ(segs.size(), 7u);   // text encoder twice, VAE encoder, 3 UNet steps, VAE decoder
    EXPECT_EQ(segs[3].cycles, segs[4].cycles);   // identical steps, as the scaling assumes
    EXPECT_EQ(segs[4].cycles, segs[5].cycles);
}

TEST(Pipeline, DramSimulatesAColdAndAWarmStep) {
    const sim::SimConfig cfg = tiny(sim::MemoryModel::Dram, 4);
    const sim::PipelinePlan plan = sim::planPipeline(cfg, false);
    EXPECT_EQ(plan.simulatedSteps, 2u);
    sim::NpuTop top("npu", cfg, plan.workload, plan.schedule);
    sc_core::sc_start();
    const auto& segs = top.result().segments;
    ASSERT_EQ(segs.size(), 6u);
    const sim::PipelineResult r = sim::summarizePipeline(plan, top.result(), cfg.usecase);
    EXPECT_EQ(r.stages[2].cycles, segs[3].cycles + 3 * segs[4].cycles);
    EXPECT_GT(top.dram()->stats().total().bytesRead, 0u);
}
