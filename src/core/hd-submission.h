/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "hd-cache.h"
#include "hd-plan.h"
#include "hd-ticket.h"

G_BEGIN_DECLS

/* A ticket filed here, from the form's values to the cache: every
 * problem with the form at once, the ticket with its id, its priority
 * from the plan's matrix and provisional deadlines, and its delivery
 * queued with it. The command line and the app file tickets through
 * these functions alone.
 *
 * Also the rules for what people type that the server applies too, so
 * that both say the same. */

typedef struct {
  char      *subject;
  char      *description;
  char      *location;
  char      *topic;
  char      *scope;
  char      *effect;
  char      *requester_name;
  char      *requester_email;
  char      *requester_phone;
  HdChannel  channel;
  gboolean   for_self;         /* the submitter is the requester: set by
                                * hd_submission_fill_requester() */
} HdSubmission;

/* One thing wrong with the form. @field is the API's name for it:
 * "subject", "description", "location", "topic", "scope", "effect",
 * "requester.name", "requester.email", "requester.phone", or "requester"
 * when there is no way to reach the requester. */
typedef struct {
  char *field;
  char *message;
} HdFieldProblem;

void                  hd_field_problem_free            (HdFieldProblem     *problem);

void                  hd_submission_clear              (HdSubmission       *self);
void                  hd_submission_fill_requester     (HdSubmission       *self,
                                                        const char         *username,
                                                        const char         *name,
                                                        const char         *email);
GPtrArray            *hd_submission_check              (const HdSubmission *self,
                                                        HdPlan             *plan);
const HdPlanPriority *hd_submission_describe_priority  (HdPlan             *plan,
                                                        const char         *scope,
                                                        const char         *effect);
HdTicket             *hd_submission_build              (const HdSubmission *self,
                                                        HdPlan             *plan,
                                                        const char         *submitted_by,
                                                        gint64              now);
char                 *hd_submission_request_body       (const HdTicket     *ticket);
gboolean              hd_submission_save               (HdCache            *cache,
                                                        const HdTicket     *ticket,
                                                        GError            **error);

gboolean              hd_submission_is_single_line     (const char         *text);
gboolean              hd_submission_is_mail_address    (const char         *text);
gint64                hd_submission_follow_up_from     (HdPlan             *plan,
                                                        const HdTicket     *ticket);
gboolean              hd_submission_may_follow_up      (HdPlan             *plan,
                                                        const HdTicket     *ticket,
                                                        gint64              now);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HdFieldProblem, hd_field_problem_free)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (HdSubmission, hd_submission_clear)

G_END_DECLS
