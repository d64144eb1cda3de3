package dev.releasepolicy.core.policy;

import dev.releasepolicy.core.finding.Severity;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.EnvironmentAccess;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.PolyglotAccess;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.ResourceLimits;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.SourceSection;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.io.IOAccess;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Runs JavaScript policies (the contract in policies/README.md: a module exporting {@code meta} and
 * {@code check(release, ctx)}) in the GraalJS sandbox.
 *
 * <p><b>Sharing.</b> One polyglot {@link Engine} per instance, so every module is parsed once however
 * many contexts evaluate it. A {@link Context} is single-threaded, so contexts live in a pool: a
 * thread borrows one for a whole manifest (all policies run in it, on the same frozen copy of the
 * data) and gives it back. The pool grows to the number of threads that verify at the same time.
 *
 * <p><b>Data.</b> The manifest goes in as read-only {@code ProxyObject}/{@code ProxyArray} views of the
 * Jackson tree ({@link JsonProxies}), shared by all policies of that manifest: measured, a frozen
 * {@code JSON.parse} copy cost ~200 µs per manifest, more than all built-in policies together, while
 * proxies cost only what a policy reads. In GraalJS they behave like arrays and objects
 * ({@code Array.isArray}, {@code map}, spread, {@code Object.entries}, {@code for...of}). Parameters
 * are parsed into frozen JavaScript objects once per context. Built-ins are frozen before policies
 * load, so a policy cannot change what another one sees.
 *
 * <p><b>Sandbox.</b> No host access or class lookup ({@code Java.type} fails), no IO, threads,
 * processes, native access, environment or polyglot access; {@code console} output goes to a
 * buffer that is attached to the failure finding. <b>Limits</b> per call ({@link EngineLimits}): a
 * statement limit (kills the context, which is then replaced), a wall-clock limit and an allocation
 * budget, both enforced by a watchdog thread that cancels the context.
 *
 * <p>Thread-safe; close it to release the contexts.
 */
