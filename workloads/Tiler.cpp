// SPDX-License-Identifier: Apache-2.0
#include "workloads/Tiler.h"

#include <algorithm>
#include <numeric>
#include <stdexcept>
#include <vector>

#include "hw_models/common/Error.h"

namespace npu::workloads {
namespace {

uint64_t ceilDiv(uint64_t a, uint64_t b) { return (a + b - 1) / b; }
uint64_t bitsToBytes(uint64_t elements, uint32_t bits) { return (elements * bits + 7) / 8; }

/// Sum over a d1 x d2 grid of t1 x t2 tiles (edge tiles smaller) of each tile's bytes.
uint64_t gridBytes(uint64_t d1, uint64_t t1, uint64_t d2, uint64_t t2, uint32_t bits) {
    const uint64_t n1 = d1 / t1, r1 = d1 % t1, n2 = d2 / t2, r2 = d2 % t2;
    uint64_t sum = n1 * n2 * bitsToBytes(t1 * t2, bits);
    if (r1) sum += n2 * bitsToBytes(r1 * t2, bits);
    if (r2) sum += n1 * bitsToBytes(t1 * r2, bits);
    if (r1 && r2) sum += bitsToBytes(r1 * r2, bits);
    return sum;
}

/// Length of [lo, hi) clipped to [0, size), with lo/hi possibly negative (padding).
uint64_t clippedSpan(int64_t lo, int64_t hi, uint64_t size, uint64_t* start) {
    const int64_t a = std::max<int64_t>(lo, 0);
    const int64_t b = std::min<int64_t>(hi, static_cast<int64_t>(size));
    *start = static_cast<uint64_t>(a);
    return b > a ? static_cast<uint64_t>(b - a) : 0;
}

/// Geometry of one conv m tile: images, output rows and output columns.
struct ConvMTile {
    uint64_t image0, images, row0, rows, col0, cols;
};

uint64_t convMTiles(const ConvTiling& t) {
    const Conv2d& c = t.conv;
    return ceilDiv(c.batch, t.imagesPerTile) * ceilDiv(c.outH(), t.rowsPerTile) * ceilDiv(c.outW(), t.colsPerTile);
}

ConvMTile convMTile(const ConvTiling& t, uint64_t i) {
    const Conv2d& c = t.conv;
    const uint64_t colTiles = ceilDiv(c.outW(), t.colsPerTile), rowTiles = ceilDiv(c.outH(), t.rowsPerTile);
    ConvMTile g;
    g.col0 = (i % colTiles) * t.colsPerTile;
    g.row0 = ((i / colTiles) % rowTiles) * t.rowsPerTile;
    g.image0 = (i / (colTiles * rowTiles)) * t.imagesPerTile;
    g.cols = std::min(t.colsPerTile, c.outW() - g.col0);
    g.rows = std::min(t.rowsPerTile, c.outH() - g.row0);
    g.images = std::min(t.imagesPerTile, c.batch - g.image0);
    return g;
}

/// Input rows x columns (unpadded, clipped) an output tile reads; whole output rows read whole input rows.
ConvInputRegion inputRegionOf(const Conv2d& c, const ConvMTile& g) {
    ConvInputRegion r;
    r.image0 = g.image0;
    r.images = g.images;
    const int64_t sH = static_cast<int64_t>(c.strideH), sW = static_cast<int64_t>(c.strideW);
    const int64_t rowLo = static_cast<int64_t>(g.row0) * sH - static_cast<int64_t>(c.padH);
    const int64_t rowHi = static_cast<int64_t>(g.row0 + g.rows - 1) * sH - static_cast<int64_t>(c.padH) +
                          static_cast<int64_t>(c.kernelH);
    r.inRows = clippedSpan(rowLo, rowHi, c.h, &r.inRow0);
    if (g.cols == c.outW()) {
        r.inCol0 = 0;
        r.inCols = c.w;
    } else {
        const int64_t colLo = static_cast<int64_t>(g.col0) * sW - static_cast<int64_t>(c.padW);
        const int64_t colHi = static_cast<int64_t>(g.col0 + g.cols - 1) * sW - static_cast<int64_t>(c.padW) +
                              static_cast<int64_t>(c.kernelW);
        r.inCols = clippedSpan(colLo, colHi, c.w, &r.inCol0);
    }
    return r;
}

/// Recovers a conv m tile's geometry from its GEMM row range (tiles never straddle the boundaries below).
ConvMTile convMTileAt(const Conv2d& c, uint64_t m0, uint64_t mt) {
    const uint64_t plane = c.outH() * c.outW();
    ConvMTile g;
    g.image0 = m0 / plane;
    g.row0 = (m0 % plane) / c.outW();
    g.col0 = (m0 % plane) % c.outW();
    if (g.col0 != 0 || mt < c.outW()) {
        g.images = 1, g.rows = 1, g.cols = mt;
    } else if (mt < plane) {
        g.images = 1, g.rows = mt / c.outW(), g.cols = c.outW();
    } else {
        g.images = mt / plane, g.rows = c.outH(), g.cols = c.outW();
    }
    return g;
}

// ---- search -------------------------------------------------------------------------------------------

constexpr std::array<std::array<char, 3>, 6> kOrders{{{'m', 'n', 'k'},
                                                      {'m', 'k', 'n'},
                                                      {'n', 'm', 'k'},
                                                      {'n', 'k', 'm'},
                                                      {'k', 'm', 'n'},
                                                      {'k', 'n', 'm'}}};

/// Geometric candidates: align x 2^i below d, plus d itself.
std::vector<uint64_t> geometric(uint64_t d, uint64_t align) {
    std::vector<uint64_t> v;
    for (uint64_t t = align; t < d; t *= 2) v.push_back(t);
    v.push_back(d);
    return v;
}

struct MCand {
    uint64_t mt, trips;
    uint64_t images, rows, cols;  // conv only
};
struct KCand {
    uint64_t kt, trips, channels;  // channels: conv only
};
struct NCand {
    uint64_t nt, trips;
};

struct Evaluated {
    uint64_t bytes = UINT64_MAX, steps = UINT64_MAX;
    size_t mi = 0, ni = 0, ki = 0, order = 0;
    uint64_t aSum = 0, bSum = 0, cSum = 0, aMax = 0, bMax = 0, cMax = 0;
    uint64_t fA = 1, fB = 1, kTrips = 1;
    bool spill = false;
};

class Search {
public:
    Search(const Layer& l, const GemmShape& g, const TilerConfig& cfg, const OperandBits& bits)
        : g_(g), cfg_(cfg), bits_(bits) {
        if (l.isConv()) conv_ = l.conv();
    }

