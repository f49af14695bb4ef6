/* The migrations compiled from schema/ (see schema/embed.py). */
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

#endif
