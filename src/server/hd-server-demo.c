/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-server-demo"

#include "config.h"

#include <math.h>
#include <string.h>

#include "hd-server-demo.h"
#include "hd-server-private.h"
#include "hd-sla.h"
#include "hd-submission.h"
#include "hd-time.h"
#include "hd-uuid.h"

/* The demo district: `helpdesk-server demo` fills a new database with the
 * plan's team and a school year of tickets, the same ones for the same
 * seed (and the same hour: the year runs up to the current hour).
 *
 * Accounts (the README copies this table):
 *
 *   username     role         password
 *   ----------   ----------   ----------------
 *   <member>     technician   demo-<member>     every [Member] of the plan,
 *                                               e.g. priya / demo-priya
 *   <member>     supervisor   demo-<member>     members named in Supervisors,
 *                                               e.g. dana / demo-dana
 *   frontdesk    requester    demo-frontdesk    Front Office (Lincoln Elementary)
 *   frontdesk2   requester    demo-frontdesk2   Front Office (Central High School)
 *   admin        admin        demo-admin        District Administrator
 *
 * Tickets are simulated as the server would have handled them: routed to
 * the least busy team member, acknowledged, worked on, sometimes waiting on
 * the requester, escalated by the sweep when a deadline passed, resolved,
 * then closed by a survey or by AutoCloseAfter. */

#define DEMO_DOMAIN "springfield.example"
#define TICKETS_PER_TRANSACTION 1000
#define N_TEMPLATES 8

typedef struct {
  const char *subject;
  const char *description;
  const char *fix;
} Template;

typedef struct {
  const char     *topic;
  double          weight;
  gboolean        parents;     /* parents ask about this topic too */
  const Template *templates;   /* N_TEMPLATES of them */
} TopicText;

typedef struct {
  char       *name;
  char       *first;
  char       *email;
  char       *phone;
  const char *location;
} Person;

typedef enum {
  STEP_STATUS,
  STEP_COMMENT,
  STEP_RESPONSE_BREACH,
  STEP_RESOLUTION_BREACH,
  STEP_FOLLOW_UP,
  STEP_SURVEY,
  STEP_AUTO_CLOSE,
} StepKind;

/* One thing that happens to a ticket, planned before any is applied. */
typedef struct {
  gint64      at;
  guint       order;
  StepKind    kind;
  HdStatus    status;
  gboolean    internal;
  gboolean    by_requester;
  const char *text;
  gint64      rating;
} Step;

/* A ticket's assignee is busy with it until it is resolved. */
typedef struct {
  gint64      end;
  const char *member;
} Release;

typedef struct {
  HdServerStore  *store;
  HdPlan         *plan;
  HdCalendar     *calendar;
  GTimeZone      *tz;
  GRand          *rand;
  gint64          now;
  GPtrArray      *staff;       /* of Person */
  GPtrArray      *parents;     /* of Person */
  GHashTable     *loads;       /* member id -> open tickets */
  GSequence      *releases;    /* of Release, soonest first */

  /* the ticket being simulated */
  HdServerTicket *st;
  const Template *text;
  const Person   *person;
  char           *room;
  gboolean        by_requester_account;
  GArray         *steps;       /* of Step */
  GArray         *planned;     /* of HdInterval: waiting as planned */
  GArray         *waiting;     /* of HdInterval: waiting as applied */
  guint           spare_comments;
  gboolean        changed;
} Demo;

static const Template software_texts[N_TEMPLATES] = {
  { "Clever sign-in loops on the classroom Chromebooks", "Students in {room} sign in to Clever and land back on the sign-in page. It happens on every device in the cart.", "Cleared the stale Clever sessions in the admin console and re-synced the class roster; students can sign in again." },
  { "Google Classroom assignments missing for one section", "My third-period section cannot see the assignments I posted today. The other sections see them fine.", "The section had been archived by mistake during the roster sync. Restored it and the posts appear for every student." },
  { "Reading app says our license expired", "The reading app tells my students in {room} that our license expired. We use it every day for small groups.", "Renewed the class's seat assignment in the vendor portal; the app opens normally again." },
  { "Math practice site blocked by the filter", "The math practice site our grade level uses shows the district block page since Monday.", "Added the site and its content delivery domains to the filter's allow list." },
  { "Kahoot will not load on the teacher laptop", "Kahoot spins forever on my laptop in {room}, but it works on my phone.", "A screen-annotation browser extension was blocking scripts. Removed it and Kahoot loads." },
  { "Science simulation software for the lab", "Could the physics simulation program be installed on the lab computers in {room} before our unit starts next week?", "Pushed the package to the lab computers through the management console and checked it on two machines." },
  { "Screencastify recordings never finish saving", "When I record a lesson the video never finishes saving to Drive. I tried three times today.", "The Drive folder had reached its sharing limit; moved old recordings to a shared drive and recording works." },
  { "Typing program lost the students' progress", "The typing program reset every student in {room} back to lesson one.", "The vendor restored the class data from their nightly backup after we opened a case with them." },
};

static const Template device_texts[N_TEMPLATES] = {
  { "Chromebook screen cracked", "A student's Chromebook in {room} has a cracked screen after it fell off a desk. The asset tag is on the bottom.", "Gave the student a loaner and sent the cracked device for screen replacement." },
  { "Chromebook will not charge", "One Chromebook in our cart does not charge; the light stays off even with another charger.", "The charging port was damaged. Replaced the device from spares and logged the repair." },
  { "Chromebook cart cannot join the Wi-Fi", "None of the Chromebooks in the cart for {room} join the network this morning.", "The cart had not received the new Wi-Fi profile; forced a policy sync and every device connected." },
  { "iPad stuck on the Apple logo", "A kindergarten iPad in {room} restarts to the Apple logo and never finishes starting.", "Restored the iPad from the device management system and re-enrolled it; the classroom apps are back." },
  { "Keys missing from a student Chromebook", "Two keys came off a student's Chromebook keyboard and he cannot type his essay.", "Gave the student a loaner and replaced the keyboard assembly." },
  { "Chromebook says the device is disabled", "A student's Chromebook shows a message that the device is disabled and must be returned to the school.", "The device had been marked lost last spring. Checked the serial number and re-enabled it in the admin console." },
  { "Devices for new students", "We enrolled three new students at {location} this week and they need Chromebooks.", "Assigned three devices from the spare pool and updated the inventory." },
  { "Tablet touchscreen ignores taps", "The touchscreen on one of our classroom tablets in {room} ignores taps in its lower half.", "The digitizer failed. Replaced the tablet from spare stock and sent the old one for warranty repair." },
};

