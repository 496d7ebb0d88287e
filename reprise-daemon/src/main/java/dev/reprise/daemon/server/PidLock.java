package dev.reprise.daemon.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * One daemon per data directory: an OS lock on {@code run/daemon.pid}, which holds the owner's PID.
 * The lock, not the file's existence, is what counts: the OS drops it when the process dies, even
 * by {@code kill -9}, so a stale file never blocks a restart. The file is emptied but never deleted
 * at release, since deleting it would let a second daemon lock a fresh file while a third still
 * holds the old one.
 */
final class PidLock implements AutoCloseable {
  private final Path file;
  private final FileChannel channel;
  private final FileLock lock;

  private PidLock(Path file, FileChannel channel, FileLock lock) {
    this.file = file;
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Takes the lock and writes this process's PID into the file.
   *
   * @throws DaemonAlreadyRunning when another process holds it
   */
  static PidLock acquire(Path file) {
    try {
      for (Path p : List.of(file.getParent(), file)) {
        if (Files.isSymbolicLink(p)) {
          throw new StartRefused(
              p + " is a symbolic link; the daemon's files must be plain files: remove it");
        }
      }
      PrivateFiles.directory(file.getParent());
      PrivateFiles.createFile(file);
      FileChannel channel =
          FileChannel.open(
              file,
              StandardOpenOption.CREATE,
              StandardOpenOption.READ,
              StandardOpenOption.WRITE,
              LinkOption.NOFOLLOW_LINKS);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        String holder = readPid(channel);
        channel.close();
        throw new DaemonAlreadyRunning(file, holder);
      }
      channel.truncate(0);
      channel.write(
          ByteBuffer.wrap(
              (ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)),
          0);
      channel.force(true);
      return new PidLock(file, channel, lock);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot lock " + file + ": " + e.getMessage(), e);
    }
  }

  private static String readPid(FileChannel channel) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(64);
    channel.read(buf, 0);
    return new String(buf.array(), 0, buf.position(), StandardCharsets.US_ASCII).strip();
  }

  Path file() {
    return file;
  }

  @Override
  public void close() {
    try {
      channel.truncate(0);
      lock.release();
      channel.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot release " + file + ": " + e.getMessage(), e);
    }
  }
}
