// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>

#include <string>

#include "workloads/Summary.h"
#include "workloads/sd2/Sd2Inpainting.h"

using namespace npu::workloads;

namespace {

Workload smallWorkload() {
    Workload w;
    w.name = "small";
    Conv2d c;  // 4 x 4 x 2 -> 4 x 4 x 3, 3x3, padding 1, bias
    c.h = c.w = 4;
    c.cIn = 2;
    c.cOut = 3;
    c.kernelH = c.kernelW = 3;
    c.padH = c.padW = 1;
    c.bias = true;
    w.layers.push_back({"conv", c, {}, 0});
    Matmul lin;  // [5 x 6] * [6 x 7] + bias
    lin.m = 5;
    lin.k = 6;
    lin.n = 7;
    lin.bias = true;
    w.layers.push_back({"linear", lin, {}, 0});
    Matmul att;  // 2 x [3 x 4] * [4 x 5], both activations
    att.batch = 2;
    att.m = 3;
    att.k = 4;
    att.n = 5;
    att.b = MatmulOperand::Activation;
    w.layers.push_back({"qk", att, {}, 0});
    VectorOp ln;
    ln.kind = VectorKind::LayerNorm;
    ln.elements = 35;
    ln.channels = 7;
    w.layers.push_back({"ln", ln, {}, 0});
    VectorOp add;
    add.kind = VectorKind::Add;
    add.elements = 10;
    add.inputs = 2;
    w.layers.push_back({"add", add, {}, 0});
    VectorOp emb;
    emb.kind = VectorKind::Embedding;
    emb.elements = 8;
    emb.channels = 4;
    emb.vocab = 100;
    w.layers.push_back({"emb", emb, {}, 0});
    return w;
}

}  // namespace

TEST(Summary, CountsEachKind) {
    const ModelSummary s = summarize(smallWorkload());
    EXPECT_EQ(s.macsConv, 4u * 4 * 3 * (3 * 3 * 2));
    EXPECT_EQ(s.macsLinear, 5u * 6 * 7);
    EXPECT_EQ(s.macsAttention, 2u * 3 * 4 * 5);
    EXPECT_EQ(s.macs(), 864u + 210 + 120);
    EXPECT_EQ(s.weightParams, (3u * 2 * 9 + 3) + (6u * 7 + 7) + 2u * 7 + 100u * 4);
    EXPECT_EQ(s.vectorElements, 35u + 10 + 8);
    EXPECT_EQ(s.layersByOp.at("conv2d"), 1u);
    EXPECT_EQ(s.layersByOp.at("matmul"), 2u);
    EXPECT_EQ(s.layersByOp.at("layernorm"), 1u);
    EXPECT_EQ(s.layersByOp.at("add"), 1u);
    EXPECT_EQ(s.layersByOp.at("embedding"), 1u);
    EXPECT_EQ(s.layersByOp.size(), 5u);
    EXPECT_EQ(s.layers(), 6u);
}

TEST(Summary, EmptyWorkload) {
    const ModelSummary s = summarize(Workload{});
    EXPECT_EQ(s.macs(), 0u);
    EXPECT_EQ(s.weightParams, 0u);
    EXPECT_TRUE(s.layersByOp.empty());
    EXPECT_NE(formatSummary(s).find("layers:"), std::string::npos);
}

TEST(Summary, FormatIsShortAndGrouped) {
    const std::string text = formatSummary(summarize(smallWorkload()));
    EXPECT_NE(text.find("parameters:      520\n"), std::string::npos) << text;
    EXPECT_NE(text.find("1,194 (conv 864, linear 210, attention 120)"), std::string::npos) << text;
    EXPECT_NE(text.find("6 (add 1, conv2d 1, embedding 1, layernorm 1, matmul 2)"), std::string::npos) << text;

    const std::string unet = formatSummary(summarize(generateSd2(Sd2Model::Unet, 512, 2)));
    EXPECT_NE(unet.find("865,925,124"), std::string::npos) << unet;
    size_t lines = 0;
    for (char c : unet) lines += c == '\n';
    EXPECT_EQ(lines, 4u) << unet;
}

TEST(Summary, SplitsAddUpToTheLayers) {
    for (Sd2Model m : {Sd2Model::Unet, Sd2Model::VaeDecoder, Sd2Model::TextEncoder}) {
        const Workload w = generateSd2(m, 512, 1);
        uint64_t macs = 0, params = 0;
        for (const Layer& l : w.layers) {
            macs += layerMacs(l);
            params += layerWeightParams(l);
        }
        const ModelSummary s = summarize(w);
        EXPECT_EQ(s.macs(), macs);
        EXPECT_EQ(s.weightParams, params);
        EXPECT_EQ(s.layers(), w.layers.size());
    }
}
