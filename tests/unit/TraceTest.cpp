// SPDX-License-Identifier: Apache-2.0
// Native trace and SCALE-Sim topology parsing: structure kept, and every error names file and line.
#include <gtest/gtest.h>

#include <sstream>

#include "hw_models/common/Error.h"
#include "tests/support/ErrorOf.h"
#include "workloads/Trace.h"
#include "workloads/sd2/Sd2Inpainting.h"

using namespace npu::workloads;
using namespace std::string_literals;

namespace {
Workload native(const std::string& text) {
    std::istringstream in(text);
    return readNativeTrace(in, "t.trace");
}
Workload scaleSim(const std::string& text) {
    std::istringstream in(text);
    return readScaleSimCsv(in, "topo.csv");
}
}  // namespace

using npu::test::errorOf;

TEST(Trace, ParsesEveryOpWithItsStructure) {
    const Workload w = native(
        "# comment line\n"
        "conv2d name=c batch=2 h=16 w=8 c_in=4 c_out=8 kernel_h=3 kernel_w=1 stride=2 padding_h=1 padding_w=0 "
        "groups=2 bias=1 dtype=fp16\n"
        "\n"
        "matmul name=qk batch=10 m=64 n=64 k=32 b=activation   # trailing comment\n"
        "matmul name=fc m=4 n=16 k=8 bias=1 weight_density=0.25\n"
        "groupnorm name=gn elements=1024 channels=64 groups=32\n"
        "upsample name=up elements=256\n"
        "add name=res elements=100\n");
    ASSERT_EQ(w.layers.size(), 6u);
    EXPECT_EQ(w.name, "t");
    const Conv2d& c = w.layers[0].conv();
    EXPECT_EQ(c.batch, 2u);
    EXPECT_EQ(c.kernelH, 3u);
    EXPECT_EQ(c.kernelW, 1u);
    EXPECT_EQ(c.strideH, 2u);
    EXPECT_EQ(c.strideW, 2u);
    EXPECT_EQ(c.padH, 1u);
    EXPECT_EQ(c.padW, 0u);
    EXPECT_EQ(c.groups, 2u);
    EXPECT_TRUE(c.bias);
    EXPECT_EQ(w.layers[0].hints.dtype, DType::Fp16);
    EXPECT_EQ(w.layers[0].sourceLine, 2u);
    EXPECT_EQ(c.outH(), 8u);   // (16 + 2 - 3)/2 + 1
    EXPECT_EQ(c.outW(), 4u);   // (8 - 1)/2 + 1
    EXPECT_EQ(layerWeightParams(w.layers[0]), 8u * 2 * 3 * 1 + 8);
    EXPECT_EQ(w.layers[1].matmul().b, MatmulOperand::Activation);
    EXPECT_EQ(layerWeightParams(w.layers[1]), 0u);
    EXPECT_EQ(layerTensorElems(w.layers[1]).input, 10u * 64 * 32 + 10u * 32 * 64);
    EXPECT_EQ(layerWeightParams(w.layers[2]), 8u * 16 + 16);
    EXPECT_DOUBLE_EQ(*w.layers[2].hints.weightDensity, 0.25);
    EXPECT_EQ(layerWeightParams(w.layers[3]), 128u);
    EXPECT_EQ(layerTensorElems(w.layers[4]).input, 64u);   // factor 2 by default
    EXPECT_EQ(w.layers[5].vector().inputs, 2u);
    EXPECT_EQ(layerTensorElems(w.layers[5]).input, 200u);
}

TEST(Trace, WriterRoundTrips) {
    const Workload w = native(
        "conv2d name=c batch=2 h=16 w=8 c_in=4 c_out=8 kernel_h=3 kernel_w=1 stride=2 padding=1 groups=2 bias=1 "
        "weight_density=0.123456789012345\n"
        "matmul name=m batch=3 m=5 n=6 k=7 b=activation dtype=int4\n"
        "embedding name=tok elements=4096 channels=1024 vocab=49408\n"
        "layernorm name=ln elements=4096 channels=1024\n");
    std::ostringstream out;
    writeNativeTrace(out, w);
    const Workload back = native(out.str());
    ASSERT_EQ(back.layers.size(), w.layers.size());
    for (size_t i = 0; i < w.layers.size(); ++i)
        EXPECT_EQ(formatTraceLine(back.layers[i]), formatTraceLine(w.layers[i]));
    EXPECT_EQ(layerWeightParams(back.layers[2]), 49408u * 1024u);
    EXPECT_EQ(*back.layers[0].hints.weightDensity, 0.123456789012345);   // exact round trip
}

