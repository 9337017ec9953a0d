// SPDX-License-Identifier: Apache-2.0
#include "sim/pipeline/Pipeline.h"

#include "workloads/sd2/Sd2Inpainting.h"

namespace npu::sim {

PipelinePlan planPipeline(const SimConfig& cfg, bool everyStep) {
    using workloads::Sd2Model;
    const PipelineConfig& p = cfg.pipeline;
    const uint32_t guided = p.guidance ? 2 : 1;
    // With guidance the UNet runs the conditional and unconditional halves as one batch of 2, while the
    // text encoder runs twice at batch 1, prompt and negative prompt (diffusers' encode_prompt): its
    // weights are read twice.
    struct Stage { const char* name; Sd2Model model; uint32_t batch, calls; };
    const Stage stages[] = {{"text_encoder", Sd2Model::TextEncoder, 1, guided},
                            {"vae_encoder", Sd2Model::VaeEncoder, 1, 1},
                            {"unet", Sd2Model::Unet, guided, 1},
                            {"vae_decoder", Sd2Model::VaeDecoder, 1, 1}};
    PipelinePlan plan;
    plan.steps = p.steps;
    const bool identicalSteps = cfg.memory.model == MemoryModel::Ideal;
    plan.simulatedSteps = everyStep ? p.steps : identicalSteps ? 1 : std::min<uint32_t>(2, p.steps);
    plan.scaling = plan.simulatedSteps == p.steps
                       ? "every UNet step simulated"
                       : identicalSteps ? "one UNet step simulated and scaled: with ideal memory and a fixed clock "
                                          "nothing carries from step to step, so every step is identical"
                                        : "a cold and a warm UNet step simulated, the warm one scaled to the "
                                          "remaining steps (DRAM row and refresh state differ between steps: "
                                          "use --every-step to simulate all)";
    plan.workload.name = "sd2_inpainting_" + std::to_string(p.resolution);
    for (const Stage& s : stages) {
        const workloads::Workload w = workloads::generateSd2(s.model, p.resolution, s.batch);
        const size_t first = plan.workload.layers.size();
        for (workloads::Layer l : w.layers) {
            l.name = std::string(s.name) + "/" + l.name;
            plan.workload.layers.push_back(std::move(l));
        }
        const ScheduleEntry e{s.name, first, w.layers.size()};
        const uint32_t repeats = s.model == Sd2Model::Unet ? plan.simulatedSteps : s.calls;
        for (uint32_t i = 0; i < repeats; ++i) plan.schedule.push_back(e);
    }
    return plan;
}

namespace {
uint64_t segmentMacs(const RunResult& run, const SegmentResult& seg) {
    uint64_t m = 0;
    for (uint64_t i = seg.firstResult; i < seg.firstResult + seg.results; ++i) m += run.layers[i].macs;
    return m;
}
double segmentEnergy(const RunResult& run, const SegmentResult& seg) {
    double e = seg.transitionJ;
    for (uint64_t i = seg.firstResult; i < seg.firstResult + seg.results; ++i) e += run.layers[i].energyJ;
    return e;
}
}  // namespace

PipelineResult summarizePipeline(const PipelinePlan& plan, const RunResult& run, const UsecaseConfig& u) {
    PipelineResult res;
    for (const SegmentResult& seg : run.segments) {
        if (res.stages.empty() || res.stages.back().name != seg.stage) res.stages.push_back({seg.stage});
        StageResult& st = res.stages.back();
        ++st.simulated;
        st.cycles += seg.cycles;
        st.macs += segmentMacs(run, seg);
        st.energyJ += segmentEnergy(run, seg);
        st.timeS += seg.timeS;
        st.timePerInstanceS = seg.timeS;
        st.instances = st.simulated;
        if (seg.stage == "unet") {
            st.instances = plan.steps;
        }
    }
    for (StageResult& st : res.stages) {
        if (st.instances > st.simulated) {   // scale the last (warm) simulated instance
            const uint32_t missing = st.instances - st.simulated;
            const SegmentResult* last = nullptr;
            for (const SegmentResult& seg : run.segments)
                if (seg.stage == st.name) last = &seg;
            st.cycles += uint64_t(missing) * last->cycles;
            st.macs += uint64_t(missing) * segmentMacs(run, *last);
            st.energyJ += double(missing) * segmentEnergy(run, *last);
            st.timeS += double(missing) * last->timeS;
        }
        res.cycles += st.cycles;
        res.macs += st.macs;
        res.energyJ += st.energyJ;
        res.timeS += st.timeS;
    }
    UsecaseResult& uc = res.usecase;
    uc.secondsPerGeneratedFrame = res.timeS;
    uc.generatedFps = res.timeS > 0 ? 1.0 / res.timeS : 0.0;
    const double window = res.timeS + double(u.inpaintEvery - 1) * u.otherFrameMs * 1e-3;
    uc.achievableVideoFps = window > 0 ? double(u.inpaintEvery) / window : 0.0;
    uc.realTime = uc.achievableVideoFps >= u.fpsVideo;
    uc.energyPerGeneratedFrameJ = res.energyJ;
    const double windowEnergy = res.energyJ + double(u.inpaintEvery - 1) * u.otherFrameMj * 1e-3;
    uc.avgPowerW = window > 0 ? windowEnergy / window : 0.0;
    uc.videoFpsPerW = windowEnergy > 0 ? double(u.inpaintEvery) / windowEnergy : 0.0;
    uc.batteryHours = uc.avgPowerW > 0 ? u.batteryWh / uc.avgPowerW : 0.0;
    return res;
}

}  // namespace npu::sim
