/* libbb: the case-tracking library of bb. Include this header only. */
#ifndef BB_H
#define BB_H

#include "bb/common.h"
#include "bb/error.h"
#include "bb/text.h"
#include "bb/ctx.h"
#include "bb/cluster.h"
#include "bb/schema.h"
#include "bb/org.h"
#include "bb/keys.h"
#include "bb/recovery.h"
#include "bb/users.h"
#include "bb/audit.h"
#include "bb/retention.h"
#include "bb/person.h"
#include "bb/session.h"
#include "bb/registry.h"
#include "bb/case.h"
#include "bb/volunteer.h"
#include "bb/contact.h"
#include "bb/party.h"
#include "bb/report.h"
#include "bb/volunteer-load.h"
#include "bb/pairing.h"
#include "bb/area.h"
#include "bb/config.h"
#include "bb/referral.h"
#include "bb/followup.h"
#include "bb/signals.h"
#include "bb/demo.h"
#include "bb/stats.h"
#include "bb/import.h"

/* Version of the library, such as "0.1.0"; static string. */
BB_API const char *bb_version(void);

#endif
