// ROBUSTNESS: lexical oddities around copies: a callee name split by a backslash-newline, #line directives that rename the file and renumber lines, digraphs, a UCN and a UTF-8 identifier, a call spread over many lines with comments between tokens, trailing whitespace.
// clang-tidy with every copyintent check must get through this file: it exits non-zero
// if it crashes or cannot compile the file, and prints the check profile only once the
// whole translation unit has been checked.
// RUN: %clang_tidy '-checks=-*,copyintent-*' --header-filter='^$' --config={} \
// RUN:   --enable-check-profile %s -- %ci-user-cflags -std=gnu17 > %t.out 2>&1
// RUN: FileCheck --check-prefix=ROBUST --implicit-check-not='Stack dump' \
// RUN:   --implicit-check-not='PLEASE submit' --input-file=%t.out %s
// ROBUST: clang-tidy checks profiling
// ROBUST: copyintent-classify
#include <stddef.h>

#include <copyintent/copy.h>
#include <libpmem.h>

static char *p\u00e9mem;
static char *pmém2;

void lexical(const char *src, size_t n)
<%
	size_t len;
	int is_pmem;
	char ram<:16:>;

	p\u00e9mem = pmem_map_file("/mnt/pmem/l", 4096, PMEM_FILE_CREATE, 0600, &len, &is_pmem);
	pmém2 = pémem + 8;
	memcpy_no\
cache(pémem, src, n);
	memcpy_nocache /* callee */ ( /* dst */ pmém2 /* , */ ,
		src /* src */ ,
		/* n */ n
	) /* end */ ;
	memcpy_writethrough(ram, src, n < 16 ? n : 16);   
#line 4000 "generated-copies.c"
	memcpy_nocache(pémem + 16, src, n);
#line 20 "lexical-oddities.c"
	memcpy_nocache(pémem + 24, src, n);
%>
