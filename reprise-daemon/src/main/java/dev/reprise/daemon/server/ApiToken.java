package dev.reprise.daemon.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The bearer token every state-changing API call must carry. Generated at the first start into the
 * data directory, created with mode 0600 (never briefly readable by others), and kept across
 * restarts; deleting the file makes the next start generate a new one.
 */
public final class ApiToken {
  private final byte[] token;

  private ApiToken(String token) {
    this.token = token.getBytes(StandardCharsets.US_ASCII);
  }

  /** Reads the token file, creating it with a new random token if missing. */
  static ApiToken loadOrCreate(Path file) {
    try {
      if (!Files.exists(file)) {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String fresh = HexFormat.of().formatHex(random);
        try {
          Files.createDirectories(file.getParent());
          Files.createFile(
              file,
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
          Files.writeString(file, fresh + "\n", StandardOpenOption.TRUNCATE_EXISTING);
        } catch (FileAlreadyExistsException raced) {
          // another process created it first; read theirs
        }
      }
      return new ApiToken(read(file));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create the API token " + file, e);
    }
  }

  /** The token in a data directory, for the CLI. */
  public static String read(Path file) throws IOException {
    String token = Files.readString(file).strip();
    if (token.isEmpty()) {
      throw new IOException(file + " is empty");
    }
    return token;
  }

  /** Whether an {@code Authorization} header carries this token; compared in constant time. */
  boolean accepts(String authorization) {
    if (authorization == null || !authorization.startsWith("Bearer ")) {
      return false;
    }
    byte[] given = authorization.substring(7).strip().getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(given, token);
  }
}