TEST(Trace, ErrorsNameFileLineAndField) {
    EXPECT_EQ(errorOf([] { native("conv2d name=a h=8 w=8 c_in=1 c_out=1 colour=red\n"); }),
              "t.trace:1: unknown field 'colour'");
    EXPECT_EQ(errorOf([] { native("\nconv2d name=a h=abc w=8 c_in=1 c_out=1\n"); }),
              "t.trace:2: field 'h': expected a non-negative integer, got 'abc'");
    EXPECT_EQ(errorOf([] { native("conv2d name=a h=-3 w=8 c_in=1 c_out=1\n"); }),
              "t.trace:1: field 'h': expected a non-negative integer, got '-3'");
    EXPECT_EQ(errorOf([] { native("conv2d name=a h=0 w=8 c_in=1 c_out=1\n"); }),
              "t.trace:1: field 'h': must be >= 1, got 0");
    EXPECT_EQ(errorOf([] { native("matmul name=a m=4 n=4\n"); }), "t.trace:1: missing field 'k'");
    EXPECT_EQ(errorOf([] { native("matmul m=4 n=4 k=4\n"); }), "t.trace:1: missing field 'name'");
    EXPECT_EQ(errorOf([] { native("pool name=p elements=4\n"); }), "t.trace:1: unknown op 'pool'");
    EXPECT_EQ(errorOf([] { native("pool elements=4\n"); }), "t.trace:1: unknown op 'pool'");
    EXPECT_EQ(errorOf([] { native("add name=a,b elements=4\n"); }), "t.trace:1: layer name 'a,b' contains '=' or ','");
    EXPECT_EQ(errorOf([] { native("add name=a elements=4\nadd name=a elements=4\n"); }),
              "t.trace:2: layer name 'a' already used on line 1");
    EXPECT_EQ(errorOf([] { native("add name=a elements=4 elements=5\n"); }),
              "t.trace:1: field 'elements' given twice");
    EXPECT_EQ(errorOf([] { native("add name=a elements\n"); }), "t.trace:1: 'elements': expected key=value");
    EXPECT_EQ(errorOf([] { native("add name=a elements=4 dtype=fp8\n"); }),
              "t.trace:1: field 'dtype': unknown dtype 'fp8' (fp32, fp16, bf16, int8, int4)");
    EXPECT_EQ(errorOf([] { native("matmul name=a m=1 n=1 k=1 weight_density=1.5\n"); }),
              "t.trace:1: field 'weight_density': expected a number in (0, 1], got '1.5'");
    EXPECT_EQ(errorOf([] { native("conv2d name=a h=2 w=2 c_in=1 c_out=1 kernel=3\n"); }),
              "t.trace:1: kernel larger than the padded input");
    EXPECT_EQ(errorOf([] { native("conv2d name=a h=4 w=4 c_in=3 c_out=4 groups=2\n"); }),
              "t.trace:1: c_in and c_out must be divisible by groups");
    EXPECT_EQ(errorOf([] { native("# only a comment\n\n"); }), "t.trace: trace has no layers");
    EXPECT_EQ(errorOf([] { native(""); }), "t.trace: trace has no layers");
    EXPECT_EQ(errorOf([] { loadWorkload("/nonexistent/x.trace"); }), "/nonexistent/x.trace: cannot open trace file");
}

