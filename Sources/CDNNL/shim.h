#ifndef HSCONAS_CDNNL_SHIM_H
#define HSCONAS_CDNNL_SHIM_H

// oneDNN (Debian libdnnl-dev, amd64): the engine's GEMM on x86-64. oneDNN picks its JIT kernels from
// the CPU's feature bits at run time (AVX2, AVX-512, …), whatever OpenBLAS's model table knows.
// Debian builds it on OpenMP (libgomp), whose thread count is per calling thread: the engine sets
// it before each product, or a thread pinned to one CPU would share it with a spinning second one.
#include <oneapi/dnnl/dnnl.h>

extern void omp_set_num_threads(int);

#endif
