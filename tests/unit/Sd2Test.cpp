// SPDX-License-Identifier: Apache-2.0
// The SD2 inpainting generators against published parameter totals and against per-block counts worked
// out by hand from the architecture (the arithmetic is written here, not taken from the generator).
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>

#include "hw_models/common/Error.h"
#include "tests/support/ErrorOf.h"
#include "workloads/Summary.h"
#include "workloads/Trace.h"
#include "workloads/sd2/Sd2Inpainting.h"

using namespace npu::workloads;

namespace {

constexpr Sd2Model kAllModels[] = {Sd2Model::Unet, Sd2Model::VaeEncoder, Sd2Model::VaeDecoder,
                                   Sd2Model::TextEncoder};

const Layer& layer(const Workload& w, const std::string& name) {
    for (const Layer& l : w.layers)
        if (l.name == name) return l;
    throw std::runtime_error("no layer named " + name + " in " + w.name);
}

bool startsWith(const std::string& s, const std::string& prefix) {
    return s.compare(0, prefix.size(), prefix) == 0;
}

bool endsWith(const std::string& s, const std::string& suffix) {
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

/// Parameters, MACs and layer count of the layers whose names start with `prefix`.
struct BlockTotals {
    uint64_t params = 0, macs = 0, layers = 0;
};
BlockTotals block(const Workload& w, const std::string& prefix) {
    BlockTotals t;
    for (const Layer& l : w.layers) {
        if (!startsWith(l.name, prefix)) continue;
        t.params += layerWeightParams(l);
        t.macs += layerMacs(l);
        ++t.layers;
    }
    return t;
}

uint64_t macsOfLayersEndingWith(const Workload& w, const std::string& suffix) {
    uint64_t macs = 0;
    for (const Layer& l : w.layers)
        if (endsWith(l.name, suffix)) macs += layerMacs(l);
    return macs;
}

uint32_t checkedInBatch(Sd2Model m) { return m == Sd2Model::Unet || m == Sd2Model::TextEncoder ? 2 : 1; }

/// The repository: $NPUSIM_SOURCE_DIR (ctest is meant to set it), else the compile-time location of
/// this file (CMake compiles it by absolute path); empty when neither is known.
std::string sourceDir() {
    if (const char* env = std::getenv("NPUSIM_SOURCE_DIR"); env != nullptr && *env != '\0') return env;
    const std::string file = __FILE__;
    const std::string tail = "/tests/unit/Sd2Test.cpp";
    if (file.size() > tail.size() && file.front() == '/' && endsWith(file, tail))
        return file.substr(0, file.size() - tail.size());
    return "";
}

std::string traceText(const Workload& w) {
    std::ostringstream o;
    writeNativeTrace(o, w);
    return o.str();
}

}  // namespace

TEST(Sd2Model, NamesRoundTrip) {
    for (Sd2Model m : kAllModels) EXPECT_EQ(parseSd2Model(sd2ModelName(m)), m);
    EXPECT_EQ(parseSd2Model("unet"), Sd2Model::Unet);
    EXPECT_EQ(parseSd2Model("vae_encoder"), Sd2Model::VaeEncoder);
    EXPECT_EQ(parseSd2Model("vae_decoder"), Sd2Model::VaeDecoder);
    EXPECT_EQ(parseSd2Model("text_encoder"), Sd2Model::TextEncoder);
    EXPECT_FALSE(parseSd2Model("vae"));
    EXPECT_FALSE(parseSd2Model("UNet"));
    EXPECT_EQ(generateSd2(Sd2Model::Unet, 512, 2).name, "sd2_unet_512_b2");
    EXPECT_EQ(generateSd2(Sd2Model::VaeDecoder, 768, 1).name, "sd2_vae_decoder_768_b1");
}

TEST(Sd2Params, PublishedTotals) {
    for (uint32_t res : {512u, 768u}) {
        for (uint32_t batch : {1u, 2u}) {
            // SD2 UNet 865,910,724 plus the inpainting conv_in's 5 extra input channels (320 x 5 x 3 x 3).
            // = 865,925,124
            EXPECT_EQ(summarize(generateSd2(Sd2Model::Unet, res, batch)).weightParams,
                      865'910'724u + 5u * 320 * 3 * 3);
            const uint64_t encoder = summarize(generateSd2(Sd2Model::VaeEncoder, res, batch)).weightParams;
            const uint64_t decoder = summarize(generateSd2(Sd2Model::VaeDecoder, res, batch)).weightParams;
            EXPECT_EQ(encoder, 34'163'664u);
            EXPECT_EQ(decoder, 49'490'199u);
            // The whole AutoencoderKL (encoder, quant_conv, post_quant_conv, decoder) as published: 83,653,863.
            EXPECT_EQ(encoder + decoder, 83'653'863u);
            EXPECT_EQ(summarize(generateSd2(Sd2Model::TextEncoder, res, batch)).weightParams, 340'387'840u);
        }
    }
}

TEST(Sd2Params, TextTowerByHand) {
    const uint64_t d = 1024, ff = 4096;
    const uint64_t embeddings = 49408 * d + 77 * d;
    const uint64_t perLayer = 2 * (2 * d)            // layer_norm1, layer_norm2
                              + 4 * (d * d + d)      // q, k, v, out projections with bias
                              + (d * ff + ff) + (ff * d + d);  // mlp.fc1, mlp.fc2
    const uint64_t finalNorm = 2 * d;
    EXPECT_EQ(perLayer, 12'596'224u);
    EXPECT_EQ(embeddings + 23 * perLayer + finalNorm, 340'387'840u);

    const Workload w = generateSd2(Sd2Model::TextEncoder, 512, 2);
    const BlockTotals l7 = block(w, "text_model.encoder.layers.7.");
    EXPECT_EQ(l7.params, perLayer);
    const uint64_t tokens = 2 * 77;
    const uint64_t linearMacs = 4 * tokens * d * d + 2 * tokens * d * ff;
    const uint64_t attentionMacs = 2 * (2 * 16) * 77 * 77 * 64;  // QK^T and P*V, 16 heads of 64
    EXPECT_EQ(l7.macs, linearMacs + attentionMacs);
    const Matmul& qk = layer(w, "text_model.encoder.layers.7.self_attn.qk").matmul();
    EXPECT_EQ(qk.batch, 2u * 16);
    EXPECT_EQ(qk.m, 77u);
    EXPECT_EQ(qk.k, 64u);
    EXPECT_EQ(qk.n, 77u);
    EXPECT_EQ(layer(w, "text_model.embeddings.token_embedding").vector().vocab, 49408u);
}

TEST(Sd2Blocks, ResnetWithShortcutByHand) {
    // down_blocks.1.resnets.0: 320 -> 640 channels at a 32 x 32 latent (512 px), batch 2.
    const Workload w = generateSd2(Sd2Model::Unet, 512, 2);
    const uint64_t B = 2, S = 32, in = 320, out = 640, temb = 1280;
    const std::string p = "down_blocks.1.resnets.0.";

    const uint64_t norm1 = 2 * in, norm2 = 2 * out;
    const uint64_t conv1 = out * in * 3 * 3 + out;
    const uint64_t timeProj = temb * out + out;
    const uint64_t conv2 = out * out * 3 * 3 + out;
    const uint64_t shortcut = out * in * 1 * 1 + out;
    EXPECT_EQ(block(w, p).params, norm1 + conv1 + timeProj + norm2 + conv2 + shortcut);
    EXPECT_EQ(block(w, p).params, 6'558'080u);

    const uint64_t conv1Macs = B * S * S * out * in * 9;
    const uint64_t conv2Macs = B * S * S * out * out * 9;
    const uint64_t shortcutMacs = B * S * S * out * in;
    const uint64_t timeProjMacs = B * temb * out;
    EXPECT_EQ(layerMacs(layer(w, p + "conv1")), conv1Macs);
    EXPECT_EQ(layerMacs(layer(w, p + "conv2")), conv2Macs);
    EXPECT_EQ(layerMacs(layer(w, p + "conv_shortcut")), shortcutMacs);
    EXPECT_EQ(layerMacs(layer(w, p + "time_emb_proj")), timeProjMacs);
    EXPECT_EQ(block(w, p).macs, conv1Macs + conv2Macs + shortcutMacs + timeProjMacs);

    const Conv2d& c = layer(w, p + "conv1").conv();
    EXPECT_EQ(c.batch, B);
    EXPECT_EQ(c.h, S);
    EXPECT_EQ(c.padH, 1u);
    EXPECT_EQ(c.outH(), S);
    const VectorOp& gn = layer(w, p + "norm1").vector();
    EXPECT_EQ(gn.kind, VectorKind::GroupNorm);
    EXPECT_EQ(gn.elements, B * S * S * in);
    EXPECT_EQ(gn.channels, in);
    EXPECT_EQ(gn.groups, 32u);
    EXPECT_EQ(layer(w, p + "residual").vector().elements, B * S * S * out);
    EXPECT_EQ(layer(w, p + "residual").vector().inputs, 2u);
    // A resnet keeping its width has no shortcut conv.
    EXPECT_THROW(layer(w, "down_blocks.1.resnets.1.conv_shortcut"), std::runtime_error);
}

TEST(Sd2Blocks, Transformer2dAt64x64With5HeadsByHand) {
    // down_blocks.0.attentions.0: 320 channels, 5 heads of 64, 64 x 64 latent (512 px), batch 2.
    const Workload w = generateSd2(Sd2Model::Unet, 512, 2);
    const uint64_t B = 2, C = 320, H = 5, d = 64, seq = 64 * 64, text = 77, textDim = 1024;
    const std::string p = "down_blocks.0.attentions.0.";
    const std::string t = p + "transformer_blocks.0.";
    auto macs = [&](const std::string& name) { return layerMacs(layer(w, name)); };

    EXPECT_EQ(C / H, d);
    EXPECT_EQ(macs(p + "proj_in"), B * seq * C * C);
    EXPECT_EQ(macs(p + "proj_out"), B * seq * C * C);
    // Self-attention.
    EXPECT_EQ(macs(t + "attn1.to_q"), B * seq * C * C);
    EXPECT_EQ(macs(t + "attn1.to_k"), B * seq * C * C);
    EXPECT_EQ(macs(t + "attn1.to_v"), B * seq * C * C);
    EXPECT_EQ(macs(t + "attn1.qk"), B * H * seq * d * seq);
    EXPECT_EQ(layer(w, t + "attn1.softmax").vector().elements, B * H * seq * seq);
    EXPECT_EQ(macs(t + "attn1.pv"), B * H * seq * seq * d);
    EXPECT_EQ(macs(t + "attn1.to_out.0"), B * seq * C * C);
    // Cross-attention over the 77 text tokens of width 1024.
    EXPECT_EQ(macs(t + "attn2.to_q"), B * seq * C * C);
    EXPECT_EQ(macs(t + "attn2.to_k"), B * text * textDim * C);
    EXPECT_EQ(macs(t + "attn2.to_v"), B * text * textDim * C);
    EXPECT_EQ(macs(t + "attn2.qk"), B * H * seq * d * text);
    EXPECT_EQ(layer(w, t + "attn2.softmax").vector().elements, B * H * seq * text);
    EXPECT_EQ(macs(t + "attn2.pv"), B * H * seq * text * d);
    EXPECT_EQ(macs(t + "attn2.to_out.0"), B * seq * C * C);
    // GEGLU feed-forward: 320 -> 2 x 1280, 1280 -> 320.
    EXPECT_EQ(macs(t + "ff.net.0.proj"), B * seq * C * (2 * 4 * C));
    EXPECT_EQ(macs(t + "ff.net.2"), B * seq * (4 * C) * C);

    const Matmul& qk = layer(w, t + "attn1.qk").matmul();
    EXPECT_EQ(qk.b, MatmulOperand::Activation);
    EXPECT_EQ(qk.batch, B * H);
    EXPECT_EQ(qk.m, seq);
    EXPECT_EQ(qk.k, d);
    EXPECT_EQ(qk.n, seq);
    const Matmul& pv = layer(w, t + "attn2.pv").matmul();
    EXPECT_EQ(pv.b, MatmulOperand::Activation);
    EXPECT_EQ(pv.m, seq);
    EXPECT_EQ(pv.k, text);
    EXPECT_EQ(pv.n, d);

    const uint64_t linearMacs = 2 * B * seq * C * C                          // proj_in, proj_out
                                + 4 * B * seq * C * C                        // attn1 q, k, v, out
                                + 2 * B * seq * C * C + 2 * B * text * textDim * C  // attn2 q, out; k, v
                                + B * seq * C * 8 * C + B * seq * 4 * C * C;  // GEGLU proj, net.2
    const uint64_t attentionMacs = 2 * B * H * seq * seq * d + 2 * B * H * seq * text * d;
    EXPECT_EQ(block(w, p).macs, linearMacs + attentionMacs);

    const uint64_t params = 2 * C                       // GroupNorm
                            + 2 * (C * C + C)           // proj_in, proj_out
                            + 3 * (2 * C)               // norm1, norm2, norm3
                            + 3 * C * C + (C * C + C)   // attn1: q, k, v without bias; to_out with bias
                            + C * C + 2 * textDim * C + (C * C + C)  // attn2
                            + (C * 8 * C + 8 * C) + (4 * C * C + C);  // GEGLU proj, net.2
    EXPECT_EQ(block(w, p).params, params);
    EXPECT_EQ(params, 20 * C * C + 2069 * C);
    EXPECT_EQ(params, 2'710'080u);
    // proj_in, 3 layernorms, 2 x (q, k, v, qk, softmax, pv, out), ff (proj, gelu, mul, net.2),
    // 3 residuals inside the block, groupnorm, proj_out, outer residual.
    EXPECT_EQ(block(w, p).layers, 1u + 3 + 2 * 7 + 4 + 3 + 1 + 1 + 1);
}

TEST(Sd2Blocks, GegluByHand) {
    // up_blocks.1.attentions.2: 1280 channels at 16 x 16 (512 px), batch 2: proj 1280 -> 2 x 5120.
    const Workload w = generateSd2(Sd2Model::Unet, 512, 2);
    const uint64_t B = 2, C = 1280, inner = 4 * C, tokens = B * 16 * 16;
    const std::string f = "up_blocks.1.attentions.2.transformer_blocks.0.ff.";
    const Matmul& proj = layer(w, f + "net.0.proj").matmul();
    EXPECT_EQ(proj.m, tokens);
    EXPECT_EQ(proj.k, C);
    EXPECT_EQ(proj.n, 2 * inner);
    EXPECT_TRUE(proj.bias);
    EXPECT_EQ(layerWeightParams(layer(w, f + "net.0.proj")), C * 2 * inner + 2 * inner);
    EXPECT_EQ(layerWeightParams(layer(w, f + "net.0.proj")), 13'117'440u);
    const VectorOp& gelu = layer(w, f + "net.0.gelu").vector();
    EXPECT_EQ(gelu.kind, VectorKind::Gelu);
    EXPECT_EQ(gelu.elements, tokens * inner);  // the gate half only
    const VectorOp& mul = layer(w, f + "net.0.mul").vector();
    EXPECT_EQ(mul.kind, VectorKind::Mul);
    EXPECT_EQ(mul.elements, tokens * inner);
    EXPECT_EQ(mul.inputs, 2u);
    EXPECT_EQ(layerWeightParams(layer(w, f + "net.2")), inner * C + C);
    EXPECT_EQ(block(w, f).macs, tokens * C * 2 * inner + tokens * inner * C);
    EXPECT_EQ(block(w, f).params, C * 2 * inner + 2 * inner + inner * C + C);
}

TEST(Sd2Blocks, UnetTimeEmbeddingAndSkipsByHand) {
    const Workload w = generateSd2(Sd2Model::Unet, 512, 2);
    EXPECT_EQ(block(w, "time_embedding.").params, (320u * 1280 + 1280) + (1280u * 1280 + 1280));
    EXPECT_EQ(block(w, "time_embedding.").macs, 2u * 320 * 1280 + 2u * 1280 * 1280);
    // conv_in: 9 input channels (noisy latents, mask, masked-image latents).
    EXPECT_EQ(layer(w, "conv_in").conv().cIn, 9u);
    EXPECT_EQ(layerWeightParams(layer(w, "conv_in")), 320u * 9 * 9 + 320);
    // up_blocks.2 at 32 x 32: 1280 (from below) + 640 skip, 640 + 640, 640 + 320 (down_blocks.0's downsampler).
    EXPECT_EQ(layer(w, "up_blocks.2.resnets.0.conv1").conv().cIn, 1280u + 640);
    EXPECT_EQ(layer(w, "up_blocks.2.resnets.1.conv1").conv().cIn, 640u + 640);
    EXPECT_EQ(layer(w, "up_blocks.2.resnets.2.conv1").conv().cIn, 640u + 320);
    EXPECT_EQ(layer(w, "up_blocks.2.skip_concat.2").vector().elements, 2u * 32 * 32 * (640 + 320));
    EXPECT_EQ(layer(w, "up_blocks.3.resnets.2.conv1").conv().cIn, 320u + 320);
    EXPECT_EQ(layer(w, "up_blocks.3.resnets.2.conv1").conv().h, 64u);
    const VectorOp& up = layer(w, "up_blocks.2.upsamplers.0.interpolate").vector();
    EXPECT_EQ(up.elements, 2u * 64 * 64 * 640);
    EXPECT_EQ(up.factor, 2u);
    EXPECT_EQ(layer(w, "conv_out").conv().cOut, 4u);
    // Downsample2D: 3x3, stride 2, padding 1: 64 -> 32.
    const Conv2d& down = layer(w, "down_blocks.0.downsamplers.0.conv").conv();
    EXPECT_EQ(down.strideH, 2u);
    EXPECT_EQ(down.outH(), 32u);
    // The mid block's attention: 20 heads over the 8 x 8 latent.
    const Matmul& midQk = layer(w, "mid_block.attentions.0.transformer_blocks.0.attn1.qk").matmul();
    EXPECT_EQ(midQk.batch, 2u * 20);
    EXPECT_EQ(midQk.m, 64u);
}

TEST(Sd2Blocks, VaeMidAttentionByHand) {
    // Single head of width 512 over every pixel of the 64 x 64 latent (512 px), batch 1.
    const uint64_t C = 512, seq = 64 * 64;
    for (Sd2Model m : {Sd2Model::VaeEncoder, Sd2Model::VaeDecoder}) {
        const Workload w = generateSd2(m, 512, 1);
        const std::string p = std::string(m == Sd2Model::VaeEncoder ? "encoder" : "decoder") +
                              ".mid_block.attentions.0.";
        EXPECT_EQ(block(w, p).params, 2 * C + 4 * (C * C + C));
        EXPECT_EQ(block(w, p).macs, 4 * seq * C * C + 2 * seq * seq * C);
        EXPECT_EQ(layer(w, p + "softmax").vector().elements, seq * seq);
        EXPECT_EQ(layer(w, p + "qk").matmul().batch, 1u);
    }
    // Encoder: 512 px image in, 64 x 64 x 8 (mean, logvar) out; decoder the reverse, 3 channels out.
    const Workload enc = generateSd2(Sd2Model::VaeEncoder, 512, 1);
    EXPECT_EQ(layer(enc, "encoder.conv_in").conv().h, 512u);
    EXPECT_EQ(layer(enc, "encoder.conv_in").conv().cIn, 3u);
    EXPECT_EQ(layer(enc, "quant_conv").conv().h, 64u);
    EXPECT_EQ(layerWeightParams(layer(enc, "quant_conv")), 8u * 8 + 8);
    const Conv2d& down = layer(enc, "encoder.down_blocks.0.downsamplers.0.conv").conv();
    EXPECT_EQ(down.outH(), 256u);  // same as diffusers' (0,1,0,1) pad + padding 0
    EXPECT_EQ(down.outH(), (512u + 1 - 3) / 2 + 1);
    const Workload dec = generateSd2(Sd2Model::VaeDecoder, 512, 1);
    EXPECT_EQ(layer(dec, "post_quant_conv").conv().h, 64u);
    EXPECT_EQ(layerWeightParams(layer(dec, "post_quant_conv")), 4u * 4 + 4);
    EXPECT_EQ(layer(dec, "decoder.conv_out").conv().h, 512u);
    EXPECT_EQ(layer(dec, "decoder.conv_out").conv().cOut, 3u);
    // up_blocks.2: 512 -> 256 channels needs a shortcut; block 3 has no upsampler.
    EXPECT_EQ(layerWeightParams(layer(dec, "decoder.up_blocks.2.resnets.0.conv_shortcut")), 256u * 512 + 256);
    EXPECT_THROW(layer(dec, "decoder.up_blocks.3.upsamplers.0.conv"), std::runtime_error);
}

TEST(Sd2Counts, UnetLayersByOp) {
    const ModelSummary s = summarize(generateSd2(Sd2Model::Unet, 512, 2));
    const uint64_t transformers = 2 * 3 + 1 + 3 * 3;  // down 0-2, mid, up 1-3
    const uint64_t resnets = 2 * 4 + 2 + 3 * 4;        // down, mid, up
    const uint64_t shortcuts = 2 + 3 * 4;              // down_blocks.1/2 resnets.0; every up resnet (skip concat)
    EXPECT_EQ(transformers, 16u);
    EXPECT_EQ(resnets, 22u);
    EXPECT_EQ(s.layersByOp.at("conv2d"), 1 + 2 * resnets + shortcuts + 3 + 3 + 1);  // in, resnets, down, up, out
    const uint64_t attentionMatmuls = 2 * 2 * transformers;  // qk + pv, self + cross, per block
    const uint64_t linearMatmuls = 2 + resnets + 12 * transformers;
    EXPECT_EQ(s.layersByOp.at("matmul"), attentionMatmuls + linearMatmuls);
    EXPECT_EQ(s.layersByOp.at("softmax"), 2 * transformers);
    EXPECT_EQ(s.layersByOp.at("groupnorm"), 2 * resnets + transformers + 1);
    EXPECT_EQ(s.layersByOp.at("layernorm"), 3 * transformers);
    EXPECT_EQ(s.layersByOp.at("gelu"), transformers);
    EXPECT_EQ(s.layersByOp.at("mul"), transformers);
    EXPECT_EQ(s.layersByOp.at("silu"), 1 + 3 * resnets + 1);
    EXPECT_EQ(s.layersByOp.at("add"), 2 * resnets + 4 * transformers);
    EXPECT_EQ(s.layersByOp.at("concat"), 12u);
    EXPECT_EQ(s.layersByOp.at("upsample"), 3u);
    EXPECT_EQ(s.layersByOp.size(), 11u);

    uint64_t attention = 0;
    for (const Layer& l : generateSd2(Sd2Model::Unet, 512, 2).layers)
        if (l.isMatmul() && l.matmul().b == MatmulOperand::Activation) ++attention;
    EXPECT_EQ(attention, attentionMatmuls);
    EXPECT_EQ(attention, 64u);
}

TEST(Sd2Counts, ResolutionScaling) {
    // 512 -> 768 px: latent 64 -> 96. Every conv scales with the pixel count, (96/64)^2 = 9/4;
    // self-attention QK^T with its square, 81/16.
    const Workload w512 = generateSd2(Sd2Model::Unet, 512, 2);
    const Workload w768 = generateSd2(Sd2Model::Unet, 768, 2);
    const ModelSummary s512 = summarize(w512), s768 = summarize(w768);
    EXPECT_EQ(s768.macsConv * 4, s512.macsConv * 9);
    const uint64_t qk512 = macsOfLayersEndingWith(w512, "attn1.qk");
    const uint64_t qk768 = macsOfLayersEndingWith(w768, "attn1.qk");
    EXPECT_GT(qk512, 0u);
    EXPECT_EQ(qk768 * 16, qk512 * 81);
    // Cross-attention's key length stays 77: its products scale like the pixels.
    EXPECT_EQ(macsOfLayersEndingWith(w768, "attn2.qk") * 4, macsOfLayersEndingWith(w512, "attn2.qk") * 9);
    EXPECT_EQ(layer(w768, "down_blocks.0.attentions.0.transformer_blocks.0.attn1.qk").matmul().m, 96u * 96);
    EXPECT_EQ(s768.layersByOp, s512.layersByOp);
    EXPECT_EQ(s768.weightParams, s512.weightParams);
    // The text encoder does not see the image.
    EXPECT_EQ(summarize(generateSd2(Sd2Model::TextEncoder, 768, 2)).macs(),
              summarize(generateSd2(Sd2Model::TextEncoder, 512, 2)).macs());
    // Batch scales every MAC linearly.
    EXPECT_EQ(summarize(generateSd2(Sd2Model::Unet, 512, 1)).macs() * 2, s512.macs());
}

TEST(Sd2Errors, RejectsBadResolutionAndBatch) {
    EXPECT_THROW(generateSd2(Sd2Model::Unet, 500, 1), npu::InputError);
    EXPECT_THROW(generateSd2(Sd2Model::Unet, 0, 1), npu::InputError);
    EXPECT_THROW(generateSd2(Sd2Model::VaeDecoder, 32, 1), npu::InputError);
    EXPECT_THROW(generateSd2(Sd2Model::Unet, 512, 0), npu::InputError);
    EXPECT_THROW(generateSd2(Sd2Model::TextEncoder, 500, 2), npu::InputError);
    EXPECT_THROW(generateSd2(Sd2Model::Unet, kSd2MaxResolution + 64, 1), npu::InputError);
    EXPECT_THROW(generateSd2(Sd2Model::Unet, 512, kSd2MaxBatch + 1), npu::InputError);
    try {
        generateSd2(Sd2Model::Unet, 500, 1);
    } catch (const npu::InputError& e) {
        const std::string msg = e.what();
        EXPECT_NE(msg.find("500"), std::string::npos) << msg;
        EXPECT_EQ(msg.find('\n'), std::string::npos) << msg;
    }
    EXPECT_NO_THROW(generateSd2(Sd2Model::Unet, 64, 1));
    // At 8192 px the first attention's scores are batch x 5 heads x (1024 x 1024)^2 elements: 12 x 5 x 2^40
    // < 2^46 <= 13 x 5 x 2^40, so batch 12 is within the size limits and batch 13 is not.
    EXPECT_EQ(npu::test::errorOf([] { generateSd2(Sd2Model::Unet, 8192, 13); }),
              "sd2: unet at resolution 8192, batch 13: layer 'down_blocks.0.attentions.0.transformer_blocks.0.attn1.qk': "
              "output tensor too large: it must have fewer than 2^46 elements (256 TiB at fp32)");
}

TEST(Sd2Trace, NamesAreUniqueAndPlain) {
    for (Sd2Model m : kAllModels) {
        const Workload w = generateSd2(m, 768, 2);
        std::set<std::string> seen;
        for (const Layer& l : w.layers) {
            EXPECT_TRUE(seen.insert(l.name).second) << w.name << ": duplicate " << l.name;
            EXPECT_FALSE(l.name.empty());
            EXPECT_EQ(l.name.find_first_of(" \t#="), std::string::npos) << l.name;
        }
    }
}

TEST(Sd2Trace, NativeRoundTrip) {
    for (Sd2Model m : kAllModels) {
        const Workload w = generateSd2(m, 512, checkedInBatch(m));
        std::istringstream in(traceText(w));
        const Workload back = readNativeTrace(in, w.name + ".trace");
        EXPECT_EQ(back.name, w.name);
        ASSERT_EQ(back.layers.size(), w.layers.size()) << w.name;
        for (size_t i = 0; i < w.layers.size(); ++i)
            EXPECT_EQ(formatTraceLine(back.layers[i]), formatTraceLine(w.layers[i])) << w.name << " layer " << i;
        EXPECT_EQ(summarize(back).weightParams, summarize(w).weightParams);
        EXPECT_EQ(summarize(back).macs(), summarize(w).macs());
    }
}

// The traces in workloads/sd2_inpainting/ are the generator's output; regenerate them on purpose with
// NPUSIM_UPDATE_GOLDENS=1 (the test then reports itself skipped: it compared nothing).
TEST(Sd2Trace, CheckedInTracesMatchGenerator) {
    const std::string source = sourceDir();
    ASSERT_FALSE(source.empty()) << "set NPUSIM_SOURCE_DIR to the repository";
    const char* updateEnv = std::getenv("NPUSIM_UPDATE_GOLDENS");
    const bool update = updateEnv != nullptr && std::string(updateEnv) == "1";
    for (Sd2Model m : kAllModels) {
        for (uint32_t res : {512u, 768u}) {
            const std::string path = source + "/workloads/sd2_inpainting/" + sd2ModelName(m) + "_" +
                                     std::to_string(res) + ".trace";
            const std::string want = traceText(generateSd2(m, res, checkedInBatch(m)));
            if (update) {
                std::ofstream out(path, std::ios::binary);
                ASSERT_TRUE(out) << "cannot write " << path;
                out << want;
                out.close();
                ASSERT_TRUE(out) << "cannot write " << path;
                continue;
            }
            std::ifstream in(path, std::ios::binary);
            ASSERT_TRUE(in) << "cannot read " << path;
            std::stringstream got;
            got << in.rdbuf();
            if (got.str() == want) continue;
            // Name the first differing line rather than printing whole traces.
            std::istringstream g(got.str()), e(want);
            std::string gl, el;
            size_t line = 0;
            while (true) {
                ++line;
                if (!std::getline(g, gl)) gl = "<end of file>";
                if (!std::getline(e, el)) el = "<end of trace>";
                if (gl != el) break;
            }
            ADD_FAILURE() << path << " differs from the generator at line " << line << "\n  file:      " << gl
                          << "\n  generator: " << el << "\n(regenerate with NPUSIM_UPDATE_GOLDENS=1 if intended)";
        }
    }
    if (update) GTEST_SKIP() << "NPUSIM_UPDATE_GOLDENS=1: the traces were regenerated, not compared";
}
