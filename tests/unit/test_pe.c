/*
 * test_pe.c - the PE version-resource reader on real Windows executables
 * built by tests/pe/make-fixtures (mingw-w64) into a temporary directory,
 * then on hostile variants made in memory from them: every truncation,
 * corrupted headers, section table, resource tree (loops, too deep, huge
 * counts) and VS_VERSIONINFO.  Each variant is a heap block of exactly its
 * length so the sanitizers see any read past the end.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "exchange/exchange.h"
#include "test.h"

static char fixdir[64];
static int have_fixtures;

typedef struct {
  unsigned char *buf;
  size_t len;
} blob;

static blob load(const char *name) {
  blob b = {NULL, 0};
  char path[256];
  snprintf(path, sizeof path, "%s/%s", fixdir, name);
  FILE *f = fopen(path, "rb");
  if (!f) return b;
  if (fseek(f, 0, SEEK_END) == 0) {
    long n = ftell(f);
    if (n > 0 && fseek(f, 0, SEEK_SET) == 0) {
      b.buf = malloc((size_t)n);
      if (b.buf && fread(b.buf, 1, (size_t)n, f) == (size_t)n) b.len = (size_t)n;
    }
  }
  fclose(f);
  if (!b.len) free(b.buf), b.buf = NULL;
  return b;
}

/* Runs the reader on an exact-size heap copy of the first len bytes of src. */
static int run(const unsigned char *src, size_t len, ex_version *v, const char **why) {
  unsigned char *copy = malloc(len ? len : 1);
  if (len) memcpy(copy, src, len);
  *why = NULL;
  memset(v, 0xAB, sizeof *v);
  int rc = exchange_pe_file_version(len ? copy : NULL, len, v, why);
  free(copy);
  if (rc == 0) {
    CHECK(v->major >= 0 && v->major <= 65535 && v->minor >= 0 && v->minor <= 65535);
    CHECK(v->build >= 0 && v->build <= 65535 && v->revision >= 0 && v->revision <= 65535);
  } else {
    CHECK(rc == -1 && *why && **why);
  }
  return rc;
}

static int same(const ex_version *v, int a, int b, int c, int d) {
  return v->major == a && v->minor == b && v->build == c && v->revision == d;
}

/* ---- an independent walk to the fixture's structures, for the corruptions ---- */

static uint32_t g32(const unsigned char *p) {
  return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}
static unsigned g16(const unsigned char *p) { return (unsigned)(p[0] | p[1] << 8); }
static void p32(unsigned char *p, uint32_t v) {
  p[0] = (unsigned char)v, p[1] = (unsigned char)(v >> 8), p[2] = (unsigned char)(v >> 16),
  p[3] = (unsigned char)(v >> 24);
}
static void p16(unsigned char *p, unsigned v) { p[0] = (unsigned char)v, p[1] = (unsigned char)(v >> 8); }

typedef struct {
  size_t lfanew, coff, opt, res_dirent; /* the data directory entry for resources */
  size_t sect, nsect, rsrc_sect;        /* section table, count, the .rsrc header */
  size_t root;                          /* file offset of the resource root */
  uint32_t root_rva;
  size_t type_entry, name_dir, name_entry, lang_dir, lang_entry, data_entry;
  size_t vs, vs_size;                   /* VS_VERSIONINFO file offset and size */
} layout;

static size_t off_of(const blob *b, const layout *l, uint32_t rva) {
  for (size_t i = 0; i < l->nsect; i++) {
    const unsigned char *s = b->buf + l->sect + i * 40;
    uint32_t va = g32(s + 12), raw = g32(s + 16);
    if (rva >= va && rva - va < raw) return g32(s + 20) + (rva - va);
  }
  return 0;
}