static const Template account_texts[N_TEMPLATES] = {
  { "Locked out of my district account", "I typed my password wrong too many times and now I am locked out of email and Classroom.", "Unlocked the account and walked the teacher through choosing a new password." },
  { "Student cannot sign in after a password reset", "A student in {room} had her password reset yesterday and the new one is not accepted.", "The reset had not reached Google yet. Forced a directory sync and confirmed she can sign in." },
  { "Account for a new staff member", "A new paraprofessional starts Monday at {location}. She needs email and an attendance system account.", "Created the account, added it to the building's groups and gave the credentials to the office manager." },
  { "Lost the phone for two-step verification", "I got a new phone and no longer receive the verification codes to sign in.", "Verified the teacher's identity in person, reset two-step verification and enrolled the new phone." },
  { "Substitute teacher needs access", "The long-term substitute in {room} cannot sign in to the gradebook or the classroom computer.", "Activated the substitute account for the assignment dates and added the class rosters." },
  { "Parent portal reset email never arrives", "I cannot get into the parent portal and the password reset email never arrives.", "The portal had an old email address on file. Updated it and sent a new reset link." },
  { "Office access to the attendance mailbox", "Our office at {location} needs access to the attendance mailbox now that the secretary changed roles.", "Granted the office staff delegated access to the shared mailbox." },
  { "Student accounts for a new intervention group", "The new intervention group in {room} has no student accounts in the learning platform yet.", "Created the section in the platform and linked the student accounts." },
};

static const Template network_texts[N_TEMPLATES] = {
  { "Wi-Fi keeps dropping in the east wing", "The wireless drops several times an hour in the east wing rooms near {room}.", "One access point had failed. Replaced it and checked coverage along the whole hallway." },
  { "No internet in the whole building", "Nothing loads at {location}: no websites, no email, no phones.", "The fiber uplink failed at the building switch. The provider repaired it and service is back." },
  { "Network jack dead in the classroom", "The wall jack in {room} gives the teacher desktop no connection.", "The patch cable in the closet had been unplugged. Reconnected it and tested the port." },
  { "Internet very slow during online testing", "Everything is very slow this morning while students take the online assessment.", "Raised the priority of the testing site and limited video streaming during testing hours." },
  { "Workroom printer offline on every computer", "The workroom printer at {location} shows offline on every computer.", "The printer had taken a new address. Reserved its address and re-added it to the print server." },
  { "Guest Wi-Fi for parent night", "We have a parent night on Thursday and need guest Wi-Fi in the library and gym at {location}.", "Enabled the guest network for the evening and posted its password at the entrance." },
  { "Classroom phone has no dial tone", "The phone in {room} has had no dial tone since this morning.", "The phone lost power over Ethernet after a switch restart. Reset the port and the phone works." },
  { "Site teachers need is blocked", "A news site we use for current events is blocked for staff at {location}.", "Reviewed the site's category and allowed it for staff accounts." },
};

static const Template av_texts[N_TEMPLATES] = {
  { "Projector shows no picture", "The projector in {room} turns on but shows no picture from the laptop.", "The HDMI cable was damaged inside the wall plate. Replaced it and tested the display." },
  { "Interactive display touch stopped working", "Touch on the interactive display in {room} stopped responding; the picture is fine.", "Recalibrated the touch panel and updated the display's firmware." },
  { "No sound from the classroom speakers", "Videos play but nothing comes out of the ceiling speakers in {room}.", "The amplifier had been switched off at the rack. Turned it on and labelled it so it stays on." },
  { "Projector lamp warning and dim picture", "The projector in {room} shows a lamp warning and the picture is very dim.", "Replaced the lamp and reset its timer." },
  { "Document camera not detected", "My laptop no longer detects the document camera in {room}.", "Installed the updated driver and replaced the worn USB cable." },
  { "Sound system for Friday's assembly", "We need the auditorium sound system and two wireless microphones ready for the assembly on Friday at {location}.", "Set up the microphones, tested the levels with the staff and left spare batteries." },
  { "Cannot mirror the laptop to the display", "I cannot mirror my laptop to the display in {room}; the wireless adapter is not found.", "Reset the wireless presentation adapter and paired it with the classroom laptop again." },
  { "Teacher microphone cuts out", "The teacher microphone in {room} cuts out every few minutes.", "Replaced the worn battery contacts and the batteries." },
};

static const Template sis_texts[N_TEMPLATES] = {
  { "Attendance will not save", "When I take attendance in the student information system it shows an error and nothing is saved.", "The teacher's section had a scheduling conflict. Fixed the section record and attendance saves." },
  { "Student missing from my gradebook", "A student who joined my class in {room} last week does not appear in my gradebook.", "The enrollment had not been added to the section. Added it; the student is in the gradebook." },
  { "Report cards show last term's grades", "Report card previews at {location} show last term's grades for some students.", "The building's grading period setting was wrong. Corrected it and regenerated the report cards." },
  { "Cannot enroll a new student", "The enrollment screen gives an error when we save a new student at {location}.", "A duplicate record existed from a prior year. Merged the records and completed the enrollment." },
  { "Parent sees no grades in the portal", "A parent says the portal shows no grades at all for her child.", "The guardian link lacked portal access. Enabled it and confirmed with the parent." },
  { "Schedule change not showing", "A student's schedule change from last week still shows the old class.", "Re-ran the schedule sync to the learning platform; the new schedule is in place." },
  { "Report of students with many absences", "The principal of {location} needs a report of students with more than five absences this month.", "Built the report in the system and shared it with the principal's account." },
  { "Lunch eligibility missing in the cafeteria", "The cafeteria screen at {location} does not show the free lunch status of several students.", "The nightly import from the nutrition system had failed. Ran it again and checked the students." },
};

static const Template generic_texts[N_TEMPLATES] = {
  { "Computer will not start", "The computer in {room} will not start; the power light blinks orange.", "Replaced the failed power supply and checked that the computer starts." },
  { "Program needed on the classroom computer", "Could you install the program our department uses on the computer in {room}?", "Installed the program and checked that it runs for the teacher's account." },
  { "Nothing comes out of the printer", "Nothing I send to the printer at {location} comes out.", "Cleared the stuck print queue and restarted the print spooler." },
  { "District email stopped syncing to my phone", "My district email stopped syncing to my phone on Tuesday.", "Removed the account from the phone and added it again." },
  { "Keyboard and mouse do not respond", "The keyboard and mouse on the computer in {room} do not respond.", "The USB hub had failed. Replaced it." },
  { "Monitor flickers", "The monitor in {room} flickers and sometimes goes black.", "Replaced the monitor from spare stock." },
  { "Error message when opening a program", "A program I use every day shows an error message and closes at {location}.", "Repaired the installation and cleared its cached settings." },
  { "Computer is very slow", "The computer in {room} takes minutes to open anything.", "Removed old profiles, freed disk space and installed pending updates." },
};

static const TopicText topic_texts[] = {
  { "instructional-software", 16, FALSE, software_texts },
  { "student-devices", 22, TRUE, device_texts },
  { "accounts-passwords", 24, TRUE, account_texts },
  { "network", 12, FALSE, network_texts },
  { "classroom-av", 14, FALSE, av_texts },
  { "student-information-system", 12, TRUE, sis_texts },
};

static const TopicText generic_topic = { NULL, 10, FALSE, generic_texts };

static const char * const acknowledgements[] = {
  "Thanks for letting us know, {first}. I have your ticket and will look at it shortly.",
  "Got it. I am checking this now and will update you here.",
  "Thank you for the details. I will start on this after my current visit.",
  "I can see the problem on our side and am working on it.",
  "Thanks, {first}. If I cannot fix it remotely I will come to {location} today.",
};

/* A question that stops the clock, the answer, and the answer as a
 * technician notes it when the requester has no account to reply with. */
typedef struct {
  const char *question;
  const char *answer;
  const char *relayed;
} Exchange;