    /// Candidates aligned to the array (pass 1) or to 8 (fallback pass); fills best_ if anything fits.
    bool run(bool fallback) {
        buildCandidates(fallback);
        evaluate(true, -1);
        return best_.bytes != UINT64_MAX;
    }
    /// One given tiling and order, without the buffer check.
    void runFixed(const MCand& m, const NCand& n, const KCand& k, int order) {
        ms_ = {m}, ns_ = {n}, ks_ = {k};
        evaluate(false, order);
    }
    const Evaluated& best() const { return best_; }
    const MCand& m(size_t i) const { return ms_[i]; }
    const NCand& n(size_t i) const { return ns_[i]; }
    const KCand& k(size_t i) const { return ks_[i]; }
    /// The smallest tile of the last pass (for the error message).
    Evaluated smallest() const {
        Evaluated e;
        e.aMax = aMax_[0][0], e.bMax = bMax_[0][0], e.cMax = cMax_[0][0];
        return e;
    }

private:
    /// Tile sizes of a dimension are multiples of 8 and of the array dimension it is spread over.
    uint64_t alignOf(char dim) const {
        uint64_t arrayDim = 1;
        switch (cfg_.dataflow) {
            case GemmDataflow::OutputStationary:
                arrayDim = dim == 'm' ? cfg_.arrayRows : dim == 'n' ? cfg_.arrayCols : 1;
                break;
            case GemmDataflow::WeightStationary:
                arrayDim = dim == 'k' ? cfg_.arrayRows : dim == 'n' ? cfg_.arrayCols : 1;
                break;
            case GemmDataflow::InputStationary:
                arrayDim = dim == 'k' ? cfg_.arrayRows : dim == 'm' ? cfg_.arrayCols : 1;
                break;
        }
        return std::lcm<uint64_t>(8, arrayDim);
    }

