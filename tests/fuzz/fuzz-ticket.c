/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "hd-fuzz.h"
#include "hd-json.h"
#include "hd-ticket.h"

/* libFuzzer target: a JSON document read as a ticket and as a comment,
 * as the client reads what the server sends. What decodes must encode to
 * JSON that decodes again to the same JSON: the server writes the feed
 * with that encoding, and the client sends tickets with it. */

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* the client's own limit on an answer */
#define MAX_DOCUMENT (64 * 1024 * 1024)

static void
fail (const char *what,
      const char *detail)
{
  hd_fuzz_fail ("fuzz-ticket", what, detail);
}

/* Encodes, decodes and encodes again with @to_json and @from_json. */
static void
check_round_trip (gpointer    item,
                  char     *(*to_json) (gconstpointer),
                  gpointer  (*from_json) (JsonNode *, GError **),
                  void      (*free_item) (gpointer),
                  const char *kind)
{
  g_autofree char *first = to_json (item);
  g_autoptr(JsonNode) node = hd_json_parse (first, strlen (first), MAX_DOCUMENT, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *second = NULL;
  gpointer again;

  if (node == NULL)
    fail ("an encoding is not JSON that hd_json_parse() reads", first);
  again = from_json (node, &error);
  if (again == NULL)
    {
      fprintf (stderr, "%s: %s\n", kind, first);
      fail ("an encoding does not decode", error->message);
    }
  second = to_json (again);
  free_item (again);
  if (strcmp (first, second) != 0)
    {
      fprintf (stderr, "%s\nfirst:  %s\nsecond: %s\n", kind, first, second);
      fail ("decoding an encoding changes it", NULL);
    }
}

static char *
ticket_to_json (gconstpointer item)
{
  return hd_ticket_to_json_text (item);
}

static gpointer
ticket_from_json (JsonNode  *node,
                  GError   **error)
{
  return hd_ticket_new_from_json (node, error);
}

static void
ticket_free (gpointer item)
{
  hd_ticket_free (item);
}

static char *
comment_to_json (gconstpointer item)
{
  return hd_comment_to_json_text (item);
}

static gpointer
comment_from_json (JsonNode  *node,
                   GError   **error)
{
  return hd_comment_new_from_json (node, error);
}

static void
comment_free (gpointer item)
{
  hd_comment_free (item);
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
  g_autoptr(JsonNode) node = hd_json_parse ((const char *) data, size, MAX_DOCUMENT, NULL);
  g_autoptr(HdTicket) ticket = NULL;
  g_autoptr(HdComment) comment = NULL;
  g_autoptr(GError) ticket_error = NULL;
  g_autoptr(GError) comment_error = NULL;

  if (node == NULL)
    return 0;

  ticket = hd_ticket_new_from_json (node, &ticket_error);
  if ((ticket == NULL) == (ticket_error == NULL))
    fail ("a ticket decodes with an error, or fails without one", NULL);
  if (ticket != NULL)
    check_round_trip (ticket, ticket_to_json, ticket_from_json, ticket_free, "ticket");

  comment = hd_comment_new_from_json (node, &comment_error);
  if ((comment == NULL) == (comment_error == NULL))
    fail ("a comment decodes with an error, or fails without one", NULL);
  if (comment != NULL)
    check_round_trip (comment, comment_to_json, comment_from_json, comment_free, "comment");
  return 0;
}