/* Fills l for a well-formed fixture with a version resource; 0 on success. */
static int find_layout(const blob *b, layout *l) {
  memset(l, 0, sizeof *l);
  l->lfanew = g32(b->buf + 0x3C);
  l->coff = l->lfanew + 4;
  l->opt = l->coff + 20;
  l->nsect = g16(b->buf + l->coff + 2);
  int pe32plus = g16(b->buf + l->opt) == 0x20b;
  l->res_dirent = l->opt + (pe32plus ? 112 : 96) + 16;
  l->sect = l->opt + g16(b->buf + l->coff + 16);
  l->root_rva = g32(b->buf + l->res_dirent);
  for (size_t i = 0; i < l->nsect; i++)
    if (memcmp(b->buf + l->sect + i * 40, ".rsrc", 6) == 0) l->rsrc_sect = l->sect + i * 40;
  l->root = off_of(b, l, l->root_rva);
  if (!l->rsrc_sect || !l->root) return -1;
  const unsigned char *r = b->buf + l->root;
  size_t n = g16(r + 12) + g16(r + 14);
  for (size_t i = g16(r + 12); i < n; i++)
    if (g32(r + 16 + i * 8) == 16) l->type_entry = l->root + 16 + i * 8;
  if (!l->type_entry) return -1;
  l->name_dir = l->root + (g32(b->buf + l->type_entry + 4) & 0x7FFFFFFF);
  l->name_entry = l->name_dir + 16;
  l->lang_dir = l->root + (g32(b->buf + l->name_entry + 4) & 0x7FFFFFFF);
  l->lang_entry = l->lang_dir + 16;
  l->data_entry = l->root + g32(b->buf + l->lang_entry + 4);
  l->vs = off_of(b, l, g32(b->buf + l->data_entry));
  l->vs_size = g32(b->buf + l->data_entry + 4);
  return l->vs ? 0 : -1;
}

/* ---- the fixtures as built ---- */

static void test_fixtures(void) {
  static const struct {
    const char *name;
    int v[4];
    const char *why; /* NULL: a version is expected */
  } cases[] = {
      {"exsetup-x64.exe", {15, 1, 2375, 37}, NULL},
      {"exsetup-x86.exe", {15, 0, 1497, 44}, NULL},
      {"exchange-x64.dll", {15, 2, 1118, 20}, NULL},
      {"multi.exe", {15, 2, 986, 42}, NULL},
      {"noversion.exe", {0, 0, 0, 0}, "no version resource"},
      {"noversion-rc.exe", {0, 0, 0, 0}, "no version resource"},
  };
  CHECK(have_fixtures);
  if (!have_fixtures) return;
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    blob b = load(cases[i].name);
    CHECK(b.buf != NULL);
    if (!b.buf) continue;
    ex_version v;
    const char *why;
    int rc = run(b.buf, b.len, &v, &why);
    if (cases[i].why) {
      CHECK(rc == -1);
      CHECK_STREQ(why, cases[i].why);
    } else {
      CHECK(rc == 0);
      if (rc != 0) fprintf(stderr, "%s: %s\n", cases[i].name, why);
      CHECK(same(&v, cases[i].v[0], cases[i].v[1], cases[i].v[2], cases[i].v[3]));
    }
    free(b.buf);
  }
}

static void test_not_pe(void) {
  ex_version v;
  const char *why;
  CHECK(run((const unsigned char *)"", 0, &v, &why) == -1);
  CHECK_STREQ(why, "not a PE file");
  CHECK(exchange_pe_file_version(NULL, 100, &v, &why) == -1);
  CHECK(exchange_pe_file_version((const unsigned char *)"MZ", 2, &v, NULL) == -1); /* why is optional */
  const char *text = "<%@ Page Language=\"C#\" %> not an executable, but long enough to look at";
  CHECK(run((const unsigned char *)text, strlen(text), &v, &why) == -1);
  CHECK_STREQ(why, "not a PE file");
  unsigned char mz[128] = {'M', 'Z'};
  CHECK(run(mz, sizeof mz, &v, &why) == -1); /* e_lfanew 0: "MZ\0\0" is no "PE\0\0" */
  CHECK_STREQ(why, "not a PE file");
}

/* ---- truncation ---- */

/* Every prefix shorter than the end of the version data fails; every longer
 * one reads the right version.  Coarse steps overall, every byte around the
 * headers and the resource structures. */
