/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-server"

#include "config.h"

#include "hd-server-private.h"
#include "hd-submission.h"
#include "hd-time.h"

/* Mail through "sendmail -t". Messages wait in the server's outbox until
 * the change they report is committed. Header values never carry a line
 * break, so no text a user typed can add a header. */

static char *
header_value (const char *text)
{
  GString *out = g_string_new (NULL);
  gboolean ascii = TRUE;

  for (const char *p = text; *p != '\0'; p++)
    ascii &= (guchar) *p < 0x80;
  if (ascii)
    {
      for (const char *p = text; *p != '\0'; p++)
        g_string_append_c (out, *p == '\r' || *p == '\n' || *p == '\t' ? ' ' : *p);
      return g_string_free (out, FALSE);
    }
  /* RFC 2047: base64 has no line breaks to smuggle */
  {
    g_autofree char *encoded = g_base64_encode ((const guchar *) text, strlen (text));

    g_string_append_printf (out, "=?UTF-8?B?%s?=", encoded);
  }
  return g_string_free (out, FALSE);
}

void
_hd_mail_send (HdServer   *server,
               const char *to,
               const char *subject,
               const char *body)
{
  const char *from = hd_plan_get_email (server->plan);
  g_autofree char *subject_header = NULL;
  g_autofree char *name_header = NULL;

  if (!hd_submission_is_mail_address (to))
    return;
  subject_header = header_value (subject);
  name_header = header_value (hd_plan_get_name (server->plan));
  g_ptr_array_add (server->outbox,
                   g_strdup_printf ("To: %s\nFrom: %s <%s>\nSubject: %s\nMIME-Version: 1.0\n"
                                    "Content-Type: text/plain; charset=UTF-8\n"
                                    "Content-Transfer-Encoding: 8bit\n\n%s",
                                    to, name_header, hd_submission_is_mail_address (from) ? from : "helpdesk@localhost",
                                    subject_header, body));
}

static void
sent_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(HdServer) server = user_data;
  g_autoptr(GError) error = NULL;

  server->mail_in_flight--;
  if (!g_subprocess_communicate_utf8_finish (G_SUBPROCESS (source), result, NULL, NULL, &error))
    g_warning ("sendmail: %s", error->message);
  else if (!g_subprocess_get_successful (G_SUBPROCESS (source)))
    g_warning ("sendmail failed with status %d", g_subprocess_get_exit_status (G_SUBPROCESS (source)));
}

void
_hd_mail_flush (HdServer *server)
{
  for (guint i = 0; i < server->outbox->len; i++)
    {
      const char *message = g_ptr_array_index (server->outbox, i);
      g_autoptr(GSubprocess) process = NULL;
      g_autoptr(GError) error = NULL;

      if (server->sendmail == NULL)
        continue;
      process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error,
                                  server->sendmail, "-t", "-i", NULL);
      if (process == NULL)
        {
          g_warning ("sendmail: %s", error->message);
          continue;
        }
      server->mail_in_flight++;
      g_subprocess_communicate_utf8_async (process, message, NULL, sent_cb, g_object_ref (server));
    }
  g_ptr_array_set_size (server->outbox, 0);
}

void
_hd_mail_discard (HdServer *server)
{
  g_ptr_array_set_size (server->outbox, 0);
}

void
_hd_mail_acknowledge (HdServer       *server,
                      const HdTicket *t)
{
  g_autofree char *subject = NULL;
  g_autofree char *body = NULL;
  g_autofree char *due = NULL;
  const char *posted = hd_plan_get_hours_posted (server->plan);

  if (!hd_plan_get_acknowledge_by_email (server->plan) || t->requester_email == NULL)
    return;
  due = hd_plan_format_local_time (server->plan, t->response_due_at);
  subject = g_strdup_printf ("[HD-%" G_GINT64_FORMAT "] Received: %s", t->number, t->subject);
  body = g_strdup_printf ("Hello %s,\n\n"
                          "%s received your request.\n\n"
                          "  Ticket number: HD-%" G_GINT64_FORMAT "\n"
                          "  Subject: %s\n"
                          "  Priority: %s\n"
                          "  We will respond by: %s\n\n"
                          "If you have not heard from us by then, reply to this message or follow up on the "
                          "ticket.\n\n"
                          "Opening hours: %s\n",
                          t->requester_name, hd_plan_get_name (server->plan), t->number, t->subject,
                          hd_plan_get_priority (server->plan, t->priority)->label, due,
                          posted != NULL ? posted : "in the help desk app");
  _hd_mail_send (server, t->requester_email, subject, body);
}
