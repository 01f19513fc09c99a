/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>

#include "hd-server.h"

G_BEGIN_DECLS

/* What the request handlers of hd-server-*.c share. Every handler runs
 * on the main loop; one that must wait (a password check, a long poll)
 * pauses its message and answers later.
 *
 * Writes are grouped: each change is a savepoint inside one transaction
 * that commits once the main loop is idle, so one fsync makes a whole
 * burst of changes durable. No answer leaves before the commit that makes
 * what it says durable. */

#define HD_BODY_MAX (1024 * 1024)

struct _HdServer
{
  GObject        parent_instance;

  SoupServer    *soup;
  GSocketService *service;     /* accepts for soup (hd_server_listen) */
  GTlsCertificate *certificate; /* NULL: plain HTTP */
  HdPlan        *plan;
  HdServerStore *store;
  char          *sendmail;
  GHashTable    *failures;     /* username -> GArray of failed sign-in times */
  GList         *waiters;      /* of HdWaiter: long polls on /changes */
  GPtrArray     *outbox;       /* of char *: mail to send once committed */
  guint          sweep_id;
  guint          wake_id;
  guint          batch_id;     /* the pending commit of the open batch */
  GPtrArray     *held;         /* of SoupServerMessage: answers waiting for it */
  guint          outbox_mark;  /* outbox length when the current change began */
  guint          mail_in_flight;
};

typedef struct {
  HdServer          *server;
  SoupServerMessage *msg;
  const char        *method;
  char             **segments; /* the path after /api/v1/ */
  HdServerUser      *user;     /* NULL until authenticated */
  JsonNode          *body;     /* NULL without a body */
  gboolean           paused;   /* the handler answers later */
} HdRequest;

typedef void (*HdHandler) (HdRequest *request);

/* replies */
void      _hd_reply_json              (SoupServerMessage *msg,
                                       guint              status,
                                       JsonNode          *node);
void      _hd_reply_text              (SoupServerMessage *msg,
                                       guint              status,
                                       char              *json);
void      _hd_reply_error             (SoupServerMessage *msg,
                                       guint              status,
                                       const char        *code,
                                       const char        *field,
                                       const char        *format,
                                       ...) G_GNUC_PRINTF (5, 6);
void      _hd_reply_invalid           (SoupServerMessage *msg,
                                       const char        *field,
                                       const GError      *error);
void      _hd_reply_ticket            (HdRequest         *request,
                                       guint              status,
                                       HdServerTicket    *ticket,
                                       gboolean           with_history);
void      _hd_reply_store_failure     (SoupServerMessage *msg,
                                       const GError      *error);
JsonObject *_hd_request_object        (HdRequest         *request);
gint64    _hd_now                     (void);

/* auth */
gboolean  _hd_authenticate            (HdRequest         *request);
gboolean  _hd_is_staff                (const HdServerUser *user);
void      _hd_handle_session_create   (HdRequest         *request);
void      _hd_handle_session_delete   (HdRequest         *request);
void      _hd_handle_me               (HdRequest         *request);
void      _hd_handle_users            (HdRequest         *request);
char     *_hd_password_hash           (const char        *password,
                                       GError           **error);
JsonNode *_hd_user_to_json            (HdServer          *server,
                                       const HdServerUser *user);

/* tickets */
void      _hd_handle_plan             (HdRequest         *request);
void      _hd_handle_ticket_create    (HdRequest         *request);
void      _hd_handle_ticket_get       (HdRequest         *request);
void      _hd_handle_ticket_patch     (HdRequest         *request);
void      _hd_handle_comment_create   (HdRequest         *request);
void      _hd_handle_follow_up        (HdRequest         *request);
void      _hd_handle_survey           (HdRequest         *request);
HdServerTicket *_hd_find_visible_ticket (HdRequest       *request);

/* changes */
void      _hd_handle_changes          (HdRequest         *request);
void      _hd_wake_waiters            (HdServer          *server);
void      _hd_waiters_free            (HdServer          *server);

/* rules */
gboolean  _hd_begin                    (HdServer          *server,
                                       GError           **error);
gboolean  _hd_commit                   (HdServer          *server,
                                       GError           **error);
void      _hd_rollback                (HdServer          *server);
void      _hd_send_when_durable       (HdServer          *server,
                                       SoupServerMessage *msg,
                                       gboolean           paused);
gboolean  _hd_rules_submit            (HdServer          *server,
                                       HdServerTicket    *ticket,
                                       GError           **error);
gboolean  _hd_put                      (HdServer          *server,
                                       HdServerTicket    *ticket,
                                       GError           **error);
void      _hd_rules_recompute_deadlines (HdServer        *server,
                                       HdServerTicket    *ticket);
gboolean  _hd_rules_escalate          (HdServer          *server,
                                       HdServerTicket    *ticket,
                                       const char        *why,
                                       HdEscalationTarget target,
                                       GError           **error);
gboolean  _hd_event                   (HdServer          *server,
                                       const HdTicket    *ticket,
                                       const char        *actor,
                                       const char        *action,
                                       const char        *field,
                                       const char        *from,
                                       const char        *to,
                                       const char        *detail,
                                       GError           **error);

/* mail */
void      _hd_mail_send               (HdServer          *server,
                                       const char        *to,
                                       const char        *subject,
                                       const char        *body);
void      _hd_mail_flush              (HdServer          *server);
void      _hd_mail_discard            (HdServer          *server);
void      _hd_mail_acknowledge        (HdServer          *server,
                                       const HdTicket    *ticket);

G_END_DECLS
