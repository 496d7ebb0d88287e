package dev.reprise.daemon.cli;

import dev.reprise.daemon.CommandFailure;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Trusts one server certificate, by its SHA-256 as the daemon recorded it in {@code
 * run/daemon.json} (a file only the daemon's user can write). A daemon's certificate is often
 * self-signed, and the CLI may call it on loopback under another name than the certificate's, so
 * the pin replaces both the chain and the host name checks.
 */
final class PinnedCertificate extends X509ExtendedTrustManager {
  private final String sha256;

  private PinnedCertificate(String sha256) {
    this.sha256 = sha256.toLowerCase(Locale.ROOT);
  }

  static SSLContext context(String sha256) {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {new PinnedCertificate(sha256)}, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new CommandFailure("cannot set up TLS: " + e.getMessage(), e);
    }
  }

  private void check(X509Certificate[] chain) throws CertificateException {
    if (chain == null || chain.length == 0) {
      throw new CertificateException("no server certificate");
    }
    String given;
    try {
      given =
          HexFormat.of()
              .formatHex(MessageDigest.getInstance("SHA-256").digest(chain[0].getEncoded()));
    } catch (GeneralSecurityException e) {
      throw new CertificateException(e);
    }
    if (!MessageDigest.isEqual(given.getBytes(), sha256.getBytes())) {
      throw new CertificateException(
          "the server's certificate (SHA-256 " + given + ") is not the daemon's (" + sha256 + ")");
    }
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    check(chain);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    check(chain);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    check(chain);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    throw new CertificateException("a client, not a server");
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    throw new CertificateException("a client, not a server");
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    throw new CertificateException("a client, not a server");
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return new X509Certificate[0];
  }
}
