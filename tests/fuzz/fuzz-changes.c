/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "hd-fuzz.h"
#include "hd-changes.h"
#include "hd-json.h"

/* libFuzzer target: a page of the change feed (GET /changes), decoded as
 * the sync engine decodes it before the cache applies it. A page that
 * decodes is whole: its position reads alone too, and appended to
 * nothing it stays itself. (fuzz-ticket checks the items' encoding.) */

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* the client's own limit on an answer */
#define MAX_DOCUMENT (64 * 1024 * 1024)

static void
fail (const char *what,
      const char *detail)
{
  hd_fuzz_fail ("fuzz-changes", what, detail);
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(JsonNode) page = hd_json_parse ((const char *) data, size, MAX_DOCUMENT, NULL);
  g_autoptr(HdChanges) changes = NULL;
  g_autoptr(HdChanges) all = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *cursor = NULL;
  gboolean more = FALSE;
  gboolean positioned;
  guint size_before;

  if (page == NULL)
    return 0;

  positioned = hd_changes_read_position (page, &cursor, &more, NULL);
  changes = hd_changes_new_from_page (page, &error);
  if ((changes == NULL) == (error == NULL))
    fail ("a page decodes with an error, or fails without one", NULL);
  if (changes == NULL)
    return 0;
  if (!positioned || g_strcmp0 (cursor, changes->cursor) != 0 || more != changes->more)
    fail ("a page that decodes has another position read alone", changes->cursor);
  if (changes->cursor == NULL || *changes->cursor == '\0')
    fail ("a page that decodes has no cursor", NULL);
  for (guint i = 0; i < changes->deleted->len; i++)
    if (!g_uuid_string_is_valid (g_ptr_array_index (changes->deleted, i)))
      fail ("a deleted id that is not a UUID", g_ptr_array_index (changes->deleted, i));

  /* as the sync engine gathers pages before writing them */
  size_before = hd_changes_get_size (changes);
  all = hd_changes_new ();
  hd_changes_append (all, g_steal_pointer (&changes));
  if (hd_changes_get_size (all) != size_before || g_strcmp0 (all->cursor, cursor) != 0 || all->more != more)
    fail ("a page appended to nothing is not that page", NULL);
  return 0;
}
