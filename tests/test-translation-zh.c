/* test-translation-zh.c: dates, durations and lists read naturally in Simplified Chinese
 *
 * The date patterns are translated strings, so only a run with the Chinese catalogue shows
 * whether a translated range pattern is well formed (a broken one silently falls back to the
 * English order) and whether the words around the numbers are right. The catalogue is the one
 * built from po/zh_CN.po in this build tree; the suite is skipped on a machine without the
 * zh_CN.UTF-8 locale, whose month and weekday names the patterns rely on.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "lc-app-logic.h"
#include "lc-chart.h"
#include "lc-error.h"
#include "lc-export-dialog.h"

static LcDay
day (int year,
     int month,
     int mday)
{
  LcDay result = 0;

  g_assert_true (lc_day_from_ymd (year, month, mday, &result));

  return result;
}

static LcMinute
minute_of (LcDay day_number,
           int   hour,
           int   minute)
{
  return (LcMinute) day_number * LC_MINUTES_PER_DAY + hour * 60 + minute;
}

static void
assert_range_label (LcDay       start,
                    LcDay       end,
                    const char *expected)
{
  LcRange range = { start, end };
  g_autofree char *label = lc_format_range_label (range);

  g_assert_cmpstr (label, ==, expected);
}

static void
test_range_labels (void)
{
  /* The year comes first and is written once, on the first day. */
  assert_range_label (day (2024, 5, 3), day (2024, 5, 3), "2024年5月3日");
  assert_range_label (day (2024, 5, 1), day (2024, 5, 31), "2024年5月1日 – 31日");
  assert_range_label (day (2026, 11, 28), day (2026, 12, 4), "2026年11月28日 – 12月4日");
  assert_range_label (day (2023, 12, 30), day (2024, 1, 2), "2023年12月30日 – 2024年1月2日");
}

static void
test_minutes (void)
{
  g_autofree char *with_weekday = lc_chart_format_minute (minute_of (day (2026, 12, 1), 20, 32));
  g_autofree char *summary = lc_format_minute (minute_of (day (2024, 5, 3), 20, 15));
  g_autofree char *part_of_day = lc_export_describe_window (minute_of (day (2024, 5, 3), 20, 15),
                                                            minute_of (day (2024, 5, 3), 22, 40));

  /* The weekday is "周二", never the bare "二" of the locale's abbreviation. */
  g_assert_cmpstr (with_weekday, ==, "2026年12月1日 周二 20:32");
  g_assert_cmpstr (summary, ==, "2024年5月3日 20:15");
  g_assert_cmpstr (part_of_day, ==, "2024年5月3日 20:15 – 22:40");
}

static void
test_durations (void)
{
  g_autofree char *short_one = lc_format_duration (45);
  g_autofree char *long_one = lc_format_duration (65);

  g_assert_cmpstr (short_one, ==, "45 分钟");
  /* No zero padding of the minutes in running text. */
  g_assert_cmpstr (long_one, ==, "1 小时 5 分钟");
}

static void
test_missing_days (void)
{
  g_autoptr (GArray) runs = g_array_new (FALSE, FALSE, sizeof (LcRange));
  LcRange first = { day (2024, 5, 1), day (2024, 5, 1) };
  LcRange second = { day (2024, 5, 3), day (2024, 5, 5) };
  LcRange third = { day (2024, 5, 7), day (2024, 5, 7) };
  LcRange fourth = { day (2024, 5, 9), day (2024, 5, 9) };
  g_autofree char *text = NULL;

  g_array_append_val (runs, first);
  g_array_append_val (runs, second);
  g_array_append_val (runs, third);
  g_array_append_val (runs, fourth);
  text = lc_format_missing_days (runs);

  /* The enumeration comma between runs, and "等" for a list cut short. */
  g_assert_cmpstr (text, ==, "2024年5月1日、2024年5月3日 – 5日、2024年5月7日等");
}

static void
test_errors_name_no_preferences (void)
{
  /* The command-line tool shows the same messages, and it has no Preferences. */
  for (LcError code = LC_ERROR_APP_ID_REQUIRED; code <= LC_ERROR_RANGE_TOO_OLD; code++)
    {
      const char *text = lc_error_describe (code);

      g_assert_null (strstr (text, "首选项"));
      g_assert_true (g_str_has_suffix (text, "。"));
    }
}

static void
skip_without_locale (void)
{
  g_test_skip ("The zh_CN.UTF-8 locale is not installed (Debian: the locales package)");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  /* LANGUAGE would take precedence over the locale; the suite must read Chinese. */
  g_setenv ("LANGUAGE", "zh_CN", TRUE);
  bindtextdomain (GETTEXT_PACKAGE, LC_TEST_LOCALE_DIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  if (setlocale (LC_ALL, "zh_CN.UTF-8") == NULL)
    {
      g_test_add_func ("/zh-cn/locale", skip_without_locale);
      return g_test_run ();
    }

  g_test_add_func ("/zh-cn/range-labels", test_range_labels);
  g_test_add_func ("/zh-cn/minutes", test_minutes);
  g_test_add_func ("/zh-cn/durations", test_durations);
  g_test_add_func ("/zh-cn/missing-days", test_missing_days);
  g_test_add_func ("/zh-cn/errors", test_errors_name_no_preferences);

  return g_test_run ();
}
