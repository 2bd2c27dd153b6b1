// One-thread GEMM on the shapes of spos's 1×1 convolutions (C[M×N] += A[M×K]·B[K×N], row-major,
// beta = 1 as the engine calls it): OpenBLAS's cblas_sgemm against oneDNN's dnnl_sgemm, pinned to
// CPU 1, best of 7 × 100 calls. It chose the engine's GEMM library (BENCHMARKS.md, issue #14).
//
//   gcc -O2 Scripts/gemm_spos_shapes.c -o /tmp/gemm_spos_shapes -lopenblas -ldnnl
//   OMP_NUM_THREADS=1 OPENBLAS_CORETYPE=Haswell /tmp/gemm_spos_shapes
//   OMP_NUM_THREADS=1 OPENBLAS_CORETYPE=SkylakeX /tmp/gemm_spos_shapes
//
// OMP_NUM_THREADS=1 matters: Debian's oneDNN runs on OpenMP, whose default team is every CPU, and a
// second thread spinning on the pinned CPU makes each call take milliseconds.
#define _GNU_SOURCE
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <openblas-pthread/cblas.h>
#include <dnnl.h>
static double now(void){struct timespec t;clock_gettime(CLOCK_MONOTONIC,&t);return t.tv_sec+t.tv_nsec*1e-9;}
int main(int argc,char**argv){
  cpu_set_t s;CPU_ZERO(&s);CPU_SET(1,&s);sched_setaffinity(0,sizeof s,&s);
  openblas_set_num_threads(1);
  int shapes[][3]={{32,3136,16},{64,3136,32},{80,784,80},{160,784,80},{160,196,160},{320,196,160},{320,49,320},{640,49,320},{192,196,96},{384,49,192},{1024,49,640}};
  int n=sizeof shapes/sizeof shapes[0];
  double tb=0,td=0;
  printf("core %s\n", openblas_get_corename());
  for(int i=0;i<n;i++){int M=shapes[i][0],N=shapes[i][1],K=shapes[i][2];
    float*A=malloc(4*M*K),*B=malloc(4*K*N),*C=malloc(4*M*N);
    for(int j=0;j<M*K;j++)A[j]=(j%7)*0.1f;
    for(int j=0;j<K*N;j++)B[j]=(j%5)*0.1f;
    for(int j=0;j<M*N;j++)C[j]=0;
    double best1=1e9,best2=1e9;
    for(int r=0;r<7;r++){
      double t0=now(); for(int k=0;k<100;k++) cblas_sgemm(CblasRowMajor,CblasNoTrans,CblasNoTrans,M,N,K,1,A,K,B,N,1,C,N); double t=(now()-t0)/100; if(t<best1)best1=t;
      t0=now(); for(int k=0;k<100;k++) dnnl_sgemm('N','N',M,N,K,1,A,K,B,N,1,C,N); t=(now()-t0)/100; if(t<best2)best2=t;
    }
    tb+=best1; td+=best2;
    printf("M=%4d N=%4d K=%4d openblas %7.1f us (%5.0f GF)", M,N,K,best1*1e6,2.0*M*N*K/best1*1e-9);
    printf("  dnnl %7.1f us (%5.0f GF)", best2*1e6,2.0*M*N*K/best2*1e-9);
    printf("\n"); free(A);free(B);free(C);}
  printf("total openblas %.1f us dnnl %.1f us\n",tb*1e6,td*1e6);
}
