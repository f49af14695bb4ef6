/* gettext for libbb's own messages: always the "bb" domain, whatever the program's. */
#ifndef BB_I18N_H
#define BB_I18N_H

#include <libintl.h>

#define _(s)  dgettext(GETTEXT_PACKAGE, s)
#define N_(s) s

#endif
