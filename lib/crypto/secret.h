/* Secret-key memory and process hygiene (internal; front ends never see key bytes).
 *
 * A bb_secret holds key bytes in sodium_malloc() memory: guard pages around it, a canary,
 * mlock()ed so it is not swapped, and mprotect()ed to no access while nobody uses it. Code
 * that needs the bytes brackets the use with bb_secret__read()/bb_secret__write() and
 * bb_secret__release(). Like a bb_ctx, a bb_secret is used by one thread at a time. */
#ifndef BB_CRYPTO_SECRET_H
#define BB_CRYPTO_SECRET_H

#include <stddef.h>
#include <stdint.h>

typedef struct bb_secret bb_secret;

/* Initialises libsodium once; safe to call any number of times and from any thread.
 * Returns BB_OK, or BB_ECRYPTO when libsodium cannot start (no randomness source). */
int bb_crypto__init(void);

/* Stops this process from writing core dumps (RLIMIT_CORE 0) and, on Linux, marks it not
 * dumpable (PR_SET_DUMPABLE 0: no core file, no ptrace or /proc/PID/mem by the same user).
 * Front ends call this first thing. Returns BB_OK, or BB_EIO when a system call failed. */
int bb_crypto__disable_core_dumps(void);

/* Allocates len (1..4096) zero bytes of secret memory. On success *out is a new secret (free
 * with bb_secret__free). On error (BB_EINVAL, BB_ENOMEM, BB_ECRYPTO) *out is unchanged. */
int bb_secret__new(size_t len, bb_secret **out);

/* Like bb_secret__new, filled with len bytes from the system's CSPRNG: a fresh key. */
int bb_secret__random(size_t len, bb_secret **out);

/* Like bb_secret__new, filled with a copy of bytes[0..len). The caller still owns (and should
 * wipe) its own copy. */
int bb_secret__from_bytes(const uint8_t *bytes, size_t len, bb_secret **out);

/* Makes the bytes readable and returns them, borrowed until the matching bb_secret__release.
 * Calls nest. Returns NULL (and changes nothing) when s is NULL or protection failed. */
const uint8_t *bb_secret__read(bb_secret *s);

/* Like bb_secret__read, but the bytes are also writable until the matching release. */
uint8_t *bb_secret__write(bb_secret *s);

/* Ends one read/write; the last one makes the memory inaccessible again. NULL-safe. */
void bb_secret__release(bb_secret *s);

/* Number of key bytes; 0 for NULL. */
size_t bb_secret__len(const bb_secret *s);

/* 1 if both hold the same bytes (constant time in the length), else 0. */
int bb_secret__equal(bb_secret *a, bb_secret *b);

/* Wipes and frees. NULL-safe. Every read/write must have been released. */
void bb_secret__free(bb_secret *s);

#endif
