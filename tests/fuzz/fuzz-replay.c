/* fuzz-replay.c: runs every file of a fuzz corpus through its harness, in any build
 *
 * libFuzzer needs clang. So that the seed corpus and every input that once broke the parser
 * are exercised by every build, with gcc as well, this driver links the same harness function
 * and calls it once per file, one GTest case per file. It takes the corpus directories as
 * arguments and fails when it finds nothing to run, so that a wrong path cannot pass quietly.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lc-fuzz"

#include "config.h"

#include <string.h>

#include "fuzz-answer.h"

static void
replay_file (gconstpointer user_data)
{
  const char *path = user_data;
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);

  LLVMFuzzerTestOneInput ((const uint8_t *) contents, length);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* Adds one test per regular file of @dir_path, in name order so that runs list alike. */
static guint
add_corpus_dir (const char *dir_path,
                GPtrArray  *paths)
{
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir_name = g_path_get_basename (dir_path);
  const char *name;

  dir = g_dir_open (dir_path, 0, &error);
  g_assert_no_error (error);

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      if (name[0] != '.')
        g_ptr_array_add (names, g_strdup (name));
    }
  g_ptr_array_sort (names, compare_names);

  for (guint i = 0; i < names->len; i++)
    {
      const char *file_name = g_ptr_array_index (names, i);
      char *path = g_build_filename (dir_path, file_name, NULL);
      g_autofree char *test_path = NULL;

      if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
        {
          g_free (path);
          continue;
        }

      test_path = g_strdup_printf ("/fuzz-replay/%s/%s", dir_name, file_name);
      g_ptr_array_add (paths, path);
      g_test_add_data_func (test_path, path, replay_file);
    }

  return names->len;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  guint n_files = 0;
  int status;

  g_test_init (&argc, &argv, NULL);
  LLVMFuzzerInitialize (&argc, &argv);

  for (int i = 1; i < argc; i++)
    n_files += add_corpus_dir (argv[i], paths);

  if (n_files == 0)
    {
      g_printerr ("No corpus files found: give the corpus directories as arguments\n");
      return 1;
    }

  status = g_test_run ();

  return status;
}
