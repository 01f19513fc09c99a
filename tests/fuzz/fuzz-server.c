/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glib/gstdio.h>

#include "hd-json.h"
#include "hd-server-demo.h"
#include "hd-server-private.h"

/* libFuzzer target: one request to helpdesk-server, handled in this
 * process from its HTTP text to its answer, with no socket: the server's
 * own SoupServer reads it from memory (hd_server_accept_iostream). Each
 * request meets the same database, a copy of a small demo district, so a
 * crash replays from its input alone.
 *
 * The input is the request written as text:
 *
 *   METHOD PATH
 *   Name: value
 *   ...
 *   (an empty line)
 *   body
 *
 * "Role: requester" (requester2, technician, supervisor, admin) stands for
 * the bearer token of a user with that role. $T0 to $T9 stand for the ids
 * of the database's first ten tickets, $R0 to $R9 for those of the first
 * ten the requester submitted, and $E.$S for the /changes cursor of the
 * last change, so that seeds can name them. The harness frames the
 * request itself (Host, Content-Length, Connection: close) and drops those
 * headers and Transfer-Encoding from the input; an input that cannot be
 * written as a request line and headers is skipped.
 *
 * Beyond not crashing: every request is answered (or, for a long poll, held
 * with nothing else pending), never with a 5xx, and a JSON answer parses. */

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

#define N_TICKETS 10
#define ANSWER_TIMEOUT_S 30

static const struct {
  const char *role;
  const char *username;
} roles[] = {
  { "requester", "frontdesk" },
  { "requester2", "frontdesk2" },
  { "technician", "tomasz" },
  { "supervisor", "dana" },
  { "admin", "admin" },
};

static HdPlan *plan;
static char *dir;
static char *db_path;
static char *template_data;
static gsize template_length;
static char *ticket_ids[N_TICKETS];
static char *requester_ticket_ids[N_TICKETS];
static char *epoch;
static char *last_seq;
static GSocketAddress *server_address;
static GSocketAddress *client_address;
static gboolean verbose;   /* HD_FUZZ_VERBOSE set: print each exchange */

static void clean_up (void);

static void G_GNUC_NORETURN
fail (const char *what,
      const char *detail)
{
  fprintf (stderr, "fuzz-server: %s%s%s\n", what, detail != NULL ? ":\n" : "", detail != NULL ? detail : "");
  clean_up ();
  abort ();
}

static void
check (gboolean      ok,
       const char   *what,
       const GError *error)
{
  if (!ok)
    fail (what, error != NULL ? error->message : NULL);
}

static char *
token_of (const char *role)
{
  return g_strdup_printf ("fuzz-token-%s", role);
}

static void
remove_database (void)
{
  const char *suffixes[] = { "", "-wal", "-shm", "-journal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *path = g_strconcat (db_path, suffixes[i], NULL);

      g_unlink (path);
    }
}

static void
clean_up (void)
{
  if (dir == NULL)
    return;
  remove_database ();
  g_rmdir (dir);
}

/* The demo district with 30 tickets and a token for each role, kept in
 * memory as the file every request starts from. */
static void
make_template (void)
{
  g_autoptr(HdServerStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) comments = g_ptr_array_new_with_free_func ((GDestroyNotify) hd_comment_free);
  g_autoptr(GPtrArray) tickets = NULL;
  gint64 last;
  gboolean more;

  store = hd_server_store_open (db_path, &error);
  check (store != NULL, "opening the database", error);
  check (hd_server_demo_fill (store, plan, 30, 1, &error), "filling the demo district", error);
  check (hd_server_store_begin (store, &error), "adding tokens", error);
  for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
    {
      g_autofree char *token = token_of (roles[i].role);
      g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
      guint8 hash[32];
      gsize length = sizeof hash;

      g_checksum_update (checksum, (const guchar *) token, -1);
      g_checksum_get_digest (checksum, hash, &length);
      check (hd_server_store_add_token (store, hash, roles[i].username, _hd_now (), &error), "adding a token", error);
    }
  check (hd_server_store_commit (store, &error), "adding tokens", error);

  tickets = hd_server_store_list_changes (store, 0, 1000, NULL, comments, &last, &more);
  check (tickets->len >= N_TICKETS, "listing the first tickets", NULL);
  for (guint i = 0; i < N_TICKETS; i++)
    ticket_ids[i] = g_strdup (((HdServerTicket *) g_ptr_array_index (tickets, i))->ticket->id);
  g_ptr_array_unref (tickets);
  tickets = hd_server_store_list_changes (store, 0, 1000, roles[0].username, comments, &last, &more);
  check (tickets->len >= 1, "listing the requester's tickets", NULL);
  for (guint i = 0; i < N_TICKETS; i++)
    requester_ticket_ids[i] = g_strdup (((HdServerTicket *) g_ptr_array_index (tickets, i % tickets->len))->ticket->id);
  epoch = g_strdup (hd_server_store_get_epoch (store));
  last_seq = g_strdup_printf ("%" G_GINT64_FORMAT, hd_server_store_get_seq (store));
  g_clear_object (&store);   /* closing checkpoints the WAL into the file */

  check (g_file_get_contents (db_path, &template_data, &template_length, &error), "reading the database", error);
  remove_database ();
}