    void buildCandidates(bool fallback) {
        ms_.clear(), ns_.clear(), ks_.clear();
        for (uint64_t t : geometric(g_.n, fallback ? 8 : alignOf('n'))) ns_.push_back({t, ceilDiv(g_.n, t)});
        if (!conv_) {
            for (uint64_t t : geometric(g_.m, fallback ? 8 : alignOf('m')))
                ms_.push_back({t, ceilDiv(g_.m, t), 0, 0, 0});
            for (uint64_t t : geometric(g_.k, fallback ? 8 : alignOf('k'))) ks_.push_back({t, ceilDiv(g_.k, t), 0});
            return;
        }
        const Conv2d& c = *conv_;
        const uint64_t window = c.kernelH * c.kernelW, cg = c.cIn / c.groups;
        // k: whole kernel windows over a chunk of channels; kt = window x channels aligned like k.
        const uint64_t kAlign = fallback ? 8 : alignOf('k');
        const uint64_t chAlign = kAlign / std::gcd(kAlign, window);
        std::vector<uint64_t> chans = geometric(cg, chAlign);
        if (fallback)  // any power-of-two chunk of channels, down to one (large kernels, tiny buffers)
            for (uint64_t t : geometric(cg, 1)) chans.push_back(t);
        std::sort(chans.begin(), chans.end());
        chans.erase(std::unique(chans.begin(), chans.end()), chans.end());
        for (uint64_t ch : chans) ks_.push_back({window * ch, ceilDiv(cg, ch), ch});
        // m: whole images, whole output rows of one image, or (fallback) pieces of one output row.
        auto addM = [&](uint64_t images, uint64_t rows, uint64_t cols) {
            ConvTiling t{c, images, rows, cols, 1};
            ms_.push_back({images * rows * cols, convMTiles(t), images, rows, cols});
        };
        if (fallback)
            for (uint64_t cols = 8; cols < c.outW(); cols *= 2) addM(1, 1, cols);
        for (uint64_t rows : geometric(c.outH(), 1)) addM(1, rows, c.outW());
        for (uint64_t images = 2; images < c.batch; images *= 2) addM(images, c.outH(), c.outW());
        if (c.batch > 1) addM(c.batch, c.outH(), c.outW());
    }

    void tablesA() {
        aSum_.assign(ms_.size(), std::vector<uint64_t>(ks_.size()));
        aMax_ = aSum_;
        for (size_t i = 0; i < ms_.size(); ++i) {
            for (size_t j = 0; j < ks_.size(); ++j) {
                if (!conv_) {
                    aSum_[i][j] = gridBytes(g_.m, ms_[i].mt, g_.k, ks_[j].kt, bits_.a);
                    aMax_[i][j] = bitsToBytes(std::min(ms_[i].mt, g_.m) * std::min(ks_[j].kt, g_.k), bits_.a);
                    continue;
                }
                const Conv2d& c = *conv_;
                const ConvTiling t{c, ms_[i].images, ms_[i].rows, ms_[i].cols, ks_[j].channels};
                const uint64_t cg = c.cIn / c.groups, ch = std::min(ks_[j].channels, cg);
                const uint64_t full = cg / ch, rest = cg % ch;
                uint64_t sum = 0, mx = 0;
                for (uint64_t mi = 0; mi < ms_[i].trips; ++mi) {
                    const ConvInputRegion r = inputRegionOf(c, convMTile(t, mi));
                    const uint64_t pixels = r.images * r.inRows * r.inCols;
                    const uint64_t b = bitsToBytes(pixels * ch, bits_.a);
                    sum += full * b + (rest ? bitsToBytes(pixels * rest, bits_.a) : 0);
                    mx = std::max(mx, b);
                }
                aSum_[i][j] = sum;
                aMax_[i][j] = mx;
            }
        }
    }

