/* test-response.c: every answer the concurrence endpoint can give, read into a series or an error
 *
 * Each case goes through lc_response_parse() and, separately, through the fast reader and the
 * json-glib reader, and the three must agree: the fast reader may decline a body, but when it
 * accepts one it must produce exactly what the general reader does.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "lc-error.h"
#include "lc-response-private.h"

/* Checks that both readers and the public entry point agree on @body and returns the verdict
 * of lc_response_parse(). */
static LcSeries *
parse_checked (const char  *body,
               gsize        length,
               guint        http_status,
               const char  *content_type,
               GError     **error)
{
  g_autoptr(GError) tree_error = NULL;
  g_autoptr(LcSeries) tree_series = NULL;
  g_autoptr(LcSeries) fast_series = NULL;
  LcSeries *series;

  series = lc_response_parse (body, length, http_status, content_type, error);
  tree_series = lc_response_parse_tree (body, length, http_status, content_type, &tree_error);
  fast_series = lc_response_parse_fast (body, length);

  if (series != NULL)
    {
      g_assert_nonnull (tree_series);
      g_assert_true (lc_series_equal (series, tree_series));
    }
  else
    {
      g_assert_null (tree_series);
      g_assert_nonnull (tree_error);
      g_assert_nonnull (error == NULL ? tree_error : *error);
      if (error != NULL)
        {
          g_assert_true ((*error)->domain == tree_error->domain);
          g_assert_cmpint ((*error)->code, ==, tree_error->code);
          g_assert_cmpstr (lc_error_get_server_message (*error), ==,
                           lc_error_get_server_message (tree_error));
        }
    }

  /* The fast reader knows nothing of HTTP statuses and is only ever tried on a 200. */
  if (fast_series != NULL && http_status == 200)
    {
      g_assert_nonnull (tree_series);
      g_assert_true (lc_series_equal (fast_series, tree_series));
    }

  return series;
}

static LcSeries *
parse_text (const char  *body,
            guint        http_status,
            GError     **error)
{
  return parse_checked (body, strlen (body), http_status, "application/json", error);
}

static LcMinute
minute_of (int         year,
           int         month,
           int         day,
           const char *hh_mm)
{
  LcDay platform_day;
  LcMinute minute;

  g_assert_true (lc_day_from_ymd (year, month, day, &platform_day));
  g_assert_true (lc_minute_parse (platform_day, hh_mm, &minute));

  return minute;
}

static void
assert_point (const LcSeries *series,
              guint           index,
              LcMinute        minute,
              guint32         viewers)
{
  g_assert_cmpuint (index, <, lc_series_get_length (series));
  g_assert_cmpint (lc_series_get_minutes (series)[index], ==, minute);
  g_assert_cmpuint (lc_series_get_viewers (series)[index], ==, viewers);
}

static void
assert_parse_error (const char *body,
                    guint       http_status,
                    LcError     expected_code,
                    const char *expected_server_message)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LcSeries) series = parse_text (body, http_status, &error);

  g_assert_null (series);
  g_assert_error (error, LC_ERROR, (int) expected_code);
  g_assert_cmpuint (lc_error_get_http_status (error), ==, http_status);
  if (expected_server_message != NULL)
    g_assert_cmpstr (lc_error_get_server_message (error), ==, expected_server_message);
}

/* Success. */

static void
test_success_numbers (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LcSeries) series = NULL;

  series = parse_text ("{\"code\":200,\"status\":\"success\",\"message\":\"\",\"data\":["
                       "{\"day\":\"2019-04-10\",\"minute\":\"10:30\",\"viewers\":2},"
                       "{\"day\":\"2019-04-16\",\"minute\":\"19:06\",\"viewers\":2147483647}]}",
                       200, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (lc_series_get_length (series), ==, 2);
  assert_point (series, 0, minute_of (2019, 4, 10, "10:30"), 2);
  assert_point (series, 1, minute_of (2019, 4, 16, "19:06"), G_MAXINT32);
}