static gboolean
is_token_char (char c)
{
  return g_ascii_isalnum (c) || (c != '\0' && strchr ("!#$%&'*+-.^_`|~", c) != NULL);
}

static gboolean
is_text (const char *s,
         gsize       length,
         gboolean    spaces)
{
  for (gsize i = 0; i < length; i++)
    {
      guchar c = s[i];

      if (c < 0x20 || c == 0x7f || (!spaces && c == ' '))
        if (!(spaces && c == '\t'))
          return FALSE;
    }
  return TRUE;
}

static void
append_substituted (GString    *out,
                    const char *text,
                    gsize       length)
{
  for (gsize i = 0; i < length; i++)
    {
      if (text[i] == '$' && i + 1 < length && (text[i + 1] == 'E' || text[i + 1] == 'S'))
        {
          g_string_append (out, text[i + 1] == 'E' ? epoch : last_seq);
          i++;
        }
      else if (text[i] == '$' && i + 2 < length && (text[i + 1] == 'T' || text[i + 1] == 'R') &&
               g_ascii_isdigit (text[i + 2]))
        {
          g_string_append (out, (text[i + 1] == 'T' ? ticket_ids : requester_ticket_ids)[text[i + 2] - '0']);
          i += 2;
        }
      else
        g_string_append_c (out, text[i]);
    }
}

/* The HTTP request the input stands for, or NULL when it cannot be one. */
static GString *
build_request (const char *data,
               gsize       size)
{
  g_autoptr(GString) request = g_string_new (NULL);
  g_autoptr(GString) body = g_string_new (NULL);
  const char *end = data + size;
  const char *line = data;
  const char *eol = memchr (line, '\n', size);
  const char *space;
  gsize length = eol != NULL ? (gsize) (eol - line) : size;

  /* METHOD PATH */
  if (length > 0 && line[length - 1] == '\r')
    length--;
  space = memchr (line, ' ', length);
  if (space == NULL || space == line || space - line > 16)
    return NULL;
  for (const char *c = line; c < space; c++)
    if (!g_ascii_isalpha (*c))
      return NULL;
  if (space + 1 == line + length || space[1] != '/' || !is_text (space + 1, line + length - space - 1, FALSE))
    return NULL;
  g_string_append_len (request, line, space - line + 1);
  append_substituted (request, space + 1, line + length - space - 1);
  g_string_append (request, " HTTP/1.1\r\nHost: fuzz\r\nConnection: close\r\n");

  /* headers, up to an empty line */
  line = eol != NULL ? eol + 1 : end;
  while (line < end)
    {
      const char *colon, *value;

      eol = memchr (line, '\n', end - line);
      length = eol != NULL ? (gsize) (eol - line) : (gsize) (end - line);
      if (length > 0 && line[length - 1] == '\r')
        length--;
      if (length == 0)
        {
          line = eol != NULL ? eol + 1 : end;
          break;
        }
      colon = memchr (line, ':', length);
      if (colon == NULL || colon == line)
        return NULL;
      for (const char *c = line; c < colon; c++)
        if (!is_token_char (*c))
          return NULL;
      value = colon + 1;
      while (value < line + length && *value == ' ')
        value++;
      if (!is_text (value, line + length - value, TRUE))
        return NULL;

      if (colon - line == 4 && g_ascii_strncasecmp (line, "Role", 4) == 0)
        {
          g_autofree char *role = g_strndup (value, line + length - value);

          for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
            if (g_str_equal (role, roles[i].role))
              {
                g_autofree char *token = token_of (role);

                g_string_append_printf (request, "Authorization: Bearer %s\r\n", token);
              }
        }
      else if (!((colon - line == 14 && g_ascii_strncasecmp (line, "Content-Length", 14) == 0) ||
                 (colon - line == 17 && g_ascii_strncasecmp (line, "Transfer-Encoding", 17) == 0) ||
                 (colon - line == 10 && g_ascii_strncasecmp (line, "Connection", 10) == 0) ||
                 (colon - line == 4 && g_ascii_strncasecmp (line, "Host", 4) == 0)))
        {
          append_substituted (request, line, length);
          g_string_append (request, "\r\n");
        }
      line = eol != NULL ? eol + 1 : end;
    }

  append_substituted (body, line, end - line);
  g_string_append_printf (request, "Content-Length: %" G_GSIZE_FORMAT "\r\n\r\n", body->len);
  g_string_append_len (request, body->str, body->len);
  return g_steal_pointer (&request);
}

static gboolean
answer_timeout_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
drain (void)
{
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
}