static const Exchange exchanges[] = {
  { "Could you tell me the asset tag on the bottom of the device?", "The sticker on the bottom says SPS-40213.",
    "Requester read me the asset tag over the phone: SPS-40213." },
  { "Does this happen on every computer in the room or only on one?", "{first} says it happens on every device in the room.",
    "Requester answered by email: every device in the room." },
  { "Could you send a photo of the error message?", "Here is the photo of the message {first} sees.",
    "Requester emailed a photo of the error message." },
  { "When would be a good time for me to come to {room}?", "{first} will be in {room} after 2:30 today.",
    "Requester called: {room} is free after 2:30." },
  { "Could you restart it once and tell me whether the problem comes back?", "We restarted it and the same thing happened again.",
    "Requester called back: the problem comes back after a restart." },
  { "Did this start after something changed, like a move or an update?", "{first} says it started after the update last week.",
    "Requester answered by email: it started after last week's update." },
};

static const char * const notes[] = {
  "Checked the logs: same symptom as a ticket from another school last week.",
  "Ordered a replacement part; it should arrive in two days.",
  "Opened a case with the vendor, waiting for their answer.",
  "Needs a site visit; added it to my route for tomorrow.",
  "Asked the network team to look at the switch port.",
  "Requester was very patient about this one.",
};

static const char * const details[] = {
  "One more detail: {first} says it started after the weekend.",
  "Adding: the class that uses {room} next period needs it too.",
  "{first} tried another outlet and a different cable, same result.",
};

static const char * const follow_ups[] = {
  "Any update on this? We still cannot use it.",
  "Just checking in: this is still a problem in {room}.",
  "Is someone coming? Class starts soon.",
};

static const char * const praise[] = {
  "Fast and friendly, thank you!",
  "Fixed before my next class.",
  "Very helpful and explained everything.",
  "Great service, as always.",
};

static const char * const complaints[] = {
  "Took days before anyone answered.",
  "It still does not work properly.",
  "Nobody told me what was going on.",
  "I had to call twice.",
  "Fixed in the end, but it took a while.",
};

static const char * const first_names[] = {
  "Maria", "James", "Linda", "Robert", "Angela", "David", "Sarah", "Michael", "Karen", "Thomas",
  "Jennifer", "Carlos", "Emily", "Daniel", "Nicole", "Kevin", "Rachel", "Andre", "Laura", "Brian",
  "Megan", "Jose", "Hannah", "Samuel", "Olivia", "Ahmed", "Grace", "Peter", "Yolanda", "Ethan",
};

static const char * const last_names[] = {
  "Rivera", "Smith", "Nguyen", "Brown", "Patel", "Garcia", "Miller", "Davis", "Kim", "Wilson",
  "Lopez", "Anderson", "Thomas", "Moore", "Jackson", "Martin", "Lee", "Thompson", "White", "Harris",
  "Clark", "Lewis", "Robinson", "Walker", "Young", "Allen", "King", "Wright", "Scott", "Green",
};

/* Helpers */

static double
uniform (Demo   *d,
         double  low,
         double  high)
{
  return g_rand_double_range (d->rand, low, high);
}

static gboolean
chance (Demo   *d,
        double  probability)
{
  return g_rand_double (d->rand) < probability;
}

static const char *
pick_text (Demo               *d,
           const char * const *texts,
           guint               n)
{
  return texts[g_rand_int_range (d->rand, 0, n)];
}

#define PICK(d, texts) pick_text ((d), (texts), G_N_ELEMENTS (texts))

/* An index drawn with the given weights. */
static guint
pick_weighted (Demo         *d,
               const double *weights,
               guint         n)
{
  double total = 0, x;

  for (guint i = 0; i < n; i++)
    total += weights[i];
  x = uniform (d, 0, total);
  for (guint i = 0; i + 1 < n; i++)
    {
      if (x < weights[i])
        return i;
      x -= weights[i];
    }
  return n - 1;
}

/* A version-4 UUID from the seeded generator, so that ids repeat too. */
static char *
expand (Demo       *d,
        const char *text)
{
  GString *s = g_string_new (text);

  g_string_replace (s, "{room}", d->room, 0);
  g_string_replace (s, "{location}", d->st->ticket->location, 0);
  g_string_replace (s, "{first}", d->person->first, 0);
  return g_string_free (s, FALSE);
}

/* @minutes of business time after @from, drawn between @low and @high. */
static gint64
later (Demo   *d,
       gint64  from,
       double  low,
       double  high)
{
  return hd_calendar_add (d->calendar, from, (gint64) (uniform (d, low, high) * 60));
}

/* HdTicket's -1 for a deadline that never comes. */
static gint64
unless_never (gint64 instant)
{
  return instant == HD_TIME_NEVER ? -1 : instant;
}

static char *
format_local (Demo   *d,
              gint64  instant)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;

  if (instant < 0)
    return g_strdup ("(not set: the clock is stopped)");
  utc = g_date_time_new_from_unix_utc (instant);
  local = g_date_time_to_timezone (utc, d->tz);
  return g_date_time_format (local, "%A, %B %-d, %Y at %H:%M %Z");
}

/* Accounts */

static gboolean
add_user (Demo        *d,
          const char  *username,
          const char  *name,
          const char  *email,
          HdRole       role,
          GError     **error)
{
  g_autofree char *password = g_strdup_printf ("demo-%s", username);
  g_autofree char *fallback = g_strdup_printf ("%s@" DEMO_DOMAIN, username);
  HdServerUser user = { (char *) username, (char *) name, (char *) (email != NULL ? email : fallback), role, NULL };
  gboolean ok;

  user.password_hash = _hd_password_hash (password, error);
  if (user.password_hash == NULL)
    return FALSE;
  ok = hd_server_store_add_user (d->store, &user, error);
  g_free (user.password_hash);
  return ok;
}

static gboolean
add_users (Demo     *d,
           guint    *n_users,
           GError  **error)
{
  const GPtrArray *members = hd_plan_get_members (d->plan);
  const char * const *supervisors = hd_plan_get_supervisors (d->plan);

  for (guint i = 0; i < members->len; i++)
    {
      const HdPlanMember *m = g_ptr_array_index (members, i);
      gboolean supervisor = supervisors != NULL && g_strv_contains (supervisors, m->id);

      if (!add_user (d, m->id, m->name, m->email, supervisor ? HD_ROLE_SUPERVISOR : HD_ROLE_TECHNICIAN, error))
        return FALSE;
    }
  *n_users = members->len + 3;
  return add_user (d, "frontdesk", "Front Office (Lincoln Elementary)", NULL, HD_ROLE_REQUESTER, error) &&
         add_user (d, "frontdesk2", "Front Office (Central High School)", NULL, HD_ROLE_REQUESTER, error) &&
         add_user (d, "admin", "District Administrator", NULL, HD_ROLE_ADMIN, error);
}

/* Requesters */

static void
person_free (Person *p)
{
  g_free (p->name);
  g_free (p->first);
  g_free (p->email);
  g_free (p->phone);
  g_free (p);
}

