/* Shared insides of practices and referrals. Not public. */
#ifndef BB_REFERRALS_H
#define BB_REFERRALS_H

#include "cases/case-row.h"
#include "fields/fields.h"

#endif
