/* SPDX-License-Identifier: GPL-3.0-or-later */

/* LD_PRELOAD=libhd-disk-full.so HD_FULL_DISK=DIR: the disk under DIR is
 * full. Every write to a file there fails with ENOSPC, as the kernel
 * answers when no block is left, and SQLite turns that into SQLITE_FULL.
 * Reads work. SQLite's shared-memory index ("-shm") is left alone: it is
 * a memory map sized once when the database opens, and a disk that fills
 * up while a cache is open is what this stands for. No test-only code in
 * the programs, and no privileges (a small tmpfs or loop device would
 * need root). */

#undef _FILE_OFFSET_BITS           /* pwrite and pwrite64 are two symbols here */
#define _GNU_SOURCE

#include <dlfcn.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>

ssize_t write (int fd, const void *data, size_t size);
ssize_t pwrite (int fd, const void *data, size_t size, off_t offset);
ssize_t pwrite64 (int fd, const void *data, size_t size, off64_t offset);
ssize_t writev (int fd, const struct iovec *iov, int count);

static int
is_full (int fd)
{
  const char *dir = getenv ("HD_FULL_DISK");
  char link[64], path[PATH_MAX];
  ssize_t n;

  if (dir == NULL || *dir == '\0')
    return 0;
  snprintf (link, sizeof link, "/proc/self/fd/%d", fd);
  n = readlink (link, path, sizeof path - 1);
  if (n < 0)
    return 0;
  path[n] = '\0';
  if (strncmp (path, dir, strlen (dir)) != 0)
    return 0;
  return n < 4 || strcmp (path + n - 4, "-shm") != 0;
}

static void *
next (const char *name)
{
  return dlsym (RTLD_NEXT, name);
}

ssize_t
write (int fd, const void *data, size_t size)
{
  ssize_t (*real) (int, const void *, size_t) = next ("write");

  if (is_full (fd))
    {
      errno = ENOSPC;
      return -1;
    }
  return real (fd, data, size);
}

ssize_t
pwrite (int fd, const void *data, size_t size, off_t offset)
{
  ssize_t (*real) (int, const void *, size_t, off_t) = next ("pwrite");

  if (is_full (fd))
    {
      errno = ENOSPC;
      return -1;
    }
  return real (fd, data, size, offset);
}

ssize_t
pwrite64 (int fd, const void *data, size_t size, off64_t offset)
{
  ssize_t (*real) (int, const void *, size_t, off64_t) = next ("pwrite64");

  if (is_full (fd))
    {
      errno = ENOSPC;
      return -1;
    }
  return real (fd, data, size, offset);
}

ssize_t
writev (int fd, const struct iovec *iov, int count)
{
  ssize_t (*real) (int, const struct iovec *, int) = next ("writev");

  if (is_full (fd))
    {
      errno = ENOSPC;
      return -1;
    }
  return real (fd, iov, count);
}
