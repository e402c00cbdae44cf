/* asan-tls-options.c: AddressSanitizer options for tests that use TLS
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Linked into the test programs that make TLS connections (test-tls,
 * test-sign-in-page, test-trusted-ca); nothing in it without AddressSanitizer.  It is no
 * test and no test fixture: it configures the sanitizer's runtime, as
 * lsan.supp and tsan.supp beside it configure its reports.
 */

#include "config.h"

#if defined(__SANITIZE_ADDRESS__)
/* The sanitizer runtime of GCC ≤ 13 misreads the dynamic TLS of dlopen()ed
 * modules on glibc ≥ 2.25 (here GnuTLS, loaded by glib-networking), and the
 * LeakSanitizer tracer crashes at exit (google/sanitizers#1322).  Not
 * scanning dynamic TLS can only add false leak reports, never hide one. */
const char *__asan_default_options (void);

const char *
__asan_default_options (void)
{
  return "intercept_tls_get_addr=0";
}
#endif
