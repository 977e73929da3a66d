# shellsift - plain Makefile (see README "Building" for why not CMake/Meson).
#
#   make            build build/shellsift
#   make demo       install missing Debian packages, build, scan demo/
#   make check      install missing Debian packages, build, run every test
#   make bench      bench/scan, exchange, logs, analysis and sweep (figures in bench/RESULTS.md)
#   make install    the binary and the man page under $(DESTDIR)$(PREFIX) (default /usr/local)
#   make deb        a Debian package in build/deb/ (dpkg-buildpackage; no tests inside)
#   make SAN=1 ...  the same under AddressSanitizer + UndefinedBehaviorSanitizer
#   make CC=clang   build with clang (warnings are errors under both)

CC      ?= cc
PKGS    := yara libcrypto libpcre2-8 libcurl zlib sqlite3 yaml-0.1 libhs auparse
SAN     ?= 0
ifeq ($(SAN),1)
BUILD   ?= build-san
SANITIZE = -fsanitize=address,undefined -fno-sanitize-recover=all
OPT     ?= -O1 -fno-omit-frame-pointer $(SANITIZE)
else
BUILD   ?= build
OPT     ?= -O2
endif

WARN     = -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wvla -Wformat=2 -Wno-format-nonliteral
CPPFLAGS += -D_GNU_SOURCE -Iinclude -Isrc $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
CFLAGS  += -std=c11 -g $(OPT) $(WARN) -pthread
LDFLAGS += $(SANITIZE) -pthread
LDLIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lbz2 -lm  # libbz2 ships no .pc file

