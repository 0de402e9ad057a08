/* lc-error.h: everything that can go wrong between the user and the POLYV API
 *
 * One error domain covers the API's documented answers, the transport, and the user's own
 * input. A GError in this domain carries a plain-language, translated message meant for people
 * who are not engineers; the server's own words, the HTTP status and, for a wrong clock, the
 * measured offset travel with it as details (an extended GError).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define LC_ERROR (lc_error_quark ())

typedef enum
{
  /* Documented answers of the API, matched on their message. */
  LC_ERROR_APP_ID_REQUIRED,        /* "appId is required." */
  LC_ERROR_APPLICATION_NOT_FOUND,  /* "application not found." */
  LC_ERROR_INVALID_TIMESTAMP,      /* "invalid timestamp.": the computer's clock is off */
  LC_ERROR_INVALID_SIGNATURE,      /* "invalid signature.": the secret is wrong, usually */
  LC_ERROR_PARAM_NOT_DIGIT,        /* "param is not digit: …" */
  LC_ERROR_START_AFTER_END,        /* "startDate can not great endDater" */
  LC_ERROR_API,                    /* any other error the API names in its body */

  /* The service or the way to it. */
  LC_ERROR_SERVER,                 /* code 500, or an HTTP 5xx */
  LC_ERROR_RATE_LIMITED,           /* HTTP 429, or the provider's block page */
  LC_ERROR_TIMEOUT,
  LC_ERROR_NETWORK,                /* unreachable, refused, reset, name not found */
  LC_ERROR_TLS,                    /* the certificate could not be trusted */
  LC_ERROR_UNEXPECTED_RESPONSE,    /* not JSON, or JSON of a shape we do not know */
  LC_ERROR_RESPONSE_TOO_LARGE,

  /* The user's input, refused before any request is made. */
  LC_ERROR_INSECURE_URL,           /* plain HTTP to anything but loopback */
  LC_ERROR_INVALID_URL,
  LC_ERROR_MISSING_CREDENTIALS,
  LC_ERROR_INVALID_DATE,
  LC_ERROR_RANGE_REVERSED,
  LC_ERROR_RANGE_IN_FUTURE,
  LC_ERROR_RANGE_TOO_LONG,
  LC_ERROR_RANGE_TOO_OLD,
} LcError;

GQuark       lc_error_quark              (void);

const char  *lc_error_describe           (LcError       code);
gboolean     lc_error_is_input_error     (const GError *error);

void         lc_set_error                (GError      **error,
                                          LcError       code,
                                          const char   *server_message,
                                          guint         http_status);
const char  *lc_error_get_server_message (const GError *error);
guint        lc_error_get_http_status    (const GError *error);
gint64       lc_error_get_clock_offset   (const GError *error);
void         lc_error_set_clock_offset   (GError       *error,
                                          gint64        clock_offset_ms);

G_END_DECLS
