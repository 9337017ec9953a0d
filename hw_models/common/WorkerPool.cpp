// SPDX-License-Identifier: Apache-2.0
#include "hw_models/common/WorkerPool.h"

#include <algorithm>
#include <stdexcept>

namespace npu::hw {
namespace {

inline void cpuRelax() {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#else
    std::this_thread::yield();
#endif
}

// Spin iterations before a worker sleeps, and between yields while the caller waits for a job's end.
constexpr uint32_t kSpinsBeforeSleep = 1u << 14;
constexpr uint32_t kSpinsPerYield = 64;

}  // namespace

unsigned WorkerPool::resolve(unsigned requested, unsigned useful) {
    const unsigned n = requested != 0 ? requested : std::max(1u, std::thread::hardware_concurrency());
    return std::max(1u, std::min({n, std::max(1u, useful), kMaxThreads}));
}

WorkerPool::WorkerPool(unsigned threads) {
    if (threads > kMaxThreads) throw std::invalid_argument("WorkerPool: at most 32 threads");
    for (unsigned i = 1; i < threads; ++i) workers_.emplace_back([this, i] { workerLoop(i); });
}

WorkerPool::~WorkerPool() {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        stop_ = true;
    }
    wake_.notify_all();
    for (std::thread& t : workers_) t.join();
}

bool WorkerPool::claim(uint64_t job, unsigned share) {
    const uint64_t bit = uint64_t(1) << share;
    uint64_t v = state_.load(std::memory_order_acquire);
    for (;;) {
        if ((v >> 32) != job || (v & bit)) return false;
        if (state_.compare_exchange_weak(v, v | bit, std::memory_order_acq_rel, std::memory_order_acquire)) return true;
    }
}

void WorkerPool::runShare(unsigned share) {
    for (uint32_t i = share; i < jobSize_; i += threads()) {
        try {
            (*job_)(i);
        } catch (...) {
            std::lock_guard<std::mutex> lock(errorMutex_);
            if (!error_ || i < errorIndex_) {
                error_ = std::current_exception();
                errorIndex_ = i;
            }
        }
    }
    sharesDone_.fetch_add(1, std::memory_order_acq_rel);
}

void WorkerPool::workerLoop(unsigned self) {
    uint64_t seen = 0;  // the last job number seen
    for (;;) {
        uint64_t job = state_.load(std::memory_order_acquire) >> 32;
        for (uint32_t spin = 0; job == seen && spin < kSpinsBeforeSleep; ++spin) {
            // yielding now and then lets a thread that has work run when there are more threads than cores
            if (spin % kSpinsPerYield == kSpinsPerYield - 1) std::this_thread::yield(); else cpuRelax();
            job = state_.load(std::memory_order_acquire) >> 32;
        }
        if (job == seen) {
            std::unique_lock<std::mutex> lock(mutex_);
            wake_.wait(lock, [&] { return (state_.load(std::memory_order_acquire) >> 32) != seen || stop_; });
            if (stop_) return;
            job = state_.load(std::memory_order_acquire) >> 32;
        }
        seen = job;
        if (claim(job, self)) runShare(self);
    }
}

void WorkerPool::run(uint32_t n, const std::function<void(uint32_t)>& f) {
    if (workers_.empty()) {
        for (uint32_t i = 0; i < n; ++i) f(i);
        return;
    }
    job_ = &f;
    jobSize_ = n;
    error_ = nullptr;
    sharesDone_.store(0, std::memory_order_relaxed);
    const uint64_t job = (state_.load(std::memory_order_relaxed) >> 32) + 1;
    {
        std::lock_guard<std::mutex> lock(mutex_);  // a worker about to sleep sees the new job or is woken
        state_.store(job << 32, std::memory_order_release);
    }
    wake_.notify_all();
    const unsigned shares = threads();
    if (claim(job, 0)) runShare(0);
    // a share whose worker has not started yet is run here rather than waited for
    for (unsigned k = 1; k < shares; ++k)
        if (claim(job, k)) runShare(k);
    for (uint32_t spin = 0; sharesDone_.load(std::memory_order_acquire) < shares; ++spin)
        if (spin % kSpinsPerYield == kSpinsPerYield - 1) std::this_thread::yield(); else cpuRelax();
    if (error_) std::rethrow_exception(error_);
}

}  // namespace npu::hw
