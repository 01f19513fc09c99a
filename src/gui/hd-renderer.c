/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-renderer"

#include "config.h"

#include <string.h>
#include <epoxy/gl.h>
#include <gtk/gtk.h>

#include "hd-renderer.h"

/* OpenGL drawn by the CPU, as Mesa does it where there is no graphics
 * processor to draw with. */
static gboolean
is_software (const char *renderer)
{
  static const char * const names[] = { "llvmpipe", "softpipe", "Software Rasterizer", "SWR" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (strstr (renderer, names[i]) != NULL)
      return TRUE;
  return FALSE;
}

/* GTK 4.8 draws windows with OpenGL wherever OpenGL answers. On a
 * computer without a graphics processor (the thin clients and virtual
 * desktops of many school offices, a remote session) Mesa answers by
 * emulating OpenGL on the CPU, with threads and memory of its own, and
 * GTK's cairo renderer draws the same window faster with less: over
 * 100,000 tickets under Xvfb (tests/bench-gui.sh), the first rows after
 * 0.7 s instead of 1.3 s, at a peak of 228 MB instead of 320 MB. There,
 * the app asks for cairo. GSK_RENDERER set by the user is left alone.
 * Call before the first window is shown: GTK reads the variable once. */
void
hd_renderer_choose (void)
{
  GdkDisplay *display = gdk_display_get_default ();
  g_autoptr(GdkGLContext) context = NULL;
  const char *renderer;
  gboolean software;

  if (display == NULL || g_getenv ("GSK_RENDERER") != NULL)
    return;
  /* no OpenGL at all: GTK draws with cairo by itself */
  if (!gdk_display_prepare_gl (display, NULL))
    return;
  context = gdk_display_create_gl_context (display, NULL);
  if (context == NULL || !gdk_gl_context_realize (context, NULL))
    return;
  gdk_gl_context_make_current (context);
  renderer = (const char *) glGetString (GL_RENDERER);
  software = renderer != NULL && is_software (renderer);
  g_debug ("OpenGL renderer: %s", renderer != NULL ? renderer : "unknown");
  gdk_gl_context_clear_current ();
  if (software)
    g_setenv ("GSK_RENDERER", "cairo", TRUE);
}
