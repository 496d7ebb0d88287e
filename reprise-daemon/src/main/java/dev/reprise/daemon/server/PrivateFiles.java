package dev.reprise.daemon.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;

/**
 * Files and directories that only the daemon's user may read: directories 0700, files 0600,
 * whatever the umask. New ones are created with those modes (never briefly readable by others);
 * existing ones that are looser are tightened, and one owned by another user is refused, since its
 * owner could read it whatever its mode. On a file system without POSIX modes this does nothing.
 */
public final class PrivateFiles {
  static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
  static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");

  private static final boolean POSIX =
      FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

  private PrivateFiles() {}

  /** A looser mode that was made the owner's alone. */
  record Tightened(Path path, String was, String now) {}

  /** Creates the directory (and missing parents) 0700 if it does not exist. */
  static void directory(Path dir) {
    try {
      if (!Files.isDirectory(dir)) {
        if (POSIX) {
          Files.createDirectories(dir, attribute(DIRECTORY));
        } else {
          Files.createDirectories(dir);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir + ": " + e.getMessage(), e);
    }
  }

  /** Creates an empty file 0600; false when it exists already. */
  static boolean createFile(Path file) throws IOException {
    try {
      if (POSIX) {
        Files.createFile(file, attribute(FILE));
      } else {
        Files.createFile(file);
      }
      return true;
    } catch (FileAlreadyExistsException e) {
      return false;
    }
  }

  /**
   * Replaces a file atomically with a new one created 0600 (a temporary file of a random name
   * beside it, then moved over it): never written into a file someone else made, nor through a
   * link.
   */
  public static void write(Path file, String content) throws IOException {
    Path target = file.toAbsolutePath();
    String prefix = "." + target.getFileName() + ".";
    Path tmp =
        POSIX
            ? Files.createTempFile(target.getParent(), prefix, ".tmp", attribute(FILE))
            : Files.createTempFile(target.getParent(), prefix, ".tmp");
    try {
      Files.writeString(tmp, content);
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /**
   * Makes an existing file (0600) or directory (0700) its owner's alone; nothing when it does not
   * exist or is already so.
   *
   * @return the change made, if any
   * @throws StartRefused when another user owns it, or its mode cannot be changed
   */
  static Optional<Tightened> tighten(Path path) {
    if (Files.isSymbolicLink(path)) {
      // followed, the check would change the mode of whatever the link names
      throw new StartRefused(
          path
              + " is a symbolic link; the daemon's files must be plain files and directories (to"
              + " keep the database elsewhere, name it with sqlite.path): remove it");
    }
    if (!POSIX || !Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
      return Optional.empty();
    }
    try {
      requireOwnedByUs(path);
      Set<PosixFilePermission> mode =
          Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
      boolean dir = Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS);
      Set<PosixFilePermission> wanted = dir ? DIRECTORY : FILE;
      if (mode.stream().noneMatch(p -> !wanted.contains(p))) {
        return Optional.empty();
      }
      Files.setPosixFilePermissions(path, wanted);
      return Optional.of(
          new Tightened(
              path, PosixFilePermissions.toString(mode), PosixFilePermissions.toString(wanted)));
    } catch (AccessDeniedException e) {
      throw new StartRefused(
          path
              + " is readable by other users and its mode cannot be changed ("
              + e.getReason()
              + "); make it "
              + (Files.isDirectory(path) ? "0700" : "0600")
              + " or remove it");
    } catch (FileSystemException e) {
      throw new StartRefused(
          path + " is readable by other users and its mode cannot be changed: " + e.getMessage());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the mode of " + path, e);
    }
  }

  private static void requireOwnedByUs(Path path) throws IOException {
    Object owner;
    try {
      owner = Files.getAttribute(path, "unix:uid");
    } catch (UnsupportedOperationException | IllegalArgumentException e) {
      return;
    }
    long us = new com.sun.security.auth.module.UnixSystem().getUid();
    if (owner instanceof Integer uid && uid.longValue() != us) {
      throw new StartRefused(
          path
              + " is owned by "
              + Files.getOwner(path).getName()
              + " (uid "
              + uid
              + "), not by "
              + System.getProperty("user.name")
              + " who runs the daemon (uid "
              + us
              + "): that user could read it whatever its mode; chown it to "
              + System.getProperty("user.name")
              + " or remove it");
    }
  }

  private static FileAttribute<Set<PosixFilePermission>> attribute(Set<PosixFilePermission> p) {
    return PosixFilePermissions.asFileAttribute(p);
  }
}
