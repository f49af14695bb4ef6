/* Unlocking at start and on request, locking on request and after idle time; see unlock.h.
 * The keys themselves never leave libbb: bbtui only hands it the passphrase (wiped after) and
 * asks it to keep, restore or forget the session's keys, as bbctl does. */
#include "unlock.h"
#include "dialog.h"

#include <stdio.h>
#include <string.h>

static void choose_org(tui_app *app)
{
    int rc;

    if (bb_is_unlocked(app->ctx) && bb_org_id(app->ctx) != NULL) {
        app->org_ok = true; /* unlocking chose the user's organisation */
        return;
    }
    rc = bb_org_use(app->ctx, app->org);
    app->org_ok = rc == BB_OK;
    if (rc == BB_ENOTFOUND && app->org == NULL)
        snprintf(app->org_problem, sizeof app->org_problem, "%s",
                 _("This database has no organisation yet: create one with "
                   "'bbctl init --org NAME --admin LOGIN'."));
    else if (rc == BB_EINVAL && app->org == NULL)
        snprintf(app->org_problem, sizeof app->org_problem, "%s",
                 _("This database holds several organisations: start bbtui with --org NAME."));
    else if (rc != BB_OK)
        snprintf(app->org_problem, sizeof app->org_problem, "%s", bb_errmsg(app->ctx));
}

void tui_unlock_start(tui_app *app)
{
    int rc;

    if (app->keep_seconds > 0 && app->login != NULL) {
        rc = bb_session_restore(app->ctx, app->login);
        if (rc == BB_OK)
            tui_say(app, TUI_MSG_OK, "%s",
                    _("Unlocked with the keys kept in this terminal session."));
        else if (rc == BB_ECRYPTO)
            tui_say(app, TUI_MSG_ERROR, _("The kept keys were refused: %s"), bb_errmsg(app->ctx));
    }
    /* On the embedded database every change needs a user who has unlocked (docs/security.md,
     * "Who acted"); on a person's own login role they act as themselves. */
    app->write_keys = bb_write_needs_unlock(app->ctx);
    choose_org(app);
}

bool tui_write_ready(tui_app *app, tui_view *asker)
{
    if (!app->write_keys || bb_is_unlocked(app->ctx))
        return true;
    tui_say(app, TUI_MSG_INFO, "%s",
            _("Changes need the keys here: unlock, then press the key again."));
    tui_unlock_ask(app, asker);
    return false;
}

static int ask(tui_app *app, tui_view *asker, const char *error);

static void unlocked(tui_app *app, tui_view *asker)
{
    tui_say(app, TUI_MSG_OK, _("Unlocked as %s."), app->login);
    if (app->keep_seconds > 0)
        bb_session_save(app->ctx, (unsigned)app->keep_seconds); /* as bbctl: unlock once */
    choose_org(app);
    if (app->locked && tui_top(app) == asker && asker->ops == &tui_view_lock) {
        app->locked = false;
        tui_pop(app);
    }
    if (app->after_unlock != NULL && tui_top(app) == app->unlock_below) { /* it needed them */
        tui_view *v = app->after_unlock;
        app->after_unlock = NULL;
        tui_push_view(app, v);
    }
}

static void passphrase_answer(tui_view *asker, int tag, const tui_choice *c)
{
    tui_app *app = asker->app;
    int rc;

    if (c->cancelled) {
        tui_unlock_drop(app);
        return;
    }
    tui_say(app, TUI_MSG_INFO, "%s", _("Unlocking..."));
    tui_flush(app);
    rc = bb_unlock(app->ctx, app->login, c->text, c->len);
    if (rc == BB_OK)
        unlocked(app, asker);
    else if (rc == BB_ECRYPTO) /* wrong passphrase: ask again, saying so */
        ask(app, asker, bb_errmsg(app->ctx));
    else {
        tui_unlock_drop(app);
        tui_fail(app, rc, _("Cannot unlock"));
    }
}

static int ask(tui_app *app, tui_view *asker, const char *error)
{
    char text[256];
    tui_prompt_spec spec = {
        .title = _("Unlock"),
        .text = text,
        .error = error != NULL,
        .label = _("Passphrase:"),
        .secret = true,
    };

    if (error != NULL)
        snprintf(text, sizeof text, "%s", error);
    else
        snprintf(text, sizeof text, _("The passphrase of %s, to open personal data."), app->login);
    return tui_prompt(asker, 0, &spec, passphrase_answer);
}

int tui_unlock_ask(tui_app *app, tui_view *asker)
{
    if (app->login == NULL) {
        tui_say(app, TUI_MSG_ERROR, "%s", _("Who are you? Start bbtui with --user LOGIN."));
        return TUI_HANDLED;
    }
    if (bb_is_unlocked(app->ctx) && !app->locked) {
        tui_say(app, TUI_MSG_INFO, _("Already unlocked as %s."), bb_current_login(app->ctx));
        return TUI_HANDLED;
    }
    return ask(app, asker, NULL);
}

void tui_unlock_drop(tui_app *app)
{
    if (app->after_unlock != NULL)
        tui_discard(app->after_unlock);
    app->after_unlock = NULL;
}

int tui_unlock_then(tui_app *app, tui_view *v)
{
    int flags;

    tui_unlock_drop(app);
    app->after_unlock = v;
    app->unlock_below = tui_top(app);
    flags = tui_unlock_ask(app, app->unlock_below);
    if (tui_top(app) == app->unlock_below) /* not asked (it said why) */
        tui_unlock_drop(app);
    return flags | TUI_REDRAW;
}

int tui_lock_now(tui_app *app)
{
    if (app->locked)
        return TUI_HANDLED;
    app->had_keys = bb_is_unlocked(app->ctx);
    if (app->had_keys) {
        bb_lock(app->ctx);
        bb_session_forget(app->ctx, app->login, NULL); /* as 'bbctl lock': the session too */
    }
    app->locked = true;
    return tui_push(app, &tui_view_lock, NULL);
}

int tui_idle(tui_app *app, double now)
{
    if (app->locked || app->idle_lock <= 0 || now - app->last_input < (double)app->idle_lock)
        return 0;
    return tui_lock_now(app) | TUI_REDRAW;
}