static Person *
person_new (Demo       *d,
            gboolean    parent,
            const char *location)
{
  Person *p = g_new0 (Person, 1);
  const char *last = PICK (d, last_names);
  g_autofree char *local = NULL;

  p->first = g_strdup (PICK (d, first_names));
  p->name = g_strdup_printf ("%s %s", p->first, last);
  local = g_ascii_strdown (p->name, -1);
  g_strdelimit (local, " ", '.');
  p->email = g_strdup_printf ("%s@%s" DEMO_DOMAIN, local, parent ? "parents." : "");
  if (chance (d, parent ? 0.8 : 0.3))
    p->phone = g_strdup_printf ("+1 555 01%02d", g_rand_int_range (d->rand, 0, 100));
  p->location = location;
  return p;
}

/* Parents belong to schools; staff anywhere in the district. */
static void
make_people (Demo *d)
{
  const char * const *locations = hd_plan_get_locations (d->plan);
  guint n = g_strv_length ((char **) locations);
  g_autoptr(GPtrArray) schools = g_ptr_array_new ();

  for (guint i = 0; i < n; i++)
    if (strstr (locations[i], "School") != NULL || strstr (locations[i], "Elementary") != NULL)
      g_ptr_array_add (schools, (gpointer) locations[i]);
  if (schools->len == 0)
    for (guint i = 0; i < n; i++)
      g_ptr_array_add (schools, (gpointer) locations[i]);

  d->staff = g_ptr_array_new_with_free_func ((GDestroyNotify) person_free);
  d->parents = g_ptr_array_new_with_free_func ((GDestroyNotify) person_free);
  for (guint i = 0; i < 120; i++)
    g_ptr_array_add (d->staff, person_new (d, FALSE, locations[g_rand_int_range (d->rand, 0, n)]));
  for (guint i = 0; i < 60; i++)
    g_ptr_array_add (d->parents, person_new (d, TRUE,
                                             g_ptr_array_index (schools, g_rand_int_range (d->rand, 0, schools->len))));
}

/* When tickets arrive */

static gint64
day_start (Demo   *d,
           gint64  day)
{
  return hd_zone_to_utc (hd_plan_get_zone (d->plan), day * HD_SECONDS_PER_DAY, HD_ZONE_EARLIER);
}

/* The first day of school: the third Monday of August, this year's or last. */
static gint64
school_year_start (Demo *d)
{
  gint64 today = hd_calendar_local_day (d->calendar, d->now);
  int year, month, day;

  hd_civil_from_days (today, &year, &month, &day);
  for (int y = year; ; y--)
    {
      gint64 august = hd_days_from_civil (y, 8, 1);
      gint64 start = august + (7 - hd_weekday_from_days (august)) % 7 + 14;

      if (start <= today)
        return start;
    }
}

/* Busier on Mondays and in the first weeks of school. */
static double
day_factor (gint64 index,
            int    weekday)
{
  static const double weekdays[7] = { 1.4, 1.1, 1.0, 1.0, 0.9, 0.35, 0.35 };
  static const double weeks[3] = { 2.0, 1.5, 1.2 };

  return weekdays[weekday] * (index / 7 < 3 ? weeks[index / 7] : 1.0);
}

/* Mostly evenings and early mornings; weekends and holidays any time.
 * -1 when the desk seems never to close. */
static gint64
closed_instant (Demo         *d,
                const gint64 *starts,
                const double *weights,
                guint         n_days)
{
  static const double shapes[3] = { 0.55, 0.2, 0.25 };
  static const double from[3] = { 16.5, 5.5, 7.0 }, to[3] = { 22.0, 7.0, 20.0 };

  for (guint tries = 0; tries < 100; tries++)
    {
      guint day = pick_weighted (d, weights, n_days);
      guint shape = pick_weighted (d, shapes, 3);
      gint64 local = (hd_calendar_local_day (d->calendar, starts[day]) * 24 + uniform (d, from[shape], to[shape])) * 3600;
      gint64 instant = hd_zone_to_utc (hd_plan_get_zone (d->plan), local, HD_ZONE_EARLIER);

      if (instant <= d->now && !hd_calendar_is_open (d->calendar, instant))
        return instant;
    }
  return -1;
}

static gint64
open_instant (Demo         *d,
              const gint64 *starts,
              const gint64 *open,
              const double *weights,
              guint         n_days)
{
  guint day = pick_weighted (d, weights, n_days);

  /* earlier in the day rather than later */
  return hd_calendar_add (d->calendar, starts[day], (gint64) (pow (g_rand_double (d->rand), 1.2) * open[day]));
}

static int
compare_instants (gconstpointer a,
                  gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

/* @n creation instants from the first day of school to now, sorted. */
static GArray *
creation_times (Demo  *d,
                guint  n)
{
  gint64 first = school_year_start (d);
  guint n_days = hd_calendar_local_day (d->calendar, d->now) - first + 1;
  g_autofree gint64 *starts = g_new (gint64, n_days + 1);
  g_autofree gint64 *open = g_new (gint64, n_days);
  g_autofree double *open_w = g_new (double, n_days);
  g_autofree double *closed_w = g_new (double, n_days);
  GArray *times = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n);
  double total_open = 0;

  for (guint i = 0; i <= n_days; i++)
    starts[i] = day_start (d, first + i);
  for (guint i = 0; i < n_days; i++)
    {
      double factor = day_factor (i, hd_weekday_from_days (first + i));

      open[i] = hd_calendar_elapsed (d->calendar, starts[i], MIN (starts[i + 1], d->now));
      open_w[i] = factor * open[i];
      closed_w[i] = factor * (open[i] > 0 ? 1.0 : 0.5);
      total_open += open_w[i];
    }
  for (guint i = 0; i < n; i++)
    {
      gint64 instant = chance (d, 0.15) || total_open <= 0 ? closed_instant (d, starts, closed_w, n_days) : -1;

      if (instant < 0)
        instant = total_open > 0 ? open_instant (d, starts, open, open_w, n_days) : d->now;

      g_array_append_val (times, instant);
    }
  g_array_sort (times, compare_instants);
  return times;
}

/* Routing: the team member with the fewest open tickets */

static int
compare_releases (gconstpointer a,
                  gconstpointer b,
                  gpointer      user_data)
{
  const Release *x = a, *y = b;

  return (x->end > y->end) - (x->end < y->end);
}

static void
add_load (Demo       *d,
          const char *member,
          int         delta)
{
  int load = GPOINTER_TO_INT (g_hash_table_lookup (d->loads, member));

  g_hash_table_insert (d->loads, (gpointer) member, GINT_TO_POINTER (load + delta));
}

static gint64
member_load (Demo       *d,
             const char *id)
{
  return GPOINTER_TO_INT (g_hash_table_lookup (d->loads, id));
}

/* Tickets resolved by @at no longer count. */
static void
release_loads (Demo   *d,
               gint64  at)
{
  while (!g_sequence_is_empty (d->releases))
    {
      GSequenceIter *first = g_sequence_get_begin_iter (d->releases);
      Release *release = g_sequence_get (first);

      if (release->end > at)
        return;
      add_load (d, release->member, -1);
      g_sequence_remove (first);
    }
}

/* As the server's pick_member(), with the loads as they were at @at. */
static const char *
pick_member (Demo               *d,
             const char * const *team,
             gboolean            seniors_first,
             gint64              at)
{
  const char *best = NULL;
  gint64 best_load = G_MAXINT64;

  release_loads (d, at);
  for (guint pass = seniors_first ? 0 : 1; pass < 2 && best == NULL; pass++)
    for (guint i = 0; team[i] != NULL; i++)
      {
        const HdPlanMember *member = hd_plan_find_member (d->plan, team[i]);

        if ((pass == 0 && (member == NULL || !member->senior)) || member_load (d, team[i]) >= best_load)
          continue;
        best = team[i];
        best_load = member_load (d, team[i]);
      }
  return best;
}

