/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <sys/socket.h>

#include <gio/gio.h>

#include "hd-test-proxy.h"

/* One thread accepts, one thread per connection relays, all on blocking
 * sockets with one cancellable that hd_test_proxy_free() cancels. */

struct _HdTestProxy
{
  GSocket      *listener;
  GInetSocketAddress *upstream;
  char         *url;
  GCancellable *cancellable;
  GThread      *acceptor;
  GMutex        lock;
  GPtrArray    *relays;        /* GThread * */
  gboolean      down;
  guint         count;         /* requests since armed */
  guint         at;            /* the request the fault is for; 0: none */
  HdProxyFault  fault;
  gboolean      fired;
  HdProxyHook   hook;
  gpointer      hook_data;
};

typedef struct {
  HdTestProxy *proxy;
  GSocket     *client;
} Relay;

/* The length of the header block ending "\r\n\r\n" at its start, or 0. */
static gsize
header_length (GByteArray *buffer)
{
  for (gsize i = 3; i < buffer->len; i++)
    if (memcmp (buffer->data + i - 3, "\r\n\r\n", 4) == 0)
      return i + 1;
  return 0;
}

static gsize
content_length (const char *headers,
                gsize       length)
{
  g_autofree char *text = g_strndup (headers, length);
  g_auto(GStrv) lines = g_strsplit (text, "\r\n", -1);

  for (guint i = 1; lines[i] != NULL; i++)
    {
      if (g_ascii_strncasecmp (lines[i], "Transfer-Encoding:", 18) == 0)
        g_error ("the proxy relays no chunked messages: %s", lines[i]);
      if (g_ascii_strncasecmp (lines[i], "Content-Length:", 15) == 0)
        return g_ascii_strtoull (lines[i] + 15, NULL, 10);
    }
  return 0;
}

static gboolean
receive_more (GSocket      *socket,
              GByteArray   *buffer,
              GCancellable *cancellable)
{
  char chunk[16384];
  gssize n = g_socket_receive (socket, chunk, sizeof chunk, cancellable, NULL);

  if (n <= 0)
    return FALSE;
  g_byte_array_append (buffer, (const guint8 *) chunk, n);
  return TRUE;
}

/* One whole message from @socket (what came after it stays in @buffer),
 * and where its body starts; NULL at the end of the stream. */
static GBytes *
read_message (GSocket      *socket,
              GByteArray   *buffer,
              GCancellable *cancellable,
              gsize        *body_start)
{
  gsize head, total;
  GBytes *message;

  while ((head = header_length (buffer)) == 0)
    if (!receive_more (socket, buffer, cancellable))
      return NULL;
  total = head + content_length ((const char *) buffer->data, head);
  while (buffer->len < total)
    if (!receive_more (socket, buffer, cancellable))
      return NULL;
  message = g_bytes_new (buffer->data, total);
  g_byte_array_remove_range (buffer, 0, total);
  if (body_start != NULL)
    *body_start = head;
  return message;
}

static gboolean
send_all (GSocket      *socket,
          const void   *data,
          gsize         length,
          GCancellable *cancellable)
{
  for (gsize sent = 0; sent < length;)
    {
      gssize n = g_socket_send (socket, (const char *) data + sent, length - sent, cancellable, NULL);

      if (n <= 0)
        return FALSE;
      sent += n;
    }
  return TRUE;
}

/* What to do with the request that just arrived. */
static HdProxyFault
next_fault (HdTestProxy *self,
            gboolean    *refuse)
{
  HdProxyFault fault = HD_PROXY_PASS;

  g_mutex_lock (&self->lock);
  *refuse = self->down;
  if (!self->down && ++self->count == self->at)
    {
      fault = self->fault;
      self->fired = TRUE;
    }
  g_mutex_unlock (&self->lock);
  return fault;
}

static void
run_hook (HdTestProxy *self)
{
  if (self->hook != NULL)
    self->hook (self->hook_data);
}

/* Closes with a reset rather than a FIN: the peer reads ECONNRESET. */
static void
reset (GSocket *socket)
{
  struct linger linger = { 1, 0 };

  setsockopt (g_socket_get_fd (socket), SOL_SOCKET, SO_LINGER, &linger, sizeof linger);
  g_socket_close (socket, NULL);
}

/* Relays one request and its answer, faults included; FALSE when the
 * connection is done. */
