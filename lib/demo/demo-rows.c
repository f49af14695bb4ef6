/* The rows of one demo case: the case, its status events, contacts and who took part, and the
 * plain attributes of its parties in binary COPY format (no parsing of dates, ids and arrays
 * on the server: a fifth of its time); its referral and follow-up, rare, as text. The column
 * lists are in demo.c (targets). */
#include "demo/demo.h"
#include "bb/error.h"
#include "base/i18n.h"
#include "keys/vault.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Text rows: fields joined by tabs, "\N" for NULL. */
static void put(demo_buf *b, const char *s)
{
    demo_buf_str(b, s ? s : "\\N");
    demo_buf_char(b, '\t');
}

static void put_int(demo_buf *b, long long v)
{
    demo_buf_int(b, v);
    demo_buf_char(b, '\t');
}

static void put_date(demo_buf *b, int day)
{
    char t[11];

    demo_date(day, t);
    put(b, day < 0 ? NULL : t);
}

/* A timestamp in UTC, as the binary rows have them. */
static void put_time(demo_buf *b, int day, int minute)
{
    char t[40];

    demo_date(day, t);
    snprintf(t + 10, sizeof t - 10, " %02d:%02d:00+00", minute / 60 % 24, minute % 60);
    put(b, t);
}

static void end_row(demo_buf *b)
{
    if (b->len > 0 && !b->oom)
        b->p[b->len - 1] = '\n'; /* the last tab */
}

/* bb_case: id, org_id, year, seq, reported_on, source, conflict_types, area, intake_suitable,
 * intake_on, intake_reason, status, outcome, closed_on, reported_back_on, volunteer1_id,
 * volunteer2_id, data_key_id, version, created_at, updated_at */
static void case_row(demo_ctx *d, const demo_case *c, const demo_uuid *id, const demo_uuid *key)
{
    demo_buf *b = &d->buf[T_CASE];
    const demo_event *last = &c->ev[c->n_ev - 1];
    bool paired = c->vol[0] >= 0, back = c->reported_back >= 0;

    demo_bin_row(b, 21);
    demo_bin_uuid(b, id);
    demo_bin_uuid(b, &d->org_id);
    demo_bin_int2(b, c->year);
    demo_bin_int4(b, c->seq);
    demo_bin_date(b, c->reported);
    demo_bin_text(b, demo_sources.keys[c->source]);
    demo_bin_keys(b, demo_types.keys, demo_types.n, c->types);
    demo_bin_text(b, c->area >= 0 ? demo_villages[c->area].name : NULL);
    if (c->intake_day < 0)
        demo_bin_null(b);
    else
        demo_bin_bool(b, c->intake_reason < 0);
    demo_bin_date(b, c->intake_day);
    demo_bin_text(b, c->intake_reason < 0 ? NULL : demo_intake_reasons.keys[c->intake_reason]);
    demo_bin_text(b, demo_statuses[c->status]);
    demo_bin_text(b, c->outcome < 0 ? NULL : demo_outcomes[c->outcome]);
    demo_bin_date(b, c->closed);
    demo_bin_date(b, c->reported_back);
    for (int i = 0; i < 2; i++)
        if (paired)
            demo_bin_uuid(b, &d->w->vols[c->vol[i]].uid);
        else
            demo_bin_null(b);
    demo_bin_uuid(b, key);
    demo_bin_int4(b, c->n_ev + back + paired);
    demo_bin_time(b, c->reported, c->ev[0].minute);
    demo_bin_time(b, back ? c->reported_back : last->day, back ? 16 * 60 : last->minute);
}

/* case_event: id, org_id, case_id, at, from_status, to_status. The id is made here: the
 * server's gen_random_uuid() costs more than the rest of the row. */
static void event_rows(demo_ctx *d, const demo_case *c, const demo_uuid *id)
{
    demo_buf *b = &d->buf[T_EVENT];
    demo_uuid eid;

    for (int i = 0; i < c->n_ev; i++) {
        demo_id(&d->ids, &eid);
        demo_bin_row(b, 6);
        demo_bin_uuid(b, &eid);
        demo_bin_uuid(b, &d->org_id);
        demo_bin_uuid(b, id);
        demo_bin_time(b, c->ev[i].day, c->ev[i].minute);
        demo_bin_text(b, c->ev[i].from < 0 ? NULL : demo_statuses[c->ev[i].from]);
        demo_bin_text(b, demo_statuses[c->ev[i].to]);
    }
    d->res->events += c->n_ev;
}

