/* The benchmark log (docs/benchmarks-tui.md): with BBTUI_BENCH=FILE, bbtui appends one line
 * per event to FILE: the milliseconds since start, then what happened ("first_screen ...",
 * "key j view cases ms 0.412"). Without it, nothing is measured or written. */
#include "tui.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>

static FILE *bench;
static double started;

void tui_bench_open(void)
{
    const char *path = getenv("BBTUI_BENCH");

    started = tui_now();
    if (path == NULL || *path == '\0')
        return;
    bench = fopen(path, "a");
    if (bench != NULL)
        setvbuf(bench, NULL, _IOLBF, 0);
}

bool tui_bench_on(void)
{
    return bench != NULL;
}

void tui_bench_log(const char *fmt, ...)
{
    va_list ap;

    if (bench == NULL)
        return;
    fprintf(bench, "%.3f ", (tui_now() - started) * 1000.0);
    va_start(ap, fmt);
    vfprintf(bench, fmt, ap);
    va_end(ap);
    fputc('\n', bench);
}

void tui_bench_close(void)
{
    struct rusage ru;

    if (bench == NULL)
        return;
    if (getrusage(RUSAGE_SELF, &ru) == 0)
        tui_bench_log("max_rss_kib %ld", ru.ru_maxrss);
    fclose(bench);
    bench = NULL;
}