/* Runs the main loop until the server has answered and closed the
 * connection; FALSE when a long poll holds its answer instead. */
static gboolean
run_until_answered (HdServer  *server,
                    GIOStream *stream)
{
  gboolean timed_out = FALSE;
  guint timeout_id = 0;
  gboolean answered = FALSE;

  for (;;)
    {
      drain ();
      if (g_io_stream_is_closed (stream))
        {
          answered = TRUE;
          break;
        }
      if (server->waiters != NULL)
        break;
      /* a password is being checked in a worker thread */
      if (timeout_id == 0)
        timeout_id = g_timeout_add_seconds (ANSWER_TIMEOUT_S, answer_timeout_cb, &timed_out);
      g_main_context_iteration (NULL, TRUE);
      if (timed_out)
        fail ("the server never answered", NULL);
    }
  if (timeout_id != 0 && !timed_out)
    g_source_remove (timeout_id);
  return answered;
}

/* The status of the response at @text, or 0 when there is none. */
static guint64
response_status (const char *text)
{
  char digits[4] = { 0 };
  guint64 status;

  /* libsoup answers a request it cannot parse in HTTP/1.0 */
  if (!(g_str_has_prefix (text, "HTTP/1.1 ") || g_str_has_prefix (text, "HTTP/1.0 ")) || strlen (text) < 12)
    return 0;
  memcpy (digits, text + 9, 3);
  if (!g_ascii_string_to_unsigned (digits, 10, 100, 599, &status, NULL))
    return 0;
  return status;
}

static void
check_answer (const GString *request,
              const char    *answer,
              gsize          length)
{
  g_autofree char *text = g_strndup (answer, length);
  g_autofree char *report = g_strdup_printf ("%s\n--- answered ---\n%s", request->str, text);
  g_autofree char *headers = NULL;
  const char *response = text;
  const char *body;
  guint64 status;

  if (verbose)
    fprintf (stderr, "%s\n\n", report);
  /* past any interim answer ("100 Continue" to an Expect header) */
  for (;;)
    {
      status = response_status (response);
      body = strstr (response, "\r\n\r\n");
      if (status == 0 || body == NULL)
        fail ("the answer is not an HTTP response", report);
      if (status >= 200)
        break;
      response = body + 4;
    }
  if (status >= 500)
    fail ("the server failed (5xx)", report);
  headers = g_strndup (response, body - response);
  body += 4;
  if (strstr (headers, "\r\nContent-Type: application/json") != NULL)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) node = hd_json_parse (body, length - (body - text), G_MAXSIZE, &error);

      if (node == NULL)
        fail ("a JSON answer does not parse", report);
    }
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_autoptr(GError) error = NULL;
  const char *base = g_file_test ("/dev/shm", G_FILE_TEST_IS_DIR) ? "/dev/shm" : g_get_tmp_dir ();
  g_autofree char *dir_template = g_build_filename (base, "hd-fuzz-server-XXXXXX", NULL);

  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  verbose = g_getenv ("HD_FUZZ_VERBOSE") != NULL;
  plan = hd_plan_load (HD_FUZZ_PLAN, HD_PLAN_SCOPE_FULL, NULL, &error);
  check (plan != NULL, "loading the plan", error);
  /* a tmpfs if there is one: the server syncs every commit */
  dir = g_mkdtemp (g_steal_pointer (&dir_template));
  if (dir == NULL)
    fail ("no temporary folder", g_strerror (errno));
  db_path = g_build_filename (dir, "server.db", NULL);
  /* at exit and on this target's own failures; a sanitizer's report
   * leaves the folder behind (libFuzzer keeps the death callback) */
  atexit (clean_up);
  make_template ();
  server_address = g_inet_socket_address_new_from_string ("127.0.0.1", 8080);
  client_address = g_inet_socket_address_new_from_string ("127.0.0.1", 40000);
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GString) request = build_request ((const char *) data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(HdServerStore) store = NULL;
  g_autoptr(HdServer) server = NULL;
  g_autoptr(GInputStream) in = NULL;
  g_autoptr(GOutputStream) out = NULL;
  g_autoptr(GIOStream) stream = NULL;

  if (request == NULL)
    return 0;

  remove_database ();
  check (g_file_set_contents (db_path, template_data, template_length, &error), "writing the database", error);
  store = hd_server_store_open (db_path, &error);
  check (store != NULL, "opening the database", error);
  server = hd_server_new (plan, store, NULL);

  in = g_memory_input_stream_new_from_data (g_memdup2 (request->str, request->len), request->len, g_free);
  out = g_memory_output_stream_new_resizable ();
  stream = g_simple_io_stream_new (in, out);
  if (!hd_server_accept_iostream (server, stream, server_address, client_address, &error))
    fail ("the server did not take the connection", error->message);
  if (run_until_answered (server, stream))
    check_answer (request, g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (out)),
                  g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (out)));

  g_clear_object (&server);
  drain ();
  return 0;
}