/* contact: id, org_id, case_id, contact_on, kind, minutes, created_at; and contact_volunteer:
 * org_id, contact_id, volunteer_id for the case's pair where they took part. */
static void contact_rows(demo_ctx *d, const demo_case *c, const demo_uuid *id)
{
    demo_buf *b = &d->buf[T_CONTACT], *v = &d->buf[T_CONTACT_VOL];
    demo_uuid cid;

    for (int i = 0; i < c->n_ct; i++) {
        demo_id(&d->ids, &cid);
        demo_bin_row(b, 7);
        demo_bin_uuid(b, &cid);
        demo_bin_uuid(b, &d->org_id);
        demo_bin_uuid(b, id);
        demo_bin_date(b, c->ct[i].day);
        demo_bin_text(b, demo_kinds[c->ct[i].kind]);
        demo_bin_int4(b, c->ct[i].minutes);
        demo_bin_time(b, c->ct[i].day, 17 * 60 + i);
        for (int k = 0; c->ct[i].with_pair && c->vol[0] >= 0 && k < 2; k++) {
            demo_bin_row(v, 3);
            demo_bin_uuid(v, &d->org_id);
            demo_bin_uuid(v, &cid);
            demo_bin_uuid(v, &d->w->vols[c->vol[k]].uid);
        }
    }
    d->res->contacts += c->n_ct;
}

/* referral: id, org_id, case_id, seq, practice_id, mediator, reason, referred_on, status,
 * hours, rate_cents, outcome, closed_on, version, created_at, updated_at. The rate is the one
 * of the referral's date; the cost is counted per practice and year for the budgets. */
static void referral_row(demo_ctx *d, const demo_case *c, const char *id)
{
    static const char *const st[] = {"aangevraagd", "lopend", "afgerond", "geannuleerd"};
    const demo_referral *f = &c->ref;
    demo_buf *b = &d->buf[T_REFERRAL];
    const demo_practice *p = &demo_practices[f->practice];
    int rate = demo_year(f->day) < demo_year(d->w->today) ? p->old_rate : p->new_rate;
    int y = demo_year(f->day) - demo_year(d->w->first_day);
    char rid[37], hours[16];
    demo_uuid u;

    demo_id(&d->ids, &u);
    demo_uuid_text(&u, rid);
    snprintf(hours, sizeof hours, "%d.%02d", f->quarters / 4, f->quarters % 4 * 25);
    put(b, rid);
    put(b, d->org);
    put(b, id);
    put(b, "1");
    put(b, d->practice_ids[f->practice]);
    put(b, demo_mediators[f->mediator]);
    put(b, f->reason);
    put_date(b, f->day);
    put(b, st[f->status]);
    put(b, hours);
    put_int(b, rate);
    put(b, f->outcome < 0 ? NULL : demo_outcomes[f->outcome]);
    put_date(b, f->closed);
    put_int(b, 1 + (f->status > 0) + (f->status > 1));
    put_time(b, f->day, 16 * 60);
    put_time(b, f->closed >= 0 ? f->closed : f->day, 16 * 60 + 30);
    end_row(b);
    if (y >= 0 && y < 3)
        d->cost[f->practice][y] += ((long long)f->quarters * rate + 2) / 4;
    d->res->referrals++;
}

/* followup: id, org_id, case_id, followup_on, the four answers, created_at */
static void followup_row(demo_ctx *d, const demo_case *c, const char *id)
{
    demo_buf *b = &d->buf[T_FOLLOWUP];
    char fid[37];
    demo_uuid u;

    demo_id(&d->ids, &u);
    demo_uuid_text(&u, fid);
    put(b, fid);
    put(b, d->org);
    put(b, id);
    put_date(b, c->fu.day);
    for (int i = 0; i < 4; i++)
        put(b, c->fu.answer[i] < 0 ? NULL : demo_answers[c->fu.answer[i]]);
    put_time(b, c->fu.day, 17 * 60 + 30);
    end_row(b);
    d->res->followups++;
}

