/* bbctl: warning of the same people in other cases before a party is added. */
#ifndef BB_CLI_DUPLICATES_H
#define BB_CLI_DUPLICATES_H

#include <bb.h>
#include <stdbool.h>

/* Names on standard error the open (or closed in the last 12 months) cases with a party of the
 * same address, phone number or name as in (other than own_case), and then goes on only with
 * yes, or a yes typed on the terminal. CLI_OK to go on; CLI_CONFLICT (exit status 4) when it
 * is refused (without a terminal and --yes, or answered no); another exit status when the
 * look-up failed. */
int cli_duplicates_check(bb_ctx *ctx, const bb_party_new *in, const char *own_case, bool yes);

#endif