LIB_SRC  := $(sort $(wildcard src/util/*.c src/core/*.c src/match/*.c src/report/*.c src/exchange/*.c \
              src/lang/*.c src/logs/*.c src/store/*.c src/sweep/*.c src/sigma/*.c))
CLI_SRC  := $(sort $(wildcard src/cli/*.c))
TEST_SRC := $(sort $(wildcard tests/unit/test_*.c))
RULE_SRC := $(sort $(wildcard rules/yara/*.yar))
IOC_SRC  := $(sort $(wildcard rules/iocs/*.txt))

LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/%.o) $(BUILD)/src/match/builtin_data.o $(BUILD)/src/sigma/data.o \
            $(BUILD)/src/logs/lists.o
CLI_OBJ  := $(CLI_SRC:%.c=$(BUILD)/%.o)
TESTS    := $(TEST_SRC:tests/unit/%.c=$(BUILD)/tests/%)

PREFIX  ?= /usr/local
VERSION := $(shell sed -n 's/^\#define SS_VERSION "\(.*\)"/\1/p' include/shellsift.h)

.PHONY: all check demo deps test-deps clean bench fuzz install deb
all: $(BUILD)/shellsift $(TESTS) $(BUILD)/tests/sigma-driver

$(BUILD)/libshellsift.a: $(LIB_OBJ)
	rm -f $@ && $(AR) rcs $@ $^

$(BUILD)/shellsift: $(CLI_OBJ) $(BUILD)/libshellsift.a
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/tests/%: tests/unit/%.c tests/unit/test.h $(BUILD)/libshellsift.a
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $< $(BUILD)/libshellsift.a $(LDLIBS)

# Runs Sigma rules over JSON-Lines records (tests/sigma, bench/sigma).
$(BUILD)/tests/sigma-driver: tests/sigma/driver.c $(BUILD)/libshellsift.a
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $< $(BUILD)/libshellsift.a $(LDLIBS)

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -MMD -MP -c -o $@ $<

# The built-in rule pack and IOC lists are embedded with .incbin, so the
# binary needs no files beside it.  Each blob is NUL-terminated.
$(BUILD)/rules/builtin.yar: $(RULE_SRC)
	@mkdir -p $(dir $@)
	cat $^ > $@ && printf '\0' >> $@
$(BUILD)/rules/hash-iocs.txt: $(filter %hash-iocs.txt,$(IOC_SRC))
	@mkdir -p $(dir $@)
	cat $^ > $@ && printf '\0' >> $@
$(BUILD)/rules/filename-iocs.txt: $(filter %filename-iocs.txt,$(IOC_SRC))
	@mkdir -p $(dir $@)
	cat $^ > $@ && printf '\0' >> $@
$(BUILD)/rules/builds.csv: rules/builds.csv
	@mkdir -p $(dir $@)
	cat $^ > $@ && printf '\0' >> $@
$(BUILD)/src/match/builtin_data.o: src/match/builtin_data.S $(BUILD)/rules/builtin.yar $(BUILD)/rules/hash-iocs.txt \
  $(BUILD)/rules/filename-iocs.txt $(BUILD)/rules/builds.csv
	@mkdir -p $(dir $@)
	$(CC) -c -DRULES_BLOB='"$(BUILD)/rules/builtin.yar"' -DHASH_BLOB='"$(BUILD)/rules/hash-iocs.txt"' \
	  -DNAME_BLOB='"$(BUILD)/rules/filename-iocs.txt"' -DBUILDS_BLOB='"$(BUILD)/rules/builds.csv"' -o $@ $<

# The lists of the log rules, likewise.
$(BUILD)/rules/logs.txt: rules/logs.txt
	@mkdir -p $(dir $@)
	cat $^ > $@ && printf '\0' >> $@
$(BUILD)/src/logs/lists.o: src/logs/lists.S $(BUILD)/rules/logs.txt
	@mkdir -p $(dir $@)
	$(CC) -c -DLOGS_BLOB='"$(BUILD)/rules/logs.txt"' -o $@ $<
$(BUILD)/rules/sigma-logsources.yml: rules/sigma-logsources.yml
	@mkdir -p $(dir $@)
	cat $^ > $@ && printf '\0' >> $@
$(BUILD)/src/sigma/data.o: src/sigma/data.S $(BUILD)/rules/sigma-logsources.yml
	@mkdir -p $(dir $@)
	$(CC) -c -DLOGSOURCES_BLOB='"$(BUILD)/rules/sigma-logsources.yml"' -o $@ $<

deps:
	@bash scripts/install-deps

test-deps:
	@bash scripts/install-deps --test

# The scan exits 1 ("findings") on the demo's planted shell: that is success here.
demo: deps
	@$(MAKE) -s --no-print-directory $(BUILD)/shellsift
	@echo "+ $(BUILD)/shellsift scan demo"
	@./$(BUILD)/shellsift scan demo; test $$? -eq 1

check: test-deps
	@bash tests/run

bench: test-deps all
	python3 bench/scan
	python3 bench/exchange
	python3 bench/logs
	python3 bench/analysis
	python3 bench/sweep

fuzz: test-deps
	bash tests/fuzz/run

install: $(BUILD)/shellsift
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 0755 $(BUILD)/shellsift $(DESTDIR)$(PREFIX)/bin/shellsift
	install -m 0644 docs/shellsift.1 $(DESTDIR)$(PREFIX)/share/man/man1/shellsift.1

# The package is built from a copy of the tree (dpkg-buildpackage writes
# beside the source), so nothing lands outside build/.
deb:
	@bash scripts/install-deps --deb
	rm -rf build/deb && mkdir -p build/deb/shellsift-$(VERSION)
	tar --exclude='./build*' --exclude=./.git -cf - . | tar -xf - -C build/deb/shellsift-$(VERSION)
	cd build/deb/shellsift-$(VERSION) && DEB_BUILD_OPTIONS=nocheck dpkg-buildpackage -b -us -uc >../build.log 2>&1 || \
	  { tail -n 30 ../build.log; exit 1; }
	lintian --fail-on error build/deb/shellsift_$(VERSION)_*.deb
	@ls build/deb/*.deb

clean:
	rm -rf build build-san build-clang build-fuzz

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d)
