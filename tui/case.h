/* The case screen, shared by its display (view-case.c: reading the case and drawing it) and
 * its actions (case-actions.c: move, close, reported back, pair, edit, and opening the forms
 * of a contact moment, a party and a follow-up; case-correct.c: correcting contact moments and
 * parties). */
#ifndef BB_TUI_CASE_H
#define BB_TUI_CASE_H

#include "lines.h"
#include "tui.h"

/* An action on the case, kept while it runs so that after a conflict it can be done again
 * on the new version ("do my change on the new version"). */
enum tui_case_act {
    TUI_CASE_MOVE,
    TUI_CASE_REPORTED_BACK,
    TUI_CASE_PAIR,
    TUI_CASE_EDIT,
};

/* What an edit (e) changes. */
enum tui_case_edit {
    TUI_CASE_EDIT_SUITABLE,
    TUI_CASE_EDIT_NOT_SUITABLE,
    TUI_CASE_EDIT_SOURCE,
    TUI_CASE_EDIT_AREA,
};

typedef struct tui_case_action {
    enum tui_case_act what;
    char key[BB_KEY_SIZE];        /* MOVE, CLOSE, EDIT: the status, outcome or key chosen */
    char pair[2][BB_NUMBER_SIZE]; /* PAIR: the volunteers chosen */
    enum tui_case_edit edit;      /* EDIT: what, to key (or to area) */
    char area[BB_AREA_SIZE];
    bb_pair_list *pairs; /* the suggestions while their list is open */
    char contact[BB_UUID_SIZE]; /* C: the contact moment chosen */
    int party;                  /* M: the number of the party chosen */
} tui_case_action;

typedef struct tui_case_view {
    char number[BB_NUMBER_SIZE];
    bb_case *c;
    bb_case_event_list *events;
    bb_contact_list *contacts;
    bb_followup_list *followups;
    bb_party_list *parties; /* decrypted names only with the keys; wiped when freed */
    int stage;              /* read so far: 0 the case, 1 and its parties, 2 and its timeline */
    tui_lines lines;
    char title[96];
    bool unlocked;          /* whether the parties were read with the keys */
    tui_case_action action; /* case-actions.c */
} tui_case_view;

/* view-case.c */
/* Reads the case, its parties and its timeline again and rebuilds the lines. */
int tui_case_load(tui_view *v);
/* Whether the workflow leads nowhere from status: reached by closing, never by moving. */
bool tui_case_is_final(const char *status);
/* The statuses the case may move to (closing aside) into to[max]; returns how many. */
size_t tui_case_next_steps(const bb_case *c, const char **to, size_t max);

/* case-actions.c */
/* Answers an action of the case screen (request.h, scope TUI_S_CASE): TUI_* flags, or
 * TUI_UNHANDLED when req is none. */
int tui_case_act(tui_view *v, enum tui_request req);
/* Frees what an action holds (the suggestions). */
void tui_case_action_free(tui_case_action *a);
/* Whether the keys are there and the case was read with them; else says why (untranslated
 * by the caller: already _()), asks the passphrase, and the key is to be pressed again. */
bool tui_case_keys_ready(tui_view *v, const char *why);
/* A pick list of the case's parties (read with the keys): number, role, name; fn gets the
 * index. */
int tui_case_pick_party(tui_view *v, int tag, const char *title, tui_answer_fn fn);

/* case-correct.c */
/* C: choose a contact moment, then edit it or remove it. */
int tui_case_fix_contact(tui_view *v);
/* M: choose a party, then move it to another case or remove it (needs the keys). */
int tui_case_fix_party(tui_view *v);

#endif
