// SPDX-License-Identifier: Apache-2.0
// Models: the four networks of the Stable Diffusion 2 inpainting pipeline
// (stabilityai/stable-diffusion-2-inpainting as diffusers builds it) as exact layer traces: every
// parameter-owning module is one layer, so the layers' parameters add up to the published totals, and
// every conv, linear and attention product has its real shape at the requested resolution and batch.
// Ignores: the sampler loop (one UNet call is one denoising step), dropout, the parameter-free timestep
// sinusoid, reshapes/transposes between heads, the causal mask of the text tower (no MAC change),
// the VAE's latent sampling and scaling factor. docs/workloads.md lists the architecture and totals.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "workloads/Trace.h"

namespace npu::workloads {

enum class Sd2Model { Unet, VaeEncoder, VaeDecoder, TextEncoder };

/// "unet", "vae_encoder", "vae_decoder", "text_encoder"; nullopt for anything else.
std::optional<Sd2Model> parseSd2Model(const std::string& s);
const char* sd2ModelName(Sd2Model m);

/// Largest resolution (pixels per side) and batch generateSd2 accepts; near both at once the attention
/// scores pass the size limits of a layer (layerSizeProblem), which generateSd2 also checks.
inline constexpr uint32_t kSd2MaxResolution = 8192;
inline constexpr uint32_t kSd2MaxBatch = 256;

/// One forward pass of `model` for square `resolution` x `resolution` pixel images (the UNet and the VAE
/// decoder see the latent, resolution/8 per side) and `batch` images (UNet: 2 with classifier-free
/// guidance; text encoder: prompts). The text encoder's shapes do not depend on the resolution.
/// Workload name: "sd2_<model>_<resolution>_b<batch>".
/// Throws InputError unless resolution is a positive multiple of 64 (three 2x downsamplings of the
/// 1/8 latent) up to kSd2MaxResolution, 1 <= batch <= kSd2MaxBatch, and every layer is within the size
/// limits (e.g. the UNet at 8192 px passes them from batch 13 on: its attention scores).
Workload generateSd2(Sd2Model model, uint32_t resolution, uint32_t batch);

}  // namespace npu::workloads
