/*
 * pe_version.c - reads the fixed file version (VS_FIXEDFILEINFO) of a PE
 * image, so `shellsift exchange` can name the exact build of ExSetup.exe on
 * a mounted disk, security update included.  The image comes from a possibly
 * compromised host, so nothing in it is trusted: every offset and size is
 * checked against the buffer in 64-bit arithmetic before use, the section
 * and entry counts are bounded, and the resource tree is walked iteratively
 * through exactly its three levels, refusing deeper trees and loops.
 */
#include <stdint.h>
#include <string.h>

#include "exchange/exchange.h"

#define RT_VERSION 16
#define MAX_SECTIONS 96 /* the Windows loader's historical limit (PE spec) */
#define RES_LEVELS 3    /* type, name, language */
#define VS_FFI_SIGNATURE 0xFEEF04BDu
#define VS_FFI_SIZE 52u /* 13 DWORDs */

typedef struct {
  const unsigned char *buf;
  size_t len;
  size_t sect_off;  /* file offset of the section table */
  unsigned nsect;
} pe_image;

/* True if [off, off + n) lies inside a buffer of len bytes. */
static int fits(size_t len, uint64_t off, uint64_t n) {
  return off <= len && n <= (uint64_t)len - off;
}

static uint16_t le16(const unsigned char *p) { return (uint16_t)(p[0] | p[1] << 8); }

