/* lc-error.c: the one error domain of Live Concurrency, with the server's details attached
 *
 * The message of every error in this domain is written for the person using the app: what went
 * wrong and what they can do about it, translated. What an engineer needs to go further (the
 * server's own words, the HTTP status, how far off the computer's clock was) rides along as the
 * private data of an extended GError, so it survives g_error_copy() and g_propagate_error().
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lc-error"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "lc-error.h"

typedef struct
{
  char   *server_message;
  guint   http_status;
  gint64  clock_offset_ms;
} LcErrorPrivate;

/* The accessors G_DEFINE_EXTENDED_ERROR generates return NULL for an error of another domain;
 * these functions are only ever called on errors of this one, but say so to the compiler. */

static void
lc_error_private_init (LcErrorPrivate *priv)
{
  if (priv == NULL)
    return;

  priv->server_message = NULL;
  priv->http_status = 0;
  priv->clock_offset_ms = 0;
}

static void
lc_error_private_copy (const LcErrorPrivate *src_priv,
                       LcErrorPrivate       *dest_priv)
{
  if (src_priv == NULL || dest_priv == NULL)
    return;

  dest_priv->server_message = g_strdup (src_priv->server_message);
  dest_priv->http_status = src_priv->http_status;
  dest_priv->clock_offset_ms = src_priv->clock_offset_ms;
}

static void
lc_error_private_clear (LcErrorPrivate *priv)
{
  if (priv == NULL)
    return;

  g_clear_pointer (&priv->server_message, g_free);
}

G_DEFINE_EXTENDED_ERROR (LcError, lc_error)

/* The details of @error, or NULL for an error of another domain, which has none. */
static LcErrorPrivate *
lookup_details (const GError *error)
{
  if (error == NULL || error->domain != LC_ERROR)
    return NULL;

  return lc_error_get_private (error);
}

/* The service refusing a period whose first day comes after its last, and this program's own
 * check before it asks, say the same thing: the days were chosen in the wrong order. */
#define REVERSED_PERIOD_DESCRIPTION \
  N_("The first day of the period comes after the last day. Choose the days again.")

/* One sentence of what happened, one of what to do, for someone who has never seen an HTTP
 * status. Both the app and the command-line tool show them, so they point to the POLYV account
 * rather than to a place in either one. The codes follow the order of the enumeration so a
 * missing entry stands out. */
static const char *const descriptions[] = {
  [LC_ERROR_APP_ID_REQUIRED] = N_("No App ID was sent to POLYV. Enter the App ID shown in the "
                                  "API settings of your POLYV account."),
  [LC_ERROR_APPLICATION_NOT_FOUND] = N_("POLYV does not know this App ID. Check it against the "
                                        "API settings of your POLYV account."),
  [LC_ERROR_INVALID_TIMESTAMP] = N_("POLYV refused the request because this computer’s clock "
                                    "is wrong. Set the date and time to update automatically, "
                                    "then try again."),
  [LC_ERROR_INVALID_SIGNATURE] = N_("The App Secret is not right. Check it against the API "
                                    "settings of your POLYV account."),
  [LC_ERROR_PARAM_NOT_DIGIT] = N_("POLYV did not accept one of the values it was sent. Check the "
                                  "App ID against the API settings of your POLYV account."),
  [LC_ERROR_START_AFTER_END] = REVERSED_PERIOD_DESCRIPTION,
  [LC_ERROR_API] = N_("POLYV refused the request. The details below say why."),
  [LC_ERROR_SERVER] = N_("POLYV is having trouble right now. Try again in a few minutes."),
  [LC_ERROR_RATE_LIMITED] = N_("POLYV is receiving too many requests from this computer and "
                               "has paused it for a while. Wait five minutes, then try again."),
  [LC_ERROR_TIMEOUT] = N_("POLYV took too long to answer. Check your internet connection and "
                          "try again."),
  [LC_ERROR_NETWORK] = N_("Could not reach POLYV. Check your internet connection and try "
                          "again."),
  [LC_ERROR_TLS] = N_("The connection to POLYV is not secure: its certificate could not be "
                      "trusted. Check that the computer’s date is right and that no network "
                      "device is intercepting the connection."),
  [LC_ERROR_UNEXPECTED_RESPONSE] = N_("POLYV sent an answer that Live Concurrency does not "
                                      "understand. A network device such as a proxy may be in "
                                      "the way. Try again later."),
  [LC_ERROR_RESPONSE_TOO_LARGE] = N_("POLYV sent far more data than a period can hold, so it "
                                     "was not read. Try again later."),
  [LC_ERROR_INSECURE_URL] = N_("The server address must start with “https://”, so that the "
                               "data cannot be read or changed on its way."),
  [LC_ERROR_INVALID_URL] = N_("The server address is not a valid web address."),
  [LC_ERROR_MISSING_CREDENTIALS] = N_("Both the App ID and the App Secret are needed. Copy them "
                                      "from the API settings of your POLYV account."),
  [LC_ERROR_INVALID_DATE] = N_("That is not a valid date."),
  [LC_ERROR_RANGE_REVERSED] = REVERSED_PERIOD_DESCRIPTION,
  [LC_ERROR_RANGE_IN_FUTURE] = N_("The period reaches into the future. Choose days up to "
                                  "today."),
  [LC_ERROR_RANGE_TOO_LONG] = N_("The period is too long. Choose at most three years."),
  [LC_ERROR_RANGE_TOO_OLD] = N_("The period starts too long ago. Choose days within the last "
                                "ten years."),
};