static void check_truncations(const char *name, int a, int b2, int c, int d) {
  blob b = load(name);
  layout l;
  CHECK(b.buf && find_layout(&b, &l) == 0);
  if (!b.buf) return;
  size_t need = l.vs + l.vs_size;
  CHECK(need <= b.len);
  unsigned char *tested = calloc(b.len + 1, 1);
  size_t fine[][2] = {
      {0, l.sect + l.nsect * 40 + 64},
      {l.root > 64 ? l.root - 64 : 0, l.lang_entry + 64},
      {l.data_entry - 16, l.data_entry + 32},
      {l.vs > 16 ? l.vs - 16 : 0, need + 16},
  };
  for (size_t r = 0; r < sizeof fine / sizeof fine[0]; r++)
    for (size_t n = fine[r][0]; n <= fine[r][1] && n <= b.len; n++) tested[n] = 1;
  for (size_t n = 0; n <= b.len; n += 61) tested[n] = 1;
  tested[b.len] = 1;
  for (size_t n = 0; n <= b.len; n++) {
    if (!tested[n]) continue;
    ex_version v;
    const char *why;
    int rc = run(b.buf, n, &v, &why);
    if (n < need) {
      CHECK(rc == -1);
      if (rc != -1) fprintf(stderr, "%s cut at %zu of %zu read a version\n", name, n, b.len);
    } else {
      CHECK(rc == 0 && same(&v, a, b2, c, d));
      if (rc != 0) fprintf(stderr, "%s cut at %zu: %s\n", name, n, why);
    }
  }
  free(tested);
  free(b.buf);
}

static void test_truncated(void) {
  if (!have_fixtures) return;
  check_truncations("exsetup-x64.exe", 15, 1, 2375, 37);
  check_truncations("exsetup-x86.exe", 15, 0, 1497, 44);
  check_truncations("multi.exe", 15, 2, 986, 42);
}

/* ---- targeted corruptions ---- */

typedef struct {
  blob b;
  layout l;
  unsigned char *work;
} victim;

static int victim_open(victim *x, const char *name) {
  x->b = load(name);
  x->work = NULL;
  if (!x->b.buf || find_layout(&x->b, &x->l) != 0) return -1;
  x->work = malloc(x->b.len);
  return 0;
}

static void victim_close(victim *x) {
  free(x->b.buf);
  free(x->work);
}

/* Writes a width-byte value at off in a fresh copy and runs the reader;
 * returns its result, the reason in *why.  A success must be the original
 * version (the corruption was harmless). */
static int poke(victim *x, size_t off, int width, uint32_t value, const char **why) {
  memcpy(x->work, x->b.buf, x->b.len);
  if (width == 4) p32(x->work + off, value);
  else if (width == 2) p16(x->work + off, value);
  else x->work[off] = (unsigned char)value;
  ex_version v;
  int rc = run(x->work, x->b.len, &v, why);
  if (rc == 0) {
    CHECK(same(&v, 15, 1, 2375, 37));
    if (!same(&v, 15, 1, 2375, 37))
      fprintf(stderr, "poke %zu=%#x read %d.%d.%d.%d\n", off, (unsigned)value, v.major, v.minor,
              v.build, v.revision);
  }
  return rc;
}

#define EXPECT_FAIL(x, off, width, value, reason)                      \
  do {                                                                 \
    const char *why_;                                                  \
    CHECK(poke(x, off, width, value, &why_) == -1);                    \
    CHECK_STREQ(why_, reason);                                         \
  } while (0)

