/* Entries of the option tables (opts.h) that the registry's command files share: the CASE,
 * VOLUNTEER and PERSON arguments and the options of a list a page at a time. */
#ifndef BB_CLI_ARGS_H
#define BB_CLI_ARGS_H

#include "cli.h"

/* clang-format off */
/* CASE, required; missing_text is the usage error without it. */
#define CLI_ARG_CASE(T, f, missing_text)                                                           \
    {NULL, CLI_CASE_AT(T, f), .value = N_("CASE"), .flags = CLI_REQUIRED,                          \
     .help = N_("the case's number: BB-2024-0007, 2024-7, or 7 for this year's"),          \
     .missing = missing_text}

/* VOLUNTEER, required. */
#define CLI_ARG_VOLUNTEER(T, f, missing_text)                                                      \
    {NULL, CLI_STRING_AT(T, f), .value = N_("VOLUNTEER"), .flags = CLI_REQUIRED,                   \
     .help = N_("a volunteer's number, as V-0003"), .missing = missing_text}

/* PERSON: a party id (person find) or a volunteer number. */
#define CLI_ARG_PERSON(T, f)                                                                       \
    {NULL, CLI_STRING_AT(T, f), .value = N_("PERSON"), .flags = CLI_REQUIRED,                      \
     .help = N_("a party's id from 'bbctl person find', or a volunteer's number"),                 \
     .missing = N_("give one person (an id from 'bbctl person find')")}

/* --after CURSOR: the next page of a list. */
#define CLI_OPT_AFTER(T, f, cursor)                                                                \
    {"after", CLI_STRING_AT(T, f), .value = cursor,                                                \
     .help = N_("the next page: the one after this (the end of a page names it)")}

/* The options of a list a page at a time: --after CURSOR --limit N --json. */
#define CLI_OPTS_PAGE(T, after, limit, json, cursor)                                               \
    CLI_OPT_AFTER(T, after, cursor), CLI_OPT_LIMIT(T, limit), CLI_OPT_JSON(T, json)
/* clang-format on */

#endif
