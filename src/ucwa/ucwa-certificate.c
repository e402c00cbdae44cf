/* ucwa-certificate.c: certificates as a user judges them, and which may be trusted
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * When a server's certificate is refused, the user is shown who it names,
 * who issued it and its fingerprint, to compare with what their
 * administrator says; the file they then choose to trust must hold
 * certificate authorities, not a server's own certificate.  GIO says
 * neither whether a certificate is a CA nor its fingerprint, so both are
 * read here from the DER encoding: a small, bounds-checked walk to the
 * basicConstraints and keyUsage extensions (RFC 5280 §4.1, §4.2.1.3,
 * §4.2.1.9), nothing more.
 */

#include "config.h"

#include "ucwa-certificate.h"

#include <string.h>

#define PEM_BEGIN "-----BEGIN CERTIFICATE-----"
#define PEM_END   "-----END CERTIFICATE-----"

/* A bundle of a whole system store holds about 150; a private CA file a few. */
#define MAX_CERTIFICATES 256

#define DER_BOOLEAN      0x01
#define DER_BIT_STRING   0x03
#define DER_OCTET_STRING 0x04
#define DER_OID          0x06
#define DER_SEQUENCE     0x30
#define DER_EXTENSIONS   0xa3 /* [3] EXPLICIT, in TBSCertificate */

/* id-ce-basicConstraints (2.5.29.19) and id-ce-keyUsage (2.5.29.15), encoded. */
static const guint8 oid_basic_constraints[] = { 0x55, 0x1d, 0x13 };
static const guint8 oid_key_usage[] = { 0x55, 0x1d, 0x0f };

char *
ucwa_certificate_dup_subject (GTlsCertificate *certificate)
{
  g_return_val_if_fail (G_IS_TLS_CERTIFICATE (certificate), NULL);

  return g_tls_certificate_get_subject_name (certificate);
}

char *
ucwa_certificate_dup_issuer (GTlsCertificate *certificate)
{
  g_return_val_if_fail (G_IS_TLS_CERTIFICATE (certificate), NULL);

  return g_tls_certificate_get_issuer_name (certificate);
}

static GByteArray *
dup_der (GTlsCertificate *certificate)
{
  GByteArray *der = NULL;

  g_object_get (certificate, "certificate", &der, NULL);
  return der;
}

char *
ucwa_certificate_dup_fingerprint (GTlsCertificate *certificate)
{
  g_autoptr (GByteArray) der = NULL;
  g_autofree char       *hex = NULL;
  GString               *text;

  g_return_val_if_fail (G_IS_TLS_CERTIFICATE (certificate), NULL);

  der = dup_der (certificate);
  if (der == NULL)
    return NULL;

  hex = g_compute_checksum_for_data (G_CHECKSUM_SHA256, der->data, der->len);
  text = g_string_sized_new (96);
  for (gsize i = 0; hex[i] != '\0' && hex[i + 1] != '\0'; i += 2)
    {
      if (i > 0)
        g_string_append_c (text, ':');
      g_string_append_c (text, g_ascii_toupper (hex[i]));
      g_string_append_c (text, g_ascii_toupper (hex[i + 1]));
    }
  return g_string_free (text, FALSE);
}

/* Reading DER */

typedef struct
{
  const guint8 *data;
  gsize         size;
} Der;

/* Takes the next element off @in: its tag, and its contents in @value. */
static gboolean
der_next (Der    *in,
          guint8 *tag,
          Der    *value)
{
  gsize length;
  gsize header = 2;

  if (in->size < 2)
    return FALSE;

  *tag = in->data[0];
  /* Multi-byte tags never occur in a certificate. */
  if ((*tag & 0x1f) == 0x1f)
    return FALSE;

  length = in->data[1];
  if (length & 0x80)
    {
      gsize n = length & 0x7f;

      /* No indefinite lengths in DER; four bytes are 4 GiB already. */
      if (n == 0 || n > 4 || n > in->size - 2)
        return FALSE;
      length = 0;
      for (gsize i = 0; i < n; i++)
        length = (length << 8) | in->data[2 + i];
      header += n;
    }

  if (length > in->size - header)
    return FALSE;

  value->data = in->data + header;
  value->size = length;
  in->data += header + length;
  in->size -= header + length;
  return TRUE;
}

static gboolean
der_expect (Der   *in,
            guint8 expected,
            Der   *value)
{
  guint8 tag = 0;

  return der_next (in, &tag, value) && tag == expected;
}

static gboolean
oid_is (const Der    *oid,
        const guint8 *expected,
        gsize         size)
{
  return oid->size == size && memcmp (oid->data, expected, size) == 0;
}

/* BasicConstraints ::= SEQUENCE { cA BOOLEAN DEFAULT FALSE, … } */
static gboolean
basic_constraints_say_ca (Der value)
{
  Der    sequence, element;
  guint8 tag = 0;

  if (!der_expect (&value, DER_SEQUENCE, &sequence))
    return FALSE;
  if (sequence.size == 0 || !der_next (&sequence, &tag, &element))
    return FALSE;
  return tag == DER_BOOLEAN && element.size == 1 && element.data[0] != 0;
}