static void test_corrupt_headers(void) {
  victim x;
  if (!have_fixtures) return;
  CHECK(victim_open(&x, "exsetup-x64.exe") == 0);
  if (!x.work) {
    victim_close(&x);
    return;
  }
  const layout *l = &x.l;
  size_t len = x.b.len;
  EXPECT_FAIL(&x, 0, 1, 'Z', "not a PE file");
  EXPECT_FAIL(&x, 0x3C, 4, 0xFFFFFFFF, "not a PE file");
  EXPECT_FAIL(&x, 0x3C, 4, 0x80000000, "not a PE file");
  EXPECT_FAIL(&x, 0x3C, 4, (uint32_t)len, "not a PE file");
  EXPECT_FAIL(&x, 0x3C, 4, (uint32_t)len - 2, "not a PE file");
  EXPECT_FAIL(&x, 0x3C, 4, 0x3C, "not a PE file"); /* points at itself */
  EXPECT_FAIL(&x, 0x3C, 4, 0, "not a PE file");
  EXPECT_FAIL(&x, l->lfanew + 1, 1, 'X', "not a PE file");
  EXPECT_FAIL(&x, l->coff + 2, 2, 0xFFFF, "too many sections");
  EXPECT_FAIL(&x, l->coff + 2, 2, 97, "too many sections");
  EXPECT_FAIL(&x, l->coff + 2, 2, 0, "resource directory outside the file");
  EXPECT_FAIL(&x, l->coff + 16, 2, 0xFFFF, "truncated"); /* SizeOfOptionalHeader */
  EXPECT_FAIL(&x, l->coff + 16, 2, 0, "no optional header");
  EXPECT_FAIL(&x, l->coff + 16, 2, 100, "no version resource"); /* cuts the directories */
  EXPECT_FAIL(&x, l->opt, 2, 0x107, "not a PE32 or PE32+ image");
  EXPECT_FAIL(&x, l->opt + 108, 4, 2, "no version resource"); /* NumberOfRvaAndSizes */
  EXPECT_FAIL(&x, l->opt + 108, 4, 0, "no version resource");
  const char *why;
  CHECK(poke(&x, l->opt + 108, 4, 0xFFFFFFFF, &why) == 0); /* the count is not trusted */
  EXPECT_FAIL(&x, l->res_dirent, 4, 0, "no version resource");
  EXPECT_FAIL(&x, l->res_dirent + 4, 4, 0, "no version resource");
  CHECK(poke(&x, l->res_dirent + 4, 4, 0xFFFFFFFF, &why) == 0); /* nor the size */
  EXPECT_FAIL(&x, l->res_dirent, 4, 0xFFFFFFFF, "resource directory outside the file");
  EXPECT_FAIL(&x, l->res_dirent, 4, 0x7FFFFFFF, "resource directory outside the file");
  EXPECT_FAIL(&x, l->res_dirent, 4, (uint32_t)len * 64, "resource directory outside the file");
  victim_close(&x);
}

static void test_corrupt_sections(void) {
  victim x;
  if (!have_fixtures) return;
  CHECK(victim_open(&x, "exsetup-x64.exe") == 0);
  if (!x.work) {
    victim_close(&x);
    return;
  }
  size_t s = x.l.rsrc_sect, len = x.b.len;
  const char *why;
  EXPECT_FAIL(&x, s + 20, 4, 0xFFFFFFFF, "resource directory outside the file"); /* PointerToRawData */
  EXPECT_FAIL(&x, s + 20, 4, (uint32_t)len, "resource directory outside the file");
  EXPECT_FAIL(&x, s + 20, 4, (uint32_t)len - 8, "truncated");
  CHECK(poke(&x, s + 20, 4, (uint32_t)s, &why) == -1); /* the section table read as the root */
  EXPECT_FAIL(&x, s + 16, 4, 0, "resource directory outside the file"); /* SizeOfRawData */
  EXPECT_FAIL(&x, s + 16, 4, 8, "truncated");
  EXPECT_FAIL(&x, s + 12, 4, 0xFFFFFFFF, "resource directory outside the file"); /* VirtualAddress */
  EXPECT_FAIL(&x, s + 12, 4, 0xFFFFF000, "resource directory outside the file");
  EXPECT_FAIL(&x, s + 8, 4, 4, "truncated"); /* VirtualSize limits what the loader maps */
  /* a raw size beyond the file is bounded by the file; VirtualSize 0 means "use the raw size" */
  CHECK(poke(&x, s + 16, 4, 0xFFFFFFFF, &why) == 0);
  CHECK(poke(&x, s + 8, 4, 0xFFFFFFFF, &why) == 0);
  CHECK(poke(&x, s + 8, 4, 0, &why) == 0);
  /* both huge at once: still bounded by the end of the buffer */
  memcpy(x.work, x.b.buf, len);
  p32(x.work + s + 8, 0xFFFFFFFF);
  p32(x.work + s + 16, 0xFFFFFFFF);
  ex_version v;
  CHECK(run(x.work, len, &v, &why) == 0 && same(&v, 15, 1, 2375, 37));
  victim_close(&x);
}

