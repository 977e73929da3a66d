/*
 * stop.h - whether ss_stop() was called (see stop.c).  Readers of files
 * and lines poll it between items.
 */
#ifndef SS_CORE_STOP_H
#define SS_CORE_STOP_H

#include "shellsift.h"

int core_stopped(void);

#endif