static void
test_success_numeric_strings (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LcSeries) series = NULL;

  series = parse_text ("{\"code\":200,\"status\":\"success\",\"message\":\"\",\"data\":["
                       "{\"day\":\"2019-04-10\",\"minute\":\"00:00\",\"viewers\":\"17\"},"
                       "{\"day\":\"2019-04-10\",\"minute\":\"23:59\",\"viewers\":5}]}",
                       200, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (lc_series_get_length (series), ==, 2);
  assert_point (series, 0, minute_of (2019, 4, 10, "00:00"), 17);
  assert_point (series, 1, minute_of (2019, 4, 10, "23:59"), 5);
}

static void
test_success_pretty_printed (void)
{
  const char *body =
    "{\n"
    "    \"code\": 200,\n"
    "    \"status\": \"success\",\n"
    "    \"message\": \"\",\n"
    "    \"data\": [{\n"
    "        \"day\": \"2019-04-10\",\n"
    "        \"minute\": \"10:30\",\n"
    "        \"viewers\": 2\n"
    "    }, {\n"
    "        \"day\": \"2019-04-16\",\n"
    "        \"minute\": \"19:06\",\n"
    "        \"viewers\": 2\n"
    "    }]\n"
    "}\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(LcSeries) series = parse_text (body, 200, &error);
  g_autoptr(LcSeries) fast = lc_response_parse_fast (body, strlen (body));

  g_assert_no_error (error);
  g_assert_cmpuint (lc_series_get_length (series), ==, 2);
  /* The vendor's own example is exactly the shape the fast reader is for. */
  g_assert_nonnull (fast);
}

static void
test_success_empty_list (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LcSeries) series = NULL;

  series = parse_text ("{\"code\":200,\"status\":\"success\",\"message\":\"\",\"data\":[]}",
                       200, &error);

  g_assert_no_error (error);
  g_assert_nonnull (series);
  g_assert_cmpuint (lc_series_get_length (series), ==, 0);
}

static void
test_success_null_data (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LcSeries) series = NULL;

  series = parse_text ("{\"code\":200,\"status\":\"success\",\"message\":\"\",\"data\":null}",
                       200, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (lc_series_get_length (series), ==, 0);
}

static void
test_success_out_of_order_and_duplicates (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LcSeries) series = NULL;

  series = parse_text ("{\"code\":200,\"status\":\"success\",\"message\":\"\",\"data\":["
                       "{\"day\":\"2019-04-16\",\"minute\":\"19:06\",\"viewers\":4},"
                       "{\"day\":\"2019-04-10\",\"minute\":\"10:31\",\"viewers\":3},"
                       "{\"day\":\"2019-04-10\",\"minute\":\"10:30\",\"viewers\":2},"
                       "{\"day\":\"2019-04-16\",\"minute\":\"19:06\",\"viewers\":4},"
                       "{\"day\":\"2019-04-10\",\"minute\":\"10:31\",\"viewers\":3}]}",
                       200, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (lc_series_get_length (series), ==, 3);
  assert_point (series, 0, minute_of (2019, 4, 10, "10:30"), 2);
  assert_point (series, 1, minute_of (2019, 4, 10, "10:31"), 3);
  assert_point (series, 2, minute_of (2019, 4, 16, "19:06"), 4);
}

static void
test_success_zero_viewers_dropped (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LcSeries) series = NULL;

  series = parse_text ("{\"code\":200,\"status\":\"success\",\"message\":\"\",\"data\":["
                       "{\"day\":\"2019-04-10\",\"minute\":\"10:30\",\"viewers\":0},"
                       "{\"day\":\"2019-04-10\",\"minute\":\"10:31\",\"viewers\":\"0\"},"
                       "{\"day\":\"2019-04-10\",\"minute\":\"10:32\",\"viewers\":1}]}",
                       200, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (lc_series_get_length (series), ==, 1);
  assert_point (series, 0, minute_of (2019, 4, 10, "10:32"), 1);
}

