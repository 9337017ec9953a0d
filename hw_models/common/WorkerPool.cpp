// SPDX-License-Identifier: Apache-2.0
#include "hw_models/common/WorkerPool.h"

#include <algorithm>

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
    return std::max(1u, std::min(n, std::max(1u, useful)));
}

WorkerPool::WorkerPool(unsigned threads) {
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

void WorkerPool::runShare(unsigned self) {
    for (uint32_t i = self; i < jobSize_; i += threads()) {
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
}

void WorkerPool::workerLoop(unsigned self) {
    uint64_t seen = 0;  // jobs run so far
    for (;;) {
        bool ready = job_number_.load(std::memory_order_acquire) != seen;
        for (uint32_t spin = 0; !ready && spin < kSpinsBeforeSleep; ++spin) {
            // yielding now and then lets a thread that has work run when there are more threads than cores
            if (spin % kSpinsPerYield == kSpinsPerYield - 1) std::this_thread::yield(); else cpuRelax();
            ready = job_number_.load(std::memory_order_acquire) != seen;
        }
        if (!ready) {
            std::unique_lock<std::mutex> lock(mutex_);
            wake_.wait(lock, [&] { return job_number_.load(std::memory_order_acquire) != seen || stop_; });
            if (stop_) return;
        }
        ++seen;  // run() waits for every worker, so the next job is exactly the one after the last
        runShare(self);
        finished_.fetch_add(1, std::memory_order_acq_rel);
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
    finished_.store(0, std::memory_order_relaxed);
    {
        std::lock_guard<std::mutex> lock(mutex_);  // a worker about to sleep sees the new job or is woken
        job_number_.fetch_add(1, std::memory_order_release);
    }
    wake_.notify_all();
    runShare(0);
    const uint32_t workers = uint32_t(workers_.size());
    for (uint32_t spin = 0; finished_.load(std::memory_order_acquire) < workers; ++spin)
        if (spin % kSpinsPerYield == kSpinsPerYield - 1) std::this_thread::yield(); else cpuRelax();
    if (error_) std::rethrow_exception(error_);
}

}  // namespace npu::hw
