#ifndef HSCONAS_CZEROMQ_SHIM_H
#define HSCONAS_CZEROMQ_SHIM_H
#include <zmq.h>
#include <sys/eventfd.h>
#include <poll.h>
#endif
