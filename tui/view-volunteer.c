/* One volunteer, read-only: status and since when, area, capacity, preferred conflict types.
 * Name and contact details come with personal data; current cases and load with pairing. */
#include "labels.h"
#include "lines.h"

#include <stdio.h>
#include <stdlib.h>

/* One volunteer. */
typedef struct vol {
    tui_lines lines;
    char title[64];
} vol;

static void add_facts(tui_lines *l, const bb_volunteer *vo)
{
    char buf[1024];
    size_t used = 0;

    l->left_cols = 18;
    tui_lines_add(l, TUI_ST_HEADER, 0, _("Status"),
                  tui_label(BB_VOCAB_VOLUNTEER_STATUS, vo->status));
    tui_lines_add(l, TUI_ST_NORMAL, 0, _("Since"), vo->status_since);
    tui_lines_add(l, TUI_ST_NORMAL, 0, _("Area"), vo->area[0] ? vo->area : "-");
    snprintf(buf, sizeof buf, ngettext("%d case at a time", "%d cases at a time", vo->capacity),
             vo->capacity);
    tui_lines_add(l, TUI_ST_NORMAL, 0, _("Capacity"), buf);
    buf[0] = '\0';
    for (size_t i = 0; i < vo->n_types && used < sizeof buf; i++)
        used += (size_t)snprintf(buf + used, sizeof buf - used, "%s%s", i ? "; " : "",
                                 tui_label(BB_VOCAB_CONFLICT_TYPE, vo->types[i]));
    tui_lines_add(l, TUI_ST_NORMAL, 0, _("Prefers"), vo->n_types ? buf : "-");
    tui_lines_add(l, TUI_ST_NORMAL, 0, _("Registered"), vo->created_at);
}

static int vol_open(tui_view *v, void *arg)
{
    vol *vd;
    bb_volunteer *vo = NULL;
    int rc;

    if ((vd = calloc(1, sizeof *vd)) == NULL)
        return BB_ENOMEM;
    v->data = vd;
    if ((rc = bb_volunteer_get(v->app->ctx, arg, &vo)) != BB_OK) {
        tui_fail(v->app, rc, _("Cannot open the volunteer"));
        return rc;
    }
    snprintf(vd->title, sizeof vd->title, _("Volunteer %s"), vo->number);
    add_facts(&vd->lines, vo);
    bb_volunteer_free(vo);
    return BB_OK;
}

static void vol_close(tui_view *v)
{
    vol *vd = v->data;

    if (vd == NULL)
        return;
    tui_lines_clear(&vd->lines);
    free(vd);
}

static void vol_draw(tui_view *v)
{
    werase(v->win);
    tui_lines_draw(&((vol *)v->data)->lines, v->win, 0, getmaxy(v->win));
}

static int vol_request(tui_view *v, enum tui_request req, int key)
{
    return tui_lines_scroll(&((vol *)v->data)->lines, req, getmaxy(v->win));
}

static const char *vol_title(tui_view *v)
{
    return ((vol *)v->data)->title;
}

const tui_view_ops tui_view_volunteer = {
    .name = "volunteer",
    .scopes = TUI_S_BROWSE,
    .open = vol_open,
    .close = vol_close,
    .draw = vol_draw,
    .request = vol_request,
    .title = vol_title,
};
