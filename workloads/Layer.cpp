// SPDX-License-Identifier: Apache-2.0
#include "workloads/Layer.h"

#include <array>

namespace npu::workloads {
namespace {
struct DTypeInfo { DType t; const char* name; uint32_t bits; };
constexpr std::array<DTypeInfo, 5> kDTypes{{{DType::Fp32, "fp32", 32},
                                            {DType::Fp16, "fp16", 16},
                                            {DType::Bf16, "bf16", 16},
                                            {DType::Int8, "int8", 8},
                                            {DType::Int4, "int4", 4}}};

constexpr std::array<const char*, kVectorKinds> kVectorNames{
    "add",    "mul",      "silu",     "gelu", "softmax",  "groupnorm",
    "layernorm", "concat", "upsample", "copy", "embedding"};
}  // namespace

const char* dtypeName(DType t) { return kDTypes[static_cast<size_t>(t)].name; }
uint32_t dtypeBits(DType t) { return kDTypes[static_cast<size_t>(t)].bits; }
uint64_t dtypeBytes(DType t, uint64_t elements) { return (elements * dtypeBits(t) + 7) / 8; }

std::optional<DType> parseDType(const std::string& s) {
    for (const auto& d : kDTypes)
        if (s == d.name) return d.t;
    return std::nullopt;
}

const char* vectorKindName(VectorKind k) { return kVectorNames[static_cast<size_t>(k)]; }

std::optional<VectorKind> parseVectorKind(const std::string& s) {
    for (size_t i = 0; i < kVectorNames.size(); ++i)
        if (s == kVectorNames[i]) return static_cast<VectorKind>(i);
    return std::nullopt;
}

uint64_t defaultVectorInputs(VectorKind k) {
    return (k == VectorKind::Add || k == VectorKind::Mul) ? 2 : 1;
}

std::string opName(const Layer& l) {
    if (l.isConv()) return "conv2d";
    if (l.isMatmul()) return "matmul";
    return vectorKindName(l.vector().kind);
}

bool hasArrayWeights(const Layer& l) {
    return l.isConv() || (l.isMatmul() && l.matmul().b == MatmulOperand::Weight);
}

GemmShape lowerToGemm(const Layer& l) {
    if (l.isConv()) {
        const Conv2d& c = l.conv();
        return {c.groups, c.batch * c.outH() * c.outW(), c.cOut / c.groups,
                c.kernelH * c.kernelW * (c.cIn / c.groups)};
    }
    const Matmul& m = l.matmul();
    return {m.batch, m.m, m.n, m.k};
}

uint64_t layerMacs(const Layer& l) { return l.isVector() ? 0 : lowerToGemm(l).macs(); }

uint64_t layerWeightParams(const Layer& l) {
    if (l.isConv()) {
        const Conv2d& c = l.conv();
        return c.cOut * (c.cIn / c.groups) * c.kernelH * c.kernelW + (c.bias ? c.cOut : 0);
    }
    if (l.isMatmul()) {
        const Matmul& m = l.matmul();
        if (m.b != MatmulOperand::Weight) return 0;
        return m.k * m.n + (m.bias ? m.n : 0);
    }
    const VectorOp& v = l.vector();
    if (v.kind == VectorKind::Embedding) return v.vocab * v.channels;
    const bool affine = v.kind == VectorKind::GroupNorm || v.kind == VectorKind::LayerNorm;
    return affine ? 2 * v.channels : 0;
}

TensorElems layerTensorElems(const Layer& l) {
    TensorElems t;
    t.weight = layerWeightParams(l);
    if (l.isVector() && l.vector().kind == VectorKind::Embedding) {
        t.weight = l.vector().elements;  // only the looked-up rows of the table are read
    }
    if (l.isConv()) {
        const Conv2d& c = l.conv();
        t.input = c.batch * c.h * c.w * c.cIn;
        t.output = c.batch * c.outH() * c.outW() * c.cOut;
    } else if (l.isMatmul()) {
        const Matmul& m = l.matmul();
        t.input = m.batch * m.m * m.k + (m.b == MatmulOperand::Activation ? m.batch * m.k * m.n : 0);
        t.output = m.batch * m.m * m.n;
    } else {
        const VectorOp& v = l.vector();
        t.output = v.elements;
        switch (v.kind) {
            case VectorKind::Concat: t.input = v.elements; break;
            case VectorKind::Upsample: t.input = v.elements / (v.factor * v.factor); break;
            case VectorKind::Embedding: t.input = v.elements / v.channels; break;  // one index per row
            default: t.input = v.elements * v.inputs; break;
        }
    }
    return t;
}

}  // namespace npu::workloads