G_STATIC_ASSERT (G_N_ELEMENTS (descriptions) == LC_ERROR_RANGE_TOO_OLD + 1);

/**
 * lc_error_describe:
 * @code: an error code of the %LC_ERROR domain
 *
 * Returns: (transfer none): the translated, plain-language text for @code
 */
const char *
lc_error_describe (LcError code)
{
  if ((guint) code >= G_N_ELEMENTS (descriptions) || descriptions[code] == NULL)
    return _("Something unexpected went wrong.");

  return _(descriptions[code]);
}

gboolean
lc_error_is_input_error (const GError *error)
{
  if (error == NULL || error->domain != LC_ERROR)
    return FALSE;

  return error->code >= LC_ERROR_INSECURE_URL && error->code <= LC_ERROR_RANGE_TOO_OLD;
}

/**
 * lc_set_error:
 * @error: (out) (optional): where to put the new error, or %NULL
 * @code: what went wrong
 * @server_message: (nullable): the server's own words, or any technical detail
 * @http_status: the HTTP status of the answer, or 0 when there was none
 *
 * Sets @error to a new error whose message is lc_error_describe() of @code. The detail is kept
 * apart from the message because it is in English and meant for whoever debugs the problem.
 */
void
lc_set_error (GError     **error,
              LcError      code,
              const char  *server_message,
              guint        http_status)
{
  GError *new_error;
  LcErrorPrivate *priv;

  if (error == NULL)
    return;

  new_error = g_error_new_literal (LC_ERROR, code, lc_error_describe (code));
  priv = lookup_details (new_error);
  if (priv != NULL)
    {
      priv->server_message = g_strdup (server_message);
      priv->http_status = http_status;
    }

  g_propagate_error (error, new_error);
}

const char *
lc_error_get_server_message (const GError *error)
{
  LcErrorPrivate *priv;

  priv = lookup_details (error);

  return priv != NULL ? priv->server_message : NULL;
}

guint
lc_error_get_http_status (const GError *error)
{
  LcErrorPrivate *priv;

  priv = lookup_details (error);

  return priv != NULL ? priv->http_status : 0;
}

gint64
lc_error_get_clock_offset (const GError *error)
{
  LcErrorPrivate *priv;

  priv = lookup_details (error);

  return priv != NULL ? priv->clock_offset_ms : 0;
}

/**
 * lc_error_set_clock_offset:
 * @error: an error of the %LC_ERROR domain
 * @clock_offset_ms: how far the server's clock is ahead of this computer's, in milliseconds
 *
 * Records the measured clock offset so that the app can tell the user by how much their clock
 * is off. Errors of other domains have nowhere to keep it and are left alone.
 */
void
lc_error_set_clock_offset (GError *error,
                           gint64  clock_offset_ms)
{
  LcErrorPrivate *priv;

  g_return_if_fail (error != NULL);

  priv = lookup_details (error);
  if (priv != NULL)
    priv->clock_offset_ms = clock_offset_ms;
}
