/* Shared definitions of the libbb public API. */
#ifndef BB_COMMON_H
#define BB_COMMON_H

/* Symbols are hidden by default (-fvisibility=hidden); BB_API marks the public API. */
#if defined(__GNUC__)
#define BB_API __attribute__((visibility("default")))
#else
#define BB_API
#endif

#endif