static uint32_t le32(const unsigned char *p) {
  return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* Maps an RVA to a file offset through the section table; *avail is how many
 * file-backed bytes of that section (and of the buffer) follow it.  Returns
 * -1 if no section holds the RVA in its raw data. */
static int rva_to_off(const pe_image *pe, uint32_t rva, size_t *off, size_t *avail) {
  for (unsigned i = 0; i < pe->nsect; i++) {
    const unsigned char *s = pe->buf + pe->sect_off + (size_t)i * 40;
    uint32_t vsize = le32(s + 8), va = le32(s + 12), rawsize = le32(s + 16), rawptr = le32(s + 20);
    uint64_t span = rawsize;
    if (vsize != 0 && vsize < span) span = vsize; /* beyond VirtualSize the loader maps nothing */
    if (rva < va || (uint64_t)rva - va >= span) continue;
    uint64_t delta = (uint64_t)rva - va, start = (uint64_t)rawptr + delta;
    if (start >= pe->len) return -1;
    uint64_t left = span - delta, inbuf = (uint64_t)pe->len - start;
    *off = (size_t)start;
    *avail = (size_t)(left < inbuf ? left : inbuf);
    return 0;
  }
  return -1;
}

/* Parses the headers; fills pe and the resource directory's RVA. */
static const char *read_headers(pe_image *pe, uint32_t *res_rva) {
  const unsigned char *b = pe->buf;
  size_t len = pe->len;
  if (len < 64 || b[0] != 'M' || b[1] != 'Z') return "not a PE file";
  uint32_t lfanew = le32(b + 0x3C);
  if (!fits(len, lfanew, 4)) return "not a PE file";
  if (memcmp(b + lfanew, "PE\0\0", 4) != 0) return "not a PE file";
  uint64_t coff = (uint64_t)lfanew + 4;
  if (!fits(len, coff, 20)) return "truncated";
  unsigned nsect = le16(b + coff + 2);
  uint16_t optsize = le16(b + coff + 16);
  uint64_t opt = coff + 20;
  if (!fits(len, opt, optsize)) return "truncated";
  if (optsize < 2) return "no optional header";
  uint16_t magic = le16(b + opt);
  uint64_t ndirs_at, dirs_at;
  if (magic == 0x10b) ndirs_at = 92, dirs_at = 96;        /* PE32 */
  else if (magic == 0x20b) ndirs_at = 108, dirs_at = 112; /* PE32+ */
  else return "not a PE32 or PE32+ image";
  if (optsize < ndirs_at + 4) return "no version resource"; /* no data directories */
  uint32_t ndirs = le32(b + opt + ndirs_at);
  uint64_t res_dir = dirs_at + 2 * 8; /* entry 2: resources */
  if (ndirs <= 2 || optsize < res_dir + 8) return "no version resource";
  *res_rva = le32(b + opt + res_dir);
  if (*res_rva == 0 || le32(b + opt + res_dir + 4) == 0) return "no version resource";
  if (nsect > MAX_SECTIONS) return "too many sections";
  uint64_t sect = opt + optsize;
  if (!fits(len, sect, (uint64_t)nsect * 40)) return "truncated";
  pe->sect_off = (size_t)sect;
  pe->nsect = nsect;
  return NULL;
}

/* Walks type RT_VERSION -> first name -> first language down to the data
 * entry, and returns its RVA and size.  Directory offsets are relative to
 * the root, which lies at root_off with root_avail bytes of it readable. */
static const char *find_version_entry(const pe_image *pe, size_t root_off, size_t root_avail,
                                      uint32_t *data_rva, uint32_t *data_size) {
  const unsigned char *root = pe->buf + root_off;
  uint32_t seen[RES_LEVELS];
  uint32_t dir = 0; /* relative offset of the directory being read */
  for (unsigned level = 0; level < RES_LEVELS; level++) {
    for (unsigned i = 0; i < level; i++)
      if (seen[i] == dir) return "resource directory loop";
    seen[level] = dir;
    if (!fits(root_avail, dir, 16)) return "truncated";
    unsigned nnamed = le16(root + dir + 12), nids = le16(root + dir + 14);
    uint64_t n = (uint64_t)nnamed + nids; /* at most 131070, bounded again by fits() */
    if (!fits(root_avail, (uint64_t)dir + 16, n * 8)) return "truncated";
    const unsigned char *e = NULL;
    if (level == 0) {
      for (uint64_t i = nnamed; i < n && !e; i++) { /* IDs follow the named entries */
        const unsigned char *c = root + dir + 16 + i * 8;
        if (le32(c) == RT_VERSION) e = c; /* a name has the high bit set */
      }
    } else if (n > 0) {
      e = root + dir + 16;
    }
    if (!e) return "no version resource";
    uint32_t target = le32(e + 4);
    int is_dir = (target & 0x80000000u) != 0;
    target &= 0x7FFFFFFFu;
    if (level + 1 < RES_LEVELS) {
      if (!is_dir) return "bad resource directory";
      dir = target;
      continue;
    }
    if (is_dir) return "resource directory too deep";
    if (!fits(root_avail, target, 16)) return "truncated";
    *data_rva = le32(root + target);
    *data_size = le32(root + target + 4);
    return NULL;
  }
  return "bad resource directory"; /* not reached: the last level returns */
}

/* Reads VS_VERSIONINFO at p (size bytes) into out. */
static const char *read_versioninfo(const unsigned char *p, size_t size, ex_version *out) {
  static const char key[] = "VS_VERSION_INFO"; /* 15 chars + NUL, in UTF-16LE */
  const size_t key_at = 6, value_at = (key_at + sizeof key * 2 + 3) & ~(size_t)3; /* 40 */
  if (size < 6) return "truncated";
  uint16_t wlength = le16(p), wvaluelength = le16(p + 2), wtype = le16(p + 4);
  if (wlength > size) return "truncated";
  if (wtype > 1) return "bad version resource";
  if (wlength < value_at) return "bad version resource";
  for (size_t i = 0; i < sizeof key; i++)
    if (le16(p + key_at + 2 * i) != (unsigned char)key[i]) return "bad version resource";
  if (wvaluelength < VS_FFI_SIZE) return "no fixed file info";
  if ((uint64_t)value_at + VS_FFI_SIZE > wlength) return "truncated";
  const unsigned char *ffi = p + value_at;
  if (le32(ffi) != VS_FFI_SIGNATURE) return "bad fixed file info signature";
  uint32_t ms = le32(ffi + 8), ls = le32(ffi + 12);
  out->major = (int)(ms >> 16);
  out->minor = (int)(ms & 0xFFFF);
  out->build = (int)(ls >> 16);
  out->revision = (int)(ls & 0xFFFF);
  return NULL;
}

int exchange_pe_file_version(const unsigned char *buf, size_t len, ex_version *out, const char **why) {
  pe_image pe = {buf, len, 0, 0};
  uint32_t res_rva = 0, data_rva = 0, data_size = 0;
  size_t root_off, root_avail, data_off, data_avail;
  const char *err;
  ex_version v;
  if (!buf) len = 0, pe.len = 0;
  if ((err = read_headers(&pe, &res_rva))) goto out;
  err = "resource directory outside the file";
  if (rva_to_off(&pe, res_rva, &root_off, &root_avail) < 0) goto out;
  if ((err = find_version_entry(&pe, root_off, root_avail, &data_rva, &data_size))) goto out;
  err = "version resource outside the file";
  if (rva_to_off(&pe, data_rva, &data_off, &data_avail) < 0) goto out;
  err = "truncated";
  if (data_size > data_avail) goto out;
  if ((err = read_versioninfo(buf + data_off, data_size, &v))) goto out;
  *out = v;
out:
  if (err && why) *why = err;
  return err ? -1 : 0;
}
