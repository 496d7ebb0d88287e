package dev.reprise.daemon.server;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.util.Collections;
import java.util.HexFormat;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * TLS for the API, from a PKCS12 keystore named in the config ({@code http.tls.keystore}, its
 * password in {@code http.tls.keystore_password}). All the daemon's TLS set-up is here, so that
 * moving the API to another HTTP server changes this file and {@link ApiServer} only.
 *
 * @param certificateSha256 the SHA-256 of the server certificate, in hex: written to {@code
 *     run/daemon.json}, where the CLI pins it
 */
record Tls(SSLContext context, String certificateSha256) {

  /**
   * Loads the keystore's first private key and its certificate chain.
   *
   * @throws ConfigException naming {@code http.tls.keystore} or {@code http.tls.keystore_password}
   */
  static Tls load(Path keystore, String password) {
    char[] secret = password.toCharArray();
    KeyStore store;
    try (InputStream in = Files.newInputStream(keystore)) {
      store = KeyStore.getInstance("PKCS12");
      store.load(in, secret);
    } catch (NoSuchFileException e) {
      throw new ConfigException("http.tls.keystore", "http.tls.keystore: no such file " + keystore);
    } catch (IOException e) {
      if (e.getCause() instanceof UnrecoverableKeyException) {
        throw new ConfigException(
            "http.tls.keystore_password",
            "http.tls.keystore_password: wrong password for " + keystore);
      }
      throw new ConfigException(
          "http.tls.keystore",
          "http.tls.keystore: "
              + keystore
              + " is not a readable PKCS12 keystore: "
              + e.getMessage());
    } catch (GeneralSecurityException e) {
      throw new ConfigException(
          "http.tls.keystore",
          "http.tls.keystore: cannot load " + keystore + ": " + e.getMessage());
    }
    try {
      String alias =
          Collections.list(store.aliases()).stream()
              .filter(a -> isKey(store, a))
              .findFirst()
              .orElseThrow(
                  () ->
                      new ConfigException(
                          "http.tls.keystore",
                          "http.tls.keystore: " + keystore + " holds no private key"));
      Certificate cert = store.getCertificate(alias);
      KeyManagerFactory keys =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(store, secret);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys.getKeyManagers(), null, null);
      return new Tls(context, fingerprint(cert));
    } catch (UnrecoverableKeyException e) {
      throw new ConfigException(
          "http.tls.keystore_password",
          "http.tls.keystore_password: cannot unlock the key in " + keystore);
    } catch (GeneralSecurityException e) {
      throw new ConfigException(
          "http.tls.keystore", "http.tls.keystore: cannot use " + keystore + ": " + e.getMessage());
    }
  }

  private static boolean isKey(KeyStore store, String alias) {
    try {
      return store.isKeyEntry(alias);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  /** The SHA-256 of a certificate's encoding, in lower-case hex. */
  static String fingerprint(Certificate cert) throws GeneralSecurityException {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
  }
}