/* party (schema 0005): id, org_id, case_id, seq, role, tenure, household, age_band,
 * interpreter, created_at, updated_at. Only the plain attributes the figures count: a melder
 * for every case, and the other party once the intake has begun. Their own PRNG stream, so
 * the rest of the data does not depend on them. */
static void party_rows(demo_ctx *d, const demo_case *c, const demo_uuid *id)
{
    static const char *const tenure[] = {"huur_corporatie", "huur_particulier", "koop", "onbekend"};
    static const int tenure_w[] = {34, 14, 42, 10}, corp_w[] = {85, 5, 5, 5};
    static const char *const household[] = {
        "alleenstaand", "paar_zonder_kinderen", "gezin_met_kinderen", "eenoudergezin", "anders",
        "onbekend"};
    static const int household_w[] = {30, 25, 25, 8, 4, 8};
    static const char *const age[] = {"18_29", "30_44", "45_64", "65_plus", "onbekend"};
    static const int age_w[] = {12, 26, 34, 20, 8};
    demo_buf *b = &d->buf[T_PARTY];
    int parties = c->intake_day >= 0 ? 2 : 1;
    demo_uuid pid;

    for (int i = 0; i < parties; i++) {
        demo_id(&d->ids, &pid);
        demo_bin_row(b, 11);
        demo_bin_uuid(b, &pid);
        demo_bin_uuid(b, &d->org_id);
        demo_bin_uuid(b, id);
        demo_bin_int2(b, i + 1);
        demo_bin_text(b, i == 0 ? "melder" : "wederpartij");
        demo_bin_text(b, tenure[demo_rng_pick(&d->parties, c->source == 2 ? corp_w : tenure_w, 4)]);
        demo_bin_text(b, household[demo_rng_pick(&d->parties, household_w, 6)]);
        demo_bin_text(b, age[demo_rng_pick(&d->parties, age_w, 5)]);
        demo_bin_text(b, demo_rng_chance(&d->parties, 0.06) ? "ja" : "nee");
        demo_bin_time(b, c->reported, c->ev[0].minute + i);
        demo_bin_time(b, c->reported, c->ev[0].minute + i);
    }
}

/* The case's list of its rows with personal fields, as the vault keeps it (keys/lists.c):
 * empty, since the demo makes none; sealed under the case's key, so that reading a field of
 * the case knows there is nothing more to ask (docs/security.md, "Missing fields"). */
static int lists_row(demo_ctx *d, const demo_uuid *id, const char *text, const demo_uuid *key)
{
    demo_buf *b = &d->buf[T_FIELD];
    bb_vault_list none = {0};
    uint8_t *blob = NULL;
    size_t bl = 0;

    if (bb_vault__list_seal(d->case_dk, "bb_case", text, text, BB_VAULT_OWNERS, &none, &blob,
                            &bl) != BB_OK)
        return BB_ECRYPTO;
    demo_bin_row(b, 7);
    demo_bin_text(b, "bb_case");
    demo_bin_uuid(b, id);
    demo_bin_text(b, BB_VAULT_OWNERS);
    demo_bin_uuid(b, &d->org_id);
    demo_bin_uuid(b, key);
    demo_bin_bytes(b, blob, bl);
    demo_bin_int2(b, BB_VAULT_AD);
    free(blob);
    return BB_OK;
}

int demo_rows_case(demo_ctx *d, const demo_case *c)
{
    demo_uuid id, key;
    char text[37];
    int rc = demo_data_key(d, &key);

    if (rc != BB_OK)
        return rc;
    demo_id(&d->ids, &id);
    demo_uuid_text(&id, text);
    if ((rc = lists_row(d, &id, text, &key)) != BB_OK)
        return rc;
    case_row(d, c, &id, &key);
    event_rows(d, c, &id);
    contact_rows(d, c, &id);
    if (c->ref.made)
        referral_row(d, c, text);
    if (c->fu.made)
        followup_row(d, c, text);
    party_rows(d, c, &id);
    /* For the server's figures of the batch (demo_flush). */
    demo_buf_char(&d->buf[T_CASE_IDS], d->buf[T_CASE_IDS].len == 0 ? '{' : ',');
    demo_buf_str(&d->buf[T_CASE_IDS], text);
    d->res->cases++;
    return BB_OK;
}
