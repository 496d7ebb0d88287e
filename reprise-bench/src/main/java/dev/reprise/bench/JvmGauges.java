package dev.reprise.bench;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What this process holds at one moment, read after a full GC.
 *
 * @param platformThreads live platform threads (ThreadMXBean; virtual threads are not in it)
 * @param activeCount {@link Thread#activeCount()}: platform threads in the main thread group
 * @param virtualThreads live virtual threads, counted in a JSON thread dump (the JDK tracks every
 *     virtual thread unless {@code -Djdk.trackAllThreads=false}); a run that held a thread while it
 *     waits would show here, not in {@code platformThreads}
 * @param heapUsedMb heap in use after the GC, MiB
 * @param heapCommittedMb heap the JVM holds from the OS after the GC, MiB
 * @param rssMb resident memory of the process ({@code VmRSS} in /proc/self/status), MiB, or NaN
 *     where there is no /proc
 * @param platformThreadNames the names of the live platform threads, sorted
 */
record JvmGauges(
    int platformThreads,
    int activeCount,
    int virtualThreads,
    double heapUsedMb,
    double heapCommittedMb,
    double rssMb,
    List<String> platformThreadNames) {

  private static final double MIB = 1024 * 1024;
  private static final Pattern VIRTUAL = Pattern.compile("\"virtual\"\\s*:\\s*true");
  private static final Pattern RSS = Pattern.compile("(?m)^VmRSS:\\s+(\\d+)\\s+kB");

  /** Counts the threads, then collects the garbage and reads the memory. */
  static JvmGauges sample(Path scratch) throws IOException, InterruptedException {
    int virtual = virtualThreads(scratch);
    int platform = ManagementFactory.getThreadMXBean().getThreadCount();
    int active = Thread.activeCount();
    List<String> names =
        Thread.getAllStackTraces().keySet().stream().map(Thread::getName).sorted().toList();
    System.gc();
    // a second collection frees what the first one's reference processing let go
    Thread.sleep(100);
    System.gc();
    MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    return new JvmGauges(
        platform,
        active,
        virtual,
        heap.getUsed() / MIB,
        heap.getCommitted() / MIB,
        residentMb(),
        names);
  }

  private static int virtualThreads(Path scratch) throws IOException {
    Path dump = scratch.resolve("threads-" + ProcessHandle.current().pid() + ".json");
    Files.deleteIfExists(dump);
    try {
      ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
          .dumpThreads(dump.toString(), HotSpotDiagnosticMXBean.ThreadDumpFormat.JSON);
      Matcher m = VIRTUAL.matcher(Files.readString(dump));
      int n = 0;
      while (m.find()) {
        n++;
      }
      return n;
    } finally {
      Files.deleteIfExists(dump);
    }
  }

  private static double residentMb() throws IOException {
    Path status = Path.of("/proc/self/status");
    if (!Files.isReadable(status)) {
      return Double.NaN;
    }
    Matcher m = RSS.matcher(Files.readString(status));
    return m.find() ? Long.parseLong(m.group(1)) * 1024 / MIB : Double.NaN;
  }
}