TEST(ScaleSimTopology, ConvFileReadUnchanged) {
    // The header and rows as SCALE-Sim ships them (trailing commas, spaces).
    const Workload w = scaleSim(
        "Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides,\n"
        "Conv1, 224, 224, 7, 7, 3, 64, 2,\n"
        "CB2a_1, 56, 56, 1, 1, 64, 64, 1,\n"
        "\n");
    ASSERT_EQ(w.layers.size(), 2u);
    const Conv2d& c = w.layers[0].conv();
    EXPECT_EQ(c.kernelH, 7u);
    EXPECT_EQ(c.cIn, 3u);
    EXPECT_EQ(c.cOut, 64u);
    EXPECT_EQ(c.strideW, 2u);
    EXPECT_EQ(c.padH, 0u);   // SCALE-Sim's IFMAP sizes already include any padding
    // SCALE-Sim: ofmap = ceil((224 - 7 + 2) / 2) = 110, where a real convolution has floor(217/2) + 1 = 109:
    // the IFMAP is extended by one row/column to the end of SCALE-Sim's partial last window.
    EXPECT_EQ(c.h, 225u);
    EXPECT_EQ(c.outH(), 110u);
    EXPECT_EQ(w.layers[1].conv().h, 56u);   // stride 1: nothing to extend
    EXPECT_EQ(layerMacs(w.layers[0]), 110u * 110 * 7 * 7 * 3 * 64);
}

TEST(ScaleSimTopology, GemmFileAndOptionalStrideWidthAndDepthwise) {
    const Workload g = scaleSim("Layer, M, N, K,\nTest 1, 256, 128, 256,\n");
    ASSERT_EQ(g.layers.size(), 1u);
    EXPECT_EQ(g.layers[0].name, "Test 1");
    EXPECT_EQ(g.layers[0].matmul().m, 256u);
    EXPECT_EQ(g.layers[0].matmul().n, 128u);
    EXPECT_EQ(g.layers[0].matmul().k, 256u);

    const Workload s = scaleSim("Layer name, H, W, FH, FW, C, NF, Sh, Sw\nc, 10, 12, 3, 3, 2, 4, 1, 3\n");
    EXPECT_EQ(s.layers[0].conv().strideH, 1u);
    EXPECT_EQ(s.layers[0].conv().strideW, 3u);

    // "DP" in the name: depthwise, one 1-channel conv with Num Filter filters per channel.
    const Workload dw = scaleSim(
        "Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides,\n"
        "Conv_DP1, 10, 10, 3, 3, 32, 1, 1,\n");
    EXPECT_EQ(dw.layers[0].conv().groups, 32u);
    EXPECT_EQ(dw.layers[0].conv().cOut, 32u);
    EXPECT_EQ(layerMacs(dw.layers[0]), 32u * 8 * 8 * 9);
}

TEST(ScaleSimTopology, ErrorsNameFileLineAndColumn) {
    const std::string hdr =
        "Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides,\n";
    EXPECT_EQ(errorOf([&] { scaleSim(hdr + "c, 10, 10, 3, 3, 2,\n"); }), "topo.csv:2: expected 8 or 9 fields, got 6");
    EXPECT_EQ(errorOf([&] { scaleSim(hdr + "c, 10, ten, 3, 3, 2, 4, 1,\n"); }),
              "topo.csv:2: column 'IFMAP Width': expected a positive integer, got 'ten'");
    EXPECT_EQ(errorOf([&] { scaleSim(hdr + "c, 10, 10, 3, 3, -2, 4, 1,\n"); }),
              "topo.csv:2: column 'Channels': expected a positive integer, got '-2'");
    EXPECT_EQ(errorOf([&] { scaleSim(hdr + "c, 2, 10, 3, 3, 2, 4, 1,\n"); }), "topo.csv:2: filter larger than the IFMAP");
    EXPECT_EQ(errorOf([&] { scaleSim("Layer, M, N, K,\nx, 1, 2\n"); }), "topo.csv:2: expected 4 fields, got 3");
    EXPECT_EQ(errorOf([&] { scaleSim(""); }), "topo.csv: empty SCALE-Sim topology file");
    EXPECT_EQ(errorOf([&] { scaleSim(hdr + "c, 10, 10, 3, 3, 2, 4, 1,\nc, 10, 10, 3, 3, 2, 4, 1,\n"); }),
              "topo.csv:3: layer name 'c' already used on line 2");
    EXPECT_EQ(errorOf([&] { scaleSim(hdr); }), "topo.csv: SCALE-Sim topology file has no layer rows");
    EXPECT_EQ(errorOf([&] { scaleSim("a, b\n"); }),
              "topo.csv:1: SCALE-Sim header must have 4 (GEMM) or 8-9 (conv) columns, got 2");
}

