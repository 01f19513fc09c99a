/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "hd-calendar.h"

G_BEGIN_DECLS

/* A district's help desk plan (see the helpdesk-plan(5) manual page):
 * read from its key file or from the JSON the server serves, validated as
 * a whole, then only read. */

typedef enum {
  HD_PRIORITY_CRITICAL,
  HD_PRIORITY_HIGH,
  HD_PRIORITY_MEDIUM,
  HD_PRIORITY_NORMAL,
} HdPriority;

#define HD_N_PRIORITIES 4

typedef enum {
  HD_ESCALATE_LEAD,
  HD_ESCALATE_SENIOR,
  HD_ESCALATE_SUPERVISOR,
} HdEscalationTarget;

typedef enum {
  HD_PLAN_SCOPE_FULL,          /* the whole plan, as the server needs it */
  HD_PLAN_SCOPE_CALENDAR,      /* only [Help Desk] TimeZone and [Hours] */
  HD_PLAN_SCOPE_SLA,           /* those and the [Priority] groups */
} HdPlanScope;

#define HD_PLAN_ERROR (hd_plan_error_quark ())

typedef enum {
  HD_PLAN_ERROR_INVALID,
} HdPlanError;

typedef struct {
  char  *file;
  guint  line;                 /* 1-based; 0 where there is no line (JSON) */
  char  *group;
  char  *key;                  /* NULL for a problem of the whole group */
  char  *message;
} HdPlanProblem;

typedef struct {
  HdPriority  priority;
  const char *id;
  char       *label;
  char       *description;
  gint64      response;        /* business seconds */
  gint64      resolution;
  gint64      warn_before;
} HdPlanPriority;

typedef struct {
  char  *id;
  char  *label;
  char **team;
  char  *lead;                 /* NULL when the topic has none */
} HdPlanTopic;

typedef struct {
  char     *id;
  char     *name;
  char     *role;
  char     *email;
  char     *phone;
  gboolean  senior;
} HdPlanMember;

typedef struct {
  char *id;
  char *label;
} HdPlanChoice;

#define HD_TYPE_PLAN (hd_plan_get_type ())

G_DECLARE_FINAL_TYPE (HdPlan, hd_plan, HD, PLAN, GObject)

GQuark               hd_plan_error_quark          (void);
const char          *hd_priority_to_string        (HdPriority          priority);
gboolean             hd_priority_from_string      (const char         *text,
                                                   HdPriority         *priority);
const char          *hd_escalation_target_to_string (HdEscalationTarget target);
char                *hd_plan_problem_to_string    (const HdPlanProblem *problem);
void                 hd_plan_problem_free         (HdPlanProblem      *problem);

HdPlan              *hd_plan_load                 (const char         *path,
                                                   HdPlanScope         scope,
                                                   GPtrArray         **problems,
                                                   GError            **error);
HdPlan              *hd_plan_load_from_data       (const char         *data,
                                                   gsize               length,
                                                   const char         *file_name,
                                                   HdPlanScope         scope,
                                                   GPtrArray         **problems,
                                                   GError            **error);
HdPlan              *hd_plan_new_from_json        (JsonNode           *node,
                                                   GError            **error);
JsonNode            *hd_plan_to_json              (HdPlan             *self);

const char          *hd_plan_get_name             (HdPlan             *self);
const char          *hd_plan_get_purpose          (HdPlan             *self);
const char          *hd_plan_get_email            (HdPlan             *self);
const char          *hd_plan_get_phone            (HdPlan             *self);
const char          *hd_plan_get_hours_posted     (HdPlan             *self);
const char          *hd_plan_get_commitments      (HdPlan             *self);
const char * const  *hd_plan_get_channels         (HdPlan             *self);
const char * const  *hd_plan_get_locations        (HdPlan             *self);
HdCalendar          *hd_plan_get_calendar         (HdPlan             *self);
HdZone              *hd_plan_get_zone             (HdPlan             *self);
char                *hd_plan_format_local_time    (HdPlan             *self,
                                                   gint64              instant);
char                *hd_plan_format_day_hours     (HdPlan             *self,
                                                   int                 weekday);
const HdPlanPriority *hd_plan_get_priority        (HdPlan             *self,
                                                   HdPriority          priority);
const GPtrArray     *hd_plan_get_scopes           (HdPlan             *self);
const GPtrArray     *hd_plan_get_effects          (HdPlan             *self);
const HdPlanChoice  *hd_plan_find_choice          (const GPtrArray    *choices,
                                                   const char         *id);
gboolean             hd_plan_lookup_matrix        (HdPlan             *self,
                                                   const char         *scope,
                                                   const char         *effect,
                                                   HdPriority         *priority);
const GPtrArray     *hd_plan_get_topics           (HdPlan             *self);
const HdPlanTopic   *hd_plan_find_topic           (HdPlan             *self,
                                                   const char         *id);
const GPtrArray     *hd_plan_get_members          (HdPlan             *self);
const HdPlanMember  *hd_plan_find_member          (HdPlan             *self,
                                                   const char         *id);
HdEscalationTarget   hd_plan_get_on_response_breach   (HdPlan         *self);
HdEscalationTarget   hd_plan_get_on_resolution_breach (HdPlan         *self);
const char * const  *hd_plan_get_supervisors      (HdPlan             *self);
const char          *hd_plan_escalation_member    (HdPlan             *self,
                                                   const char         *topic,
                                                   const char         *assignee,
                                                   HdEscalationTarget  target);
gboolean             hd_plan_get_acknowledge_by_email (HdPlan         *self);
const char          *hd_plan_get_follow_up_after  (HdPlan             *self);
gint64               hd_plan_get_auto_close_after (HdPlan             *self);
gboolean             hd_plan_get_survey           (HdPlan             *self);
const char          *hd_plan_get_feedback         (HdPlan             *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HdPlanProblem, hd_plan_problem_free)

G_END_DECLS
