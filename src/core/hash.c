/*
 * hash.c - the digests behind hash IOCs and finding records (see hash.h).
 * EVP_MD objects are fetched once per hasher: an implicit fetch on every
 * EVP_DigestInit costs more than hashing a small script file.
 */
#include "core/hash.h"

#include <openssl/evp.h>
#include <stdlib.h>

#include "util/util.h"

struct hasher {
  EVP_MD *md[3];
  EVP_MD_CTX *ctx[3];
  unsigned kinds;
};

static const char *const md_names[3] = {"MD5", "SHA1", "SHA256"};

hasher *core_hasher_new(void) {
  hasher *h = xcalloc(1, sizeof *h);
  for (int i = 0; i < 3; i++) {
    h->md[i] = EVP_MD_fetch(NULL, md_names[i], NULL);
    h->ctx[i] = EVP_MD_CTX_new();
    if (!h->md[i] || !h->ctx[i]) {
      core_hasher_free(h);
      return NULL;
    }
  }
  return h;
}

void core_hasher_free(hasher *h) {
  if (!h) return;
  for (int i = 0; i < 3; i++) {
    EVP_MD_CTX_free(h->ctx[i]);
    EVP_MD_free(h->md[i]);
  }
  free(h);
}

void core_hasher_start(hasher *h, unsigned kinds) {
  h->kinds = kinds & HASH_ALL;
  for (int i = 0; i < 3; i++)
    if (h->kinds & (1u << i)) EVP_DigestInit_ex(h->ctx[i], h->md[i], NULL);
}

void core_hasher_update(hasher *h, const void *data, size_t len) {
  for (int i = 0; i < 3; i++)
    if (h->kinds & (1u << i)) EVP_DigestUpdate(h->ctx[i], data, len);
}

void core_hasher_finish(hasher *h, unsigned char md5[16], unsigned char sha1[20], unsigned char sha256[32]) {
  unsigned char *out[3] = {md5, sha1, sha256};
  for (int i = 0; i < 3; i++)
    if (h->kinds & (1u << i)) EVP_DigestFinal_ex(h->ctx[i], out[i], NULL);
}

void core_hex_encode(char *out, const unsigned char *digest, size_t len) {
  static const char hex[] = "0123456789abcdef";
  for (size_t i = 0; i < len; i++) {
    out[2 * i] = hex[digest[i] >> 4];
    out[2 * i + 1] = hex[digest[i] & 15];
  }
  out[2 * len] = '\0';
}
