/* fuzz-common.h: what every fuzz target shares
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each target reads its input as the network hands it to Beckon: an HTTP
 * response (status line, headers, body) when the input starts with
 * "HTTP/", a bare body (with the target's usual status) otherwise, so the
 * recorded samples in tests/data/samples seed every target as they are.
 * The same target sources are linked either with libFuzzer
 * (`-Dfuzzing=true`) or with replay.c, which runs them over their corpora as
 * ordinary tests in every build.
 */
#pragma once

#include <glib.h>
#include <stdint.h>

G_BEGIN_DECLS

/* libFuzzer's entry points: every target defines both. */
int LLVMFuzzerInitialize (int    *argc,
                          char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

typedef struct
{
  guint      status;
  char      *content_type;     /* nullable */
  GPtrArray *www_authenticate; /* (element-type utf8) NULL-terminated */
  GBytes    *body;             /* exactly the body's bytes, not terminated */
} FuzzResponse;

FuzzResponse *fuzz_response_new (const uint8_t *data,
                                 size_t         size,
                                 guint          default_status);
void          fuzz_response_free (FuzzResponse *response);
void          fuzz_warm_up (const char *const *inputs);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FuzzResponse, fuzz_response_free)

G_END_DECLS
