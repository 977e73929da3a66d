/*
 * hash.h - incremental MD5/SHA-1/SHA-256 over one file with OpenSSL's EVP
 * interface.  Only the digests a scan needs are computed: SHA-256 for every
 * finding and for SHA-256 IOCs, MD5/SHA-1 only when IOC lists hold them.
 */
#ifndef SS_HASH_H
#define SS_HASH_H

#include <stddef.h>

enum { HASH_MD5 = 1, HASH_SHA1 = 2, HASH_SHA256 = 4, HASH_ALL = 7 };

typedef struct hasher hasher;

hasher *core_hasher_new(void); /* one per thread */
void core_hasher_free(hasher *h);
void core_hasher_start(hasher *h, unsigned kinds);
void core_hasher_update(hasher *h, const void *data, size_t len);
/* Writes raw digests into the arrays for the kinds started. */
void core_hasher_finish(hasher *h, unsigned char md5[16], unsigned char sha1[20], unsigned char sha256[32]);
void core_hex_encode(char *out, const unsigned char *digest, size_t len);

#endif