/* The final assignee is busy with the ticket until it was resolved. */
static void
note_load (Demo *d)
{
  const HdTicket *t = d->st->ticket;
  const HdPlanMember *member = t->assignee != NULL ? hd_plan_find_member (d->plan, t->assignee) : NULL;
  Release *release;

  if (member == NULL)
    return;
  add_load (d, member->id, +1);
  if (t->resolved_at < 0)
    return;
  release = g_new (Release, 1);
  release->end = t->resolved_at;
  release->member = member->id;
  g_sequence_insert_sorted (d->releases, release, compare_releases, NULL);
}

/* What the requester says */

static const TopicText *
find_topic_text (const char *topic)
{
  for (guint i = 0; i < G_N_ELEMENTS (topic_texts); i++)
    if (g_str_equal (topic_texts[i].topic, topic))
      return &topic_texts[i];
  return &generic_topic;
}

static const HdPlanTopic *
pick_topic (Demo *d)
{
  const GPtrArray *topics = hd_plan_get_topics (d->plan);
  g_autofree double *weights = g_new (double, topics->len);

  for (guint i = 0; i < topics->len; i++)
    weights[i] = find_topic_text (((HdPlanTopic *) g_ptr_array_index (topics, i))->id)->weight;
  return g_ptr_array_index (topics, pick_weighted (d, weights, topics->len));
}

/* Form 45%, email 25%, phone 20%, walk-in 10%, of the plan's channels;
 * while the desk is closed, no walk-ins and only the odd voicemail. */
static HdChannel
pick_channel (Demo   *d,
              gint64  created)
{
  static const double open_shares[HD_N_CHANNELS] = { 45, 20, 25, 10 };
  static const double closed_shares[HD_N_CHANNELS] = { 60, 5, 35, 0 };
  const double *shares = hd_calendar_is_open (d->calendar, created) ? open_shares : closed_shares;
  const char * const *offered = hd_plan_get_channels (d->plan);
  double weights[HD_N_CHANNELS];
  gboolean any = FALSE;

  for (guint c = 0; c < HD_N_CHANNELS; c++)
    {
      weights[c] = offered == NULL || g_strv_contains (offered, hd_channel_to_string (c)) ? shares[c] : 0;
      any |= weights[c] > 0;
    }
  return any ? pick_weighted (d, weights, HD_N_CHANNELS) : HD_CHANNEL_FORM;
}

/* Few people blocked (critical ~5%); many affected ~16% (high). */
static const char *
pick_choice (Demo            *d,
             const GPtrArray *choices,
             double           first,
             double           last)
{
  g_autofree double *weights = g_new (double, choices->len);

  for (guint i = 0; i < choices->len; i++)
    weights[i] = choices->len == 1 ? 1 : i == 0 ? first : i + 1 == choices->len ? last
                 : (1 - first - last) / (choices->len - 2);
  if (choices->len == 2)
    weights[1] = 1 - first;
  return ((HdPlanChoice *) g_ptr_array_index (choices, pick_weighted (d, weights, choices->len)))->id;
}

static const char *
first_choice (const GPtrArray *choices)
{
  return ((const HdPlanChoice *) g_ptr_array_index (choices, 0))->id;
}

static const char *
pick_submitter (Demo            *d,
                const HdTicket  *t,
                const char * const *team_member)
{
  gboolean office = t->channel == HD_CHANNEL_PHONE || t->channel == HD_CHANNEL_WALK_IN ||
                    chance (d, t->channel == HD_CHANNEL_FORM ? 0.8 : 0.55);

  if (!office)
    return team_member[g_rand_int_range (d->rand, 0, g_strv_length ((char **) team_member))];
  if (g_str_equal (t->location, "Lincoln Elementary"))
    return "frontdesk";
  if (g_str_equal (t->location, "Central High School"))
    return "frontdesk2";
  return chance (d, 0.5) ? "frontdesk" : "frontdesk2";
}

static void
describe (Demo             *d,
          HdTicket         *t,
          const HdPlanTopic *topic)
{
  const TopicText *texts = find_topic_text (topic->id);
  const char * const *locations = hd_plan_get_locations (d->plan);
  GPtrArray *people = texts->parents && chance (d, 0.25) ? d->parents : d->staff;
  g_autofree char *description = NULL;
  gboolean widespread = !g_str_equal (t->scope, first_choice (hd_plan_get_scopes (d->plan)));
  gboolean blocked = g_str_equal (t->effect, first_choice (hd_plan_get_effects (d->plan)));

  d->text = &texts->templates[g_rand_int_range (d->rand, 0, N_TEMPLATES)];
  d->person = g_ptr_array_index (people, g_rand_int_range (d->rand, 0, people->len));
  t->topic = g_strdup (topic->id);
  t->location = g_strdup (chance (d, 0.8) ? d->person->location
                          : locations[g_rand_int_range (d->rand, 0, g_strv_length ((char **) locations))]);
  g_free (d->room);
  d->room = g_strdup_printf ("room %d", strstr (t->location, "Elementary") != NULL
                             ? g_rand_int_range (d->rand, 1, 33) : g_rand_int_range (d->rand, 101, 340));
  t->subject = expand (d, d->text->subject);
  description = expand (d, d->text->description);
  t->description = g_strconcat (description, widespread ? " Others here have the same problem." : "",
                                blocked ? " We cannot work until it is fixed." : "", NULL);
}

static void
fill_requester (Demo     *d,
                HdTicket *t)
{
  gboolean in_person = t->channel == HD_CHANNEL_PHONE || t->channel == HD_CHANNEL_WALK_IN;

  t->requester_name = g_strdup (d->person->name);
  t->requester_email = in_person && chance (d, 0.25) ? NULL : g_strdup (d->person->email);
  t->requester_phone = d->person->phone != NULL && (in_person || chance (d, 0.4)) ? g_strdup (d->person->phone) : NULL;
}

/* The ticket as submitted at @created, routed and with its deadlines. */
static void
new_ticket (Demo   *d,
            gint64  number,
            gint64  created)
{
  HdTicket *t = hd_ticket_new ();
  const HdPlanTopic *topic = pick_topic (d);

  g_array_set_size (d->steps, 0);
  g_array_set_size (d->planned, 0);
  g_array_set_size (d->waiting, 0);
  hd_server_ticket_free (d->st);
  d->st = g_new0 (HdServerTicket, 1);
  d->st->ticket = t;
  d->st->waiting_since = -1;
  t->id = hd_uuid_new_v7 (created * 1000 + g_rand_int_range (d->rand, 0, 1000), d->rand);
  t->number = number;
  t->channel = pick_channel (d, created);
  t->scope = g_strdup (pick_choice (d, hd_plan_get_scopes (d->plan), 0.62, 0.16));
  t->effect = g_strdup (pick_choice (d, hd_plan_get_effects (d->plan), 0.05, 0.5));
  hd_plan_lookup_matrix (d->plan, t->scope, t->effect, &t->priority);
  describe (d, t, topic);
  fill_requester (d, t);
  t->submitted_by = g_strdup (pick_submitter (d, t, (const char * const *) topic->team));
  d->by_requester_account = g_str_has_prefix (t->submitted_by, "frontdesk");
  t->created_at = t->updated_at = t->acknowledged_at = created;
  t->response_due_at = unless_never (hd_sla_deadline (d->plan, t->priority, HD_SLA_RESPONSE, created, NULL, 0));
  t->resolution_due_at = unless_never (hd_sla_deadline (d->plan, t->priority, HD_SLA_RESOLUTION, created, NULL, 0));
  t->assignee = g_strdup (pick_member (d, (const char * const *) topic->team,
                                       t->priority == HD_PRIORITY_CRITICAL, created));
}