/* Bodies the fast reader must leave to json-glib, which reads them just the same. */
static void
test_success_other_shapes (void)
{
  const char *bodies[] = {
    /* Keys in another order. */
    "{\"status\":\"success\",\"code\":200,\"message\":\"\",\"data\":["
    "{\"minute\":\"10:30\",\"viewers\":2,\"day\":\"2019-04-10\"}]}",
    /* An extra key in a row and at the top. */
    "{\"code\":200,\"status\":\"success\",\"message\":\"\",\"data\":["
    "{\"day\":\"2019-04-10\",\"minute\":\"10:30\",\"viewers\":2,\"channel\":\"1\"}],\"extra\":1}",
    /* An escaped message. */
    "{\"code\":200,\"status\":\"success\",\"message\":\"\\u6210\\u529f\",\"data\":["
    "{\"day\":\"2019-04-10\",\"minute\":\"10:30\",\"viewers\":2}]}",
    /* An escaped slash inside a value. */
    "{\"code\":200,\"status\":\"success\",\"message\":\"\",\"data\":["
    "{\"day\":\"2019\\u002d04-10\",\"minute\":\"10:30\",\"viewers\":2}]}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(LcSeries) series = parse_text (bodies[i], 200, &error);

      g_assert_no_error (error);
      g_assert_cmpuint (lc_series_get_length (series), ==, 1);
      assert_point (series, 0, minute_of (2019, 4, 10, "10:30"), 2);
      g_assert_null (lc_response_parse_fast (bodies[i], strlen (bodies[i])));
    }
}

/* Documented errors, with the HTTP status both equal to the code and 200. */

static void
test_documented_errors (void)
{
  const struct
  {
    guint       code;
    const char *message;
    LcError     expected;
  } cases[] = {
    { 400, "appId is required.", LC_ERROR_APP_ID_REQUIRED },
    { 400, "application not found.", LC_ERROR_APPLICATION_NOT_FOUND },
    { 400, "invalid timestamp.", LC_ERROR_INVALID_TIMESTAMP },
    { 403, "invalid signature.", LC_ERROR_INVALID_SIGNATURE },
    { 401, "invalid signature.", LC_ERROR_INVALID_SIGNATURE },
    { 400, "invalid signature.", LC_ERROR_INVALID_SIGNATURE },
    { 400, "param is not digit: dsadasd", LC_ERROR_PARAM_NOT_DIGIT },
    { 400, "startDate can not great endDater", LC_ERROR_START_AFTER_END },
    { 400, "something else entirely", LC_ERROR_API },
    { 500, "java.lang.NullPointerException", LC_ERROR_SERVER },
    { 404, "not found", LC_ERROR_API },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *body = g_strdup_printf ("{\"code\": %u, \"status\": \"error\", "
                                               "\"message\": \"%s\", \"data\": \"\"}",
                                               cases[i].code, cases[i].message);
      guint statuses[] = { cases[i].code, 200 };

      for (guint j = 0; j < G_N_ELEMENTS (statuses); j++)
        {
          g_test_message ("%s with HTTP %u", cases[i].message, statuses[j]);
          assert_parse_error (body, statuses[j], cases[i].expected, cases[i].message);
        }
    }
}

static void
test_error_data_variants (void)
{
  const char *bodies[] = {
    "{\"code\":400,\"status\":\"error\",\"message\":\"invalid timestamp.\",\"data\":\"\"}",
    "{\"code\":400,\"status\":\"error\",\"message\":\"invalid timestamp.\",\"data\":null}",
    "{\"code\":400,\"status\":\"error\",\"message\":\"invalid timestamp.\"}",
    "{\"code\":400,\"status\":\"error\",\"message\":\"invalid timestamp.\",\"data\":[]}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      assert_parse_error (bodies[i], 400, LC_ERROR_INVALID_TIMESTAMP, "invalid timestamp.");
      assert_parse_error (bodies[i], 200, LC_ERROR_INVALID_TIMESTAMP, "invalid timestamp.");
    }
}

