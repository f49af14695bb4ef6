/* Every action of bbtui, once (tig's include/tig/request.h): the keymap, the help screen and
 * the function-key bar are all generated from this table, so they cannot disagree.
 *
 *   X(NAME, SCOPES, KEY, ALT_KEY, FKEY, BAR_LABEL, HELP)
 *
 * SCOPES: the kinds of screen the action belongs to (TUI_S_*, see tui.h); a key means the first
 * action of the table whose scope the current screen has, so SAVE (forms) shadows NEW on F2.
 * KEY, ALT_KEY: a character ('j'), TUI_FN(KEY_DOWN) for a curses key, or 0. FKEY: the number of
 * the function key (1..12) that also does it and puts it on the bar, 0 for none. BAR_LABEL
 * (short) and HELP are English and translated with _().
 *
 * On screens that take text (forms, prompts) printable characters
 * are typed, never taken as actions: there only the function keys, Esc, Tab, Enter, the
 * arrows and Ctrl keys act. That is why every action a form needs has a function key. */
#ifndef BB_TUI_REQUEST_H
#define BB_TUI_REQUEST_H

/* clang-format off */
#define TUI_REQUESTS(X)                                                                            \
    X(HELP, TUI_S_ALL, '?', 0, 1, N_("Help"), N_("Show every key (this screen)"))                  \
    X(SAVE, TUI_S_FORM, TUI_CTRL('s'), 0, 2, N_("Save"), N_("Save the form"))                       \
    X(NEW, TUI_S_BROWSE, 'n', 0, 2, N_("New"), N_("Register a new report"))                        \
    X(SEARCH, TUI_S_LIST, '/', 0, 3, N_("Search"),                                                 \
      N_("Search: a case number opens that case, other text filters the list"))                    \
    X(FILTER, TUI_S_LIST, 'f', 0, 4, N_("Filter"),                                                \
      N_("Filter the list by status, area, source or volunteer"))                                  \
    X(PICK, TUI_S_FORM, 0, 0, 4, N_("List"), N_("Choose the value of this field from a list"))     \
    X(RELOAD, TUI_S_BROWSE, 'R', 0, 5, N_("Reload"), N_("Read this screen again from the database"))\
    X(MOVE, TUI_S_CASE, 'm', 0, 6, N_("Move"), N_("Move the case to one of its next steps"))       \
    X(CLOSE, TUI_S_CASE, 'c', 0, 7, N_("Close"), N_("Close the case with an outcome"))             \
    X(VOID, TUI_S_CASE, 'X', 0, 0, N_("Void case"),                                                \
      N_("Void a case registered by mistake: out of figures and lists, personal data destroyed"))  \
    X(REOPEN, TUI_S_CASE, 'o', 0, 0, N_("Reopen"), N_("Reopen a case closed by mistake"))          \
    X(EDIT, TUI_S_CASE, 'e', 0, 0, N_("Edit"),                                                     \
      N_("Edit the case: the intake decision, the referral source, the area"))                     \
    X(PAIR, TUI_S_CASE, 'p', 0, 8, N_("Pair"),                                                    \
      N_("Pair two volunteers: the suggestions with their reasons"))                               \
    X(CONTACT, TUI_S_CASE, 'a', 0, 9, N_("Contact"),                                               \
      N_("Log a contact moment (kind, date, minutes, volunteers, note)"))                          \
    X(PARTY_ADD, TUI_S_CASE, 'P', 0, 0, N_("Add party"),                                          \
      N_("Add a party: role, name, address, phone, e-mail and the attributes (needs the keys)"))   \
    X(PARTY_EDIT, TUI_S_CASE, 'E', 0, 0, N_("Edit party"),                                        \
      N_("Edit a party of the case (needs the keys)"))                                             \
    X(CONTACT_FIX, TUI_S_CASE, 'C', 0, 0, N_("Correct contact"),                                 \
      N_("Correct a contact moment: edit it, or remove one logged by mistake"))                    \
    X(PARTY_FIX, TUI_S_CASE, 'M', 0, 0, N_("Move/remove party"),                                 \
      N_("Move a party to its right case, or remove one added by mistake (needs the keys)"))      \
    X(REFER, TUI_S_CASE, 'D', 0, 0, N_("Refer"),                                                  \
      N_("Refer the case to professional mediation: practice, reason, date, mediator"))            \
    X(FOLLOWUP, TUI_S_CASE, 'F', 0, 0, N_("Follow-up"),                                          \
      N_("Record a follow-up: per party, do the agreements hold, did the situation improve"))      \
    X(REPORTED_BACK, TUI_S_CASE, 'r', 0, 0, N_("Reported back"),                                   \
      N_("Record that the outcome was reported back to the referrer today"))                       \
    X(QUIT, TUI_S_ALL, 'Q', TUI_CTRL('c'), 10, N_("Quit"),                                         \
      N_("Quit bbtui (asks first when something is not saved)"))                                   \
    X(BACK, TUI_S_ALL, 27, 'q', 0, N_("Back"),                                                     \
      N_("Go back; on the start screen: quit (asks first when something is not saved)"))           \
    X(TODAY, TUI_S_BROWSE, '1', 0, 0, N_("Today"), N_("Go to the start screen (Today)"))           \
    X(CASES, TUI_S_BROWSE, '2', 0, 0, N_("Cases"), N_("Go to the list of cases"))                  \
    X(VOLUNTEERS, TUI_S_BROWSE, '3', 'v', 0, N_("Volunteers"), N_("Go to the list of volunteers")) \
    X(REFERRALS, TUI_S_BROWSE, '4', 0, 0, N_("Referrals"),                                         \
      N_("Go to the referrals to professional mediation"))                                         \
    X(FIGURES, TUI_S_BROWSE, '5', 0, 0, N_("Figures"),                                             \
      N_("Go to the figures of a period (as bbctl stats)"))                                        \
    X(PERIOD, TUI_S_FIGURES, 'p', 0, 4, N_("Period"),                                              \
      N_("Choose the period of the figures: 2024-Q3, 2024-H1, 2024 or pilot"))                     \
    X(UP, TUI_S_BROWSE | TUI_S_DIALOG, 'k', TUI_FN(KEY_UP), 0, N_("Up"), N_("Up one line"))        \
    X(DOWN, TUI_S_BROWSE | TUI_S_DIALOG, 'j', TUI_FN(KEY_DOWN), 0, N_("Down"),                     \
      N_("Down one line"))                                                                         \
    X(TOGGLE, TUI_S_DIALOG, ' ', 0, 0, N_("Select"),                                               \
      N_("In a list where several may be chosen: select or deselect the line"))                    \
    X(PAGE_UP, TUI_S_BROWSE | TUI_S_DIALOG, TUI_FN(KEY_PPAGE), 'b', 0, N_("Page up"),              \
      N_("Previous page"))                                                                         \
    X(PAGE_DOWN, TUI_S_BROWSE | TUI_S_DIALOG, TUI_FN(KEY_NPAGE), ' ', 0, N_("Page down"),          \
      N_("Next page"))                                                                             \
    X(FIRST, TUI_S_BROWSE | TUI_S_DIALOG, TUI_FN(KEY_HOME), 'g', 0, N_("First"),                   \
      N_("To the first line (of a list: its first page)"))                                         \
    X(LAST, TUI_S_BROWSE | TUI_S_DIALOG, TUI_FN(KEY_END), 'G', 0, N_("Last"),                      \
      N_("To the last line on screen"))                                                            \
    X(ENTER, TUI_S_BROWSE | TUI_S_DIALOG | TUI_S_FORM, '\r', TUI_FN(KEY_ENTER), 0, N_("Open"),      \
      N_("Open the line under the cursor; in a form: next field, or the list of a list field"))    \
    X(NEXT_FIELD, TUI_S_FORM, '\t', TUI_FN(KEY_DOWN), 0, N_("Next field"), N_("To the next field"))\
    X(PREV_FIELD, TUI_S_FORM, TUI_FN(KEY_BTAB), TUI_FN(KEY_UP), 0, N_("Previous field"),           \
      N_("To the previous field"))                                                                 \
    X(UNLOCK, TUI_S_BROWSE, 'u', 0, 0, N_("Unlock"),                                               \
      N_("Unlock personal data with your passphrase"))                                             \
    X(LOCK, TUI_S_BROWSE, 'L', 0, 0, N_("Lock"),                                                   \
      N_("Lock now: hide the screen and forget the keys"))                                         \
    X(REDRAW, TUI_S_ALL, TUI_CTRL('l'), 0, 0, N_("Redraw"), N_("Draw the whole screen again"))
/* clang-format on */

enum tui_request {
    TUI_REQ_NONE = 0, /* a key that is no action here: typed text, or nothing */
#define TUI_REQ_ENUM(name, scopes, key, alt, fkey, bar, help) TUI_REQ_##name,
    TUI_REQUESTS(TUI_REQ_ENUM)
#undef TUI_REQ_ENUM
        TUI_REQ_COUNT
};

#endif