public final class PolicyEngine implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.shared();
    /** How the manifest reaches policies: proxy (default), frozen (JSON.parse + deep freeze), plain (JSON.parse). */
    static final String DATA_MODE = System.getProperty("releasepolicy.data", "proxy");

    private static final long LOAD_WALL_NANOS = java.time.Duration.ofSeconds(30).toNanos();
    private static final String MODULE_MIME = "application/javascript+module";
    private static final java.lang.management.ThreadMXBean CPU =
            java.lang.management.ManagementFactory.getThreadMXBean();

    private final Engine engine;
    private final EngineLimits limits;
    private final Source prelude;
    private final List<Policy> policies;
    private final List<Source> sources;
    private final List<PolicyFailure> loadFailures;
    private final ConcurrentLinkedDeque<Runtime> pool = new ConcurrentLinkedDeque<>();
    private final Set<Runtime> all = ConcurrentHashMap.newKeySet();
    private final Watchdog watchdog;
    private final ResourceLimits resourceLimits;

    private PolicyEngine(List<PolicyFile> files, EngineLimits limits) {
        this.limits = limits;
        this.engine = Engine.newBuilder("js")
                .option("engine.WarnInterpreterOnly", "false")
                .out(OutputSink.NULL)
                .err(OutputSink.NULL)
                .build();
        this.resourceLimits = ResourceLimits.newBuilder()
                .statementLimit(limits.statements(), null)
                .build();
        this.prelude = Source.newBuilder("js", readResource("dev/releasepolicy/engine/prelude.js"), "prelude.js")
                .cached(true)
                .buildLiteral();
        this.watchdog = new Watchdog(limits);
        List<Source> candidates = new ArrayList<>();
        for (PolicyFile f : files) {
            candidates.add(Source.newBuilder("js", f.text(), f.displayName())
                    .mimeType(MODULE_MIME)
                    .cached(true)
                    .buildLiteral());
        }
        List<Policy> ok = new ArrayList<>();
        List<Source> okSources = new ArrayList<>();
        List<PolicyFailure> failures = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        // The first context reads every module's meta; when nothing killed it, it becomes the first
        // pooled context (saves a context and a module evaluation per run).
        Runtime probe = newRuntime(List.of(), List.of());
        Map<String, Value> probeChecks = new HashMap<>();
        boolean probeClean = true;
        for (int i = 0; i < files.size(); i++) {
            PolicyFile f = files.get(i);
            Source s = candidates.get(i);
            if (!probe.alive()) {
                probe.close();
                probe = newRuntime(List.of(), List.of());
                probeClean = false;
            }
            Object loaded = probe.load(f, s);
            if (loaded instanceof PolicyFailure failure) {
                failures.add(failure);
            } else {
                Policy p = (Policy) loaded;
                String other = seen.putIfAbsent(p.id(), p.file());
                if (other != null) {
                    failures.add(new PolicyFailure(
                            p.id(),
                            p.file(),
                            1,
                            1,
                            "policy id '" + p.id() + "' is already used by " + other,
                            "give each policy its own meta.id",
                            ""));
                } else {
                    ok.add(p);
                    okSources.add(s);
                    probeChecks.put(p.id(), probe.lastExports.getMember("check"));
                }
            }
        }
        if (probeClean && probe.alive()) {
            probe.checks.putAll(probeChecks);
            probe.helpers.getMember("lockdown").executeVoid();
            pool.push(probe);
        } else {
            probe.close();
        }
        this.policies = List.copyOf(ok);
        this.sources = List.copyOf(okSources);
        this.loadFailures = List.copyOf(failures);
    }

    /** Loads the given policy modules with the default limits. */
    public static PolicyEngine create(List<PolicyFile> files) {
        return new PolicyEngine(files, EngineLimits.DEFAULT);
    }

    /** Loads the given policy modules. */
    public static PolicyEngine create(List<PolicyFile> files, EngineLimits limits) {
        return new PolicyEngine(files, limits);
    }

    /** The policies that loaded, in file order. */
    public List<Policy> policies() {
        return policies;
    }

    /** Policies that did not load (syntax error, bad meta, duplicate id): each is an error finding. */
    public List<PolicyFailure> loadFailures() {
        return loadFailures;
    }

    /** One policy to run with its merged parameters (as a JSON object). */
    public record Call(Policy policy, String paramsJson) {}

    /**
     * Runs the given policies over one manifest.
     *
     * @param releaseJson the manifest as JSON
     * @param now         {@code ctx.now}, an ISO instant
     * @param window      {@code ctx.window}
     * @param calls       which policies, with which parameters
     * @return one outcome per call, in call order
     */
    public List<PolicyOutcome> run(JsonNode release, String now, Map<String, Object> window, List<Call> calls) {
        return run(release, now, window, calls, false);
    }

    /**
     * Runs the given policies over one manifest.
     *
     * <p>Normally all policies run in one call into the context ({@code runAll}), which saves a
     * host-guest transition, a limit reset and a watchdog registration per policy. A policy that
     * throws or returns garbage is then called alone to get its error and location; a policy that
     * exhausts a limit kills the context, is reported, and the others run again in a fresh one.
     * With {@code oneByOne} (profiling) each policy is its own call and its outcome carries the CPU
     * time of the call (CPU, not wall time, so that a busy machine does not distort the comparison).
     *
     * @param releaseTree the manifest
     * @param now         {@code ctx.now}, an ISO instant
     * @param window      {@code ctx.window}
     * @param calls       which policies, with which parameters
     * @param oneByOne    call each policy separately and measure it
     * @return one outcome per call, in call order
     */
    public List<PolicyOutcome> run(
            JsonNode releaseTree, String now, Map<String, Object> window, List<Call> calls, boolean oneByOne) {
        ObjectNode base = JSON.createObjectNode();
        base.put("now", now);
        base.set("window", JSON.valueToTree(window));
        Object releaseProxy = JsonProxies.wrap(releaseTree);
        Object ctxProxy = JsonProxies.wrap(base);
        String mode = DATA_MODE;
        String releaseJson = mode.equals("proxy") ? null : releaseTree.toString();
        String baseJson = mode.equals("proxy") ? null : base.toString();
        Object release = releaseProxy;
        Object ctxBase = ctxProxy;
        Runtime owner = null;
        PolicyOutcome[] out = new PolicyOutcome[calls.size()];
        Runtime rt = borrow();
        try {
            List<Integer> pending = new ArrayList<>();
            for (int i = 0; i < calls.size(); i++) {
                pending.add(i);
            }
            while (!pending.isEmpty()) {
                if (!rt.alive()) {
                    rt.close();
                    rt = newRuntime(policies, sources);
                }
                if (releaseJson != null && owner != rt) {
                    Value fn = rt.helpers.getMember(mode);
                    release = fn.execute(releaseJson);
                    ctxBase = fn.execute(baseJson);
                    owner = rt;
                }
                if (oneByOne || pending.size() == 1) {
                    int i = pending.remove(0);
                    long cpu0 = oneByOne ? CPU.getCurrentThreadCpuTime() : 0;
                    out[i] = rt.call(calls.get(i), release, ctxBase);
                    if (oneByOne) {
                        PolicyOutcome o = out[i];
                        out[i] = new PolicyOutcome(
                                o.policy(), o.findings(), o.failure(), CPU.getCurrentThreadCpuTime() - cpu0);
                    }
                } else {
                    pending = rt.callAll(calls, pending, release, ctxBase, out);
                }
            }
        } finally {
            if (rt.alive()) {
                pool.push(rt);
            } else {
                rt.close();
            }
        }
        return List.of(out);
    }

    private Runtime borrow() {
        Runtime rt = pool.poll();
        while (rt != null && !rt.alive()) {
            rt.close();
            rt = pool.poll();
        }
        return rt != null ? rt : newRuntime(policies, sources);
    }

    private Runtime newRuntime(List<Policy> ps, List<Source> ss) {
        Runtime rt = new Runtime(ps, ss);
        all.add(rt);
        return rt;
    }

    @Override
    public void close() {
        for (Runtime rt : all) {
            rt.close();
        }
        watchdog.close();
        engine.close();
    }

    /** Number of contexts created so far (tests check that they are reused). */
    int contextsCreated() {
        return all.size();
    }

    /** One sandboxed context holding every policy module. Used by one thread at a time. */
    final class Runtime {

        final Context context;
        final ByteArrayOutputStream console = new ByteArrayOutputStream();
        final Value helpers;
        final Value dataFn;
        final Value callFn;
        final Value runAllFn;
        final Value listFn;
        final Map<String, Value> checks = new HashMap<>();
        final Map<String, Value> params = new HashMap<>();
        volatile boolean dead;
        Value lastExports;
        volatile long startedNanos;
        volatile long allowedNanos;
        volatile long allocatedAtStart;
        volatile Thread thread;
        volatile String killReason;

        Runtime(List<Policy> ps, List<Source> ss) {
            this.context = Context.newBuilder("js")
                    .engine(engine)
                    .allowHostAccess(HostAccess.NONE)
                    .allowHostClassLookup(name -> false)
                    .allowIO(IOAccess.NONE)
                    .allowCreateThread(false)
                    .allowCreateProcess(false)
                    .allowNativeAccess(false)
                    .allowEnvironmentAccess(EnvironmentAccess.NONE)
                    .allowPolyglotAccess(PolyglotAccess.NONE)
                    .allowValueSharing(false)
                    .option("js.esm-eval-returns-exports", "true")
                    .out(console)
                    .err(console)
                    .resourceLimits(resourceLimits)
                    .build();
            this.helpers = context.eval(prelude);
            this.dataFn = helpers.getMember("data");
            this.callFn = helpers.getMember("call");
            this.runAllFn = helpers.getMember("runAll");
            this.listFn = helpers.getMember("list");
            for (int i = 0; i < ps.size(); i++) {
                Value ns = context.eval(ss.get(i));
                checks.put(ps.get(i).id(), ns.getMember("check"));
            }
            helpers.getMember("lockdown").executeVoid();
        }

        boolean alive() {
            return !dead;
        }

        /** Evaluates one module and reads its meta: a {@link Policy} or a {@link PolicyFailure}. */
        Object load(PolicyFile f, Source s) {
            // Loading is not a policy call: only the statement limit and a generous time limit apply
            // (the first evaluation in a cold JVM on a busy machine can take a while).
            arm(Math.max(limits.wallClock().toNanos(), LOAD_WALL_NANOS));
            try {
                Value ns = context.eval(s);
                lastExports = ns;
                String meta = helpers.getMember("meta").execute(ns).asString();
                if (meta.startsWith("E:")) {
                    return new PolicyFailure(
                            f.baseName(),
                            f.displayName(),
                            1,
                            1,
                            meta.substring(2),
                            "export const meta = {id: '" + f.baseName() + "', severity: 'error', description: '...'}",
                            "");
                }
                if (meta.startsWith("I:")) {
                    String rest = meta.substring(2);
                    int colon = rest.indexOf(':');
                    return new PolicyFailure(
                            rest.substring(0, colon),
                            f.displayName(),
                            1,
                            1,
                            rest.substring(colon + 1),
                            "a policy exports meta = {id, severity: 'error' | 'warning', description, params?} "
                                    + "and function check(release, ctx)",
                            "");
                }
                JsonNode m = JSON.readTree(meta);
                return new Policy(
                        m.get("id").asString(),
                        Severity.parse(m.get("severity").asString()),
                        m.get("description").asString(),
                        (ObjectNode) m.get("params"),
                        f.displayName());
            } catch (PolyglotException e) {
                Located at = locate(e, f.displayName());
                String what = e.isSyntaxError()
                        ? "syntax error: " + e.getMessage()
                        : "the module failed to load: " + describe(e);
                String hint =
                        e.isSyntaxError() ? "fix the syntax at " + at : "fix the module's top-level code at " + at;
                return new PolicyFailure(f.baseName(), f.displayName(), at.line, at.column, what, hint, consoleText());
            } finally {
                disarm();
            }
        }

        /**
         * Runs the pending calls in one go and fills {@code out}; answers with the calls still to run
         * (after a limit killed this context, all but the one that was running).
         */
        List<Integer> callAll(
                List<Call> calls, List<Integer> pending, Object release, Object ctxBase, PolicyOutcome[] out) {
            Value[] checkValues = new Value[pending.size()];
            Value[] paramValues = new Value[pending.size()];
            long t0 = System.nanoTime();
            arm();
            try {
                for (int k = 0; k < pending.size(); k++) {
                    Call c = calls.get(pending.get(k));
                    checkValues[k] = checks.get(c.policy().id());
                    paramValues[k] = params(c);
                }
                Value result = runAllFn.execute(
                        listFn.execute((Object[]) checkValues), release, ctxBase, listFn.execute((Object[])
                                paramValues));
                disarm();
                long each = (System.nanoTime() - t0) / pending.size();
                List<Integer> again = new ArrayList<>();
                int at = 0;
                for (int k = 0; k < pending.size(); k++) {
                    int i = pending.get(k);
                    if (result.getArrayElement(at++).asInt() == 1) {
                        again.add(i);
                        continue;
                    }
                    int n = result.getArrayElement(at++).asInt();
                    List<RawFinding> findings = new ArrayList<>(n);
                    for (int j = 0; j < n; j++) {
                        String sev = result.getArrayElement(at + 3).asString();
                        findings.add(new RawFinding(
                                result.getArrayElement(at).asString(),
                                result.getArrayElement(at + 1).asString(),
                                result.getArrayElement(at + 2).asString(),
                                sev.isEmpty() ? Optional.empty() : Optional.of(Severity.parse(sev))));
                        at += 4;
                    }
                    out[i] = new PolicyOutcome(calls.get(i).policy(), findings, Optional.empty(), each);
                }
                // Policies that threw or returned garbage run alone, for their error and location.
                for (int i : again) {
                    out[i] = call(calls.get(i), release, ctxBase);
                    if (!alive()) {
                        List<Integer> rest = new ArrayList<>(again.subList(again.indexOf(i) + 1, again.size()));
                        return rest;
                    }
                }
                return List.of();
            } catch (PolyglotException | IllegalStateException e) {
                disarm();
                // A limit stopped the batch: blame the policy whose file is on the stack, report it,
                // and run the others again (in a new context: this one is dead when a limit hit).
                int culprit = pending.get(0);
                if (e instanceof PolyglotException pe) {
                    for (int k : pending) {
                        if (locate(pe, calls.get(k).policy().file()).line > 0) {
                            culprit = k;
                            break;
                        }
                    }
                }
                out[culprit] = failure(calls.get(culprit).policy(), e, t0);
                dead = true;
                List<Integer> rest = new ArrayList<>(pending);
                rest.remove(Integer.valueOf(culprit));
                return rest;
            }
        }

        private Value params(Call call) {
            String key = call.policy().id() + '\u0000' + call.paramsJson();
            Value v = params.get(key);
            if (v == null) {
                v = dataFn.execute(call.paramsJson());
                params.put(key, v);
            }
            return v;
        }

        PolicyOutcome call(Call call, Object release, Object ctxBase) {
            Policy p = call.policy();
            long t0 = System.nanoTime();
            arm();
            try {
                Value check = checks.get(p.id());
                Value result = callFn.execute(check, release, ctxBase, params(call));
                if (result.isString()) {
                    SourceSection where = check.getSourceLocation();
                    int line = where != null ? where.getStartLine() : 0;
                    int column = where != null ? where.getStartColumn() : 0;
                    return failed(
                            p,
                            t0,
                            new PolicyFailure(
                                    p.id(),
                                    p.file(),
                                    line,
                                    column,
                                    "policy returned garbage: " + result.asString(),
                                    "return an array of {path, message, hint, severity?} objects from check()"
                                            + " (empty when all is well)",
                                    consoleText()));
                }
                int n = (int) result.getArraySize();
                List<RawFinding> findings = new ArrayList<>(n / 4);
                for (int i = 0; i < n; i += 4) {
                    String sev = result.getArrayElement(i + 3).asString();
                    findings.add(new RawFinding(
                            result.getArrayElement(i).asString(),
                            result.getArrayElement(i + 1).asString(),
                            result.getArrayElement(i + 2).asString(),
                            sev.isEmpty() ? Optional.empty() : Optional.of(Severity.parse(sev))));
                }
                return new PolicyOutcome(p, findings, Optional.empty(), System.nanoTime() - t0);
            } catch (PolyglotException | IllegalStateException e) {
                return failure(p, e, t0);
            } finally {
                disarm();
            }
        }

        /** The failure of a policy from the exception that ended its call; marks the context dead when needed. */
        private PolicyOutcome failure(Policy p, RuntimeException ex, long t0) {
            if (!(ex instanceof PolyglotException e)) {
                // The watchdog closed the context between two calls into it.
                dead = true;
                String reason = killReason != null ? killReason : ex.getMessage();
                return failed(
                        p,
                        t0,
                        new PolicyFailure(
                                p.id(),
                                p.file(),
                                0,
                                0,
                                "policy stopped: " + reason,
                                "make check() finish quickly and allocate little",
                                consoleText()));
            }
            Located at = locate(e, p.file());
            String reason = killReason;
            String message;
            String hint;
            if (reason != null) {
                message = "policy stopped: " + reason;
                hint = "make check() finish quickly and allocate little; look at " + at;
            } else if (e.isResourceExhausted()) {
                message = "policy stopped: it ran more than " + limits.statements() + " statements (an endless loop?)";
                hint = "make check() finish: look for a loop that never ends near " + at;
            } else if (e.isHostException() || e.isInternalError()) {
                message = "policy failed inside the engine: " + e.getMessage();
                hint = "report this with the policy file";
            } else {
                message = "policy threw " + describe(e);
                hint = "fix the error at " + at + ", or return a finding instead of throwing";
            }
            if (e.isCancelled() || e.isResourceExhausted() || e.isInternalError() || reason != null) {
                dead = true;
            }
            return failed(p, t0, new PolicyFailure(p.id(), p.file(), at.line, at.column, message, hint, consoleText()));
        }

        private PolicyOutcome failed(Policy p, long t0, PolicyFailure failure) {
            return new PolicyOutcome(p, List.of(), Optional.of(failure), System.nanoTime() - t0);
        }

        private void arm() {
            arm(limits.wallClock().toNanos());
        }

        private void arm(long wallNanos) {
            allowedNanos = wallNanos;
            console.reset();
            killReason = null;
            context.resetLimits();
            thread = Thread.currentThread();
            allocatedAtStart = Watchdog.allocatedBytes(thread);
            startedNanos = System.nanoTime();
            watchdog.watch(this);
        }

        private void disarm() {
            startedNanos = 0;
            watchdog.unwatch(this);
        }

        /** Called by the watchdog thread for the call that started at {@code started}. */
        void kill(long started, String reason) {
            if (startedNanos != started) {
                return; // that call has already finished
            }
            killReason = reason;
            dead = true;
            try {
                context.close(true);
            } catch (RuntimeException e) {
                // Already closing or closed: the calling thread sees the cancellation either way.
            }
        }

        private String consoleText() {
            String text = console.toString(StandardCharsets.UTF_8).strip();
            return text.length() > 2000 ? text.substring(0, 2000) + "…" : text;
        }

        void close() {
            all.remove(this);
            dead = true;
            try {
                context.close(true);
            } catch (RuntimeException e) {
                // closing a cancelled context can fail; nothing is left to release
            }
        }
    }

    private record Located(String file, int line, int column) {
        @Override
        public String toString() {
            return line > 0 ? file + ":" + line + ":" + column : file;
        }
    }

    /** The policy-file position of an exception: its own location, else the first frame in that file. */
    private static Located locate(PolyglotException e, String file) {
        SourceSection s = e.getSourceLocation();
        if (s != null && file.equals(s.getSource().getName())) {
            return new Located(file, s.getStartLine(), s.getStartColumn());
        }
        for (PolyglotException.StackFrame frame : e.getPolyglotStackTrace()) {
            SourceSection fs = frame.getSourceLocation();
            if (frame.isGuestFrame() && fs != null && file.equals(fs.getSource().getName())) {
                return new Located(file, fs.getStartLine(), fs.getStartColumn());
            }
        }
        return new Located(file, 0, 0);
    }

    private static String describe(PolyglotException e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? "an error without a message" : m;
    }

    static String readResource(String name) {
        try (InputStream in = PolicyEngine.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the core jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Discards engine-level output (each context has its own console buffer). */
    private static final class OutputSink extends java.io.OutputStream {
        static final OutputSink NULL = new OutputSink();

        @Override
        public void write(int b) {}

        @Override
        public void write(byte[] b, int off, int len) {}
    }
}
