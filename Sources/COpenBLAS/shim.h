#ifndef HSCONAS_COPENBLAS_SHIM_H
#define HSCONAS_COPENBLAS_SHIM_H

// OpenBLAS's CBLAS (Debian libopenblas-dev; the multiarch include path finds it on amd64 and
// arm64 boards alike) and the thread-affinity calls the latency harness needs. The affinity
// helpers live here because openblas_setaffinity takes a cpu_set_t, which Swift cannot build.
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <sched.h>
#include <pthread.h>
#include <errno.h>
#include <openblas-pthread/cblas.h>

static inline void hsconas_cpu_set_from(const int *cpus, int count, cpu_set_t *set) {
    CPU_ZERO(set);
    for (int index = 0; index < count; index++) {
        if (cpus[index] >= 0 && cpus[index] < CPU_SETSIZE) CPU_SET(cpus[index], set);
    }
}

/// Pins the calling thread to `cpus`; 0 on success, an errno value otherwise.
static inline int hsconas_pin_current_thread(const int *cpus, int count) {
    cpu_set_t set;
    hsconas_cpu_set_from(cpus, count, &set);
    return pthread_setaffinity_np(pthread_self(), sizeof(set), &set);
}

/// Pins every OpenBLAS thread to `cpus`; 0 on success, -1 when OpenBLAS refuses.
static inline int hsconas_pin_blas_threads(const int *cpus, int count) {
    cpu_set_t set;
    hsconas_cpu_set_from(cpus, count, &set);
    int threads = openblas_get_num_threads();
    for (int index = 0; index < threads; index++) {
        if (openblas_setaffinity(index, sizeof(set), &set) != 0) return -1;
    }
    return 0;
}

/// Sets the CPUs one thread (`tid`, a Linux task id; 0 is the caller) may run on; 0 on success, an
/// errno value otherwise. Threads it creates later inherit the set.
static inline int hsconas_set_task_affinity(int tid, const int *cpus, int count) {
    cpu_set_t set;
    hsconas_cpu_set_from(cpus, count, &set);
    return sched_setaffinity(tid, sizeof(set), &set) == 0 ? 0 : errno;
}

/// The CPU the calling thread runs on now, or -1.
static inline int hsconas_current_cpu(void) {
    return sched_getcpu();
}

#endif