// Size limits (docs/trace_format.md): every tensor below 2^46 elements, MACs below 2^62, computed without
// overflow; fields whose products wrapped (a zero-MAC GEMM, a division by zero) used to pass.
TEST(Trace, LayersOverTheSizeLimitsAreRejected) {
    EXPECT_EQ(errorOf([] { native("upsample name=u elements=4 factor=4294967296\n"); }),
              "t.trace:1: elements must be a multiple of factor^2");
    EXPECT_EQ(errorOf([] { native("conv2d name=c h=1 w=1 c_in=1 c_out=1 kernel=3 padding=18446744073709551615\n"); }),
              "t.trace:1: padding too large: h + 2 x padding must fit in 64 bits");
    const std::string input = "input tensor too large: it must have fewer than 2^46 elements (256 TiB at fp32)";
    EXPECT_EQ(errorOf([] { native("matmul name=a m=4294967296 n=4294967296 k=4294967296\n"); }), "t.trace:1: " + input);
    EXPECT_EQ(errorOf([] { native("matmul name=a batch=4294967296 m=4294967296 n=1 k=1 b=activation\n"); }),
              "t.trace:1: " + input);
    EXPECT_EQ(errorOf([] { native("matmul name=a batch=18446744073709551615 m=2 n=2 k=2\n"); }), "t.trace:1: " + input);
    EXPECT_EQ(errorOf([] { native("add name=a elements=4 inputs=18446744073709551615\n"); }), "t.trace:1: " + input);
    EXPECT_EQ(errorOf([] { native("conv2d name=c h=4294967296 w=4294967296 c_in=4294967296 c_out=1\n"); }),
              "t.trace:1: " + input);
    EXPECT_EQ(errorOf([] { native("copy name=a elements=70368744177664\n"); }), "t.trace:1: " + input);   // 2^46
    native("copy name=a elements=70368744177663\n");                                                 // 2^46 - 1
    EXPECT_EQ(errorOf([] { native("upsample name=u elements=70368744177664 factor=1024\n"); }),
              "t.trace:1: output tensor too large: it must have fewer than 2^46 elements (256 TiB at fp32)");
    EXPECT_EQ(errorOf([] { native("conv2d name=c h=1 w=1 c_in=1 c_out=1 padding=8388608\n"); }),   // 2^24 + 1 square
              "t.trace:1: output tensor too large: it must have fewer than 2^46 elements (256 TiB at fp32)");
    EXPECT_EQ(errorOf([] { native("matmul name=a m=1 n=8388608 k=8388608\n"); }),                  // 2^23 x 2^23
              "t.trace:1: weight tensor too large: it must have fewer than 2^46 elements (256 TiB at fp32)");
    EXPECT_EQ(errorOf([] { native("embedding name=e elements=4 channels=2 vocab=35184372088832\n"); }),  // 2^45 x 2
              "t.trace:1: weight tensor too large: it must have fewer than 2^46 elements (256 TiB at fp32)");
    EXPECT_EQ(errorOf([] { native("matmul name=a m=2097152 n=2097152 k=1048576 b=activation\n"); }),  // 2^62 MACs
              "t.trace:1: too many MACs: a layer must have fewer than 2^62");
    native("matmul name=a m=2097152 n=1048576 k=1048576 b=activation\n");                               // 2^61
}

TEST(Trace, TheLargestSd2LayersAreWithinTheLimits) {
    // The UNet at the largest pipeline resolution (its attention scores: 2^43.3 elements, 2^49.3 MACs).
    const Workload w = npu::workloads::generateSd2(Sd2Model::Unet, kSd2MaxResolution, 2);
    std::ostringstream out;
    writeNativeTrace(out, w);
    EXPECT_EQ(native(out.str()).layers.size(), w.layers.size());
}

