/* The words for the field keys libbb's messages begin with ("postcode: ..."). Messages are
 * written, and translated, with the key first; the handle turns it into the word of the
 * user's language as the message is made ("meldingsdatum: ..." under a Dutch locale) and keeps
 * the key itself for programs (bb_errfield: bbtui marks the field it names). */
#include "base/field-names.h"
#include "base/i18n.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

/* Marks a field key for xgettext, in the context "field" (po/nl.po: msgctxt "field"). */
#define NC_(ctx, s) s

static const char *const keys[] = {
    NC_("field", "action"),
    NC_("field", "after"),
    NC_("field", "age_band"),
    NC_("field", "amount"),
    NC_("field", "area"),
    NC_("field", "capacity"),
    NC_("field", "case"),
    NC_("field", "cases"),
    NC_("field", "closed"),
    NC_("field", "closed_on"),
    NC_("field", "conflict_types"),
    NC_("field", "contact"),
    NC_("field", "date"),
    NC_("field", "email"),
    NC_("field", "find"),
    NC_("field", "from"),
    NC_("field", "hours"),
    NC_("field", "household"),
    NC_("field", "intake"),
    NC_("field", "intake_on"),
    NC_("field", "intake_reason"),
    NC_("field", "interpreter"),
    NC_("field", "key"),
    NC_("field", "kind"),
    NC_("field", "limit"),
    NC_("field", "login"),
    NC_("field", "mediator"),
    NC_("field", "melder"),
    NC_("field", "minutes"),
    NC_("field", "name"),
    NC_("field", "note"),
    NC_("field", "number"),
    NC_("field", "organisation"),
    NC_("field", "outcome"),
    NC_("field", "parties"),
    NC_("field", "party"),
    NC_("field", "passphrase"),
    NC_("field", "period"),
    NC_("field", "person"),
    NC_("field", "phone"),
    NC_("field", "place"),
    NC_("field", "postcode"),
    NC_("field", "postcodes"),
    NC_("field", "practice"),
    NC_("field", "rate"),
    NC_("field", "reason"),
    NC_("field", "referral"),
    NC_("field", "reported"),
    NC_("field", "role"),
    NC_("field", "search"),
    NC_("field", "since"),
    NC_("field", "source"),
    NC_("field", "status"),
    NC_("field", "steps"),
    NC_("field", "street"),
    NC_("field", "suitable"),
    NC_("field", "tenure"),
    NC_("field", "to"),
    NC_("field", "today"),
    NC_("field", "type"),
    NC_("field", "user"),
    NC_("field", "version"),
    NC_("field", "volunteer"),
    NC_("field", "wederpartij"),
    NC_("field", "with"),
    NC_("field", "year"),
};

/* The word for one key of keys[] in the user's language; key itself when it has none. */
static const char *word(const char *key, size_t len)
{
    char msgid[64];
    const char *t;

    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        if (strlen(keys[i]) != len || strncmp(keys[i], key, len) != 0)
            continue;
        snprintf(msgid, sizeof msgid, "field%c%s", 4, keys[i]); /* msgctxt EOT msgid */
        t = dgettext(GETTEXT_PACKAGE, msgid);
        return t == msgid ? keys[i] : t;
    }
    return NULL;
}

void bb_field_names__apply(char *msg, size_t size, char key[BB_ERRFIELD_SIZE])
{
    size_t n = strspn(msg, "abcdefghijklmnopqrstuvwxyz_.-"), o = 0;
    char out[1024];

    key[0] = '\0';
    if (n == 0 || n >= BB_ERRFIELD_SIZE || msg[n] != ':' || msg[n + 1] != ' ')
        return;
    snprintf(key, BB_ERRFIELD_SIZE, "%.*s", (int)n, msg);
    /* "melder.name": each part its word ("melder, naam"). A key with a part that is no field
     * (a setting, "signals.followup_weeks") stays as it is. */
    bool other = false; /* whether any part has a word of its own: else msg stays as it is */

    for (size_t b = 0; b < n; b += strcspn(msg + b, ".:") + 1) {
        const char *w = word(msg + b, strcspn(msg + b, ".:"));
        if (w == NULL)
            return;
        other |= strlen(w) != strcspn(msg + b, ".:") || strncmp(w, msg + b, strlen(w)) != 0;
    }
    if (!other)
        return;
    for (size_t b = 0; b < n && o < sizeof out;) {
        size_t len = strcspn(msg + b, ".:");
        const char *w = word(msg + b, len);
        o += (size_t)snprintf(out + o, sizeof out - o, "%s%.*s", b ? ", " : "",
                              (int)(w ? strlen(w) : len), w ? w : msg + b);
        b += len + (msg[b + len] == '.');
    }
    if (o + strlen(msg + n) < sizeof out && o + strlen(msg + n) < size) {
        memcpy(out + o, msg + n, strlen(msg + n) + 1);
        memcpy(msg, out, strlen(out) + 1);
    }
}