/* Planning a ticket's life */

static Step *
push_step (Demo     *d,
           StepKind  kind,
           gint64    at)
{
  Step step = { at, d->steps->len, kind, HD_STATUS_NEW, FALSE, FALSE, NULL, 0 };

  g_array_append_val (d->steps, step);
  return &g_array_index (d->steps, Step, d->steps->len - 1);
}

static void
push_status (Demo     *d,
             gint64    at,
             HdStatus  status)
{
  push_step (d, STEP_STATUS, at)->status = status;
}

static void
push_comment (Demo       *d,
              gint64      at,
              const char *text,
              gboolean    internal,
              gboolean    by_requester)
{
  Step *step = push_step (d, STEP_COMMENT, at);

  step->text = text;
  step->internal = internal;
  step->by_requester = by_requester;
}

/* Every ticket gets one to four comments: the fix and up to three more. */
static gboolean
spare_comment (Demo   *d,
               double  probability)
{
  if (d->spare_comments == 0 || !chance (d, probability))
    return FALSE;
  d->spare_comments--;
  return TRUE;
}

/* Acknowledged and started; a late acknowledgment escalates. */
static gint64
plan_response (Demo *d)
{
  const HdTicket *t = d->st->ticket;
  gint64 target = hd_plan_get_priority (d->plan, t->priority)->response;
  double share = chance (d, 0.09) ? uniform (d, 1.05, 2.5) : 0.05 + 0.9 * pow (g_rand_double (d->rand), 1.5);
  gint64 acknowledged = hd_calendar_add (d->calendar, t->created_at, (gint64) (share * target));
  gint64 started;

  if (t->response_due_at >= 0 && acknowledged > t->response_due_at)
    {
      /* when the plan lets the requester follow up, as the server decides */
      gint64 from = hd_submission_follow_up_from (d->plan, t);

      push_step (d, STEP_RESPONSE_BREACH, t->response_due_at);
      if (d->by_requester_account && from >= 0 && from < acknowledged - 1800 && spare_comment (d, 0.4))
        {
          gint64 at = from + (gint64) ((acknowledged - from) * uniform (d, 0.2, 0.8));

          push_step (d, STEP_FOLLOW_UP, at)->text = PICK (d, follow_ups);
        }
    }
  if (d->by_requester_account && spare_comment (d, 0.15))
    {
      gint64 at = t->created_at + g_rand_int_range (d->rand, 120, 3600);

      push_comment (d, MIN (at, acknowledged - 1), PICK (d, details), FALSE, TRUE);
    }
  push_status (d, acknowledged, HD_STATUS_ACKNOWLEDGED);
  if (spare_comment (d, 0.5))
    {
      gint64 at = acknowledged + g_rand_int_range (d->rand, 30, 600);

      push_comment (d, at, PICK (d, acknowledgements), FALSE, FALSE);
    }
  started = later (d, acknowledged, 1, 180);
  push_status (d, started, HD_STATUS_IN_PROGRESS);
  return started;
}

/* Sometimes a question to the requester stops the clock until they answer. */
static gint64
plan_waiting (Demo     *d,
              gint64    from,
              gboolean  waits)
{
  const Exchange *exchange;
  HdInterval interval;
  gint64 answered;

  if (!waits)
    return from;
  exchange = &exchanges[g_rand_int_range (d->rand, 0, G_N_ELEMENTS (exchanges))];
  interval.start = later (d, from, 5, 120);
  push_comment (d, interval.start, exchange->question, FALSE, FALSE);
  push_status (d, interval.start, HD_STATUS_WAITING);
  /* within the hour mostly, some take days: school hours are ours too */
  answered = later (d, interval.start, 20, 20 + pow (g_rand_double (d->rand), 3) * 25 * 60);
  if (d->by_requester_account)
    push_comment (d, answered, exchange->answer, FALSE, TRUE);
  interval.end = later (d, answered, 5, 60);
  if (!d->by_requester_account)
    push_comment (d, interval.end, exchange->relayed, TRUE, FALSE);
  push_status (d, interval.end, HD_STATUS_IN_PROGRESS);
  g_array_append_val (d->planned, interval);
  return interval.end;
}

/* Resolved, mostly in time; a late resolution escalates. */
static gint64
plan_resolution (Demo   *d,
                 gint64  from)
{
  const HdTicket *t = d->st->ticket;
  gint64 target = hd_plan_get_priority (d->plan, t->priority)->resolution;
  gint64 due = hd_sla_deadline (d->plan, t->priority, HD_SLA_RESOLUTION, t->created_at,
                                (HdInterval *) d->planned->data, d->planned->len);
  gint64 used = hd_calendar_elapsed (d->calendar, t->created_at, from);
  double share = chance (d, 0.09) ? uniform (d, 1.05, 2.0) : uniform (d, 0.1, 0.95);
  gint64 resolved;

  for (guint i = 0; i < d->planned->len; i++)
    {
      const HdInterval *w = &g_array_index (d->planned, HdInterval, i);

      used -= hd_calendar_elapsed (d->calendar, w->start, w->end);
    }
  resolved = hd_calendar_add (d->calendar, from, MAX ((gint64) (share * target) - used, 15 * 60));
  if (spare_comment (d, 0.35))
    push_comment (d, hd_calendar_add (d->calendar, from, hd_calendar_elapsed (d->calendar, from, resolved) / 2),
                  PICK (d, notes), TRUE, FALSE);
  if (resolved > due)
    push_step (d, STEP_RESOLUTION_BREACH, due);
  push_comment (d, resolved, d->text->fix, FALSE, FALSE);
  push_status (d, resolved, HD_STATUS_RESOLVED);
  return resolved;
}

/* Answered in office hours, before the ticket would close on its own. */
static void
plan_survey (Demo   *d,
             gint64  resolved,
             gint64  auto_close)
{
  static const double ratings[5] = { 4, 6, 10, 25, 55 };
  gint64 span = auto_close >= 0 ? auto_close : 40 * 3600;
  gint64 at = hd_calendar_add (d->calendar, resolved, (gint64) (span * uniform (d, 0.03, 0.9)));
  Step *step = push_step (d, STEP_SURVEY, at);

  step->rating = pick_weighted (d, ratings, 5) + 1;
  if (step->rating <= 3)
    step->text = PICK (d, complaints);
  else if (chance (d, 0.3))
    step->text = PICK (d, praise);
}

