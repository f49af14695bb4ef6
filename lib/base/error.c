#include "bb/error.h"
#include "base/i18n.h"

const char *bb_strerror(int status)
{
    switch (status) {
#define BB_ERROR_TEXT(name, value, text)                                                           \
    case value:                                                                                    \
        return _(text);
        BB_ERRORS(BB_ERROR_TEXT)
#undef BB_ERROR_TEXT
    default:
        return _("unknown error");
    }
}

const char *bb_status_name(int status)
{
    switch (status) {
#define BB_ERROR_NAME(name, value, text)                                                           \
    case value:                                                                                    \
        return #name;
        BB_ERRORS(BB_ERROR_NAME)
#undef BB_ERROR_NAME
    default:
        return "UNKNOWN";
    }
}