    void tablesBC() {
        bSum_.assign(ks_.size(), std::vector<uint64_t>(ns_.size()));
        bMax_ = bSum_;
        for (size_t j = 0; j < ks_.size(); ++j)
            for (size_t n = 0; n < ns_.size(); ++n) {
                bSum_[j][n] = gridBytes(g_.k, ks_[j].kt, g_.n, ns_[n].nt, bits_.b);
                bMax_[j][n] = bitsToBytes(std::min(ks_[j].kt, g_.k) * std::min(ns_[n].nt, g_.n), bits_.b);
            }
        cSum_.assign(ms_.size(), std::vector<uint64_t>(ns_.size()));
        cMax_ = cSum_;
        for (size_t i = 0; i < ms_.size(); ++i)
            for (size_t n = 0; n < ns_.size(); ++n) {
                const uint64_t nt = ns_[n].nt;
                cMax_[i][n] = bitsToBytes(std::min(ms_[i].mt, g_.m) * std::min(nt, g_.n), bits_.c);
                if (!conv_) {
                    cSum_[i][n] = gridBytes(g_.m, ms_[i].mt, g_.n, nt, bits_.c);
                    continue;
                }
                // conv m tiles follow image/row boundaries: sum tile by tile (a handful per image).
                const ConvTiling t{*conv_, ms_[i].images, ms_[i].rows, ms_[i].cols, 1};
                const uint64_t full = g_.n / nt, rest = g_.n % nt;
                uint64_t sum = 0;
                for (uint64_t mi = 0; mi < ms_[i].trips; ++mi) {
                    const ConvMTile gm = convMTile(t, mi);
                    const uint64_t rows = gm.images * gm.rows * gm.cols;
                    sum += full * bitsToBytes(rows * nt, bits_.c) + (rest ? bitsToBytes(rows * rest, bits_.c) : 0);
                }
                cSum_[i][n] = sum;
            }
    }

    void evaluate(bool fit, int onlyOrder) {
        tablesA();
        tablesBC();
        best_ = Evaluated{};
        const uint64_t halfA = cfg_.bufferABytes / 2, halfB = cfg_.bufferBBytes / 2, halfC = cfg_.bufferCBytes / 2;
        for (size_t i = 0; i < ms_.size(); ++i) {
            for (size_t n = 0; n < ns_.size(); ++n) {
                if (fit && cMax_[i][n] > halfC) continue;
                for (size_t j = 0; j < ks_.size(); ++j) {
                    if (fit && (aMax_[i][j] > halfA || bMax_[j][n] > halfB)) continue;
                    const uint64_t trips[3] = {ms_[i].trips, ns_[n].trips, ks_[j].trips};
                    const uint64_t steps = g_.repeats * trips[0] * trips[1] * trips[2];
                    for (size_t o = 0; o < kOrders.size(); ++o) {
                        if (onlyOrder >= 0 && o != static_cast<size_t>(onlyOrder)) continue;
                        Evaluated e = traffic(kOrders[o], trips, aSum_[i][j], bSum_[j][n], cSum_[i][n]);
                        e.steps = steps;
                        if (!better(e, o)) continue;
                        e.mi = i, e.ni = n, e.ki = j, e.order = o;
                        e.aMax = aMax_[i][j], e.bMax = bMax_[j][n], e.cMax = cMax_[i][n];
                        best_ = e;
                    }
                }
            }
        }
    }

    /// Least bytes, then fewest steps, then the first order of kOrders; on a full tie the first candidate.
    bool better(const Evaluated& e, size_t order) const {
        if (e.bytes != best_.bytes) return e.bytes < best_.bytes;
        if (e.steps != best_.steps) return e.steps < best_.steps;
        return order < best_.order;
    }

    /// The reuse rule: an operand is re-fetched once per trip of each loop (with more than one trip)
    /// outside its innermost indexing loop that does not index it.
    Evaluated traffic(const std::array<char, 3>& order, const uint64_t trips[3], uint64_t aSum, uint64_t bSum,
                      uint64_t cSum) const {
        int pos[3];
        for (int p = 0; p < 3; ++p) pos[order[p] == 'm' ? 0 : order[p] == 'n' ? 1 : 2] = p;
        auto inner = [&](int d1, int d2) {  // innermost position of d1/d2 among loops with trips > 1
            int p = -1;
            if (trips[d1] > 1) p = std::max(p, pos[d1]);
            if (trips[d2] > 1) p = std::max(p, pos[d2]);
            return p;
        };
        Evaluated e;
        e.fA = (trips[1] > 1 && pos[1] < inner(0, 2)) ? trips[1] : 1;
        e.fB = (trips[0] > 1 && pos[0] < inner(2, 1)) ? trips[0] : 1;
        e.spill = trips[2] > 1 && pos[2] < inner(0, 1);
        e.kTrips = trips[2];
        e.aSum = aSum, e.bSum = bSum, e.cSum = cSum;
        const uint64_t cMoves = e.spill ? 2 * trips[2] - 1 : 1;
        e.bytes = g_.repeats * (aSum * e.fA + bSum * e.fB + cSum * cMoves);
        return e;
    }