static void test_corrupt_resource_tree(void) {
  victim x;
  if (!have_fixtures) return;
  CHECK(victim_open(&x, "exsetup-x64.exe") == 0);
  if (!x.work) {
    victim_close(&x);
    return;
  }
  const layout *l = &x.l;
  uint32_t name_rel = (uint32_t)(l->name_dir - l->root), lang_rel = (uint32_t)(l->lang_dir - l->root);
  /* loops: a subdirectory that is the root, or the directory itself */
  EXPECT_FAIL(&x, l->type_entry + 4, 4, 0x80000000, "resource directory loop");
  EXPECT_FAIL(&x, l->name_entry + 4, 4, 0x80000000, "resource directory loop");
  EXPECT_FAIL(&x, l->name_entry + 4, 4, 0x80000000 | name_rel, "resource directory loop");
  /* the language level as a directory: a fourth level */
  EXPECT_FAIL(&x, l->lang_entry + 4, 4, 0x80000000 | lang_rel, "resource directory too deep");
  EXPECT_FAIL(&x, l->lang_entry + 4, 4, 0x80000000, "resource directory too deep");
  EXPECT_FAIL(&x, l->lang_entry + 4, 4, 0xFFFFFFFF, "resource directory too deep");
  /* data where a directory belongs */
  EXPECT_FAIL(&x, l->type_entry + 4, 4, 0, "bad resource directory");
  EXPECT_FAIL(&x, l->name_entry + 4, 4, lang_rel, "bad resource directory");
  /* offsets out of bounds */
  EXPECT_FAIL(&x, l->type_entry + 4, 4, 0xFFFFFFFF, "truncated");
  EXPECT_FAIL(&x, l->type_entry + 4, 4, 0x7FFFFFFF, "bad resource directory");
  EXPECT_FAIL(&x, l->lang_entry + 4, 4, 0x7FFFFFFF, "truncated");
  /* huge and missing counts */
  EXPECT_FAIL(&x, l->root + 12, 2, 0xFFFF, "truncated");
  EXPECT_FAIL(&x, l->root + 14, 2, 0xFFFF, "truncated");
  EXPECT_FAIL(&x, l->name_dir + 14, 2, 0xFFFF, "truncated");
  EXPECT_FAIL(&x, l->root + 14, 2, 0, "no version resource");
  EXPECT_FAIL(&x, l->name_dir + 14, 2, 0, "no version resource");
  EXPECT_FAIL(&x, l->lang_dir + 14, 2, 0, "no version resource");
  EXPECT_FAIL(&x, l->type_entry, 4, 15, "no version resource");
  EXPECT_FAIL(&x, l->type_entry, 4, 0x80000010, "no version resource"); /* a name, not ID 16 */
  /* the data entry */
  EXPECT_FAIL(&x, l->data_entry, 4, 0, "version resource outside the file");
  EXPECT_FAIL(&x, l->data_entry, 4, 0xFFFFFFFF, "version resource outside the file");
  EXPECT_FAIL(&x, l->data_entry + 4, 4, 0xFFFFFFFF, "truncated");
  EXPECT_FAIL(&x, l->data_entry + 4, 4, 0x80000000, "truncated");
  EXPECT_FAIL(&x, l->data_entry + 4, 4, 0, "truncated");
  EXPECT_FAIL(&x, l->data_entry + 4, 4, 60, "truncated"); /* shorter than wLength */
  /* the data entry pointing at the resource root */
  EXPECT_FAIL(&x, l->data_entry, 4, l->root_rva, "bad version resource");
  victim_close(&x);
}

static void test_corrupt_versioninfo(void) {
  victim x;
  if (!have_fixtures) return;
  CHECK(victim_open(&x, "exsetup-x64.exe") == 0);
  if (!x.work) {
    victim_close(&x);
    return;
  }
  size_t vs = x.l.vs;
  const char *why;
  EXPECT_FAIL(&x, vs, 2, 0xFFFF, "truncated"); /* wLength larger than the data */
  EXPECT_FAIL(&x, vs, 2, (unsigned)x.l.vs_size + 1, "truncated");
  EXPECT_FAIL(&x, vs, 2, 0, "bad version resource");
  EXPECT_FAIL(&x, vs, 2, 60, "truncated"); /* too short for the fixed info */
  EXPECT_FAIL(&x, vs + 2, 2, 0, "no fixed file info");
  EXPECT_FAIL(&x, vs + 2, 2, 51, "no fixed file info");
  CHECK(poke(&x, vs + 2, 2, 0xFFFF, &why) == 0); /* a larger wValueLength reads only 52 bytes */
  EXPECT_FAIL(&x, vs + 4, 2, 7, "bad version resource"); /* wType */
  EXPECT_FAIL(&x, vs + 6, 1, 'v', "bad version resource"); /* the key */
  EXPECT_FAIL(&x, vs + 7, 1, 1, "bad version resource");
  EXPECT_FAIL(&x, vs + 36, 2, 'O', "bad version resource"); /* no NUL after the key */
  EXPECT_FAIL(&x, vs + 40, 4, 0xFEEF04BC, "bad fixed file info signature");
  EXPECT_FAIL(&x, vs + 40, 4, 0, "bad fixed file info signature");
  /* the file version fields themselves: read as they are */
  memcpy(x.work, x.b.buf, x.b.len);
  p32(x.work + vs + 48, 0xFFFFFFFF);
  p32(x.work + vs + 52, 0x00010002);
  ex_version v;
  CHECK(run(x.work, x.b.len, &v, &why) == 0 && same(&v, 65535, 65535, 1, 2));
  victim_close(&x);
}

