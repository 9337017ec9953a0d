// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>
#include "workloads/Layer.h"
using namespace npu::workloads;
TEST(Layer, ConvLowersToIm2colGemm) {
    Conv2d c; c.batch = 2; c.h = 10; c.w = 8; c.cIn = 6; c.cOut = 4; c.kernelH = c.kernelW = 3;
    c.strideH = c.strideW = 2; c.padH = c.padW = 1; c.groups = 2;
    Layer l{"c", c, {}, 0};
    const GemmShape g = lowerToGemm(l);
    EXPECT_EQ(c.outH(), 5u);   // (10 + 2 - 3) / 2 + 1
    EXPECT_EQ(c.outW(), 4u);   // (8 + 2 - 3) / 2 + 1
    EXPECT_EQ(g.repeats, 2u);
    EXPECT_EQ(g.m, 2u * 5 * 4);
    EXPECT_EQ(g.n, 2u);
    EXPECT_EQ(g.k, 3u * 3 * 3);
    EXPECT_EQ(layerMacs(l), 2u * 40 * 2 * 27);
}
