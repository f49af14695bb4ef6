/* Recovery shares for bbctl init and bbctl recovery rotate (recover.c). */
#ifndef BB_CMD_RECOVER_H
#define BB_CMD_RECOVER_H

#include "cli.h"

/* --recovery-shares N --recovery-threshold K --recovery-out DIR; out_flags CLI_REQUIRED or 0. */
/* clang-format off */
#define CLI_OPT_RECOVERY(T, n, k, dir, out_flags)                                                  \
    {"recovery-shares", CLI_INT_AT(T, n), .value = N_("N"), .min = 2, .max = 255,                  \
     .help = N_("make N recovery shares (default 3)")},                                           \
    {"recovery-threshold", CLI_INT_AT(T, k), .value = N_("K"), .min = 2, .max = 255,               \
     .help = N_("of which K give the organisation back (default 2)")},                            \
    {"recovery-out", CLI_STRING_AT(T, dir), .value = N_("DIR"), .flags = out_flags,                \
     .help = N_("write one file per share into DIR (made mode 700; no file is overwritten)"),     \
     .missing = N_("where the shares go is needed: --recovery-out DIR")}
/* clang-format on */

/* Makes recovery shares on an unlocked handle and says where they are; the exit code. */
int cli_recovery_make(bb_ctx *ctx, int shares, int threshold, const char *dir);

#endif
