/*
 * engine.h - what an ss_engine_t holds: the settings copied from the
 * config, the compiled YARA rules and the IOC set.  Immutable once built,
 * so every scan thread reads it without locks.
 */
#ifndef SS_ENGINE_H
#define SS_ENGINE_H

#include "core/config.h"
#include "match/ioc.h"
#include "match/rules.h"

struct ss_engine {
  ss_config_t cfg; /* deep copy; rule/IOC path lists unused after build */
  rules *rules;    /* NULL when there are no rules */
  ioc_set *iocs;
  unsigned hash_kinds; /* HASH_* digests every file needs for IOC lookups */
};

#endif