static gboolean
relay_one (Relay       *relay,
           GSocket    **upstream,
           GByteArray  *from_client,
           GByteArray  *from_server)
{
  HdTestProxy *self = relay->proxy;
  GCancellable *cancellable = self->cancellable;
  g_autoptr(GBytes) request = read_message (relay->client, from_client, cancellable, NULL);
  g_autoptr(GBytes) answer = NULL;
  gboolean refuse;
  HdProxyFault fault;
  gsize body_start = 0, cut;
  const char *data;

  if (request == NULL)
    return FALSE;
  fault = next_fault (self, &refuse);
  if (refuse)
    return FALSE;
  if (fault == HD_PROXY_LOSE_REQUEST)
    {
      run_hook (self);
      return FALSE;
    }
  if (*upstream == NULL)
    {
      *upstream = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
      if (!g_socket_connect (*upstream, G_SOCKET_ADDRESS (self->upstream), cancellable, NULL))
        return FALSE;
    }
  if (!send_all (*upstream, g_bytes_get_data (request, NULL), g_bytes_get_size (request), cancellable))
    return FALSE;
  answer = read_message (*upstream, from_server, cancellable, &body_start);
  if (answer == NULL)
    return FALSE;
  data = g_bytes_get_data (answer, NULL);
  cut = body_start + (g_bytes_get_size (answer) - body_start) / 2;
  switch (fault)
    {
    case HD_PROXY_LOSE_ANSWER:
      run_hook (self);
      return FALSE;
    case HD_PROXY_RESET_ANSWER:
      send_all (relay->client, data, cut, cancellable);
      reset (relay->client);
      return FALSE;
    case HD_PROXY_STALL_ANSWER:
      send_all (relay->client, data, cut, cancellable);
      /* silence, until the client hangs up or the proxy goes */
      while (receive_more (relay->client, from_client, cancellable))
        ;
      return FALSE;
    case HD_PROXY_PASS:
    case HD_PROXY_LOSE_REQUEST:
    default:
      return send_all (relay->client, data, g_bytes_get_size (answer), cancellable);
    }
}

static gpointer
relay_thread (gpointer data)
{
  Relay *relay = data;
  g_autoptr(GByteArray) from_client = g_byte_array_new ();
  g_autoptr(GByteArray) from_server = g_byte_array_new ();
  GSocket *upstream = NULL;

  while (relay_one (relay, &upstream, from_client, from_server))
    ;
  if (upstream != NULL)
    {
      g_socket_close (upstream, NULL);
      g_object_unref (upstream);
    }
  g_socket_close (relay->client, NULL);
  g_object_unref (relay->client);
  g_free (relay);
  return NULL;
}

static gpointer
accept_thread (gpointer data)
{
  HdTestProxy *self = data;
  GSocket *client;

  while ((client = g_socket_accept (self->listener, self->cancellable, NULL)) != NULL)
    {
      Relay *relay = g_new0 (Relay, 1);

      relay->proxy = self;
      relay->client = client;
      g_mutex_lock (&self->lock);
      g_ptr_array_add (self->relays, g_thread_new ("proxy-relay", relay_thread, relay));
      g_mutex_unlock (&self->lock);
    }
  return NULL;
}

/* A proxy on 127.0.0.1, port 0, in front of @upstream_url's host and
 * port; its own address is hd_test_proxy_get_url(). */
HdTestProxy *
hd_test_proxy_new (const char *upstream_url)
{
  HdTestProxy *self = g_new0 (HdTestProxy, 1);
  g_autoptr(GUri) uri = g_uri_parse (upstream_url, G_URI_FLAGS_NONE, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (uri);
  g_mutex_init (&self->lock);
  self->relays = g_ptr_array_new ();
  self->cancellable = g_cancellable_new ();
  self->upstream = G_INET_SOCKET_ADDRESS (g_inet_socket_address_new (loopback, g_uri_get_port (uri)));
  self->listener = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_socket_bind (self->listener, any, TRUE, &error);
  g_assert_no_error (error);
  g_socket_listen (self->listener, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (self->listener, &error);
  g_assert_no_error (error);
  self->url = g_strdup_printf ("http://127.0.0.1:%u/", g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  self->acceptor = g_thread_new ("proxy-accept", accept_thread, self);
  return self;
}

/* "http://127.0.0.1:PORT/" */
const char *
hd_test_proxy_get_url (HdTestProxy *self)
{
  return self->url;
}

/* While down, every request is met by a closed connection, as when the
 * server cannot be reached. */
void
hd_test_proxy_set_down (HdTestProxy *self,
                        gboolean     down)
{
  g_mutex_lock (&self->lock);
  self->down = down;
  g_mutex_unlock (&self->lock);
}

/* Counts requests afresh; the @request-th from now (1 for the next) meets
 * @fault, and @hook runs then. 0 disarms. */
void
hd_test_proxy_arm (HdTestProxy  *self,
                   guint         request,
                   HdProxyFault  fault,
                   HdProxyHook   hook,
                   gpointer      user_data)
{
  g_mutex_lock (&self->lock);
  self->count = 0;
  self->at = request;
  self->fault = fault;
  self->fired = FALSE;
  self->hook = hook;
  self->hook_data = user_data;
  g_mutex_unlock (&self->lock);
}

gboolean
hd_test_proxy_fired (HdTestProxy *self)
{
  gboolean fired;

  g_mutex_lock (&self->lock);
  fired = self->fired;
  g_mutex_unlock (&self->lock);
  return fired;
}

/* Requests seen since hd_test_proxy_arm(). */
guint
hd_test_proxy_count (HdTestProxy *self)
{
  guint count;

  g_mutex_lock (&self->lock);
  count = self->count;
  g_mutex_unlock (&self->lock);
  return count;
}

void
hd_test_proxy_free (HdTestProxy *self)
{
  g_cancellable_cancel (self->cancellable);
  g_thread_join (self->acceptor);
  for (guint i = 0; i < self->relays->len; i++)
    g_thread_join (g_ptr_array_index (self->relays, i));
  g_ptr_array_unref (self->relays);
  g_socket_close (self->listener, NULL);
  g_object_unref (self->listener);
  g_object_unref (self->upstream);
  g_object_unref (self->cancellable);
  g_mutex_clear (&self->lock);
  g_free (self->url);
  g_free (self);
}