/* Closed by the requester's survey, or after AutoCloseAfter. */
static void
plan_closing (Demo   *d,
              gint64  resolved)
{
  gint64 auto_close = hd_plan_get_auto_close_after (d->plan);
  gint64 closing = auto_close >= 0 ? hd_calendar_add (d->calendar, resolved, auto_close) : HD_TIME_NEVER;

  if (hd_plan_get_survey (d->plan) && d->by_requester_account && chance (d, 0.55))
    plan_survey (d, resolved, auto_close);
  else if (closing != HD_TIME_NEVER)
    push_step (d, STEP_AUTO_CLOSE, closing);
}

static int
compare_steps (gconstpointer a,
               gconstpointer b)
{
  const Step *x = a, *y = b;

  if (x->at != y->at)
    return (x->at > y->at) - (x->at < y->at);
  return (x->order > y->order) - (x->order < y->order);
}

static void
plan_life (Demo *d)
{
  gboolean waits = chance (d, 0.18);
  gint64 at;

  /* a question and its answer take two */
  d->spare_comments = waits ? 1 : 3;
  at = plan_response (d);
  at = plan_waiting (d, at, waits);
  at = plan_resolution (d, at);
  plan_closing (d, at);
  g_array_sort (d->steps, compare_steps);
}

/* Living it, as the server records it */

static gboolean
event (Demo        *d,
       gint64       at,
       const char  *actor,
       const char  *action,
       const char  *field,
       const char  *from,
       const char  *to,
       const char  *detail,
       GError     **error)
{
  HdServerEvent e = { at, (char *) actor, (char *) action, (char *) field, (char *) from, (char *) to, (char *) detail };

  return hd_server_store_add_event (d->store, d->st->ticket->id, &e, error);
}

static const char *
assignee_or_system (Demo *d)
{
  return d->st->ticket->assignee != NULL ? d->st->ticket->assignee : "system";
}

static gboolean
record_creation (Demo    *d,
                 GError **error)
{
  const HdTicket *t = d->st->ticket;

  return hd_server_store_put_ticket (d->store, d->st, error) &&
         event (d, t->created_at, t->submitted_by, "created", NULL, NULL, NULL,
                hd_channel_to_string (t->channel), error) &&
         (t->assignee == NULL ||
          event (d, t->created_at, "system", "assignee", "assignee", NULL, t->assignee, "routed by topic", error)) &&
         event (d, t->created_at, "system", "acknowledged", NULL, NULL, NULL,
                hd_plan_get_acknowledge_by_email (d->plan) && t->requester_email != NULL
                ? "receipt mailed to the requester" : "receipt shown at submission", error);
}

static void
recompute_deadlines (Demo *d)
{
  HdTicket *t = d->st->ticket;
  g_autoptr(GArray) waiting = g_array_copy (d->waiting);

  if (d->st->waiting_since >= 0)
    {
      HdInterval open = { d->st->waiting_since, HD_TIME_NEVER };

      g_array_append_val (waiting, open);
    }
  t->response_due_at = hd_sla_deadline (d->plan, t->priority, HD_SLA_RESPONSE, t->created_at,
                                        (HdInterval *) waiting->data, waiting->len);
  t->resolution_due_at = hd_sla_deadline (d->plan, t->priority, HD_SLA_RESOLUTION, t->created_at,
                                          (HdInterval *) waiting->data, waiting->len);
  t->response_due_at = unless_never (t->response_due_at);
  t->resolution_due_at = unless_never (t->resolution_due_at);
}

static gboolean
record_deadlines (Demo      *d,
                  gint64     at,
                  gboolean   stopping,
                  GError   **error)
{
  g_autofree char *old_due = format_local (d, d->st->ticket->resolution_due_at);
  g_autofree char *new_due = NULL;

  recompute_deadlines (d);
  new_due = format_local (d, d->st->ticket->resolution_due_at);
  return event (d, at, "system", "deadlines", "resolution_due_at", old_due, new_due,
                stopping ? "the clock stops while waiting on the requester"
                         : "moved out by the business time spent waiting", error);
}

/* As the server's apply_status(). */
static gboolean
apply_status (Demo        *d,
              gint64       at,
              HdStatus     to,
              const char  *actor,
              gboolean     staff,
              GError     **error)
{
  HdServerTicket *st = d->st;
  HdTicket *t = st->ticket;
  HdStatus from = t->status;

  if (from == HD_STATUS_WAITING)
    {
      HdInterval interval = { st->waiting_since, at };

      if (!hd_server_store_add_waiting (d->store, t->id, interval.start, at, error))
        return FALSE;
      g_array_append_val (d->waiting, interval);
      st->waiting_since = -1;
    }
  if (to == HD_STATUS_WAITING)
    st->waiting_since = at;
  if (to == HD_STATUS_RESOLVED)
    t->resolved_at = at;
  if (to == HD_STATUS_CLOSED)
    t->closed_at = at;
  t->status = to;
  if (staff && t->first_response_at < 0)
    t->first_response_at = at;
  d->changed = TRUE;
  if ((from == HD_STATUS_WAITING || to == HD_STATUS_WAITING) &&
      !record_deadlines (d, at, to == HD_STATUS_WAITING, error))
    return FALSE;
  return event (d, at, actor, "status", "status", hd_status_to_string (from), hd_status_to_string (to), NULL, error);
}

static gboolean
store_comment (Demo        *d,
               gint64       at,
               const char  *author,
               const char  *body,
               gboolean     internal,
               GError     **error)
{
  g_autoptr(HdComment) c = hd_comment_new ();

  c->id = hd_uuid_new_v7 (at * 1000 + g_rand_int_range (d->rand, 0, 1000), d->rand);
  c->ticket_id = g_strdup (d->st->ticket->id);
  c->author = g_strdup (author);
  c->body = g_strdup (body);
  c->internal = internal;
  c->created_at = at;
  return hd_server_store_add_comment (d->store, c, error);
}

/* A staff member's first public reply is the ticket's first response. */
static gboolean
add_comment (Demo        *d,
             gint64       at,
             const char  *author,
             const char  *text,
             gboolean     internal,
             gboolean     staff,
             GError     **error)
{
  HdTicket *t = d->st->ticket;
  g_autofree char *body = expand (d, text);

  if (staff && !internal && t->first_response_at < 0)
    {
      t->first_response_at = at;
      d->changed = TRUE;
    }
  return store_comment (d, at, author, body, internal, error) &&
         event (d, at, author, "comment", NULL, NULL, NULL, internal ? "internal note" : "public reply", error);
}

/* As the server's _hd_rules_escalate(), without the mail. */
static gboolean
escalate (Demo                *d,
          gint64               at,
          const char          *why,
          HdEscalationTarget   target,
          GError             **error)
{
  HdTicket *t = d->st->ticket;
  g_autofree char *old_level = g_strdup_printf ("%" G_GINT64_FORMAT, t->escalation_level);
  g_autofree char *level = g_strdup_printf ("%" G_GINT64_FORMAT, t->escalation_level + 1);
  const char *member = hd_plan_escalation_member (d->plan, d->st->ticket->topic, d->st->ticket->assignee, target);

  t->escalation_level++;
  d->changed = TRUE;
  if (!event (d, at, "system", "escalated", "escalation_level", old_level, level, why, error))
    return FALSE;
  if (member == NULL || g_strcmp0 (member, t->assignee) == 0)
    return TRUE;
  if (!event (d, at, "system", "assignee", "assignee", t->assignee, member, "escalation", error))
    return FALSE;
  g_free (t->assignee);
  t->assignee = g_strdup (member);
  return TRUE;
}

