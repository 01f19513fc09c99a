/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "hd-plan.h"

G_BEGIN_DECLS

/* A plan's text before interpretation: groups of key=value entries with
 * the lines they came from (0 when they came from JSON). Both the key file
 * reader and the JSON reader produce this, so one interpreter validates
 * every plan, whatever its source. */

typedef struct {
  char  *key;
  char  *value;
  guint  line;
} HdPlanEntry;

typedef struct {
  char      *name;
  guint      line;
  GPtrArray *entries;          /* of HdPlanEntry */
} HdPlanGroup;

typedef struct {
  char      *file;
  guint      n_lines;
  GPtrArray *groups;           /* of HdPlanGroup */
  GPtrArray *problems;         /* of HdPlanProblem */
} HdPlanSource;

typedef struct {
  int start;                   /* seconds since local midnight */
  int end;                     /* 86400 is 24:00 */
} HdPlanRange;

typedef struct {
  gint64 first;                /* days since 1970-01-01, local dates */
  gint64 last;
} HdPlanHoliday;

struct _HdPlan
{
  GObject         parent_instance;

  char           *name;
  char           *purpose;
  char           *email;
  char           *phone;
  char           *hours_posted;
  char           *commitments;
  GStrv           channels;
  HdZone         *zone;
  GArray         *hours[7];    /* of HdPlanRange, as written */
  GArray         *holidays;    /* of HdPlanHoliday, as written */
  GStrv           locations;
  HdPlanPriority  priorities[HD_N_PRIORITIES];
  GPtrArray      *scopes;      /* of HdPlanChoice */
  GPtrArray      *effects;     /* of HdPlanChoice */
  HdPriority     *matrix;      /* scopes->len x effects->len */
  GPtrArray      *topics;      /* of HdPlanTopic */
  GPtrArray      *members;     /* of HdPlanMember */
  HdEscalationTarget on_response_breach;
  HdEscalationTarget on_resolution_breach;
  GStrv           supervisors;
  gboolean        acknowledge_by_email;
  char           *follow_up_after;
  gint64          auto_close_after;   /* -1: never */
  gboolean        survey;
  char           *feedback;
  HdCalendar     *calendar;
};

/* The state of one interpretation, shared by the group readers of
 * hd-plan-interpret.c and the value readers of hd-plan-values.c. */
typedef struct {
  HdPlanSource *source;
  HdPlan       *plan;
  HdPlanScope   scope;
  gboolean      has_priority[HD_N_PRIORITIES];
  gboolean      priority_reported[HD_N_PRIORITIES];
  gboolean      members_read;
} HdPlanReader;

#define problem(reader, line, group, key, ...) \
  _hd_plan_source_problem ((reader)->source, (line), (group), (key), __VA_ARGS__)

extern const char * const _hd_weekday_keys[7];

HdPlanSource *_hd_plan_source_new        (const char   *file);
void          _hd_plan_source_free       (HdPlanSource *source);
HdPlanGroup  *_hd_plan_source_add_group  (HdPlanSource *source,
                                          const char   *name,
                                          guint         line);
void          _hd_plan_group_add_entry   (HdPlanGroup  *group,
                                          const char   *key,
                                          const char   *value,
                                          guint         line);
void          _hd_plan_source_problem    (HdPlanSource *source,
                                          guint         line,
                                          const char   *group,
                                          const char   *key,
                                          const char   *format,
                                          ...) G_GNUC_PRINTF (5, 6);
void          _hd_plan_source_read_keyfile (HdPlanSource *source,
                                          const char   *data,
                                          gsize         length);
gboolean      _hd_plan_source_read_json  (HdPlanSource *source,
                                          JsonNode     *node);
HdPlan       *_hd_plan_interpret         (HdPlanSource *source,
                                          HdPlanScope   scope);
void          _hd_plan_member_free       (HdPlanMember *member);
void          _hd_plan_topic_free        (HdPlanTopic  *topic);
void          _hd_plan_choice_free       (HdPlanChoice *choice);
char         *_hd_plan_format_range      (const HdPlanRange *range);
GStrv         _hd_plan_split_list        (const char   *value);
char         *_hd_plan_unescape          (const char   *value);

HdPlanEntry  *_hd_plan_get_entry         (HdPlanGroup  *group,
                                          const char   *key);
HdPlanEntry  *_hd_plan_require_entry     (HdPlanReader *it,
                                          HdPlanGroup  *group,
                                          const char   *key);
const char   *_hd_plan_closest           (const char   *word,
                                          const char * const *choices);
void          _hd_plan_check_keys        (HdPlanReader *it,
                                          HdPlanGroup  *group,
                                          const char * const *known,
                                          const char * const *extra);
gboolean      _hd_plan_is_identifier     (const char   *text);
char         *_hd_plan_read_text         (HdPlanGroup  *group,
                                          const char   *key);
gboolean      _hd_plan_read_duration     (HdPlanReader *it,
                                          HdPlanGroup  *group,
                                          HdPlanEntry  *entry,
                                          gint64       *seconds);
gboolean      _hd_plan_read_boolean      (HdPlanReader *it,
                                          HdPlanGroup  *group,
                                          HdPlanEntry  *entry,
                                          gboolean     *value);
gboolean      _hd_plan_read_choice       (HdPlanReader *it,
                                          HdPlanGroup  *group,
                                          HdPlanEntry  *entry,
                                          const char * const *choices,
                                          guint        *index);
GStrv         _hd_plan_read_members      (HdPlanReader *it,
                                          HdPlanGroup  *group,
                                          HdPlanEntry  *entry);
GArray       *_hd_plan_read_day          (HdPlanReader *it,
                                          HdPlanGroup  *group,
                                          HdPlanEntry  *entry);
void          _hd_plan_read_holidays     (HdPlanReader *it,
                                          HdPlanGroup  *group,
                                          HdPlanEntry  *entry);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HdPlanSource, _hd_plan_source_free)

G_END_DECLS