static void
test_error_without_message (void)
{
  assert_parse_error ("{\"code\":400,\"status\":\"error\",\"data\":\"\"}", 400, LC_ERROR_API,
                      NULL);
  assert_parse_error ("{\"code\":500,\"status\":\"error\",\"message\":null}", 500,
                      LC_ERROR_SERVER, NULL);
}

static void
test_error_status_with_code_200 (void)
{
  /* A body that says "error" is an error even if its code looks like success. */
  assert_parse_error ("{\"code\":200,\"status\":\"error\",\"message\":\"application not found.\","
                      "\"data\":\"\"}", 200, LC_ERROR_APPLICATION_NOT_FOUND,
                      "application not found.");
}

/* Transport-level answers. */

static void
test_rate_limited (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LcSeries) series = NULL;

  series = parse_checked ("Too Many Requests", 17, 429, "text/plain", &error);
  g_assert_null (series);
  g_assert_error (error, LC_ERROR, LC_ERROR_RATE_LIMITED);
  g_assert_cmpuint (lc_error_get_http_status (error), ==, 429);
  g_clear_error (&error);

  /* Even a success-shaped 429 means slow down. */
  series = parse_text ("{\"code\":200,\"status\":\"success\",\"message\":\"\",\"data\":[]}", 429,
                       &error);
  g_assert_null (series);
  g_assert_error (error, LC_ERROR, LC_ERROR_RATE_LIMITED);
}

static void
test_html_pages (void)
{
  const char *page = "<html><head><title>502 Bad Gateway</title></head>"
                     "<body><h1>secret-looking-page-content</h1></body></html>";
  g_autoptr(GError) error = NULL;
  g_autoptr(LcSeries) series = NULL;

  series = parse_checked (page, strlen (page), 502, "text/html", &error);
  g_assert_null (series);
  g_assert_error (error, LC_ERROR, LC_ERROR_SERVER);
  g_clear_error (&error);

  /* The provider's block page for clients over the rate limit. */
  series = parse_checked (page, strlen (page), 403, "text/html", &error);
  g_assert_null (series);
  g_assert_error (error, LC_ERROR, LC_ERROR_RATE_LIMITED);
  g_clear_error (&error);

  /* A captive portal answering 200: the detail says what came, never what it said. */
  series = parse_checked (page, strlen (page), 200, "text/html; charset=utf-8", &error);
  g_assert_null (series);
  g_assert_error (error, LC_ERROR, LC_ERROR_UNEXPECTED_RESPONSE);
  g_assert_nonnull (strstr (lc_error_get_server_message (error), "HTTP 200"));
  g_assert_nonnull (strstr (lc_error_get_server_message (error), "text/html"));
  g_assert_null (strstr (lc_error_get_server_message (error), "secret-looking"));
  g_assert_null (strstr (error->message, "secret-looking"));
}

static void
test_empty_body (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LcSeries) series = NULL;

  series = parse_checked ("", 0, 200, NULL, &error);
  g_assert_null (series);
  g_assert_error (error, LC_ERROR, LC_ERROR_UNEXPECTED_RESPONSE);
  g_assert_nonnull (strstr (lc_error_get_server_message (error), "(none)"));
  g_clear_error (&error);

  series = parse_checked (NULL, 0, 503, NULL, &error);
  g_assert_null (series);
  g_assert_error (error, LC_ERROR, LC_ERROR_SERVER);
}