/* Every byte of the headers, section table, resource tree and
 * VS_VERSIONINFO header set to 0x00, 0xFF and its complement: no crash,
 * and a success is either the true version or (for the version fields
 * themselves) in range. */
static void test_every_byte(void) {
  if (!have_fixtures) return;
  const char *names[] = {"exsetup-x64.exe", "exsetup-x86.exe", "multi.exe"};
  for (size_t k = 0; k < sizeof names / sizeof names[0]; k++) {
    victim x;
    CHECK(victim_open(&x, names[k]) == 0);
    if (!x.work) {
      victim_close(&x);
      continue;
    }
    ex_version want, v;
    const char *why;
    CHECK(run(x.b.buf, x.b.len, &want, &why) == 0);
    const layout *l = &x.l;
    size_t ranges[][2] = {
        {0, l->sect + l->nsect * 40},
        {l->root, l->lang_entry + 8},
        {l->data_entry, l->data_entry + 16},
        {l->vs, l->vs + 40 + 52},
    };
    for (size_t r = 0; r < sizeof ranges / sizeof ranges[0]; r++) {
      for (size_t i = ranges[r][0]; i < ranges[r][1] && i < x.b.len; i++) {
        unsigned char vals[3] = {0x00, 0xFF, (unsigned char)~x.b.buf[i]};
        for (int j = 0; j < 3; j++) {
          memcpy(x.work, x.b.buf, x.b.len);
          x.work[i] = vals[j];
          if (run(x.work, x.b.len, &v, &why) != 0) continue;
          int in_version = i >= l->vs + 48 && i < l->vs + 56;
          if (!in_version && !same(&v, want.major, want.minor, want.build, want.revision)) {
            CHECK(!"a harmless byte changed the version");
            fprintf(stderr, "%s byte %zu=%#x: %d.%d.%d.%d\n", names[k], i, vals[j], v.major, v.minor,
                    v.build, v.revision);
          }
        }
      }
    }
    victim_close(&x);
  }
}

static void build_fixtures(void) {
  strcpy(fixdir, "/tmp/shellsift-pe-XXXXXX");
  if (!mkdtemp(fixdir)) {
    perror("test_pe: mkdtemp");
    return;
  }
  char cmd[256];
  snprintf(cmd, sizeof cmd, "bash tests/pe/make-fixtures '%s'", fixdir);
  if (system(cmd) == 0) have_fixtures = 1;
  else
    fprintf(stderr, "test_pe: tests/pe/make-fixtures failed: the PE tests need mingw-w64 "
                    "(x86_64-w64-mingw32-gcc, i686-w64-mingw32-gcc and their windres); "
                    "run from the repository root\n");
}

static void remove_fixtures(void) {
  char cmd[256];
  if (!fixdir[0]) return;
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", fixdir);
  if (system(cmd) != 0) fprintf(stderr, "test_pe: could not remove %s\n", fixdir);
}

int main(void) {
  build_fixtures();
  RUN(test_fixtures);
  RUN(test_not_pe);
  RUN(test_truncated);
  RUN(test_corrupt_headers);
  RUN(test_corrupt_sections);
  RUN(test_corrupt_resource_tree);
  RUN(test_corrupt_versioninfo);
  RUN(test_every_byte);
  remove_fixtures();
  TEST_END();
}
