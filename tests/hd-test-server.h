/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* A real helpdesk-server process on 127.0.0.1, port 0, with its own
 * database in a temporary folder, users added through "user add", and
 * a sendmail that files each message in that folder. Its standard error
 * goes to a log there (hd_test_server_log()), written out when it stops.
 *
 * With HD_OPENAPI_LOG set, hd_test_request_full() appends each exchange
 * to "$HD_OPENAPI_LOG.<pid>" and hd_test_server_stop() asserts that
 * tests/openapi-check.py finds every response matching data/openapi.yaml. */

typedef struct {
  GPid         pid;
  char        *dir;
  char        *db;
  char        *plan;
  char        *base;           /* http://127.0.0.1:PORT/api/v1 */
  SoupSession *session;
} HdTestServer;

typedef struct {
  int   status;                /* helpdesk-cli's exit status */
  char *out;
  char *err;
} HdTestRun;

typedef struct {
  guint               status;
  JsonNode           *body;
  SoupMessageHeaders *headers;
} HdTestReply;

HdTestServer *hd_test_server_start    (const char    *plan);
void          hd_test_server_add_user (HdTestServer  *server,
                                       const char    *username,
                                       const char    *role,
                                       const char    *password);
void          hd_test_server_add_staff (HdTestServer *server);
void          hd_test_server_stop     (HdTestServer  *server);
void          hd_test_server_pause    (HdTestServer  *server);
void          hd_test_server_kill     (HdTestServer  *server);
char         *hd_test_server_log      (HdTestServer  *server);
void          hd_test_server_resume   (HdTestServer  *server,
                                       gboolean       empty);
char         *hd_test_server_sign_in  (HdTestServer  *server,
                                       const char    *username,
                                       const char    *password);
HdTestReply  *hd_test_request         (HdTestServer  *server,
                                       const char    *method,
                                       const char    *path,
                                       const char    *token,
                                       const char    *body);
HdTestReply  *hd_test_request_full    (HdTestServer  *server,
                                       const char    *method,
                                       const char    *path,
                                       const char    *token,
                                       const char    *content_type,
                                       GBytes        *body,
                                       const char    *if_match);
HdTestReply  *hd_test_patch_ticket    (HdTestServer  *server,
                                       const char    *id,
                                       const char    *token,
                                       const char    *body);
void          hd_test_reply_free      (HdTestReply   *reply);
const char   *hd_test_reply_string    (HdTestReply   *reply,
                                       const char    *member);
gint64        hd_test_reply_int       (HdTestReply   *reply,
                                       const char    *member);
void          hd_test_assert_error    (HdTestReply   *reply,
                                       guint          status,
                                       const char    *code);
GPtrArray    *hd_test_server_mail     (HdTestServer  *server);
GSubprocessLauncher *hd_test_cli_launcher (const char       *home,
                                           GSubprocessFlags  flags);
char         *hd_test_new_ticket_json (const char    *id,
                                       const char    *scope,
                                       const char    *effect);
void          hd_test_cli_run         (HdTestRun          *run,
                                       const char         *home,
                                       const char * const *env,
                                       const char         *input,
                                       const char         *first,
                                       ...) G_GNUC_NULL_TERMINATED;
void          hd_test_cli_runv        (HdTestRun          *run,
                                       const char         *home,
                                       const char * const *env,
                                       const char         *input,
                                       const char * const *args);
void          hd_test_cli_run_valist  (HdTestRun          *run,
                                       const char         *home,
                                       const char * const *env,
                                       const char         *input,
                                       const char         *first,
                                       va_list             ap);
void          hd_test_run_clear       (HdTestRun     *run);
char         *hd_test_cli_cache_path  (const char    *home,
                                       const char    *server_url,
                                       const char    *username);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HdTestReply, hd_test_reply_free)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (HdTestRun, hd_test_run_clear)

G_END_DECLS