static void
test_truncated_json (void)
{
  const char *body = "{\"code\":200,\"status\":\"success\",\"message\":\"\",\"data\":["
                     "{\"day\":\"2019-04-10\",\"minute\":\"10:30\",\"viewers\":2},"
                     "{\"day\":\"2019-04-16\",\"minute\":\"19:06\",\"viewers\":2}]}";
  gsize length = strlen (body);

  /* Every cut, from nothing to all but the last byte, is an answer we do not understand. */
  for (gsize cut = 0; cut < length; cut++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(LcSeries) series = parse_checked (body, cut, 200, "application/json", &error);

      g_assert_null (series);
      g_assert_error (error, LC_ERROR, LC_ERROR_UNEXPECTED_RESPONSE);
    }
}

static void
test_wrong_shapes (void)
{
  const char *bodies[] = {
    "[]",
    "42",
    "\"success\"",
    "null",
    "{}",
    "{\"code\":\"200\",\"status\":\"success\",\"data\":[]}",
    "{\"code\":200,\"status\":\"success\",\"message\":\"\",\"data\":{}}",
    "{\"code\":200,\"status\":\"success\",\"message\":\"\",\"data\":\"\"}",
    "{\"code\":200,\"status\":\"success\",\"message\":\"\"}",
    "{\"code\":200,\"status\":\"maybe\",\"message\":\"\",\"data\":[]}",
    "{\"code\":200,\"status\":\"success\",\"message\":\"\",\"data\":[1]}",
    "{\"code\":200,\"status\":\"success\",\"message\":\"\",\"data\":[[]]}",
    "{\"code\":200,\"status\":\"success\",\"message\":\"\",\"data\":["
    "{\"minute\":\"10:30\",\"viewers\":2}]}",
    "{\"code\":200,\"status\":\"success\",\"message\":\"\",\"data\":["
    "{\"day\":\"2019-04-10\",\"viewers\":2}]}",
    "{\"code\":200,\"status\":\"success\",\"message\":\"\",\"data\":["
    "{\"day\":\"2019-04-10\",\"minute\":\"10:30\"}]}",
    "{\"code\":200,\"status\":\"success\",\"message\":\"\",\"data\":["
    "{\"day\":\"2019-04-10\",\"minute\":\"10:30\",\"viewers\":null}]}",
    "{\"code\":200,\"status\":\"success\",\"message\":\"\",\"data\":["
    "{\"day\":20190410,\"minute\":\"10:30\",\"viewers\":2}]}",
    "{\"code\":200,\"status\":\"success\",\"message\":\"\",\"data\":["
    "{\"day\":\"2019-04-10\",\"minute\":\"10:30\",\"viewers\":2}] trailing",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_test_message ("%s", bodies[i]);
      assert_parse_error (bodies[i], 200, LC_ERROR_UNEXPECTED_RESPONSE, NULL);
    }
}

