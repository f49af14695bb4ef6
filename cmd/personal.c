/* Opening handles for personal data, and printing parties; see personal.h. */
#include "personal.h"
#include "session.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int cli_unlock_in_org(bb_ctx **ctx)
{
    char mine[BB_UUID_SIZE];
    int rc = cli_session_unlock(*ctx, NULL);

    if (rc != CLI_OK || cli_opts.org == NULL)
        goto done;
    /* The keys are the user's organisation's: --org may only repeat it. */
    snprintf(mine, sizeof mine, "%s", bb_org_id(*ctx) ? bb_org_id(*ctx) : "");
    rc = bb_org_use(*ctx, cli_opts.org);
    if (rc == BB_OK && strcmp(mine, bb_org_id(*ctx)) != 0) {
        fprintf(stderr, _("bbctl: %s is not a user of the organisation '%s'\n"),
                cli_session_login(), cli_opts.org);
        rc = CLI_DENIED;
    } else if (rc != BB_OK) {
        rc = cli_fail(*ctx, rc, _("cannot choose the organisation"));
    }
done:
    if (rc != CLI_OK) {
        bb_close(*ctx);
        *ctx = NULL;
    }
    return rc;
}

int cli_open_unlocked(bb_ctx **ctx)
{
    if ((*ctx = cli_open()) == NULL)
        return CLI_FAILURE;
    return cli_unlock_in_org(ctx);
}

int cli_open_writer(bb_ctx **ctx)
{
    if ((*ctx = cli_open()) == NULL)
        return CLI_FAILURE;
    return bb_write_needs_unlock(*ctx) ? cli_unlock_in_org(ctx) : cli_use_org(ctx);
}

int cli_open_reader(bb_ctx **ctx)
{
    const char *file = getenv("BB_PASSPHRASE_FILE"), *login;
    int rc = cli_open_org(ctx);

    if (rc != CLI_OK || (login = cli_session_login()) == NULL)
        return rc;
    if (cli_session_timeout() > 0 && bb_session_restore(*ctx, login) == BB_OK)
        return CLI_OK;
    /* A passphrase file asks nobody anything: use it. Never prompt just to show a case. */
    if (file != NULL && *file != '\0' && (rc = cli_session_unlock(*ctx, NULL)) != CLI_OK) {
        bb_close(*ctx);
        *ctx = NULL;
    }
    return rc;
}

void cli_tell_locked(void)
{
    fprintf(stderr, "%s\n",
            _("bbctl: personal data (names, addresses, notes) is hidden: unlock first with "
              "'bbctl unlock'"));
}

static const char *or_dash(const char *s)
{
    return s != NULL && *s != '\0' ? s : "-";
}

void cli_print_parties(const bb_party_list *l)
{
    printf("  %-4s%-13s%-18s%-10s%s\n", _("NO."), _("ROLE"), _("TENURE"), _("INTERPR."),
           _("NAME, ADDRESS, PHONE, E-MAIL"));
    for (size_t i = 0; i < l->n; i++) {
        const bb_party *p = &l->items[i];
        char no[16];
        snprintf(no, sizeof no, "%d", p->number);
        printf("  ");
        cli_cell(no, 4);
        cli_cell(p->role, 13);
        cli_cell(p->tenure, 18);
        cli_cell(p->interpreter, 10);
        if (p->locked) {
            printf("%s\n", _("(locked)"));
            continue;
        }
        cli_cell(or_dash(p->name), 0);
        printf(", ");
        cli_cell(p->street ? p->street : "", 0);
        printf("%s", p->street && p->house_number ? " " : "");
        cli_cell(p->house_number ? p->house_number : "", 0);
        printf("%s", p->street || p->house_number ? " " : "");
        cli_cell(p->postcode ? p->postcode : "", 0);
        printf("%s", p->postcode && p->place ? " " : "");
        cli_cell(p->place ? p->place : "", 0);
        printf(", ");
        cli_cell(or_dash(p->phone), 0);
        printf(", ");
        cli_cell(or_dash(p->email), 0);
        putchar('\n');
    }
}

void cli_json_parties(json_out *j, const char *key, const bb_party_list *l)
{
    static const char *const names[] = {"name",  "street", "house_number", "postcode",
                                        "place", "phone",  "email"};

    jw_key_open(j, key, '[');
    for (size_t i = 0; i < l->n; i++) {
        const bb_party *p = &l->items[i];
        const char *values[] = {p->name,  p->street, p->house_number, p->postcode,
                                p->place, p->phone,  p->email};
        jw_open(j, '{');
        jw_int(j, "number", p->number);
        jw_str(j, "id", p->id);
        jw_str(j, "role", p->role);
        jw_str(j, "tenure", p->tenure);
        jw_str(j, "household", p->household);
        jw_str(j, "age_band", p->age_band);
        jw_str(j, "interpreter", p->interpreter);
        jw_int(j, "version", p->version);
        jw_bool(j, "locked", p->locked);
        for (size_t f = 0; f < sizeof names / sizeof names[0]; f++)
            jw_str_or_null(j, names[f], values[f]);
        jw_close(j, '}');
    }
    jw_close(j, ']');
}
