package dev.reprise;

/**
 * What a run holds while it is not ended, so that only so many runs of one key run at once across
 * every node: at most {@link RepriseClient#concurrencyLimit the limit of its name} runs of each
 * value ({@code customer = c-42}: one run at a time per customer; {@code tenant = acme} with a
 * limit of 5: five per tenant). A run takes its key when it is first claimed and holds it until it
 * ends, through its waits and recoveries; a run whose key is taken waits {@code pending}, holding
 * no thread, and is claimed when a run of its key ends.
 *
 * @param name the key's name, which its limit is set by: a tag name ({@link Tags#requireName})
 * @param value the key's value: a tag value ({@link Tags#requireValue})
 */
public record ConcurrencyKey(String name, String value) {
  public ConcurrencyKey {
    Tags.requireName("concurrencyKey", name);
    Tags.requireValue("concurrencyKey", value);
  }

  /** The most runs of one value of a key's name, unless a limit is set: one at a time. */
  public static final int DEFAULT_LIMIT = 1;

  /** The highest limit that can be set. */
  public static final int MAX_LIMIT = 1_000_000;

  @Override
  public String toString() {
    return name + "=" + value;
  }
}