static void
test_bad_rows (void)
{
  const char *rows[] = {
    "{\"day\":\"2019-04-10\",\"minute\":\"10:30\",\"viewers\":-1}",
    "{\"day\":\"2019-04-10\",\"minute\":\"10:30\",\"viewers\":\"-1\"}",
    "{\"day\":\"2019-04-10\",\"minute\":\"10:30\",\"viewers\":2147483648}",
    "{\"day\":\"2019-04-10\",\"minute\":\"10:30\",\"viewers\":\"2147483648\"}",
    "{\"day\":\"2019-04-10\",\"minute\":\"10:30\",\"viewers\":99999999999999999999999}",
    "{\"day\":\"2019-04-10\",\"minute\":\"10:30\",\"viewers\":1e3}",
    "{\"day\":\"2019-04-10\",\"minute\":\"10:30\",\"viewers\":2.5}",
    "{\"day\":\"2019-04-10\",\"minute\":\"10:30\",\"viewers\":2.0}",
    "{\"day\":\"2019-04-10\",\"minute\":\"10:30\",\"viewers\":\"\"}",
    "{\"day\":\"2019-04-10\",\"minute\":\"10:30\",\"viewers\":\" 2\"}",
    "{\"day\":\"2019-04-10\",\"minute\":\"10:30\",\"viewers\":\"two\"}",
    "{\"day\":\"2019-04-10\",\"minute\":\"10:30\",\"viewers\":true}",
    "{\"day\":\"2019-02-30\",\"minute\":\"10:30\",\"viewers\":2}",
    "{\"day\":\"2019-4-10\",\"minute\":\"10:30\",\"viewers\":2}",
    "{\"day\":\"10/04/2019\",\"minute\":\"10:30\",\"viewers\":2}",
    "{\"day\":\"\",\"minute\":\"10:30\",\"viewers\":2}",
    "{\"day\":\"2019-04-10\",\"minute\":\"24:00\",\"viewers\":2}",
    "{\"day\":\"2019-04-10\",\"minute\":\"10:60\",\"viewers\":2}",
    "{\"day\":\"2019-04-10\",\"minute\":\"9:05\",\"viewers\":2}",
    "{\"day\":\"2019-04-10\",\"minute\":\"10:30:00\",\"viewers\":2}",
    "{\"day\":\"2019-04-10\",\"minute\":\"ab:cd\",\"viewers\":2}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autofree char *body = g_strdup_printf ("{\"code\":200,\"status\":\"success\","
                                               "\"message\":\"\",\"data\":["
                                               "{\"day\":\"2019-04-10\",\"minute\":\"10:29\","
                                               "\"viewers\":1},%s]}", rows[i]);

      g_test_message ("%s", rows[i]);
      assert_parse_error (body, 200, LC_ERROR_UNEXPECTED_RESPONSE, NULL);
    }
}

static void
test_success_with_error_status (void)
{
  /* A success body that arrived with an error status is not a success. */
  assert_parse_error ("{\"code\":200,\"status\":\"success\",\"message\":\"\",\"data\":[]}", 404,
                      LC_ERROR_UNEXPECTED_RESPONSE, NULL);
  assert_parse_error ("{\"code\":200,\"status\":\"success\",\"message\":\"\",\"data\":[]}", 502,
                      LC_ERROR_SERVER, NULL);
}

/* The two readers on big and damaged bodies. */

static GString *
dense_body (LcDay    first_day,
            guint    n_days,
            gboolean numeric_strings)
{
  GString *body = g_string_sized_new (n_days * LC_MINUTES_PER_DAY * 52);

  g_string_append (body, "{\"code\":200,\"status\":\"success\",\"message\":\"\",\"data\":[");
  for (guint d = 0; d < n_days; d++)
    {
      char day_text[11];

      lc_day_format_into (first_day + (LcDay) d, day_text);
      for (guint m = 0; m < LC_MINUTES_PER_DAY; m++)
        {
          guint viewers = 1 + (d * 7919 + m * 31) % 5000;

          g_string_append_printf (body, "%s{\"day\":\"%s\",\"minute\":\"%02u:%02u\",",
                                  d == 0 && m == 0 ? "" : ",", day_text, m / 60, m % 60);
          g_string_append_printf (body, numeric_strings ? "\"viewers\":\"%u\"}" : "\"viewers\":%u}",
                                  viewers);
        }
    }
  g_string_append (body, "]}");

  return body;
}

static void
test_dense_chunk_both_readers (void)
{
  g_autoptr(GString) body = NULL;
  g_autoptr(GString) string_body = NULL;
  g_autoptr(LcSeries) fast = NULL;
  g_autoptr(LcSeries) tree = NULL;
  g_autoptr(LcSeries) fast_strings = NULL;
  g_autoptr(GError) error = NULL;
  LcDay first_day;

  g_assert_true (lc_day_from_ymd (2024, 1, 1, &first_day));
  body = dense_body (first_day, 61, FALSE);

  fast = lc_response_parse_fast (body->str, body->len);
  tree = lc_response_parse_tree (body->str, body->len, 200, "application/json", &error);

  g_assert_no_error (error);
  g_assert_nonnull (fast);
  g_assert_cmpuint (lc_series_get_length (fast), ==, 61 * LC_MINUTES_PER_DAY);
  g_assert_true (lc_series_equal (fast, tree));
  assert_point (fast, 0, first_day * LC_MINUTES_PER_DAY, 1);

  string_body = dense_body (first_day, 2, TRUE);
  fast_strings = lc_response_parse_fast (string_body->str, string_body->len);
  g_assert_nonnull (fast_strings);
  g_assert_cmpuint (lc_series_get_length (fast_strings), ==, 2 * LC_MINUTES_PER_DAY);
  for (guint i = 0; i < lc_series_get_length (fast_strings); i++)
    g_assert_cmpuint (lc_series_get_viewers (fast_strings)[i], ==, lc_series_get_viewers (fast)[i]);
}

