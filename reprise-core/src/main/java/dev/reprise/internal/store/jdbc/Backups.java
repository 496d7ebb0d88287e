package dev.reprise.internal.store.jdbc;

import dev.reprise.StoreUnavailableException;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * An online backup: a consistent copy of the database (one read snapshot, so no commit is half in
 * it) written while the store is in use, into a new file that only its owner can read.
 */
final class Backups {
  private Backups() {}

  static void write(JdbcContext ctx, Path target) {
    Path file = target.toAbsolutePath().normalize();
    try {
      boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
      if (file.getParent() != null && !Files.isDirectory(file.getParent())) {
        // directories made for a copy of every run are their owner's alone, as the copy
        if (posix) {
          Files.createDirectories(
              file.getParent(),
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } else {
          Files.createDirectories(file.getParent());
        }
      }
      if (posix) {
        Files.createFile(
            file,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } else {
        Files.createFile(file);
      }
    } catch (FileAlreadyExistsException e) {
      throw new StoreUnavailableException(
          file.toString(), "exists; a backup is written to a new file", e);
    } catch (IOException e) {
      throw new StoreUnavailableException(file.toString(), "cannot be created: " + e, e);
    }
    try {
      // on a read connection, outside any transaction (SQLite copies it as one snapshot)
      ctx.readers()
          .read(
              tx -> {
                ctx.dialect().backup(tx, file);
                return null;
              });
    } catch (RuntimeException e) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException ignored) {
        // the failure above is the one to report
      }
      throw e;
    }
  }
}
