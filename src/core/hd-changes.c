/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-changes"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "hd-changes.h"
#include "hd-json.h"

HdChanges *
hd_changes_new (void)
{
  HdChanges *self = g_new0 (HdChanges, 1);

  self->tickets = g_ptr_array_new_with_free_func ((GDestroyNotify) hd_ticket_free);
  self->deleted = g_ptr_array_new_with_free_func (g_free);
  self->comments = g_ptr_array_new_with_free_func ((GDestroyNotify) hd_comment_free);
  return self;
}

void
hd_changes_free (HdChanges *self)
{
  if (self == NULL)
    return;
  g_ptr_array_unref (self->tickets);
  g_ptr_array_unref (self->deleted);
  g_ptr_array_unref (self->comments);
  g_free (self->cursor);
  g_free (self);
}

/* Takes @ticket. */
void
hd_changes_add_ticket (HdChanges *self,
                       HdTicket  *ticket)
{
  g_ptr_array_add (self->tickets, ticket);
}

/* Takes @comment. */
void
hd_changes_add_comment (HdChanges *self,
                        HdComment *comment)
{
  g_ptr_array_add (self->comments, comment);
}

/* Moves everything of @later, which came after, into @self. */
void
hd_changes_append (HdChanges *self,
                   HdChanges *later)
{
  g_ptr_array_extend_and_steal (self->tickets, g_steal_pointer (&later->tickets));
  g_ptr_array_extend_and_steal (self->deleted, g_steal_pointer (&later->deleted));
  g_ptr_array_extend_and_steal (self->comments, g_steal_pointer (&later->comments));
  g_free (self->cursor);
  self->cursor = g_steal_pointer (&later->cursor);
  self->more = later->more;
  g_free (later);
}

guint
hd_changes_get_size (const HdChanges *self)
{
  return self->tickets->len + self->deleted->len + self->comments->len;
}

static gboolean
is_tombstone (JsonObject  *o,
              char       **id)
{
  gboolean gone = FALSE;
  const char *text = NULL;

  if (o == NULL || !hd_json_get_boolean (o, "deleted", HD_JSON_NULLABLE, &gone, NULL) || !gone ||
      !hd_json_get_string (o, "id", HD_JSON_REQUIRED, 64, &text, NULL) || !g_uuid_string_is_valid (text))
    return FALSE;
  *id = g_strdup (text);
  return TRUE;
}

/* Where a page of /changes leaves the feed: enough to ask for the next
 * page before this one is decoded. */
gboolean
hd_changes_read_position (JsonNode  *page,
                          char     **cursor,
                          gboolean  *more,
                          GError   **error)
{
  JsonObject *root = page != NULL && JSON_NODE_HOLDS_OBJECT (page) ? json_node_get_object (page) : NULL;
  const char *text = NULL;

  if (root == NULL ||
      !hd_json_get_string (root, "cursor", HD_JSON_REQUIRED | HD_JSON_NOT_EMPTY, 200, &text, NULL) ||
      !hd_json_get_boolean (root, "more", HD_JSON_REQUIRED, more, NULL))
    {
      g_set_error_literal (error, HD_JSON_ERROR, HD_JSON_ERROR_INVALID, _("not a page of the change feed"));
      return FALSE;
    }
  *cursor = g_strdup (text);
  return TRUE;
}

/* A page of /changes, checked whole: one bad item refuses the page. */
HdChanges *
hd_changes_new_from_page (JsonNode  *page,
                          GError   **error)
{
  g_autoptr(HdChanges) self = hd_changes_new ();
  JsonObject *root = page != NULL && JSON_NODE_HOLDS_OBJECT (page) ? json_node_get_object (page) : NULL;
  JsonNode *ticket_node = root != NULL ? json_object_get_member (root, "tickets") : NULL;
  JsonNode *comment_node = root != NULL ? json_object_get_member (root, "comments") : NULL;
  JsonArray *tickets, *comments;

  if (!hd_changes_read_position (page, &self->cursor, &self->more, error))
    return NULL;
  if (ticket_node == NULL || !JSON_NODE_HOLDS_ARRAY (ticket_node) ||
      comment_node == NULL || !JSON_NODE_HOLDS_ARRAY (comment_node))
    {
      g_set_error_literal (error, HD_JSON_ERROR, HD_JSON_ERROR_INVALID, _("not a page of the change feed"));
      return NULL;
    }
  tickets = json_node_get_array (ticket_node);
  comments = json_node_get_array (comment_node);
  for (guint i = 0; i < json_array_get_length (tickets); i++)
    {
      JsonNode *node = json_array_get_element (tickets, i);
      char *id = NULL;
      HdTicket *ticket;

      if (is_tombstone (JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL, &id))
        {
          g_ptr_array_add (self->deleted, id);
          continue;
        }
      ticket = hd_ticket_new_from_json (node, error);
      if (ticket == NULL)
        return NULL;
      hd_changes_add_ticket (self, ticket);
    }
  for (guint i = 0; i < json_array_get_length (comments); i++)
    {
      HdComment *comment = hd_comment_new_from_json (json_array_get_element (comments, i), error);

      if (comment == NULL)
        return NULL;
      hd_changes_add_comment (self, comment);
    }
  return g_steal_pointer (&self);
}
