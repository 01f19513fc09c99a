/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-account"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "hd-account.h"
#include "hd-credentials.h"
#include "hd-json.h"

struct _HdAccount
{
  GObject    parent_instance;

  char      *server;
  char      *username;
  char      *name;
  char      *email;
  GStrv      topics;
  HdRole     role;
  HdPlan    *plan;             /* NULL until the server told us */
  HdClient  *client;
  HdCache   *cache;
  HdSync    *sync;
  HdCredentialsPlace token_place; /* where sign-in kept the token */
};

/* What the server says of the person and the district, as kept in the
 * cache's meta table. */
typedef struct {
  JsonNode *me;
  JsonNode *plan;
} Profile;

typedef struct {
  char     *server;
  char     *username;
  HdClient *client;
  char     *token;
  Profile   profile;
} SignIn;

enum {
  PROP_0,
  PROP_PLAN,
  PROP_NAME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (HdAccount, hd_account, G_TYPE_OBJECT)

static void
profile_clear (Profile *p)
{
  g_clear_pointer (&p->me, json_node_unref);
  g_clear_pointer (&p->plan, json_node_unref);
}

static void
sign_in_free (SignIn *s)
{
  g_free (s->server);
  g_free (s->username);
  g_clear_object (&s->client);
  if (s->token != NULL)
    memset (s->token, 0, strlen (s->token));
  g_free (s->token);
  profile_clear (&s->profile);
  g_free (s);
}

/* Reads /me into the account; FALSE when it is not what the API says. */
static gboolean
take_me (HdAccount  *self,
         JsonNode   *me,
         GError    **error)
{
  JsonObject *o = me != NULL && JSON_NODE_HOLDS_OBJECT (me) ? json_node_get_object (me) : NULL;
  JsonNode *topics = o != NULL ? json_object_get_member (o, "topics") : NULL;
  const char *role = NULL, *name = NULL, *email = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  if (o == NULL || !hd_json_get_string (o, "role", HD_JSON_REQUIRED, 32, &role, NULL) ||
      !hd_role_from_string (role, &self->role))
    {
      g_set_error_literal (error, HD_CLIENT_ERROR, HD_CLIENT_ERROR_BAD_RESPONSE,
                           _("the server did not say who you are"));
      return FALSE;
    }
  hd_json_get_string (o, "name", HD_JSON_NULLABLE, 200, &name, NULL);
  hd_json_get_string (o, "email", HD_JSON_NULLABLE, 254, &email, NULL);
  for (guint i = 0; topics != NULL && JSON_NODE_HOLDS_ARRAY (topics) &&
                    i < json_array_get_length (json_node_get_array (topics)); i++)
    {
      JsonNode *topic = json_array_get_element (json_node_get_array (topics), i);

      if (JSON_NODE_HOLDS_VALUE (topic) && json_node_get_value_type (topic) == G_TYPE_STRING)
        g_strv_builder_add (builder, json_node_get_string (topic));
    }
  g_free (self->name);
  self->name = g_strdup (name != NULL && *name != '\0' ? name : self->username);
  g_free (self->email);
  self->email = g_strdup (email);
  g_strfreev (self->topics);
  self->topics = g_strv_builder_end (builder);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
  return TRUE;
}

static void
take_plan (HdAccount *self,
           HdPlan    *plan)
{
  if (plan == NULL || plan == self->plan)
    return;
  g_set_object (&self->plan, plan);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLAN]);
}

static JsonNode *
meta_json (HdCache    *cache,
           const char *key)
{
  g_autofree char *text = hd_cache_get_meta (cache, key);

  return text != NULL ? hd_json_parse (text, strlen (text), G_MAXSIZE, NULL) : NULL;
}

/* In a worker: the cache keeps the profile for offline starts. */
static gboolean
store_profile (HdCache        *cache,
               const Profile  *p,
               GError        **error)
{
  g_autofree char *me = hd_json_to_string (p->me);
  g_autofree char *plan = hd_json_to_string (p->plan);
  const char *role = NULL;

  hd_json_get_string (json_node_get_object (p->me), "role", HD_JSON_REQUIRED, 32, &role, NULL);
  return hd_cache_set_meta (cache, "me", me, error) && hd_cache_set_meta (cache, "role", role, error) &&
         hd_cache_set_meta (cache, "plan", plan, error);
}