/* KeyUsage ::= BIT STRING; keyCertSign is bit 5 of the first byte. */
static gboolean
key_usage_allows_cert_sign (Der value)
{
  Der bits;

  if (!der_expect (&value, DER_BIT_STRING, &bits) || bits.size < 2)
    return FALSE;
  return (bits.data[1] & 0x04) != 0;
}

gboolean
ucwa_certificate_der_is_authority (const guint8 *der,
                                   gsize         size)
{
  Der      in = { der, size };
  Der      certificate, tbs, extensions, list;
  gboolean is_ca = FALSE;
  gboolean may_sign = TRUE; /* no keyUsage: no restriction */

  if (der == NULL)
    return FALSE;
  if (!der_expect (&in, DER_SEQUENCE, &certificate) ||
      !der_expect (&certificate, DER_SEQUENCE, &tbs))
    return FALSE;

  /* The extensions are the only [3] in TBSCertificate; everything before
   * them (version, serial, names, key…) is skipped over. */
  for (;;)
    {
      guint8 tag = 0;

      if (tbs.size == 0 || !der_next (&tbs, &tag, &extensions))
        return FALSE;
      if (tag == DER_EXTENSIONS)
        break;
    }

  if (!der_expect (&extensions, DER_SEQUENCE, &list))
    return FALSE;

  while (list.size > 0)
    {
      Der    extension, oid, value;
      guint8 tag = 0;

      if (!der_expect (&list, DER_SEQUENCE, &extension) || !der_expect (&extension, DER_OID, &oid))
        return FALSE;
      /* critical BOOLEAN DEFAULT FALSE, then the value. */
      if (!der_next (&extension, &tag, &value))
        return FALSE;
      if (tag == DER_BOOLEAN && !der_next (&extension, &tag, &value))
        return FALSE;
      if (tag != DER_OCTET_STRING)
        return FALSE;

      if (oid_is (&oid, oid_basic_constraints, sizeof oid_basic_constraints))
        is_ca = basic_constraints_say_ca (value);
      else if (oid_is (&oid, oid_key_usage, sizeof oid_key_usage))
        may_sign = key_usage_allows_cert_sign (value);
    }

  return is_ca && may_sign;
}

gboolean
ucwa_certificate_is_authority (GTlsCertificate *certificate)
{
  g_autoptr (GByteArray) der = NULL;

  g_return_val_if_fail (G_IS_TLS_CERTIFICATE (certificate), FALSE);

  der = dup_der (certificate);
  return der != NULL && ucwa_certificate_der_is_authority (der->data, der->len);
}

/* Reading files */

static GTlsCertificate *
certificate_from_der (const char *data,
                      gsize       size,
                      GError    **error)
{
  g_autofree char *base64 = g_base64_encode ((const guchar *) data, size);
  g_autofree char *pem = g_strconcat (PEM_BEGIN "\n", base64, "\n" PEM_END "\n", NULL);

  return g_tls_certificate_new_from_pem (pem, -1, error);
}

GPtrArray *
ucwa_certificate_list_from_data (const char *data,
                                 gsize       size,
                                 GError    **error)
{
  g_autoptr (GPtrArray) list = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char      *text = NULL;
  const char           *p;

  g_return_val_if_fail (data != NULL || size == 0, NULL);

  /* Text for the PEM search: DER has NULs, PEM has none. */
  if (memchr (data, '\0', size) == NULL)
    {
      text = g_strndup (data, size);
      for (p = strstr (text, PEM_BEGIN); p != NULL; p = strstr (p, PEM_BEGIN))
        {
          const char                 *end = strstr (p, PEM_END);
          g_autoptr (GTlsCertificate) certificate = NULL;

          if (end == NULL)
            {
              g_set_error (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE,
                           "A PEM certificate block has no end line");
              return NULL;
            }
          end += strlen (PEM_END);
          certificate = g_tls_certificate_new_from_pem (p, end - p, error);
          if (certificate == NULL)
            return NULL;
          if (list->len == MAX_CERTIFICATES)
            {
              g_set_error (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE,
                           "More than %u certificates in one file", MAX_CERTIFICATES);
              return NULL;
            }
          g_ptr_array_add (list, g_steal_pointer (&certificate));
          p = end;
        }
    }

  if (list->len == 0)
    {
      g_autoptr (GTlsCertificate) certificate = NULL;

      if (size > 0)
        certificate = certificate_from_der (data, size, NULL);
      if (certificate == NULL)
        {
          g_set_error (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE,
                       "No certificate found (neither PEM nor DER)");
          return NULL;
        }
      g_ptr_array_add (list, g_steal_pointer (&certificate));
    }

  return g_steal_pointer (&list);
}
