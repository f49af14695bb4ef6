/* Status codes of libbb: 0 is success, every failure is negative. */
#ifndef BB_ERROR_H
#define BB_ERROR_H

#include "bb/common.h"

/* The one table of status codes: X(name, value, text). The text is English and translated
 * through gettext by bb_strerror(). */
#define BB_ERRORS(X)                                                                               \
    X(OK, 0, "success")                                                                            \
    X(EINVAL, -1, "invalid input")                                                                 \
    X(ENOTFOUND, -2, "not found")                                                                  \
    X(EEXISTS, -3, "already exists")                                                               \
    X(ECONFLICT, -4, "changed by someone else in the meantime")                                    \
    X(EDENIED, -5, "permission denied")                                                            \
    X(ECRYPTO, -6, "encryption or key failure")                                                    \
    X(EDB, -7, "database error")                                                                   \
    X(ECONN, -8, "no connection to the database")                                                  \
    X(EBUSY, -9, "the database stayed busy; try again")                                            \
    X(EUPGRADE, -10, "database schema does not match this program")                               \
    X(ENOMEM, -11, "out of memory")                                                                \
    X(EIO, -12, "file or system error")                                                            \
    X(ESETUP, -13, "missing or broken installation")

enum bb_status {
#define BB_ERROR_ENUM(name, value, text) BB_##name = value,
    BB_ERRORS(BB_ERROR_ENUM)
#undef BB_ERROR_ENUM
};

/* The lowest (most negative) status code; codes run from BB_OK down to this. */
#define BB_ERROR_MIN BB_ESETUP

/* Short translated text of a status code; never NULL (unknown codes get a generic text).
 * The string is static. */
BB_API const char *bb_strerror(int status);

/* Symbolic name of a status code ("ENOTFOUND"), for logs and JSON; "UNKNOWN" if unknown. */
BB_API const char *bb_status_name(int status);

#endif