static HdPlan *
check_profile (const Profile  *p,
               GError        **error)
{
  g_autoptr(GError) invalid = NULL;
  HdPlan *plan = hd_plan_new_from_json (p->plan, &invalid);

  if (plan == NULL)
    g_set_error (error, HD_CLIENT_ERROR, HD_CLIENT_ERROR_BAD_RESPONSE,
                 _("the server’s help desk plan is not valid: %s"), invalid->message);
  return plan;
}

static void
hd_account_dispose (GObject *object)
{
  HdAccount *self = (HdAccount *) object;

  if (self->sync != NULL)
    hd_sync_stop (self->sync);
  g_clear_object (&self->sync);

  G_OBJECT_CLASS (hd_account_parent_class)->dispose (object);
}

static void
hd_account_finalize (GObject *object)
{
  HdAccount *self = (HdAccount *) object;

  g_free (self->server);
  g_free (self->username);
  g_free (self->name);
  g_free (self->email);
  g_strfreev (self->topics);
  g_clear_object (&self->plan);
  g_clear_object (&self->client);
  g_clear_object (&self->cache);

  G_OBJECT_CLASS (hd_account_parent_class)->finalize (object);
}

static void
hd_account_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  HdAccount *self = HD_ACCOUNT (object);

  switch (prop_id)
    {
    case PROP_PLAN: g_value_set_object (value, self->plan); break;
    case PROP_NAME: g_value_set_string (value, self->name); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hd_account_class_init (HdAccountClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = hd_account_dispose;
  object_class->finalize = hd_account_finalize;
  object_class->get_property = hd_account_get_property;

  properties[PROP_PLAN] =
    g_param_spec_object ("plan", NULL, NULL, HD_TYPE_PLAN, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
hd_account_init (HdAccount *self)
{
}

/* The account over @client and an open @cache, as its meta table says. */
static HdAccount *
account_new (const char  *username,
             HdClient    *client,
             HdCache     *cache,
             GError     **error)
{
  g_autoptr(HdAccount) self = g_object_new (HD_TYPE_ACCOUNT, NULL);
  g_autoptr(JsonNode) me = meta_json (cache, "me");
  g_autoptr(JsonNode) plan = meta_json (cache, "plan");

  self->server = g_strdup (hd_client_get_server (client));
  self->username = g_strdup (username);
  self->client = g_object_ref (client);
  self->cache = g_object_ref (cache);
  if (!take_me (self, me, NULL))
    {
      g_set_error (error, HD_CLIENT_ERROR, HD_CLIENT_ERROR_UNAUTHORIZED,
                   _("this computer does not know who %s is yet: sign in again"), username);
      return NULL;
    }
  if (plan != NULL)
    self->plan = hd_plan_new_from_json (plan, NULL);
  self->sync = hd_sync_new (client, cache);
  return g_steal_pointer (&self);
}

static void
sign_in_in_worker (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  SignIn *s = task_data;
  g_autofree char *path = hd_cache_path_for (hd_client_get_server (s->client), s->username);
  g_autoptr(HdCache) cache = NULL;
  g_autoptr(HdPlan) plan = NULL;
  GError *error = NULL;
  HdCredentialsPlace place = HD_CREDENTIALS_KEYRING;
  HdAccount *account;

  if ((plan = check_profile (&s->profile, &error)) == NULL ||
      !hd_credentials_save (hd_client_get_server (s->client), s->username, s->token, &place, &error) ||
      (cache = hd_cache_open (path, &error)) == NULL ||
      !store_profile (cache, &s->profile, &error) ||
      (account = account_new (s->username, s->client, cache, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  account->token_place = place;
  g_task_return_pointer (task, account, g_object_unref);
}

static void
plan_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SignIn *s = g_task_get_task_data (task);
  GError *error = NULL;

  s->profile.plan = hd_client_request_finish (s->client, result, NULL, NULL, &error);
  if (s->profile.plan == NULL)
    g_task_return_error (task, error);
  else
    g_task_run_in_thread (task, sign_in_in_worker);
}

static void
me_cb (GObject      *source,
       GAsyncResult *result,
       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SignIn *s = g_task_get_task_data (task);
  GError *error = NULL;

  s->profile.me = hd_client_request_finish (s->client, result, NULL, NULL, &error);
  if (s->profile.me == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  hd_client_request_async (s->client, "GET", "/plan", NULL, NULL, 30, g_task_get_cancellable (task),
                           plan_cb, g_object_ref (task));
}

static void
session_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SignIn *s = g_task_get_task_data (task);
  GError *error = NULL;
  g_autoptr(JsonNode) answer = hd_client_request_finish (s->client, result, NULL, NULL, &error);
  const char *token = NULL;

  if (answer == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (!JSON_NODE_HOLDS_OBJECT (answer) ||
      !hd_json_get_string (json_node_get_object (answer), "token", HD_JSON_REQUIRED | HD_JSON_NOT_EMPTY, 512, &token, NULL))
    {
      g_task_return_new_error (task, HD_CLIENT_ERROR, HD_CLIENT_ERROR_BAD_RESPONSE,
                               _("the server’s answer is not valid"));
      return;
    }
  s->token = g_strdup (token);
  hd_client_set_token (s->client, token);
  hd_client_request_async (s->client, "GET", "/me", NULL, NULL, 30, g_task_get_cancellable (task),
                           me_cb, g_object_ref (task));
}

/* Signs in, keeps the token (keyring or a private file), opens this
 * account's cache and keeps who the user is and the district's plan in
 * it. A wrong password is HD_CLIENT_ERROR_UNAUTHORIZED, an unreachable
 * server HD_CLIENT_ERROR_NETWORK, a bad certificate
 * HD_CLIENT_ERROR_CERTIFICATE. */
void
hd_account_sign_in_async (const char          *server,
                          const char          *username,
                          const char          *password,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  GError *error = NULL;
  SignIn *s;

  g_return_if_fail (server != NULL && username != NULL && password != NULL);

  g_task_set_source_tag (task, hd_account_sign_in_async);
  s = g_new0 (SignIn, 1);
  s->server = g_strdup (server);
  s->username = g_strdup (username);
  g_task_set_task_data (task, s, (GDestroyNotify) sign_in_free);
  s->client = hd_client_new (server, &error);
  if (s->client == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "username");
  json_builder_add_string_value (builder, username);
  json_builder_set_member_name (builder, "password");
  json_builder_add_string_value (builder, password);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);
  hd_client_request_async (s->client, "POST", "/session", body, NULL, 60, cancellable,
                           session_cb, g_steal_pointer (&task));
}

HdAccount *
hd_account_sign_in_finish (GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
done_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* For the command line (see hd_client_request()). */
HdAccount *
hd_account_sign_in (const char  *server,
                    const char  *username,
                    const char  *password,
                    GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  hd_account_sign_in_async (server, username, password, NULL, done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (g_main_context_get_thread_default (), TRUE);
  return hd_account_sign_in_finish (result, error);
}

/* The account signed in before, without the network: its token and its
 * cache. */
HdAccount *
hd_account_open (const char  *server,
                 const char  *username,
                 GError     **error)
{
  g_autoptr(HdClient) client = NULL;
  g_autoptr(HdCache) cache = NULL;
  g_autoptr(GError) unreadable = NULL;
  g_autofree char *token = NULL;
  g_autofree char *path = NULL;

  g_return_val_if_fail (server != NULL && username != NULL, NULL);

  client = hd_client_new (server, error);
  if (client == NULL)
    return NULL;
  token = hd_credentials_load (hd_client_get_server (client), username, &unreadable);
  if (token == NULL)
    {
      /* either way, only signing in again helps */
      if (unreadable != NULL)
        g_set_error_literal (error, HD_CLIENT_ERROR, HD_CLIENT_ERROR_UNAUTHORIZED, unreadable->message);
      else
        g_set_error (error, HD_CLIENT_ERROR, HD_CLIENT_ERROR_UNAUTHORIZED,
                     _("%s is not signed in on this computer"), username);
      return NULL;
    }
  hd_client_set_token (client, token);
  path = hd_cache_path_for (hd_client_get_server (client), username);
  cache = hd_cache_open (path, error);
  if (cache == NULL)
    return NULL;
  return account_new (username, client, cache, error);
}

static void
refresh_in_worker (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  HdAccount *self = source_object;
  GError *error = NULL;

  if (store_profile (self->cache, task_data, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
refresh_plan_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  HdAccount *self = g_task_get_source_object (task);
  Profile *p = g_task_get_task_data (task);
  g_autoptr(HdPlan) plan = NULL;
  GError *error = NULL;

  p->plan = hd_client_request_finish (self->client, result, NULL, NULL, &error);
  if (p->plan == NULL || (plan = check_profile (p, &error)) == NULL || !take_me (self, p->me, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  take_plan (self, plan);
  g_task_run_in_thread (task, refresh_in_worker);
}

static void
refresh_me_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  HdAccount *self = g_task_get_source_object (task);
  Profile *p = g_task_get_task_data (task);
  GError *error = NULL;

  p->me = hd_client_request_finish (self->client, result, NULL, NULL, &error);
  if (p->me == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  hd_client_request_async (self->client, "GET", "/plan", NULL, NULL, 30, g_task_get_cancellable (task),
                           refresh_plan_cb, g_object_ref (task));
}

static void
profile_free (Profile *p)
{
  profile_clear (p);
  g_free (p);
}

/* Asks the server again who the user is and what the plan says (a role
 * or the plan may have changed since the last sign-in). */
void
hd_account_refresh_async (HdAccount           *self,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (HD_IS_ACCOUNT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, hd_account_refresh_async);
  g_task_set_task_data (task, g_new0 (Profile, 1), (GDestroyNotify) profile_free);
  hd_client_request_async (self->client, "GET", "/me", NULL, NULL, 30, cancellable,
                           refresh_me_cb, g_steal_pointer (&task));
}

gboolean
hd_account_refresh_finish (HdAccount     *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
forget_in_worker (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  HdAccount *self = source_object;
  GError *error = NULL;

  if (hd_credentials_forget (self->server, self->username, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
session_deleted_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  HdAccount *self = g_task_get_source_object (task);
  g_autoptr(JsonNode) answer = NULL;

  /* an unreachable server forgets the token when it expires */
  answer = hd_client_request_finish (self->client, result, NULL, NULL, NULL);
  g_task_run_in_thread (task, forget_in_worker);
}

/* Ends the session on the server when it answers and forgets the token
 * here; the cache stays, with what waits in its outbox. */
void
hd_account_sign_out_async (HdAccount           *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (HD_IS_ACCOUNT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, hd_account_sign_out_async);
  hd_sync_stop (self->sync);
  hd_client_request_async (self->client, "DELETE", "/session", NULL, NULL, 10, cancellable,
                           session_deleted_cb, g_steal_pointer (&task));
}

gboolean
hd_account_sign_out_finish (HdAccount     *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

const char *
hd_account_get_server (HdAccount *self)
{
  g_return_val_if_fail (HD_IS_ACCOUNT (self), NULL);
  return self->server;
}

const char *
hd_account_get_username (HdAccount *self)
{
  g_return_val_if_fail (HD_IS_ACCOUNT (self), NULL);
  return self->username;
}

const char *
hd_account_get_name (HdAccount *self)
{
  g_return_val_if_fail (HD_IS_ACCOUNT (self), NULL);
  return self->name;
}

const char *
hd_account_get_email (HdAccount *self)
{
  g_return_val_if_fail (HD_IS_ACCOUNT (self), NULL);
  return self->email;
}

HdRole
hd_account_get_role (HdAccount *self)
{
  g_return_val_if_fail (HD_IS_ACCOUNT (self), HD_ROLE_REQUESTER);
  return self->role;
}

/* Technicians and up: they work tickets, not only file them. */
gboolean
hd_account_is_staff (HdAccount *self)
{
  g_return_val_if_fail (HD_IS_ACCOUNT (self), FALSE);
  return self->role >= HD_ROLE_TECHNICIAN;
}

const char * const *
hd_account_get_topics (HdAccount *self)
{
  g_return_val_if_fail (HD_IS_ACCOUNT (self), NULL);
  return (const char * const *) self->topics;
}

HdPlan *
hd_account_get_plan (HdAccount *self)
{
  g_return_val_if_fail (HD_IS_ACCOUNT (self), NULL);
  return self->plan;
}

HdClient *
hd_account_get_client (HdAccount *self)
{
  g_return_val_if_fail (HD_IS_ACCOUNT (self), NULL);
  return self->client;
}

HdCache *
hd_account_get_cache (HdAccount *self)
{
  g_return_val_if_fail (HD_IS_ACCOUNT (self), NULL);
  return self->cache;
}

/* Where hd_account_sign_in() kept the token: the command line tells a
 * user whose keyring did not answer. */
HdCredentialsPlace
hd_account_get_token_place (HdAccount *self)
{
  g_return_val_if_fail (HD_IS_ACCOUNT (self), HD_CREDENTIALS_KEYRING);
  return self->token_place;
}

HdSync *
hd_account_get_sync (HdAccount *self)
{
  g_return_val_if_fail (HD_IS_ACCOUNT (self), NULL);
  return self->sync;
}