TEST(Trace, NamesHintsAndByteOrderMark) {
    EXPECT_EQ(errorOf([] { native("matmul name=\xff\xfe m=4 n=4 k=4\n"); }),
              "t.trace:1: layer name '\\xff\\xfe' is not valid UTF-8");
    EXPECT_EQ(errorOf([] { native("matmul name=a\x01z m=4 n=4 k=4\n"); }),
              "t.trace:1: layer name 'a\\x01z' contains a control character");
    EXPECT_EQ(native("matmul name=\xc3\xbcnet m=4 n=4 k=4\n").layers[0].name, "\xc3\xbcnet");   // UTF-8 is fine
    EXPECT_EQ(errorOf([] { native("matmul name=a m=4 n=4 k=4 x\v=1\n"); }), "t.trace:1: 'x': expected key=value");
    EXPECT_EQ(errorOf([] { native("matmul name=a m=4 n=4 k=4 x\0y=1\n"s); }), "t.trace:1: unknown field 'x\\x00y'");
    const std::string prune = "field 'weight_density': only conv2d and matmul with b=weight have weights to prune";
    EXPECT_EQ(errorOf([] { native("matmul name=a m=4 n=4 k=4 b=activation weight_density=0.5\n"); }),
              "t.trace:1: " + prune);
    EXPECT_EQ(errorOf([] { native("add name=a elements=4 weight_density=0.5\n"); }), "t.trace:1: " + prune);
    EXPECT_EQ(errorOf([] { native("layernorm name=a elements=4 channels=4 weight_density=0.5\n"); }),
              "t.trace:1: " + prune);
    EXPECT_DOUBLE_EQ(*native("conv2d name=c h=4 w=4 c_in=1 c_out=1 weight_density=0.5\n").layers[0].hints.weightDensity,
                     0.5);
    // A leading byte-order mark is skipped, as YAML does.
    EXPECT_EQ(native("\xEF\xBB\xBFmatmul name=a m=4 n=4 k=4\n").layers.size(), 1u);
    EXPECT_EQ(scaleSim("\xEF\xBB\xBFLayer, M, N, K,\na, 4, 4, 4,\n").layers.size(), 1u);
    EXPECT_EQ(errorOf([] { loadWorkload("/tmp"); }), "/tmp: is a directory, not a trace file");
}

TEST(ScaleSimTopology, LimitsAndNamesAsInTheNativeFormat) {
    const std::string conv =
        "Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides,\n";
    const std::string input = "input tensor too large: it must have fewer than 2^46 elements (256 TiB at fp32)";
    EXPECT_EQ(errorOf([] { scaleSim("Layer, M, N, K,\ng, 4294967296, 4294967296, 4294967296,\n"); }),
              "topo.csv:2: " + input);
    EXPECT_EQ(errorOf([&] { scaleSim(conv + "c1, 18446744073709551615, 18446744073709551615, 1, 1, 1, 1, 1,\n"); }),
              "topo.csv:2: " + input);
    EXPECT_EQ(errorOf([&] { scaleSim(conv + "c1, 4294967296, 4294967296, 1, 1, 4294967296, 1, 1,\n"); }),
              "topo.csv:2: " + input);
    EXPECT_EQ(errorOf([&] { scaleSim(conv + "c_DP, 8, 8, 3, 3, 2, 9223372036854775808, 1,\n"); }),
              "topo.csv:2: weight tensor too large: it must have fewer than 2^46 elements (256 TiB at fp32)");
    EXPECT_EQ(errorOf([] { scaleSim("Layer, M, N, K,\na=b, 4, 4, 4,\n"); }),
              "topo.csv:2: layer name 'a=b' contains '=' or ','");
    EXPECT_EQ(errorOf([] { scaleSim("Layer, M, N, K,\na\0b, 4, 4, 4,\n"s); }),
              "topo.csv:2: layer name 'a\\x00b' contains a control character");
    EXPECT_EQ(errorOf([] { scaleSim("Layer, M, N, K,\n\xff, 4, 4, 4,\n"); }),
              "topo.csv:2: layer name '\\xff' is not valid UTF-8");
}
