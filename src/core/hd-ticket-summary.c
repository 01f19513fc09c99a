/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-ticket-summary"

#include "config.h"

#include <string.h>

#include "hd-ticket-summary.h"

/* The ids a view may keep in its settings: its columns' names. */
static const char * const sort_ids[HD_N_SORT_COLUMNS] = {
  "due", "number", "priority", "subject", "requester", "location", "topic", "assignee", "status", "updated",
};

/* One allocation for the summary and its strings: a list of 100,000
 * then frees 100,000 blocks, not 700,000 (which took as long as reading
 * the list). Counted references: the lists of a queue sorted again share
 * them (see hd_cache_list_summaries()). Numbers and statuses are set afterwards; they start as a
 * new ticket's with no instants. @assignee may be NULL; the others are
 * "" where NULL. */
HdTicketSummary *
hd_ticket_summary_new (const char *id,
                       const char *subject,
                       const char *requester_name,
                       const char *location,
                       const char *topic,
                       const char *assignee)
{
  const char *strings[] = { id, subject, requester_name, location, topic, assignee };
  gsize lengths[G_N_ELEMENTS (strings)];
  gsize size = sizeof (HdTicketSummary);
  HdTicketSummary *summary;
  const char **fields[G_N_ELEMENTS (strings)];
  char *p;

  for (guint i = 0; i < G_N_ELEMENTS (strings); i++)
    {
      if (strings[i] == NULL && i < G_N_ELEMENTS (strings) - 1)
        strings[i] = "";
      lengths[i] = strings[i] != NULL ? strlen (strings[i]) + 1 : 0;
      size += lengths[i];
    }
  summary = g_atomic_rc_box_alloc (size);
  *summary = (HdTicketSummary) {
    .priority = HD_PRIORITY_NORMAL,
    .status = HD_STATUS_NEW,
    .response_due_at = -1,
    .resolution_due_at = -1,
    .next_due_at = -1,
    .created_at = -1,
    .updated_at = -1,
  };
  fields[0] = &summary->id;
  fields[1] = &summary->subject;
  fields[2] = &summary->requester_name;
  fields[3] = &summary->location;
  fields[4] = &summary->topic;
  fields[5] = &summary->assignee;
  p = (char *) (summary + 1);
  for (guint i = 0; i < G_N_ELEMENTS (strings); i++)
    if (strings[i] != NULL)
      {
        memcpy (p, strings[i], lengths[i]);
        *fields[i] = p;
        p += lengths[i];
      }
  return summary;
}

HdTicketSummary *
hd_ticket_summary_ref (HdTicketSummary *summary)
{
  return g_atomic_rc_box_acquire (summary);
}

void
hd_ticket_summary_unref (HdTicketSummary *summary)
{
  g_atomic_rc_box_release (summary);
}

const char *
hd_sort_column_to_string (HdSortColumn sort)
{
  g_return_val_if_fail (sort < HD_N_SORT_COLUMNS, NULL);
  return sort_ids[sort];
}

gboolean
hd_sort_column_from_string (const char   *text,
                            HdSortColumn *sort)
{
  g_return_val_if_fail (text != NULL && sort != NULL, FALSE);

  for (guint i = 0; i < HD_N_SORT_COLUMNS; i++)
    if (g_str_equal (text, sort_ids[i]))
      {
        *sort = i;
        return TRUE;
      }
  return FALSE;
}
