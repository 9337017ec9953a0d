// SPDX-License-Identifier: Apache-2.0
// Models: nothing; simulator plumbing. A fork-join pool for models whose parts are independent over a
// stretch of simulated time (the DRAM channels during one batch of requests): run(n, f) calls f(i) for
// every i < n. The indices are dealt into shares, i to share i % threads(), and share k belongs to thread k
// (thread 0 is the caller): the fixed assignment keeps a part's state in one core's caches from job to
// job (with parts handed to whichever thread was free, a UNet step's channels ran 1.5x slower per channel:
// their state migrated between the cores' L2 caches). When the caller has run its share and a worker has
// not yet taken its own (its core is busy elsewhere, or it is asleep), the caller runs that share too.
// f(i) must read shared state only and write only state that belongs to i; results then do not depend on
// the number of threads or on who ran what. Workers spin briefly after a job (jobs follow each other
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
    /// `threads` counts the calling thread: 1 runs everything inline and starts no worker; at most
    /// kMaxThreads (std::invalid_argument).
    explicit WorkerPool(unsigned threads);
    ~WorkerPool();
    WorkerPool(const WorkerPool&) = delete;
    WorkerPool& operator=(const WorkerPool&) = delete;

    unsigned threads() const { return unsigned(workers_.size()) + 1; }
    /// Runs f(i) for every i < n (share i % threads(), see above) and returns when all have returned. If
    /// some f(i) throw, the exception of the smallest such i is rethrown (after every index has run).
    void run(uint32_t n, const std::function<void(uint32_t)>& f);
    static constexpr unsigned kMaxThreads = 32;  ///< shares are bits of a 32-bit mask
    /// Threads to use for `requested` (0: one per hardware thread), capped at `useful` and kMaxThreads.
    static unsigned resolve(unsigned requested, unsigned useful);

private:
    void workerLoop(unsigned self);
    /// Takes share `share` of job `job`; false if it is taken already or another job is running.
    bool claim(uint64_t job, unsigned share);
    void runShare(unsigned share);  // its indices of the current job

    std::vector<std::thread> workers_;
    std::mutex mutex_;
    std::condition_variable wake_;
    // The current job as job number << 32 | the shares taken (bit k: share k). A thread runs a share only
    // after its compare-exchange set the share's bit under the job's number, so a worker that wakes late
    // cannot run a share twice or one of a job it did not see published. job_ and jobSize_ are set before
    // the number is published (release) and do not change until every share of the job is done.
    std::atomic<uint64_t> state_{0};
    bool stop_ = false;  // under mutex_
    const std::function<void(uint32_t)>* job_ = nullptr;
    uint32_t jobSize_ = 0;
    std::atomic<uint32_t> sharesDone_{0};
    std::mutex errorMutex_;
    std::exception_ptr error_;
    uint32_t errorIndex_ = 0;
};

}  // namespace npu::hw
