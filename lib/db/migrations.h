/* The schema compiled from schema/ (see schema/embed.py): the migrations, and the current
 * sources of functions, triggers, policies and grants (schema/functions/). */
#ifndef BB_MIGRATIONS_H
#define BB_MIGRATIONS_H

typedef struct bb_migration {
    int version;
    const char *name;     /* "0001-base" */
    const char *checksum; /* SHA-256 of the file, hex */
    const char *sql;
} bb_migration;

extern const bb_migration bb_migrations__[];
extern const int bb_migrations__count;

typedef struct bb_source {
    const char *name;     /* "stats": schema/functions/stats.sql */
    int revision;         /* its "-- revision: N" line */
    const char *checksum; /* SHA-256 of the file, hex */
    const char *sql;
} bb_source;

/* In the order they are applied. */
extern const bb_source bb_sources__[];
extern const int bb_sources__count;

#endif
