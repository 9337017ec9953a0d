// SPDX-License-Identifier: Apache-2.0
// Pipeline stage totals and the infinite-zoom use-case arithmetic, on a hand-built run.
#include <gtest/gtest.h>

#include "sim/pipeline/Pipeline.h"

using namespace npu::sim;

TEST(PipelineSummary, UnsimulatedStepsScaleTheWarmStepAndTheUseCaseFollows) {
    PipelinePlan plan;
    plan.steps = 5;
    plan.simulatedSteps = 2;
    RunResult run;
    auto seg = [&](const char* stage, uint64_t cycles, double timeS, uint64_t macs, double energyJ,
                   double transitionJ = 0.0) {
        SegmentResult s;
        s.transitionJ = transitionJ;
        s.stage = stage;
        s.firstResult = run.layers.size();
        s.results = 1;
        s.cycles = cycles;
        s.timeS = timeS;
        LayerResult l;
        l.macs = macs;
        l.energyJ = energyJ;
        run.layers.push_back(l);
        run.segments.push_back(s);
    };
    seg("text_encoder", 1000, 0.001, 7, 0.5);
    seg("vae_encoder", 2000, 0.002, 11, 1.0);
    // (a segment's time includes its DFS transitions; transitionJ is what they drew besides its layers)
    seg("unet", 12000, 0.012, 100, 3.0, 0.125);   // cold step
    seg("unet", 10000, 0.010, 100, 2.0, 0.0625);  // warm step: scaled to the remaining 3, transitions too
    seg("vae_decoder", 3000, 0.003, 13, 1.5);
    UsecaseConfig u;
    u.inpaintEvery = 5;
    u.otherFrameMs = 2.0;
    u.fpsVideo = 30.0;
    u.otherFrameMj = 100.0;
    u.batteryWh = 10.0;
    const PipelineResult r = summarizePipeline(plan, run, u);
    ASSERT_EQ(r.stages.size(), 4u);
    const StageResult& unet = r.stages[2];
    EXPECT_EQ(unet.name, "unet");
    EXPECT_EQ(unet.instances, 5u);
    EXPECT_EQ(unet.simulated, 2u);
    EXPECT_EQ(unet.cycles, 12000u + 10000u * 4);
    EXPECT_EQ(unet.macs, 500u);
    EXPECT_DOUBLE_EQ(unet.timeS, 0.012 + 0.010 * 4);
    EXPECT_DOUBLE_EQ(unet.timePerInstanceS, 0.010);
    EXPECT_EQ(r.cycles, 1000u + 2000u + 52000u + 3000u);
    EXPECT_EQ(r.macs, 7u + 11u + 500u + 13u);
    const double total = 0.001 + 0.002 + 0.052 + 0.003;
    EXPECT_DOUBLE_EQ(r.timeS, total);
    EXPECT_DOUBLE_EQ(r.usecase.secondsPerGeneratedFrame, total);
    EXPECT_DOUBLE_EQ(r.usecase.generatedFps, 1.0 / total);
    // 5 video frames = one generated (58 ms) + 4 others (2 ms each): 5 / 0.066 s = 75.76 fps >= 30.
    EXPECT_DOUBLE_EQ(r.usecase.achievableVideoFps, 5.0 / (total + 4 * 0.002));
    EXPECT_TRUE(r.usecase.realTime);
    // Energy: UNet 3.125 + 2.0625 x 4 = 11.375 J; all stages 0.5 + 1 + 11.375 + 1.5 = 14.375 J.
    EXPECT_DOUBLE_EQ(unet.energyJ, 3.125 + 2.0625 * 4);
    EXPECT_DOUBLE_EQ(r.energyJ, 14.375);
    EXPECT_DOUBLE_EQ(r.usecase.energyPerGeneratedFrameJ, 14.375);
    // 5 frames: 14.375 J + 4 x 0.1 J = 14.775 J over 0.066 s.
    EXPECT_DOUBLE_EQ(r.usecase.avgPowerW, 14.775 / (total + 4 * 0.002));
    EXPECT_DOUBLE_EQ(r.usecase.videoFpsPerW, 5.0 / 14.775);
    EXPECT_DOUBLE_EQ(r.usecase.batteryHours, 10.0 / r.usecase.avgPowerW);
}
