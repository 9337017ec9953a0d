// SPDX-License-Identifier: Apache-2.0
// Models: nothing; simulator plumbing. A fork-join pool for models whose parts are independent over a
// stretch of simulated time (the DRAM channels during one batch of requests): run(n, f) calls f(i) for
// every i < n, index i always on thread i % threads() (thread 0 is the caller). The fixed assignment keeps
// a part's state in one core's caches from job to job; with parts handed out to whichever thread is free,
// a UNet step's channels ran 1.5x slower per channel than on one thread (their state migrated between the
// cores' L2 caches). f(i) must read shared state only and write only state that belongs to i; results
// then do not depend on the number of threads. Workers spin briefly after a job (jobs follow each other
// within microseconds) and then sleep on a condition variable.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace npu::hw {

class WorkerPool {
public:
    /// `threads` counts the calling thread: 1 runs everything inline and starts no worker.
    explicit WorkerPool(unsigned threads);
    ~WorkerPool();
    WorkerPool(const WorkerPool&) = delete;
    WorkerPool& operator=(const WorkerPool&) = delete;

    unsigned threads() const { return unsigned(workers_.size()) + 1; }
    /// Runs f(i) for every i < n, i on thread i % threads(), and returns when all have returned. If some
    /// f(i) throw, the exception of the smallest such i is rethrown (after every index has run).
    void run(uint32_t n, const std::function<void(uint32_t)>& f);
    /// Threads to use for `requested` (0: one per hardware thread), capped at `useful`.
    static unsigned resolve(unsigned requested, unsigned useful);

private:
    void workerLoop(unsigned self);
    void runShare(unsigned self);  // the current job's indices of thread `self`

    std::vector<std::thread> workers_;
    std::mutex mutex_;
    std::condition_variable wake_;
    // Job number, bumped by run() after job_ and jobSize_ are set (release); a worker runs its share of
    // each job exactly once and then counts itself in finished_, and run() returns only when every worker
    // has, so job_ and jobSize_ never change under a worker's feet.
    std::atomic<uint64_t> job_number_{0};
    bool stop_ = false;  // under mutex_
    const std::function<void(uint32_t)>* job_ = nullptr;
    uint32_t jobSize_ = 0;
    std::atomic<uint32_t> finished_{0};
    std::mutex errorMutex_;
    std::exception_ptr error_;
    uint32_t errorIndex_ = 0;
};

}  // namespace npu::hw