static gboolean
apply_follow_up (Demo        *d,
                 const Step  *step,
                 GError     **error)
{
  const HdTicket *t = d->st->ticket;
  g_autofree char *message = expand (d, step->text);

  return store_comment (d, step->at, t->submitted_by, message, FALSE, error) &&
         event (d, step->at, t->submitted_by, "follow-up", NULL, NULL, NULL, message, error) &&
         escalate (d, step->at, "the requester followed up", hd_plan_get_on_response_breach (d->plan), error);
}

static gboolean
apply_survey (Demo        *d,
              const Step  *step,
              GError     **error)
{
  HdTicket *t = d->st->ticket;
  g_autofree char *rating = g_strdup_printf ("%" G_GINT64_FORMAT, step->rating);

  t->survey_rating = step->rating;
  t->survey_comment = g_strdup (step->text);
  t->survey_at = step->at;
  return event (d, step->at, t->submitted_by, "survey", "rating", NULL, rating, t->survey_comment, error) &&
         apply_status (d, step->at, HD_STATUS_CLOSED, t->submitted_by, FALSE, error);
}

static gboolean
apply_auto_close (Demo        *d,
                  const Step  *step,
                  GError     **error)
{
  HdTicket *t = d->st->ticket;

  t->status = HD_STATUS_CLOSED;
  t->closed_at = step->at;
  d->changed = TRUE;
  return event (d, step->at, "system", "closed", "status", "resolved", "closed", "no reply from the requester", error);
}

static gboolean
apply_step (Demo        *d,
            const Step  *step,
            GError     **error)
{
  HdServerTicket *st = d->st;
  const char *requester = st->ticket->submitted_by;

  switch (step->kind)
    {
    case STEP_STATUS:
      return apply_status (d, step->at, step->status, assignee_or_system (d), TRUE, error);
    case STEP_COMMENT:
      return add_comment (d, step->at, step->by_requester ? requester : assignee_or_system (d), step->text,
                          step->internal, !step->by_requester, error);
    case STEP_RESPONSE_BREACH:
      st->response_escalated = TRUE;
      return escalate (d, step->at, "response deadline missed", hd_plan_get_on_response_breach (d->plan), error);
    case STEP_RESOLUTION_BREACH:
      st->resolution_escalated = TRUE;
      return escalate (d, step->at, "resolution deadline missed", hd_plan_get_on_resolution_breach (d->plan), error);
    case STEP_FOLLOW_UP:
      return apply_follow_up (d, step, error);
    case STEP_SURVEY:
      return apply_survey (d, step, error);
    case STEP_AUTO_CLOSE:
      return apply_auto_close (d, step, error);
    default:
      break;
    }
  g_return_val_if_reached (FALSE);
}

/* One ticket from submission up to now, written in the open transaction. */
static gboolean
write_ticket (Demo     *d,
              gint64    number,
              gint64    created,
              GError  **error)
{
  HdTicket *t;

  new_ticket (d, number, created);
  t = d->st->ticket;
  if (!record_creation (d, error))
    return FALSE;
  plan_life (d);
  for (guint i = 0; i < d->steps->len; i++)
    {
      const Step *step = &g_array_index (d->steps, Step, i);

      if (step->at > d->now)
        break;
      d->changed = FALSE;
      if (!apply_step (d, step, error))
        return FALSE;
      if (d->changed)
        {
          t->version++;
          t->updated_at = step->at;
        }
    }
  note_load (d);
  /* the live server's sweep takes it from here: closed tickets need no
   * look, the others one at its first run */
  d->st->next_check_at = d->st->ticket->status == HD_STATUS_CLOSED ? -1 : 0;
  return hd_server_store_put_ticket (d->store, d->st, error);
}

static void
demo_init (Demo          *d,
           HdServerStore *store,
           HdPlan        *plan,
           guint32        seed)
{
  d->store = store;
  d->plan = plan;
  d->calendar = hd_plan_get_calendar (plan);
  d->tz = g_time_zone_new_identifier (hd_zone_get_identifier (hd_plan_get_zone (plan)));
  if (d->tz == NULL)
    d->tz = g_time_zone_new_utc ();
  d->rand = g_rand_new_with_seed (seed);
  /* the whole hour, so that runs within it give the same district */
  d->now = g_get_real_time () / G_USEC_PER_SEC / 3600 * 3600;
  d->loads = g_hash_table_new (g_str_hash, g_str_equal);
  d->releases = g_sequence_new (g_free);
  d->steps = g_array_new (FALSE, FALSE, sizeof (Step));
  d->planned = g_array_new (FALSE, FALSE, sizeof (HdInterval));
  d->waiting = g_array_new (FALSE, FALSE, sizeof (HdInterval));
  make_people (d);
}

static void
demo_clear (Demo *d)
{
  g_clear_pointer (&d->tz, g_time_zone_unref);
  g_clear_pointer (&d->rand, g_rand_free);
  g_clear_pointer (&d->staff, g_ptr_array_unref);
  g_clear_pointer (&d->parents, g_ptr_array_unref);
  g_clear_pointer (&d->loads, g_hash_table_unref);
  g_clear_pointer (&d->releases, g_sequence_free);
  g_clear_pointer (&d->steps, g_array_unref);
  g_clear_pointer (&d->planned, g_array_unref);
  g_clear_pointer (&d->waiting, g_array_unref);
  g_clear_pointer (&d->st, hd_server_ticket_free);
  g_clear_pointer (&d->room, g_free);
}

static gboolean
write_tickets (Demo     *d,
               guint     n_tickets,
               GError  **error)
{
  g_autoptr(GArray) times = creation_times (d, n_tickets);

  for (guint i = 0; i < n_tickets; i++)
    {
      if (i > 0 && i % TICKETS_PER_TRANSACTION == 0 &&
          (!hd_server_store_commit (d->store, error) || !hd_server_store_begin (d->store, error)))
        return FALSE;
      if (!write_ticket (d, i + 1, g_array_index (times, gint64, i), error))
        return FALSE;
    }
  return TRUE;
}

/* Public API */

gboolean
hd_server_demo_fill (HdServerStore  *store,
                     HdPlan         *plan,
                     guint           n_tickets,
                     guint32         seed,
                     GError        **error)
{
  Demo d = { 0 };
  guint n_users = 0;
  gboolean ok;

  g_return_val_if_fail (HD_IS_SERVER_STORE (store), FALSE);
  g_return_val_if_fail (HD_IS_PLAN (plan), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (hd_server_store_next_number (store) > 1)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_EXISTS, "the database already has tickets; use a new --db");
      return FALSE;
    }
  demo_init (&d, store, plan, seed);
  ok = hd_server_store_begin (store, error) &&
       add_users (&d, &n_users, error) &&
       write_tickets (&d, n_tickets, error) &&
       hd_server_store_commit (store, error);
  if (!ok)
    hd_server_store_rollback (store);
  demo_clear (&d);
  if (ok)
    g_print ("Demo district ready: %u tickets, %u users (see the README for passwords).\n", n_tickets, n_users);
  return ok;
}
