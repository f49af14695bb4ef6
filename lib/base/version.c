#include "bb.h"
#include "config.h"

const char *bb_version(void)
{
    return BB_VERSION;
}
