/* libbb: the case-tracking library of bb. Include this header only. */
#ifndef BB_H
#define BB_H

#include "bb/common.h"
#include "bb/error.h"
#include "bb/ctx.h"
#include "bb/cluster.h"
#include "bb/schema.h"
#include "bb/org.h"
#include "bb/keys.h"

/* Version of the library, such as "0.1.0"; static string. */
BB_API const char *bb_version(void);

#endif