    const GemmShape g_;
    const TilerConfig cfg_;
    const OperandBits bits_;
    std::optional<Conv2d> conv_;
    std::vector<MCand> ms_;
    std::vector<NCand> ns_;
    std::vector<KCand> ks_;
    std::vector<std::vector<uint64_t>> aSum_, aMax_, bSum_, bMax_, cSum_, cMax_;
    Evaluated best_;
};

bool sameGemm(const GemmShape& a, const GemmShape& b) {
    return a.repeats == b.repeats && a.m == b.m && a.n == b.n && a.k == b.k;
}

void checkArgs(const Layer& layer, const GemmShape& g) {
    if (layer.isVector()) throw std::invalid_argument("planGemm: " + layer.name + " is a vector op");
    if (layer.isConv() && !sameGemm(g, lowerToGemm(layer)))
        throw std::invalid_argument("planGemm: a conv's GEMM must be lowerToGemm(layer): " + layer.name);
    if (g.repeats == 0 || g.m == 0 || g.n == 0 || g.k == 0)
        throw inputError("layer '" + layer.name + "'", "empty GEMM, nothing to tile");
}

TilePlan makePlan(const Layer& layer, const GemmShape& g, const OperandBits& bits, const Search& search) {
    const Evaluated& e = search.best();
    TilePlan p;
    p.layerName = layer.name;
    p.gemm = g;
    p.mt = std::min(search.m(e.mi).mt, g.m);
    p.nt = std::min(search.n(e.ni).nt, g.n);
    p.kt = std::min(search.k(e.ki).kt, g.k);
    p.order = kOrders[e.order];
    p.steps = e.steps;
    p.bits = bits;
    p.bIsWeight = hasArrayWeights(layer);
    p.dramReadBytesA = g.repeats * e.aSum * e.fA;
    p.dramReadBytesB = g.repeats * e.bSum * e.fB;
    p.dramWriteBytesC = g.repeats * e.cSum * (e.spill ? e.kTrips : 1);
    p.dramReadBytesC = g.repeats * e.cSum * (e.spill ? e.kTrips - 1 : 0);
    p.tileBytesA = e.aMax, p.tileBytesB = e.bMax, p.tileBytesC = e.cMax;
    if (layer.isConv()) {
        const MCand& m = search.m(e.mi);
        p.conv = ConvTiling{layer.conv(), m.images, m.rows, m.cols, search.k(e.ki).channels};
    }
    return p;
}

}  // namespace

OperandBits operandBits(DType t) {
    const uint32_t b = dtypeBits(t);
    return {b, b, b};
}

OperandBits layerOperandBits(const Layer& l, DType defaultDtype) {
    return operandBits(l.hints.dtype.value_or(defaultDtype));
}

uint64_t TilePlan::tripsM() const { return conv ? convMTiles(*conv) : (gemm.m + mt - 1) / mt; }

std::string TilePlan::describe() const {
    return std::string(order.begin(), order.end()) + " " + std::to_string(mt) + "x" + std::to_string(nt) + "x" +
           std::to_string(kt);
}

TileRange mTileRange(const TilePlan& p, uint64_t i) {
    if (!p.conv) return {i * p.mt, std::min(p.mt, p.gemm.m - i * p.mt)};
    const ConvMTile g = convMTile(*p.conv, i);
    const Conv2d& c = p.conv->conv;
    return {g.image0 * c.outH() * c.outW() + g.row0 * c.outW() + g.col0, g.images * g.rows * g.cols};
}

ConvInputRegion convInputRegion(const TilePlan& p, const TileStep& s) {
    const Conv2d& c = p.conv->conv;
    ConvInputRegion r = inputRegionOf(c, convMTileAt(c, s.m0, s.mt));
    const uint64_t window = c.kernelH * c.kernelW;
    r.c0 = s.repeat * (c.cIn / c.groups) + s.k0 / window;
    r.channels = s.kt / window;
    return r;
}

uint64_t stepBytesA(const TilePlan& p, const TileStep& s) {
    if (p.conv) return bitsToBytes(convInputRegion(p, s).elements(), p.bits.a);
    return bitsToBytes(s.mt * s.kt, p.bits.a);
}
uint64_t stepBytesB(const TilePlan& p, const TileStep& s) { return bitsToBytes(s.kt * s.nt, p.bits.b); }
uint64_t stepBytesC(const TilePlan& p, const TileStep& s) { return bitsToBytes(s.mt * s.nt, p.bits.c); }

TilePlan planGemm(const Layer& layer, const GemmShape& g, const TilerConfig& cfg, const OperandBits& bits) {
    checkArgs(layer, g);
    const std::string where = "layer '" + layer.name + "'";
    if (cfg.arrayRows == 0 || cfg.arrayCols == 0) throw inputError(where, "array rows and columns must be positive");
    if (bits.a == 0 || bits.b == 0 || bits.c == 0) throw inputError(where, "operand bits must be positive");

    Search search(layer, g, cfg, bits);
    if (!search.run(false) && !search.run(true)) {
        const Evaluated s = search.smallest();
        throw inputError(where, "no tile fits half of the SRAM buffers (A " + std::to_string(cfg.bufferABytes / 2) +
                                    ", B " + std::to_string(cfg.bufferBBytes / 2) + ", C " +
                                    std::to_string(cfg.bufferCBytes / 2) + " bytes); the smallest tile " +
                                    std::to_string(search.m(0).mt) + "x" + std::to_string(search.n(0).nt) + "x" +
                                    std::to_string(search.k(0).kt) + " needs A " + std::to_string(s.aMax) +
                                    ", B " + std::to_string(s.bMax) + ", C " + std::to_string(s.cMax) + " bytes");
    }
    return makePlan(layer, g, bits, search);
}

TilePlan planFixed(const Layer& layer, const GemmShape& g, const TileChoice& t, const OperandBits& bits) {
    checkArgs(layer, g);
    const std::string where = "layer '" + layer.name + "'";
    if (t.mt == 0 || t.nt == 0 || t.kt == 0) throw inputError(where, "tile sizes must be positive");
    int order = -1;
    for (size_t o = 0; o < kOrders.size(); ++o)
        if (kOrders[o] == t.order) order = static_cast<int>(o);
    if (order < 0) throw inputError(where, "loop order must be a permutation of m, n, k");
    const uint64_t mt = std::min(t.mt, g.m), nt = std::min(t.nt, g.n), kt = std::min(t.kt, g.k);
    MCand m{mt, ceilDiv(g.m, mt), 0, 0, 0};
    KCand k{kt, ceilDiv(g.k, kt), 0};
    if (layer.isConv()) {
        const Conv2d& c = layer.conv();
        const uint64_t plane = c.outH() * c.outW(), window = c.kernelH * c.kernelW;
        if (mt >= plane) {
            if (mt % plane) throw inputError(where, "a conv m tile larger than an image must be whole images");
            m.images = mt / plane, m.rows = c.outH(), m.cols = c.outW();
        } else if (mt >= c.outW()) {
            if (mt % c.outW()) throw inputError(where, "a conv m tile must be whole output rows");
            m.images = 1, m.rows = mt / c.outW(), m.cols = c.outW();
        } else {
            m.images = 1, m.rows = 1, m.cols = mt;
        }
        if (kt % window) throw inputError(where, "a conv k tile must be whole kernel windows");
        k.channels = kt / window;
        m.trips = convMTiles(ConvTiling{c, m.images, m.rows, m.cols, 1});
    }
    Search search(layer, g, TilerConfig{}, bits);
    search.runFixed(m, NCand{nt, ceilDiv(g.n, nt)}, k, order);
    return makePlan(layer, g, bits, search);
}

TilePlan planGemm(const Layer& layer, const TilerConfig& cfg, const OperandBits& bits) {
    return planGemm(layer, lowerToGemm(layer), cfg, bits);
}

uint64_t vectorReadBytes(const Layer& l, DType defaultDtype) {
    const TensorElems t = layerTensorElems(l);
    return dtypeBytes(l.hints.dtype.value_or(defaultDtype), t.input + t.weight);
}

uint64_t vectorWriteBytes(const Layer& l, DType defaultDtype) {
    return dtypeBytes(l.hints.dtype.value_or(defaultDtype), layerTensorElems(l).output);
}

}  // namespace npu::workloads