/* Every single-byte change of a small success body: the readers agree, and nothing crashes. */
static void
test_damaged_bodies_agree (void)
{
  const char *original = "{\"code\":200,\"status\":\"success\",\"message\":\"\",\"data\":["
                         "{\"day\":\"2019-04-10\",\"minute\":\"10:30\",\"viewers\":2},"
                         "{\"day\":\"2019-04-10\",\"minute\":\"10:31\",\"viewers\":\"35\"},"
                         "{\"day\":\"2019-04-11\",\"minute\":\"00:00\",\"viewers\":0}]}";
  const char replacements[] = { ' ', '0', '9', '-', '"', '\\', ',', '}', ']', '{', '[', ':', 'x',
                                '.', 'e', '\n', '\x80', '\0' };
  gsize length = strlen (original);
  g_autofree char *body = g_malloc (length + 1);
  guint n_accepted = 0;

  for (gsize position = 0; position < length; position++)
    {
      for (guint r = 0; r < G_N_ELEMENTS (replacements); r++)
        {
          g_autoptr(GError) error = NULL;
          g_autoptr(LcSeries) series = NULL;

          memcpy (body, original, length + 1);
          body[position] = replacements[r];

          series = parse_checked (body, length, 200, "application/json", &error);
          if (series != NULL)
            n_accepted++;
          else
            g_assert_true (error->domain == LC_ERROR);
        }
    }

  /* Some changes leave a valid body, such as a digit for a digit. */
  g_assert_cmpuint (n_accepted, >, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/response/success/numbers", test_success_numbers);
  g_test_add_func ("/response/success/numeric-strings", test_success_numeric_strings);
  g_test_add_func ("/response/success/pretty-printed", test_success_pretty_printed);
  g_test_add_func ("/response/success/empty-list", test_success_empty_list);
  g_test_add_func ("/response/success/null-data", test_success_null_data);
  g_test_add_func ("/response/success/out-of-order", test_success_out_of_order_and_duplicates);
  g_test_add_func ("/response/success/zero-viewers", test_success_zero_viewers_dropped);
  g_test_add_func ("/response/success/other-shapes", test_success_other_shapes);
  g_test_add_func ("/response/error/documented", test_documented_errors);
  g_test_add_func ("/response/error/data-variants", test_error_data_variants);
  g_test_add_func ("/response/error/no-message", test_error_without_message);
  g_test_add_func ("/response/error/code-200", test_error_status_with_code_200);
  g_test_add_func ("/response/transport/rate-limited", test_rate_limited);
  g_test_add_func ("/response/transport/html", test_html_pages);
  g_test_add_func ("/response/transport/empty", test_empty_body);
  g_test_add_func ("/response/transport/success-with-error-status",
                   test_success_with_error_status);
  g_test_add_func ("/response/malformed/truncated", test_truncated_json);
  g_test_add_func ("/response/malformed/wrong-shapes", test_wrong_shapes);
  g_test_add_func ("/response/malformed/bad-rows", test_bad_rows);
  g_test_add_func ("/response/readers/dense-chunk", test_dense_chunk_both_readers);
  g_test_add_func ("/response/readers/damaged-bodies", test_damaged_bodies_agree);

  return g_test_run ();
}
