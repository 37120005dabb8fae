// Watcher load generator for bench/run: opens thousands of watches on one
// server, makes commits, and times how long each watcher takes to hear of them.
//
// JDK only, single-file source mode, one NIO selector thread for every
// connection (no thread per connection):
//   java bench/WatchLoad.java kind=sse|poll|group|etcd port=PORT [count=10000] [paths=10]
//        [prefix=/bench-watch] [commits=5] [warmup=1] [window=128] [step-timeout=60]
//        [settle-ms=300] [server-pid=PID] [hold-s=0]
//
// kind=sse   Lighthouse GET /watch<prefix>/w<i>: ready once the first event (the
//            current value) has arrived; a watcher has the commit when the event
//            whose id is the commit's seq has been read in full.
// kind=poll  Lighthouse GET /data<prefix>/w<i>?wait=<seq>&timeout=5m: registered once
//            lighthouse_watchers in /metrics counts them all; answered when the whole
//            response (head and body) has been read. Re-armed after each commit with
//            wait=<the answer's X-Lighthouse-Seq>.
// kind=group Lighthouse GET /groups<prefix>?wait=<rev>&timeout=5m, all on one group: registered
//            and answered as for kind=poll; re-armed with wait=<the answer's "rev">. The
//            group keeps one member throughout (a session of ttl 1h joins it as "anchor"), and
//            each commit is ONE join or leave of a second member "m", alternately.
// kind=etcd  etcd v2 GET /v2/keys<prefix>/w0?wait=true&waitIndex=<n>: registered once the
//            response head has arrived (etcd sends it when the watch is in place) and
//            etcd_debugging_store_watchers counts them all; answered when the whole
//            chunked response has been read. Only one key: an etcd v2 write changes one.
//
// One unmeasured warm-up commit (warmup=N) goes first, as the JIT compilers of both the
// server and this client are busiest then; bench/run also runs this client with C1 only
// (-XX:TieredStopAtLevel=1) so that C2 compiling does not compete with the server for CPU.
//
// Watchers are spread round-robin over `paths` paths (w0..w<paths-1>; kind=group: one group);
// each commit is ONE write changing all of them: a Lighthouse merge-patch PATCH /data<prefix>
// {"w0":n,...}, or an etcd v2 PUT of the key. The commit goes out on a keep-alive
// connection opened beforehand; a watcher's latency is from just before the commit
// request is written until the watcher has read its notification, both on this
// process's monotonic clock. Commits are made one at a time: the next only once every
// watcher has the previous one (or step-timeout passed) and, for polls, every poll is
// re-armed and registered again, then settle-ms of quiet. Polls end with one more,
// unmeasured commit that answers them all, so none is left parked on the server.
//
// With server-pid (Lighthouse only) it measures the server's heap after a full GC
// (`jcmd PID GC.run`, then `jcmd PID GC.heap_info`: used heap) before the watchers
// connect, once all are registered, and after the commits (polls re-armed and
// registered again, so each connection has then served commits+1 requests); and,
// for any server, its CPU time per commit from /proc/PID/task/*/schedstat and its RSS.
//
// Prints one JSON object on stdout; progress on stderr. 127.0.0.1 only; every wait is
// bounded; every socket is closed on exit.

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class WatchLoad {

    static final String HOST = "127.0.0.1";

    static String kind;
    static int port;
    static int count;
    static int paths;
    static String prefix;
    static long stepTimeoutNanos;

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = new HashMap<>();
        for (String a : args) {
            int eq = a.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("expected key=value: " + a);
            }
            opt.put(a.substring(0, eq), a.substring(eq + 1));
        }
        kind = opt.getOrDefault("kind", "sse");
        if (!List.of("sse", "poll", "group", "etcd").contains(kind)) {
            throw new IllegalArgumentException("kind must be sse, poll, group or etcd");
        }
        port = Integer.parseInt(req(opt, "port"));
        count = Integer.parseInt(opt.getOrDefault("count", "10000"));
        paths = Integer.parseInt(opt.getOrDefault("paths", oneKey() ? "1" : "10"));
        if (oneKey() && paths != 1) {
            throw new IllegalArgumentException(kind + ": one key or group only (a v2 write changes one key)");
        }
        prefix = opt.getOrDefault("prefix", "/bench-watch");
        int commits = Integer.parseInt(opt.getOrDefault("commits", "5"));
        int warmups = Integer.parseInt(opt.getOrDefault("warmup", "1"));
        int window = Integer.parseInt(opt.getOrDefault("window", "128"));
        stepTimeoutNanos = TimeUnit.SECONDS.toNanos(Long.parseLong(opt.getOrDefault("step-timeout", "60")));
        long settleMs = Long.parseLong(opt.getOrDefault("settle-ms", "300"));
        String serverPid = opt.get("server-pid");
        int holdSeconds = Integer.parseInt(opt.getOrDefault("hold-s", "0"));
        boolean heap = serverPid != null && !kind.equals("etcd");

        Map<String, Object> out = new java.util.LinkedHashMap<>();
        out.put("kind", kind);
        out.put("count", count);
        out.put("paths", paths);
        out.put("prefix", prefix);

        try (Blocking committer = new Blocking(port)) {
            // Make the watched values exist, so every watcher starts from a value.
            long value = (System.currentTimeMillis() / 1000) % 1_000_000 * 1000;
            long seq = commit(committer, value);
            log("set up %s%s (%s %d)", prefix, kind.equals("group") ? "" : paths == 1 ? "/w0" : "/w0..w" + (paths - 1),
                    kind.equals("group") ? "rev" : "seq", seq);

            if (heap) {
                out.put("heap_base_mib", heapUsedMib(serverPid));
            }

            Loop loop = new Loop(window, seq);
            Thread loopThread = new Thread(loop, "watch-load-selector");
            loopThread.setDaemon(true);
            loopThread.start();
            try {
                long t = System.nanoTime();
                loop.execute(() -> loop.connectAll());
                waitFor("all " + count + " watchers ready", () -> loop.ready.get() + loop.failed.get() >= count, stepTimeoutNanos * 2);
                if (loop.failed.get() > 0) {
                    throw new IllegalStateException(loop.failed.get() + " watchers failed: " + loop.errors);
                }
                waitRegistered();
                double connectS = (System.nanoTime() - t) / 1e9;
                out.put("connect_s", round(connectS, 2));
                log("%d %s watchers ready and registered in %.1f s", count, kind, connectS);

                if (heap) {
                    out.put("heap_connected_mib", heapUsedMib(serverPid));
                    out.put("rss_connected_mib", rssMib(serverPid));
                    log("server heap after GC: %.1f MiB before connecting, %.1f MiB with %d %s watchers",
                            out.get("heap_base_mib"), out.get("heap_connected_mib"), count, kind);
                }
                if (serverPid != null && kind.equals("etcd")) {
                    out.put("rss_connected_mib", rssMib(serverPid));
                }

                ThreadMXBean threads = ManagementFactory.getThreadMXBean();
                List<Map<String, Object>> rounds = new ArrayList<>();
                for (int r = 1 - warmups; r <= commits; r++) {
                    Thread.sleep(settleMs);
                    value++;
                    long cpu0 = threads.getThreadCpuTime(loopThread.getId());
                    Map<String, Long> proc0 = cpuNanos("self");
                    Map<String, Long> srv0 = serverPid == null ? null : cpuNanos(serverPid);
                    long t0 = System.nanoTime();
                    long s = commit(committer, value);
                    long ack = System.nanoTime();
                    long deadline = t0 + stepTimeoutNanos;
                    while (!loop.allHave(s) && System.nanoTime() < deadline) {
                        LockSupport.parkNanos(500_000);
                    }
                    long done = System.nanoTime();
                    long cpu1 = threads.getThreadCpuTime(loopThread.getId());
                    Map<String, Long> proc1 = cpuNanos("self");
                    Map<String, Long> srv1 = serverPid == null ? null : cpuNanos(serverPid);

                    double[] lat = loop.latencies(s, t0);
                    int n = lat.length;
                    Arrays.sort(lat);
                    Map<String, Object> round = new java.util.LinkedHashMap<>();
                    round.put("seq", s);
                    round.put("n", n);
                    round.put("missing", count - n);
                    round.put("ack_ms", round((ack - t0) / 1e6, 2));
                    round.put("p50_ms", round(percentile(lat, 50), 2));
                    round.put("p99_ms", round(percentile(lat, 99), 2));
                    round.put("max_ms", n == 0 ? null : round(lat[n - 1], 2));
                    round.put("min_ms", n == 0 ? null : round(lat[0], 2));
                    // The selector thread's CPU over the commit -> last notification window: near
                    // 100% would mean the client, not the server, set the pace.
                    round.put("client_cpu_pct", round(100.0 * (cpu1 - cpu0) / Math.max(1, done - t0), 1));
                    // The whole load generator (selector, this thread, GC, JIT), in % of one core.
                    round.put("client_process_cpu_pct", round(100.0 * cpuSpent(proc0, proc1) / Math.max(1, done - t0), 1));
                    if (srv0 != null) {
                        round.put("server_cpu_ms", Math.round(cpuSpent(srv0, srv1) / 1e6));
                        round.put("server_cpu_by_thread", cpuByThreadName(serverPid, srv0, srv1));
                    }
                    if (r > 0) {
                        rounds.add(round);
                    }
                    log("%s (seq %d): %d/%d notified, ack %.1f ms, p50 %.1f ms, p99 %.1f ms, max %.1f ms, client selector CPU %.0f%%",
                            r > 0 ? "commit " + r : "warm-up commit", s, n, count, (ack - t0) / 1e6, percentile(lat, 50), percentile(lat, 99),
                            n == 0 ? Double.NaN : lat[n - 1], 100.0 * (cpu1 - cpu0) / Math.max(1, done - t0));
                    if (n < count) {
                        log("  %d watchers did not get seq %d within %d s", count - n, s, TimeUnit.NANOSECONDS.toSeconds(stepTimeoutNanos));
                    }
                    // Re-armed after the last commit too, so the heap is measured with every poll waiting.
                    if (polls()) {
                        loop.execute(loop::rearm);
                        waitFor("all " + count + " re-armed", () -> loop.ready.get() + loop.failed.get() >= count, stepTimeoutNanos);
                        waitRegistered();
                    }
                }
                out.put("rounds", rounds);
                out.put("warmup_commits", warmups);
                if (polls()) {
                    out.put("requests_per_connection", warmups + commits + 1);
                }
                List<Double> p99s = new ArrayList<>();
                List<Double> p50s = new ArrayList<>();
                double maxMax = Double.NaN;
                double cpuMax = 0;
                int missing = 0;
                for (Map<String, Object> round : rounds) {
                    p99s.add((Double) round.get("p99_ms"));
                    p50s.add((Double) round.get("p50_ms"));
                    Double m = (Double) round.get("max_ms");
                    if (m != null && !(m <= maxMax)) {
                        maxMax = m;
                    }
                    cpuMax = Math.max(cpuMax, (Double) round.get("client_cpu_pct"));
                    missing += (Integer) round.get("missing");
                }
                out.put("p99_median_ms", median(p99s));
                out.put("p50_median_ms", median(p50s));
                out.put("max_ms", maxMax);
                out.put("client_cpu_max_pct", cpuMax);
                out.put("missing_total", missing);

                if (heap) {
                    out.put("heap_after_mib", heapUsedMib(serverPid));
                    out.put("rss_after_mib", rssMib(serverPid));
                    log("server heap after GC after the %d commits, %d watchers connected%s: %.1f MiB", commits, count,
                            polls() ? " and waiting again" : "", out.get("heap_after_mib"));
                }
                if (holdSeconds > 0) {
                    log("holding the connections for %d s (hold-s)", holdSeconds);
                    Thread.sleep(holdSeconds * 1000L);
                }
                if (polls()) {
                    // One last, unmeasured commit answers every poll, and none is re-armed: a
                    // server does not notice a client closing a parked request (nothing reads it
                    // meanwhile), so polls left parked would hold their sockets until the
                    // timeout, and count against the next run on the same server.
                    value++;
                    long last = commit(committer, value);
                    waitFor("every poll answered by the closing commit", () -> loop.allHave(last), stepTimeoutNanos);
                }
                out.put("failed", loop.failed.get());
                out.put("reconnects", loop.reconnects.get());
                out.put("errors", new ArrayList<>(loop.errors));
            } finally {
                loop.stop = true;
                loop.selector.wakeup();
                loopThread.join(10_000);
            }
        }
        System.out.println(json(out));
    }

    static String req(Map<String, String> opt, String key) {
        String v = opt.get(key);
        if (v == null) {
            throw new IllegalArgumentException("missing " + key + "=");
        }
        return v;
    }

    // ------------------------------------------------------------------ requests

    static String watchTarget(int path, long seq) {
        String p = prefix + "/w" + path;
        switch (kind) {
            case "sse":
                return "/watch" + p;
            case "poll":
                return "/data" + p + "?wait=" + seq + "&timeout=5m";
            case "group":
                return "/groups" + prefix + "?wait=" + seq + "&timeout=5m";
            default:
                return "/v2/keys" + p + "?wait=true&waitIndex=" + (seq + 1);
        }
    }

    static byte[] get(String target, boolean eventStream) {
        String r = "GET " + target + " HTTP/1.1\r\nHost: " + HOST + ":" + port + "\r\n"
                + (eventStream ? "Accept: text/event-stream\r\n" : "") + "\r\n";
        return r.getBytes(StandardCharsets.ISO_8859_1);
    }

    static final Pattern SEQ = Pattern.compile("\"seq\":(\\d+)");
    static final Pattern MODIFIED = Pattern.compile("\"modifiedIndex\":(\\d+)");
    static final Pattern REV = Pattern.compile("\"rev\":(\\d+)");
    static final Pattern ID = Pattern.compile("\"id\":\"([^\"]+)\"");

    /** etcd and groups: every watcher on one key or group. */
    static boolean oneKey() {
        return kind.equals("etcd") || kind.equals("group");
    }

    /** Answered once and re-armed, rather than a stream. */
    static boolean polls() {
        return !kind.equals("sse");
    }

    /** kind=group: the session owning both members, and whether "m" is in the group now. */
    static String session;
    static boolean joined;

    /** A join or leave of member "m" (the first call opens the session and joins "anchor"); returns the group's rev. */
    static long groupCommit(Blocking c, long value) throws IOException {
        String group = "/groups" + prefix;
        if (session == null) {
            Reply s = c.call("POST", "/sessions", "application/json", "{\"name\":\"watch-load\",\"ttl\":\"1h\"}");
            Matcher m = ID.matcher(new String(s.body, StandardCharsets.UTF_8));
            if (s.status != 201 || !m.find()) {
                throw new IOException("opening a session failed: " + s.status + " " + new String(s.body, StandardCharsets.UTF_8));
            }
            session = m.group(1);
            return number(c.call("PUT", group + "/members/anchor", "application/json",
                    "{\"session\":\"" + session + "\",\"value\":" + value + "}"), REV);
        }
        joined = !joined;
        if (joined) {
            return number(c.call("PUT", group + "/members/m", "application/json",
                    "{\"session\":\"" + session + "\",\"value\":" + value + "}"), REV);
        }
        Reply left = c.call("DELETE", group + "/members/m?session=" + session, null, null);
        if (left.status != 204) {
            throw new IOException("leaving failed: " + left.status + " " + new String(left.body, StandardCharsets.UTF_8));
        }
        return number(c.call("GET", group, null, null), REV);
    }

    /** One write changing every watched path; returns its seq (Lighthouse) or modifiedIndex (etcd). */
    static long commit(Blocking c, long value) throws IOException {
        Reply r;
        if (kind.equals("group")) {
            return groupCommit(c, value);
        }
        if (kind.equals("etcd")) {
            r = c.call("PUT", "/v2/keys" + prefix + "/w0", "application/x-www-form-urlencoded", "value=" + value);
            return number(r, MODIFIED);
        }
        StringBuilder body = new StringBuilder("{");
        for (int i = 0; i < paths; i++) {
            body.append(i == 0 ? "" : ",").append("\"w").append(i).append("\":").append(value);
        }
        body.append('}');
        r = c.call("PATCH", "/data" + prefix, "application/merge-patch+json", body.toString());
        return number(r, SEQ);
    }

    static long number(Reply r, Pattern p) throws IOException {
        String body = new String(r.body, StandardCharsets.UTF_8);
        Matcher m = p.matcher(body);
        if ((r.status != 200 && r.status != 201) || !m.find()) {
            throw new IOException("commit failed: " + r.status + " " + body);
        }
        return Long.parseLong(m.group(1));
    }

    /** Waits until the server itself counts every watcher (so the commit cannot race a registration). */
    static void waitRegistered() throws Exception {
        String gauge = kind.equals("etcd") ? "etcd_debugging_store_watchers" : "lighthouse_watchers";
        Pattern line = Pattern.compile("(?m)^" + gauge + "(?:\\{[^}]*\\})? ([0-9.eE+]+)$");
        long deadline = System.nanoTime() + stepTimeoutNanos;
        double seen = -1;
        while (System.nanoTime() < deadline) {
            try (Blocking b = new Blocking(port)) {
                Reply r = b.call("GET", "/metrics", null, null);
                Matcher m = line.matcher(new String(r.body, StandardCharsets.UTF_8));
                if (m.find()) {
                    seen = Double.parseDouble(m.group(1));
                    if (seen >= count) {
                        return;
                    }
                }
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("the server counts " + seen + " watchers, not " + count + ", after "
                + TimeUnit.NANOSECONDS.toSeconds(stepTimeoutNanos) + " s");
    }

    interface Check {
        boolean ok();
    }

    static void waitFor(String what, Check check, long nanos) throws InterruptedException {
        long deadline = System.nanoTime() + nanos;
        while (!check.ok()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out waiting for " + what);
            }
            Thread.sleep(5);
        }
    }

    // ------------------------------------------------------------------ server measures

    /** A heap or generation line: "garbage-first heap   total 258048K, used 3212K [...", "def new generation ...". */
    static final Pattern HEAP_LINE = Pattern.compile("(?m)^\\s*\\S.*?\\s+total \\d+K, used (\\d+)K");

    /** Used heap (MiB) after a full GC, from jcmd. */
    static double heapUsedMib(String pid) throws Exception {
        run("jcmd", pid, "GC.run");
        String info = run("jcmd", pid, "GC.heap_info");
        // G1: one line for the whole heap; Serial/Parallel: one per generation (Metaspace has no "total").
        Matcher m = HEAP_LINE.matcher(info);
        long kib = 0;
        boolean found = false;
        while (m.find()) {
            kib += Long.parseLong(m.group(1));
            found = true;
        }
        if (!found) {
            throw new IOException("cannot read the used heap from: " + info);
        }
        return round(kib / 1024.0, 1);
    }

    static String run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] outBytes;
        try (InputStream in = p.getInputStream()) {
            outBytes = in.readAllBytes();
        }
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", cmd) + " did not finish in 60 s");
        }
        String text = new String(outBytes, StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed: " + text);
        }
        return text;
    }

    static double rssMib(String pid) throws IOException {
        for (String l : Files.readAllLines(Path.of("/proc", pid, "status"))) {
            if (l.startsWith("VmRSS:")) {
                return round(Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024.0, 1);
            }
        }
        return Double.NaN;
    }

    /**
     * CPU time of each thread of a process in nanoseconds, by thread id: the first field of
     * /proc/PID/task/TID/schedstat (time on a CPU; /proc/PID/stat counts 10 ms ticks only).
     */
    static Map<String, Long> cpuNanos(String pid) throws IOException {
        Map<String, Long> byThread = new HashMap<>();
        try (var tasks = Files.list(Path.of("/proc", pid, "task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    String stat = Files.readString(task.resolve("schedstat"));
                    byThread.put(task.getFileName().toString(), Long.parseLong(stat.substring(0, stat.indexOf(' '))));
                } catch (IOException | RuntimeException gone) {
                    // the thread ended meanwhile
                }
            }
        }
        return byThread;
    }

    /**
     * Where the server's CPU went between two samples: milliseconds per thread name, numbers
     * stripped (so the HTTP pool's threads add up), largest first, those under 5 ms left out.
     */
    static String cpuByThreadName(String pid, Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> byName = new HashMap<>();
        for (Map.Entry<String, Long> e : after.entrySet()) {
            String name;
            try {
                name = Files.readString(Path.of("/proc", pid, "task", e.getKey(), "comm")).strip().replaceAll("[-#]?\\d+$", "");
            } catch (IOException gone) {
                name = "?";
            }
            byName.merge(name, e.getValue() - before.getOrDefault(e.getKey(), 0L), Long::sum);
        }
        StringBuilder b = new StringBuilder();
        byName.entrySet().stream().filter(e -> e.getValue() >= 5_000_000).sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> b.append(b.length() == 0 ? "" : ", ").append(e.getKey()).append(' ').append(e.getValue() / 1_000_000).append(" ms"));
        return b.toString();
    }

    /**
     * CPU used between two samples: per thread, so a thread that ends meanwhile (JIT compiler
     * threads and idle pool threads come and go) only loses its own share instead of making
     * the sum go backwards.
     */
    static long cpuSpent(Map<String, Long> before, Map<String, Long> after) {
        long sum = 0;
        for (Map.Entry<String, Long> e : after.entrySet()) {
            sum += e.getValue() - before.getOrDefault(e.getKey(), 0L);
        }
        return sum;
    }

    // ------------------------------------------------------------------ the selector loop

    /** Every watch connection, driven by one thread. */
    static final class Loop implements Runnable {
        final Selector selector;
        final Conn[] conns = new Conn[count];
        final ArrayDeque<Conn> toConnect = new ArrayDeque<>();
        final ConcurrentLinkedQueue<Runnable> commands = new ConcurrentLinkedQueue<>();
        final ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        final int window;
        final long firstSeq;
        /** Connections opened but not yet ready; at most `window`, so the server's accept queue never overflows. */
        int opening;
        final AtomicInteger ready = new AtomicInteger();
        final AtomicInteger failed = new AtomicInteger();
        final AtomicInteger reconnects = new AtomicInteger();
        final ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
        volatile boolean stop;

        Loop(int window, long firstSeq) throws IOException {
            this.selector = Selector.open();
            this.window = window;
            this.firstSeq = firstSeq;
        }

        void execute(Runnable r) {
            commands.add(r);
            selector.wakeup();
        }

        @Override
        public void run() {
            try {
                while (!stop) {
                    selector.select(50);
                    Runnable r;
                    while ((r = commands.poll()) != null) {
                        r.run();
                    }
                    for (SelectionKey key : selector.selectedKeys()) {
                        Conn c = (Conn) key.attachment();
                        try {
                            if (key.isValid() && key.isConnectable()) {
                                c.channel.finishConnect();
                                c.connected();
                            }
                            if (key.isValid() && key.isWritable()) {
                                c.flush();
                            }
                            if (key.isValid() && key.isReadable()) {
                                c.read(buffer);
                            }
                        } catch (IOException | RuntimeException e) {
                            c.fail(e.toString());
                        }
                    }
                    selector.selectedKeys().clear();
                    openMore();
                }
            } catch (IOException e) {
                errors.add("selector: " + e);
            } finally {
                for (Conn c : conns) {
                    if (c != null) {
                        c.close();
                    }
                }
                try {
                    selector.close();
                } catch (IOException ignored) {
                    // exiting anyway
                }
            }
        }

        void connectAll() {
            for (int i = 0; i < count; i++) {
                conns[i] = new Conn(this, i % paths, firstSeq);
                toConnect.add(conns[i]);
            }
            openMore();
        }

        void openMore() {
            while (opening < window && !toConnect.isEmpty()) {
                Conn c = toConnect.poll();
                opening++;
                c.opening = true;
                try {
                    c.open();
                } catch (IOException e) {
                    c.fail("connect: " + e);
                }
            }
        }

        /** Long polls and etcd waits: ask again, waiting past the seq each last had. */
        void rearm() {
            ready.set(0);
            for (Conn c : conns) {
                if (c.failed) {
                    continue;
                }
                c.ready = false;
                if (c.channel == null || !c.channel.isOpen()) {
                    reconnects.incrementAndGet();
                    toConnect.add(c);
                } else {
                    try {
                        c.send();
                    } catch (IOException e) {
                        c.fail("re-arm: " + e);
                    }
                }
            }
            openMore();
        }

        /** Index of the first watcher not yet known to have the seq being waited for (main thread only). */
        private int scanFrom;
        private long scanSeq = -1;

        /** Whether every live watcher has seq; resumes where the last call stopped, so polling it stays cheap. */
        boolean allHave(long seq) {
            if (seq != scanSeq) {
                scanSeq = seq;
                scanFrom = 0;
            }
            for (; scanFrom < conns.length; scanFrom++) {
                Conn c = conns[scanFrom];
                if (!c.failed && c.lastSeq < seq) {
                    return false;
                }
            }
            return true;
        }

        /** Milliseconds from t0 to each watcher's notification of exactly that seq. */
        double[] latencies(long seq, long t0) {
            double[] out = new double[count];
            int n = 0;
            for (Conn c : conns) {
                if (!c.failed && c.lastSeq == seq) {
                    out[n++] = (c.lastNanos - t0) / 1e6;
                } else if (!c.failed && c.lastSeq > seq) {
                    errors.add("a watcher skipped past seq " + seq + " to " + c.lastSeq);
                }
            }
            return Arrays.copyOf(out, n);
        }
    }

    /** One watch connection. Touched only by the selector thread, except lastSeq/lastNanos/failed (read by main). */
    static final class Conn implements Sink {
        final Loop loop;
        final int path;
        final Parser parser = new Parser(this);
        SocketChannel channel;
        SelectionKey key;
        ByteBuffer pendingOut;
        boolean opening;
        boolean ready;
        boolean busy;
        volatile boolean failed;
        volatile long lastSeq;
        volatile long lastNanos;
        long now;
        int status;
        Map<String, String> headers;
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        // event-stream parsing
        final ByteArrayOutputStream line = new ByteArrayOutputStream();
        long eventId = -1;
        String eventType;

        Conn(Loop loop, int path, long seq) {
            this.loop = loop;
            this.path = path;
            this.lastSeq = seq;
        }

        void open() throws IOException {
            channel = SocketChannel.open();
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            if (channel.connect(new InetSocketAddress(HOST, port))) {
                key = channel.register(loop.selector, SelectionKey.OP_READ, this);
                connected();
            } else {
                key = channel.register(loop.selector, SelectionKey.OP_CONNECT, this);
            }
        }

        void connected() throws IOException {
            key.interestOps(SelectionKey.OP_READ);
            send();
        }

        void send() throws IOException {
            parser.reset();
            body.reset();
            busy = true;
            pendingOut = ByteBuffer.wrap(get(watchTarget(path, lastSeq), kind.equals("sse")));
            flush();
        }

        void flush() throws IOException {
            channel.write(pendingOut);
            if (pendingOut.hasRemaining()) {
                key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
                return;
            }
            key.interestOps(SelectionKey.OP_READ);
            if (polls() && !kind.equals("etcd")) {
                markReady(); // the server's gauge tells when it has them all
            }
        }

        void read(ByteBuffer buffer) throws IOException {
            while (true) {
                buffer.clear();
                int n = channel.read(buffer);
                if (n < 0) {
                    if (busy) {
                        parser.eof();
                    }
                    if (busy || kind.equals("sse")) {
                        fail("connection closed by the server");
                    } else {
                        close(); // an idle keep-alive connection; re-arming reconnects it
                    }
                    return;
                }
                if (n == 0) {
                    return;
                }
                now = System.nanoTime();
                parser.feed(buffer.array(), 0, n);
                if (n < buffer.capacity()) {
                    return;
                }
            }
        }

        void markReady() {
            if (!ready) {
                ready = true;
                loop.ready.incrementAndGet();
            }
            if (opening) {
                opening = false;
                loop.opening--;
            }
        }

        void fail(String why) {
            if (failed) {
                return;
            }
            failed = true;
            loop.failed.incrementAndGet();
            if (loop.errors.size() < 20) {
                loop.errors.add(why);
            }
            if (opening) {
                opening = false;
                loop.opening--;
            }
            close();
        }

        void close() {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
        }

        @Override
        public void head(int status, Map<String, String> headers) {
            this.status = status;
            this.headers = headers;
            if (status != 200) {
                return; // failed once the body (the problem) is in
            }
            if (kind.equals("etcd")) {
                markReady();
            }
        }

        @Override
        public void body(byte[] b, int off, int len) {
            if (status != 200 || !kind.equals("sse")) {
                if (body.size() < 65536) {
                    body.write(b, off, len);
                }
                return;
            }
            for (int i = off; i < off + len; i++) {
                byte c = b[i];
                if (c == '\n') {
                    eventLine(new String(line.toByteArray(), StandardCharsets.UTF_8));
                    line.reset();
                } else if (c != '\r') {
                    line.write(c);
                }
            }
        }

        private void eventLine(String l) {
            if (l.isEmpty()) {
                if (eventId >= 0 && ("value".equals(eventType) || "absent".equals(eventType))) {
                    lastNanos = now;
                    lastSeq = eventId;
                    markReady();
                }
                eventId = -1;
                eventType = null;
            } else if (l.startsWith("id:")) {
                eventId = Long.parseLong(l.substring(3).trim());
            } else if (l.startsWith("event:")) {
                eventType = l.substring(6).trim();
            }
            // data lines and ':' heartbeats need nothing
        }

        @Override
        public void done() {
            busy = false;
            String text = new String(body.toByteArray(), StandardCharsets.UTF_8);
            if (status != 200) {
                fail("HTTP " + status + " " + text.strip());
                return;
            }
            switch (kind) {
                case "sse":
                    fail("the event stream ended");
                    return;
                case "group": {
                    Matcher m = REV.matcher(text);
                    if (!m.find()) {
                        fail("group long poll answer without rev: " + text);
                        return;
                    }
                    lastNanos = now;
                    lastSeq = Long.parseLong(m.group(1));
                    return;
                }
                case "poll": {
                    String seq = headers.get("x-lighthouse-seq");
                    if (seq == null) {
                        fail("long poll answer without X-Lighthouse-Seq");
                        return;
                    }
                    lastNanos = now;
                    lastSeq = Long.parseLong(seq.trim());
                    return;
                }
                default: {
                    Matcher m = MODIFIED.matcher(text);
                    if (!m.find()) {
                        fail("etcd watch answer without modifiedIndex: " + text);
                        return;
                    }
                    lastNanos = now;
                    lastSeq = Long.parseLong(m.group(1));
                }
            }
        }
    }

    // ------------------------------------------------------------------ HTTP/1.1 response parsing

    interface Sink {
        void head(int status, Map<String, String> headers);

        void body(byte[] b, int off, int len);

        void done();
    }

    /** Push parser for one HTTP/1.1 response at a time: Content-Length, chunked, or to end of stream. */
    static final class Parser {
        static final int HEAD = 0, FIXED = 1, CHUNK_SIZE = 2, CHUNK_DATA = 3, CHUNK_END = 4, TRAILER = 5,
                TO_CLOSE = 6, DONE = 7;
        final Sink sink;
        int state = HEAD;
        byte[] head = new byte[1024];
        int headLength;
        long remaining;
        final StringBuilder sizeLine = new StringBuilder();
        int trailerLine;

        Parser(Sink sink) {
            this.sink = sink;
        }

        void reset() {
            state = HEAD;
            headLength = 0;
        }

        boolean isDone() {
            return state == DONE;
        }

        void feed(byte[] b, int off, int len) throws IOException {
            int end = off + len;
            while (off < end) {
                switch (state) {
                    case HEAD -> {
                        if (headLength == head.length) {
                            if (headLength >= 65536) {
                                throw new IOException("response head too large");
                            }
                            head = Arrays.copyOf(head, headLength * 2);
                        }
                        byte c = b[off++];
                        head[headLength++] = c;
                        if (c == '\n' && headLength >= 4 && head[headLength - 2] == '\r' && head[headLength - 3] == '\n'
                                && head[headLength - 4] == '\r') {
                            parseHead();
                        }
                    }
                    case FIXED, CHUNK_DATA -> {
                        int n = (int) Math.min(remaining, end - off);
                        sink.body(b, off, n);
                        off += n;
                        remaining -= n;
                        if (remaining == 0) {
                            if (state == FIXED) {
                                finish();
                            } else {
                                state = CHUNK_END;
                            }
                        }
                    }
                    case CHUNK_SIZE -> {
                        byte c = b[off++];
                        if (c == '\n') {
                            String s = sizeLine.toString();
                            sizeLine.setLength(0);
                            int semi = s.indexOf(';');
                            remaining = Long.parseLong((semi < 0 ? s : s.substring(0, semi)).trim(), 16);
                            trailerLine = 0;
                            state = remaining == 0 ? TRAILER : CHUNK_DATA;
                        } else if (c != '\r') {
                            sizeLine.append((char) c);
                        }
                    }
                    case CHUNK_END -> {
                        if (b[off++] == '\n') {
                            state = CHUNK_SIZE;
                        }
                    }
                    case TRAILER -> {
                        byte c = b[off++];
                        if (c == '\n') {
                            if (trailerLine == 0) {
                                finish();
                            }
                            trailerLine = 0;
                        } else if (c != '\r') {
                            trailerLine++;
                        }
                    }
                    case TO_CLOSE -> {
                        sink.body(b, off, end - off);
                        off = end;
                    }
                    default -> throw new IOException("bytes after the end of the response");
                }
            }
        }

        void eof() {
            if (state == TO_CLOSE) {
                finish();
            }
        }

        private void finish() {
            state = DONE;
            sink.done();
        }

        private void parseHead() throws IOException {
            String text = new String(head, 0, headLength, StandardCharsets.ISO_8859_1);
            String[] lines = text.split("\r\n");
            String[] statusLine = lines[0].split(" ", 3);
            if (statusLine.length < 2 || !statusLine[0].startsWith("HTTP/1.")) {
                throw new IOException("bad status line: " + lines[0]);
            }
            int status = Integer.parseInt(statusLine[1]);
            Map<String, String> headers = new HashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon > 0) {
                    headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
                }
            }
            headLength = 0;
            sink.head(status, headers);
            String te = headers.get("transfer-encoding");
            String cl = headers.get("content-length");
            if (te != null && te.toLowerCase(Locale.ROOT).contains("chunked")) {
                state = CHUNK_SIZE;
            } else if (cl != null) {
                remaining = Long.parseLong(cl);
                state = FIXED;
                if (remaining == 0) {
                    finish();
                }
            } else if (status == 204 || status == 304) {
                finish();
            } else {
                state = TO_CLOSE;
            }
        }
    }

    // ------------------------------------------------------------------ a blocking keep-alive client

    record Reply(int status, Map<String, String> headers, byte[] body) {
    }

    static final class Blocking implements AutoCloseable, Sink {
        final Socket socket;
        final InputStream in;
        final OutputStream out;
        final Parser parser = new Parser(this);
        int status;
        Map<String, String> headers;
        final ByteArrayOutputStream body = new ByteArrayOutputStream();

        Blocking(int port) throws IOException {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(30_000);
            socket.connect(new InetSocketAddress(HOST, port), 5_000);
            in = socket.getInputStream();
            out = socket.getOutputStream();
        }

        Reply call(String method, String target, String type, String content) throws IOException {
            byte[] bytes = content == null ? new byte[0] : content.getBytes(StandardCharsets.UTF_8);
            StringBuilder r = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\nHost: ")
                    .append(HOST).append(':').append(port).append("\r\n");
            if (content != null) {
                r.append("Content-Type: ").append(type).append("\r\nContent-Length: ").append(bytes.length).append("\r\n");
            }
            r.append("\r\n");
            byte[] headBytes = r.toString().getBytes(StandardCharsets.ISO_8859_1);
            byte[] all = Arrays.copyOf(headBytes, headBytes.length + bytes.length);
            System.arraycopy(bytes, 0, all, headBytes.length, bytes.length);
            parser.reset();
            body.reset();
            out.write(all);
            out.flush();
            byte[] buf = new byte[16384];
            while (!parser.isDone()) {
                int n = in.read(buf);
                if (n < 0) {
                    parser.eof();
                    if (!parser.isDone()) {
                        throw new IOException(method + " " + target + ": connection closed mid-response");
                    }
                    break;
                }
                parser.feed(buf, 0, n);
            }
            return new Reply(status, headers, body.toByteArray());
        }

        @Override
        public void head(int status, Map<String, String> headers) {
            this.status = status;
            this.headers = headers;
        }

        @Override
        public void body(byte[] b, int off, int len) {
            body.write(b, off, len);
        }

        @Override
        public void done() {
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    // ------------------------------------------------------------------ small helpers

    static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        double k = (sorted.length - 1) * p / 100.0;
        int lo = (int) k;
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (k - lo);
    }

    static Double median(List<Double> values) {
        List<Double> v = new ArrayList<>();
        for (Double d : values) {
            if (d != null && !d.isNaN()) {
                v.add(d);
            }
        }
        if (v.isEmpty()) {
            return null;
        }
        v.sort(null);
        int n = v.size();
        return n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2;
    }

    static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }

    static void log(String format, Object... args) {
        System.err.printf("[watchload %s] %s%n", kind, String.format(Locale.ROOT, format, args));
    }

    static String json(Object o) {
        if (o == null || (o instanceof Double d && (d.isNaN() || d.isInfinite()))) {
            return "null";
        }
        if (o instanceof Number || o instanceof Boolean) {
            return o.toString();
        }
        if (o instanceof Map<?, ?> m) {
            StringBuilder b = new StringBuilder("{");
            for (Map.Entry<?, ?> e : m.entrySet()) {
                b.append(b.length() > 1 ? "," : "").append(json(String.valueOf(e.getKey()))).append(':').append(json(e.getValue()));
            }
            return b.append('}').toString();
        }
        if (o instanceof List<?> l) {
            StringBuilder b = new StringBuilder("[");
            for (Object x : l) {
                b.append(b.length() > 1 ? "," : "").append(json(x));
            }
            return b.append(']').toString();
        }
        StringBuilder b = new StringBuilder("\"");
        for (char c : o.toString().toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }
}
