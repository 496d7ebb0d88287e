package dev.reprise.daemon.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A bearer token of the API, kept in a file of the data directory. Generated at the first start (32
 * random bytes, written as 64 hex digits) into a file created 0600, never briefly readable by
 * others, and kept across restarts; deleting the file makes the next start generate a new one.
 *
 * <p>A token of full strength carries at least 256 bits: at least {@value #MIN_LENGTH} characters
 * of {@code A-Z a-z 0-9 _ -} (base64url), {@value #MIN_HEX_LENGTH} if they are all hex digits, with
 * at least {@value #MIN_DISTINCT} different characters. A token file holding less is refused at
 * start, with how to make a new one.
 *
 * <p>The token also lets the daemon prove who it is without sending it: {@link #proof} is an
 * HMAC-SHA256, under the token, of a nonce the client chose and of the pid and port the client
 * expects, so that nobody without the token can answer, and an answer cannot be relayed from a
 * daemon on another port.
 */
public final class ApiToken {
  static final int MIN_LENGTH = 43;
  static final int MIN_HEX_LENGTH = 64;
  static final int MIN_DISTINCT = 8;
  private static final String PROOF_CONTEXT = "reprise-daemon-proof/1";

  private final byte[] token;

  private ApiToken(String token) {
    this.token = token.getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * Reads the token file, creating it with a new random token if missing.
   *
   * @throws StartRefused when the file is empty or holds a weak token
   */
  static ApiToken loadOrCreate(Path file) {
    try {
      if (PrivateFiles.createFile(file)) {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        Files.writeString(file, HexFormat.of().formatHex(random) + "\n");
      }
      if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
        throw new StartRefused(
            file
                + " is not a plain file (a directory, a link, a pipe or a device): remove it and"
                + " start the daemon again to generate a token");
      }
      String token = Files.readString(file, StandardCharsets.UTF_8).strip();
      String weakness = weakness(token);
      if (weakness != null) {
        throw new StartRefused(
            file
                + " "
                + weakness
                + "; a token needs at least "
                + MIN_LENGTH
                + " characters of A-Z a-z 0-9 _ - ("
                + MIN_HEX_LENGTH
                + " if only hex digits): delete the file and start the daemon again to generate one"
                + " (clients then need the new token)");
      }
      return new ApiToken(token);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create the API token " + file, e);
    }
  }

  /** Why a token is not of full strength, or null when it is. */
  static String weakness(String token) {
    if (token.isEmpty()) {
      return "is empty";
    }
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '-'
              || c == '_';
      if (!ok) {
        return "holds a token with a character outside A-Z a-z 0-9 _ - (at index " + i + ")";
      }
    }
    boolean hex = token.chars().allMatch(c -> Character.digit(c, 16) >= 0);
    int needed = hex ? MIN_HEX_LENGTH : MIN_LENGTH;
    if (token.length() < needed) {
      return "holds a weak token (" + token.length() + " characters, fewer than " + needed + ")";
    }
    if (token.chars().distinct().count() < MIN_DISTINCT) {
      return "holds a weak token (fewer than " + MIN_DISTINCT + " different characters)";
    }
    // a random token seldom repeats three characters in a row; a made-up one repeats its words
    java.util.Set<String> trigrams = new java.util.HashSet<>();
    for (int i = 0; i + 3 <= token.length(); i++) {
      trigrams.add(token.substring(i, i + 3));
    }
    if (trigrams.size() * 4 < (token.length() - 2) * 3) {
      return "holds a weak token (it repeats itself: made by hand, not drawn at random)";
    }
    return null;
  }

  /**
   * The token in a data directory, for the CLI.
   *
   * @throws IOException when it cannot be read, naming the file; when the file is empty
   */
  public static String read(Path file) throws IOException {
    String token;
    try {
      if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)
          && !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
        throw new IOException(
            file + " is not a plain file (a directory, a link, a pipe or a device)");
      }
      token = Files.readString(file, StandardCharsets.UTF_8).strip();
    } catch (NoSuchFileException e) {
      throw new IOException(file + " does not exist", e);
    }
    if (token.isEmpty()) {
      throw new IOException(file + " is empty");
    }
    return token;
  }

  /**
   * The token an {@code Authorization} header carries ({@code Bearer TOKEN}, the scheme in any
   * case), or null when it carries none.
   */
  static String bearer(String authorization) {
    if (authorization == null) {
      return null;
    }
    String h = authorization.strip();
    int space = h.indexOf(' ');
    if (space < 0 || !h.substring(0, space).toLowerCase(Locale.ROOT).equals("bearer")) {
      return null;
    }
    String token = h.substring(space + 1).strip();
    return token.isEmpty() ? null : token;
  }

  /** Whether {@code presented} is this token; compared in constant time. */
  boolean matches(String presented) {
    return presented != null
        && MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8), token);
  }

  boolean sameAs(ApiToken other) {
    return MessageDigest.isEqual(token, other.token);
  }

  /** This token's proof for a nonce; see {@link #proof(String, long, int, String)}. */
  String proof(long pid, int port, String nonce) {
    return proof(new String(token, StandardCharsets.US_ASCII), pid, port, nonce);
  }

  /**
   * What the daemon holding {@code token}, as process {@code pid} listening on {@code port},
   * answers to {@code nonce}: base64url of HMAC-SHA256(token, context, pid, port, nonce).
   */
  public static String proof(String token, long pid, int port, String nonce) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(token.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      String message = PROOF_CONTEXT + "\n" + pid + "\n" + port + "\n" + nonce;
      return Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }
}
