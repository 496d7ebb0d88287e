package dev.reprise.internal.store.jdbc;

import dev.reprise.StoreUnavailableException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One engine at a time executes the runs of an SQLite file: an OS lock on {@code FILE.lock} beside
 * it excludes other processes (and goes with a process that dies), and a registry of this JVM's
 * holders excludes other engines of this process, which an OS lock does not. The lock is a file of
 * its own: an SQLite file's locks are the library's, and closing any handle of it in this process
 * would drop them.
 */
final class ExecutionLock implements AutoCloseable {
  private static final Set<Path> HELD_HERE = ConcurrentHashMap.newKeySet();
  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rw-------");

  private final Path key;
  private final FileChannel channel;
  private final FileLock lock;

  private ExecutionLock(Path key, FileChannel channel, FileLock lock) {
    this.key = key;
    this.channel = channel;
    this.lock = lock;
  }

  /** Takes the lock of the database at {@code db}, or says who holds it. */
  static ExecutionLock acquire(Path db, String location) {
    Path real = realPath(db);
    Path file = real.resolveSibling(real.getFileName() + ".lock");
    if (!HELD_HERE.add(file)) {
      throw new StoreUnavailableException(
          location,
          "another engine of this process executes its runs; close it first (a closed engine"
              + " keeps the lock until the last of its step bodies has returned)",
          null);
    }
    FileChannel channel = null;
    try {
      channel = open(file);
      FileLock lock = channel.tryLock();
      if (lock == null) {
        String holder = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).strip();
        throw new StoreUnavailableException(
            location,
            "another process executes its runs"
                + (holder.isEmpty() ? "" : " (pid " + holder + ")")
                + "; one engine at a time executes the runs of an SQLite file (clients may"
                + " submit and read freely)",
            null);
      }
      channel.truncate(0);
      channel.write(
          ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)),
          0);
      return new ExecutionLock(file, channel, lock);
    } catch (IOException | RuntimeException e) {
      HELD_HERE.remove(file);
      closeQuietly(channel);
      if (e instanceof StoreUnavailableException s) {
        throw s;
      }
      throw new StoreUnavailableException(location, "cannot lock " + file + ": " + e, e);
    }
  }

  /**
   * The database's own path, links resolved: two engines given two names of one file (a symlink, a
   * second hard path through a linked directory) take the one lock.
   */
  static Path realPath(Path db) {
    Path absolute = db.toAbsolutePath().normalize();
    try {
      return absolute.toRealPath();
    } catch (IOException notYet) {
      Path parent = absolute.getParent();
      try {
        return parent == null ? absolute : parent.toRealPath().resolve(absolute.getFileName());
      } catch (IOException noParent) {
        return absolute;
      }
    }
  }

  private static FileChannel open(Path file) throws IOException {
    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
        && !Files.exists(file)) {
      try {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
      } catch (java.nio.file.FileAlreadyExistsException raced) {
        // another process made it first; locking decides
      }
    }
    if (Files.isSymbolicLink(file)) {
      throw new IOException(file + " is a symbolic link; the lock file must be a plain file");
    }
    FileChannel channel =
        FileChannel.open(
            file,
            StandardOpenOption.CREATE,
            StandardOpenOption.READ,
            StandardOpenOption.WRITE,
            LinkOption.NOFOLLOW_LINKS);
    tighten(file);
    return channel;
  }

  /** A lock file found readable or writable by others (an older version made it so) is 0600. */
  private static void tighten(Path file) {
    try {
      if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
          && !Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS).equals(OWNER_ONLY)) {
        Files.setPosixFilePermissions(file, OWNER_ONLY);
      }
    } catch (IOException | UnsupportedOperationException notOurs) {
      // another user's file: the lock still works; its mode is that user's to set
    }
  }

  @Override
  public void close() {
    try {
      lock.release();
    } catch (IOException ignored) {
      // the channel's close releases it too
    }
    closeQuietly(channel);
    HELD_HERE.remove(key);
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
  }
}
