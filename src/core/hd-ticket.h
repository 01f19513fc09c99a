/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "hd-plan.h"

G_BEGIN_DECLS

/* A ticket and a comment as the REST API carries them. Instants are
 * seconds since the epoch, -1 where the API says null. */

typedef enum {
  HD_STATUS_NEW,
  HD_STATUS_ACKNOWLEDGED,
  HD_STATUS_IN_PROGRESS,
  HD_STATUS_WAITING,
  HD_STATUS_RESOLVED,
  HD_STATUS_CLOSED,
} HdStatus;

#define HD_N_STATUSES 6

typedef enum {
  HD_CHANNEL_FORM,
  HD_CHANNEL_PHONE,
  HD_CHANNEL_EMAIL,
  HD_CHANNEL_WALK_IN,
} HdChannel;

#define HD_N_CHANNELS 4

/* Limits on what people type, in characters. */
#define HD_SUBJECT_MAX 200
#define HD_TEXT_MAX 20000
#define HD_NAME_MAX 200
#define HD_EMAIL_MAX 254
#define HD_PHONE_MAX 50
#define HD_REASON_MAX 500

typedef struct {
  char       *id;
  gint64      number;          /* 0 until the server numbers it */
  gint64      version;
  char       *subject;
  char       *description;
  char       *requester_name;
  char       *requester_email;
  char       *requester_phone;
  char       *submitted_by;
  HdChannel   channel;
  char       *location;
  char       *topic;
  char       *scope;
  char       *effect;
  HdPriority  priority;
  char       *priority_reason;
  HdStatus    status;
  char       *assignee;
  gint64      escalation_level;
  gint64      created_at;
  gint64      updated_at;
  gint64      acknowledged_at;
  gint64      first_response_at;
  gint64      resolved_at;
  gint64      closed_at;
  gint64      response_due_at;
  gint64      resolution_due_at;
  gint64      survey_rating;   /* 0: no survey answered */
  char       *survey_comment;
  gint64      survey_at;
} HdTicket;

typedef struct {
  char     *id;
  char     *ticket_id;
  char     *author;
  char     *body;
  gboolean  internal;
  gint64    created_at;
} HdComment;

const char *hd_status_to_string       (HdStatus          status);
gboolean    hd_status_from_string     (const char       *text,
                                       HdStatus         *status);
gboolean    hd_status_can_move        (HdStatus          from,
                                       HdStatus          to);
gboolean    hd_status_is_open         (HdStatus          status);
const char *hd_channel_to_string      (HdChannel         channel);
gboolean    hd_channel_from_string    (const char       *text,
                                       HdChannel        *channel);

HdTicket   *hd_ticket_new             (void);
void        hd_ticket_free            (HdTicket         *ticket);
void        hd_ticket_write_json      (const HdTicket   *ticket,
                                       GString          *out);
char       *hd_ticket_to_json_text    (const HdTicket   *ticket);
JsonNode   *hd_ticket_to_json         (const HdTicket   *ticket);
HdTicket   *hd_ticket_new_from_json   (JsonNode         *node,
                                       GError          **error);

HdComment  *hd_comment_new            (void);
void        hd_comment_free           (HdComment        *comment);
void        hd_comment_write_json     (const HdComment  *comment,
                                       GString          *out);
char       *hd_comment_to_json_text   (const HdComment  *comment);
JsonNode   *hd_comment_to_json        (const HdComment  *comment);
HdComment  *hd_comment_new_from_json  (JsonNode         *node,
                                       GError          **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HdTicket, hd_ticket_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HdComment, hd_comment_free)

G_END_DECLS
