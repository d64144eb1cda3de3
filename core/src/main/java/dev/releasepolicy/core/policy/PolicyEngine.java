package dev.releasepolicy.core.policy;

import dev.releasepolicy.core.finding.Severity;
import dev.releasepolicy.core.verify.VerifyContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
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
import org.graalvm.polyglot.proxy.ProxyExecutable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Runs JavaScript policies (the contract in policies/README.md: a module exporting {@code meta} and
 * {@code check(release, ctx)}) in the GraalJS sandbox.
 *
 * <p><b>Isolation by source.</b> The built-in policies and each team folder are evaluated in contexts
 * of their own (a {@link Group} per source): nothing a team's module does, not even at its top level,
 * can change what the built-in policies or another team's policies see, and a team's slow or broken
 * policy cannot cost another source its time budget or its context. Within a source, policies share a
 * context (one team's policies may see each other; they are one author's code). Measured cost: one
 * more {@code runAll} call per manifest per team folder (see bench/README.md).
 *
 * <p><b>One code path for every context.</b> {@link Runtime}'s constructor evaluates the prelude,
 * which freezes every intrinsic (iterator prototypes, %TypedArray%, %AsyncIteratorPrototype%,
 * {@code Function.prototype}, {@code Reflect}, {@code Proxy}, the global object, ...) before any
 * module runs, and then loads the source's modules with {@link Runtime#load}, under the same
 * statement, time and allocation limits as a {@code check} call: the first context, a context for
 * another thread and the context made after a kill are built alike.
 *
 * <p><b>Sharing.</b> One polyglot {@link Engine} per instance, so every module is parsed once however
 * many contexts evaluate it. A {@link Context} is single-threaded, so contexts live in a pool per
 * source: a thread borrows one for a whole manifest and gives it back.
 *
 * <p><b>Data.</b> The manifest goes in as read-only {@code ProxyObject}/{@code ProxyArray} views of the
 * Jackson tree ({@link JsonProxies}), shared by all policies of that manifest: measured, a frozen
 * {@code JSON.parse} copy cost ~200 µs per manifest, more than all built-in policies together, while
 * proxies cost only what a policy reads. Parameters are parsed into frozen JavaScript objects once
 * per context.
 *
 * <p><b>Sandbox.</b> No host access or class lookup ({@code Java.type} fails), no IO, threads,
 * processes, native access, environment or polyglot access; {@code console} output goes to a
 * buffer that is attached to the failure finding. <b>Limits</b> ({@link EngineLimits}) per module
 * load and per policy call: a statement limit (kills the context, which is then replaced), a
 * wall-clock limit and an allocation budget, both enforced by a watchdog thread that cancels the
 * context; output limits (findings per policy and manifest, text length, {@code meta.params} size).
 *
 * <p>Thread-safe; close it to release the contexts.
 */
public final class PolicyEngine implements AutoCloseable {

    /** The id under which problems with policy files themselves are reported (reserved, like every built-in id). */
    public static final String POLICY_ID = "policy";

    /**
     * Ids the tool reports its own findings under: no policy may take them, nor an id below them
     * ({@code yaml/anything}), so that a finding's id always says who made it.
     */
    public static final Set<String> TOOL_IDS =
            Set.of("schema", "yaml", POLICY_ID, "input", "config", "plan", "workload", "kubernetes");

    private static final JsonMapper JSON = JsonMapper.shared();
    /** How the manifest reaches policies: proxy (default), frozen (JSON.parse + deep freeze), plain (JSON.parse). */
    static final String DATA_MODE = System.getProperty("releasepolicy.data", "proxy");

    private static final String MODULE_MIME = "application/javascript+module";
    /** Guest stack frames per context: deep enough for any real policy, far from a Java stack overflow. */
    static final int MAX_STACK_FRAMES = 400;

    private static final java.lang.management.ThreadMXBean CPU =
            java.lang.management.ManagementFactory.getThreadMXBean();

    /** Engines started in this JVM (a run answered wholly from the verify cache starts none). */
    private static final java.util.concurrent.atomic.AtomicLong CREATED = new java.util.concurrent.atomic.AtomicLong();

    private final Engine engine;
    private final EngineLimits limits;
    private final Source prelude;
    private final List<Group> groups = new ArrayList<>();
    private final Map<String, Group> groupOf = new HashMap<>();
    private final List<Policy> policies;
    private final List<PolicyFailure> loadFailures;
    private final Set<Runtime> all = ConcurrentHashMap.newKeySet();
    private final Watchdog watchdog;
    private final ResourceLimits resourceLimits;

    private PolicyEngine(List<PolicyFile> files, EngineLimits limits) {
        CREATED.incrementAndGet();
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
        Map<String, List<PolicyFile>> bySource = new LinkedHashMap<>();
        for (PolicyFile f : files) {
            bySource.computeIfAbsent(f.origin(), k -> new ArrayList<>()).add(f);
        }
        List<Policy> ok = new ArrayList<>();
        List<PolicyFailure> failures = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        Set<String> builtinIds = new HashSet<>(PolicyCatalog.builtinIds());
        for (Map.Entry<String, List<PolicyFile>> e : bySource.entrySet()) {
            Group g = new Group(e.getKey());
            loadGroup(g, e.getValue(), seen, builtinIds, ok, failures);
            groups.add(g);
        }
        this.policies = List.copyOf(ok);
        this.loadFailures = List.copyOf(failures);
    }

    /**
     * Loads the modules of one source: each in the first context of the group (the probe), which
     * becomes the first pooled context when it holds exactly the accepted modules.
     */
    private void loadGroup(
            Group g,
            List<PolicyFile> files,
            Map<String, String> seen,
            Set<String> builtinIds,
            List<Policy> ok,
            List<PolicyFailure> failures) {
        boolean builtin = g.origin.equals(PolicyCatalog.BUILTIN_ORIGIN);
        Runtime probe = newRuntime(g);
        boolean clean = true;
        for (PolicyFile f : files) {
            if (!probe.alive()) {
                probe.close();
                probe = newRuntime(g); // loads the modules accepted so far, as every later context does
            }
            Source s = Source.newBuilder("js", f.text(), f.displayName())
                    .mimeType(MODULE_MIME)
                    .cached(true)
                    .buildLiteral();
            Object loaded = probe.load(f, s);
            if (loaded instanceof PolicyFailure failure) {
                failures.add(failure);
                clean = false;
                continue;
            }
            Policy p = (Policy) loaded;
            Optional<String> refused = refusal(p.id(), builtin, builtinIds, seen);
            if (refused.isPresent()) {
                failures.add(new PolicyFailure(
                        POLICY_ID,
                        p.file(),
                        1,
                        1,
                        refused.get(),
                        "give the policy in " + p.file() + " an id of its own in meta.id (e.g. 'team/" + f.baseName()
                                + "')",
                        ""));
                clean = false;
                continue;
            }
            seen.put(p.id(), p.file());
            if (builtin) {
                builtinIds.add(p.id());
            }
            ok.add(p);
            g.add(p, s);
            groupOf.put(p.id(), g);
            probe.checks.put(p.id(), probe.lastExports.getMember("check"));
        }
        if (clean && probe.alive()) {
            g.pool.push(probe);
        } else {
            probe.close();
        }
    }

    /** Why a policy may not have this id, if it may not. */
    private static Optional<String> refusal(
            String id, boolean builtin, Set<String> builtinIds, Map<String, String> seen) {
        String root = id.contains("/") ? id.substring(0, id.indexOf('/')) : id;
        if (TOOL_IDS.contains(root)) {
            return Optional.of(
                    "policy id '" + id + "' is reserved: the tool reports its own findings under '" + root + "'");
        }
        if (!builtin && builtinIds.contains(id)) {
            return Optional.of("policy id '" + id + "' is reserved: it is the id of a built-in policy");
        }
        String other = seen.get(id);
        if (other != null) {
            return Optional.of("policy id '" + id + "' is already used by " + other);
        }
        return Optional.empty();
    }

    /**
     * How many policy engines this JVM has started: a {@code verify} answered wholly from the verify cache
     * starts none, which is what makes a warm run fast (and what its tests check).
     */
    public static long enginesStarted() {
        return CREATED.get();
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

    /** Policies that did not load (syntax error, bad meta, reserved or duplicate id): each is an error finding. */
    public List<PolicyFailure> loadFailures() {
        return loadFailures;
    }

    /** One policy to run with its merged parameters (as a JSON object). */
    public record Call(Policy policy, String paramsJson) {}

    /**
     * Runs the given policies over one manifest.
     *
     * @param release the manifest
     * @param now     {@code ctx.now}, an ISO instant
     * @param window  {@code ctx.window}
     * @param calls   which policies, with which parameters
     * @return one outcome per call, in call order
     */
    public List<PolicyOutcome> run(JsonNode release, String now, Map<String, Object> window, List<Call> calls) {
        return run(release, now, window, calls, false);
    }

    /**
     * Runs the given policies over one manifest, each source in its own context.
     *
     * <p>Normally all policies of a source run in one call into its context ({@code runAll}), which
     * saves a host-guest transition, a limit reset and a watchdog registration per policy. A policy
     * that throws or returns garbage is then called alone to get its error and location; a policy that
     * exhausts a limit kills the context, is reported, and the others run again in a fresh one.
     * With {@code oneByOne} (profiling) each policy is its own call and its outcome carries the CPU
     * time of the call (CPU, not wall time, so that a busy machine does not distort the comparison).
     *
     * @param releaseTree the manifest
     * @param now         {@code ctx.now}, an ISO instant ({@code ctx.today} is its UTC date)
     * @param window      {@code ctx.window}
     * @param calls       which policies, with which parameters
     * @param oneByOne    call each policy separately and measure it
     * @return one outcome per call, in call order
     */
    public List<PolicyOutcome> run(
            JsonNode releaseTree, String now, Map<String, Object> window, List<Call> calls, boolean oneByOne) {
        return run(releaseTree, now, window, calls, oneByOne, ConcurrentHashMap.newKeySet());
    }

    /**
     * As {@link #run(JsonNode, String, Map, List, boolean)}, adding to {@code ctxReads} what the policies
     * actually read of {@code ctx} besides their parameters: {@code now}, {@code today}, {@code window}, and
     * {@code window/<field>} for each field of the window read ({@code window/*} when a policy listed its
     * keys). The verify cache keys a result on exactly these.
     */
    public List<PolicyOutcome> run(
            JsonNode releaseTree,
            String now,
            Map<String, Object> window,
            List<Call> calls,
            boolean oneByOne,
            Set<String> ctxReads) {
        ObjectNode base = JSON.createObjectNode();
        base.put("now", now);
        base.put("today", VerifyContext.today(Instant.parse(now)));
        base.set("window", JSON.valueToTree(window));
        // ctx is always a recording view (whatever the data mode of the manifest): it is small, and what a
        // policy reads of it decides how long a cached result holds.
        Input input =
                new Input(JsonProxies.wrap(releaseTree), JsonProxies.recording(base, ctxReads), releaseTree, base);
        PolicyOutcome[] out = new PolicyOutcome[calls.size()];
        for (Group g : groups) {
            List<Integer> pending = new ArrayList<>();
            for (int i = 0; i < calls.size(); i++) {
                if (groupOf.get(calls.get(i).policy().id()) == g) {
                    pending.add(i);
                }
            }
            if (!pending.isEmpty()) {
                runGroup(g, input, calls, pending, oneByOne, out);
            }
        }
        for (int i = 0; i < out.length; i++) {
            if (out[i] == null) {
                throw new IllegalArgumentException(
                        "policy '" + calls.get(i).policy().id() + "' was not loaded by this engine");
            }
        }
        return List.of(out);
    }

    /** The manifest and ctx base as a policy sees them: proxies, or (other data modes) JSON to parse per context. */
    private record Input(Object releaseProxy, Object ctxProxy, JsonNode release, JsonNode ctx) {}

    private void runGroup(
            Group g, Input input, List<Call> calls, List<Integer> pending, boolean oneByOne, PolicyOutcome[] out) {
        String mode = DATA_MODE;
        Object release = input.releaseProxy();
        Object ctxBase = input.ctxProxy();
        Runtime owner = null;
        Runtime rt = borrow(g);
        try {
            while (!pending.isEmpty()) {
                if (!rt.alive()) {
                    rt.close();
                    rt = newRuntime(g);
                }
                if (!mode.equals("proxy") && owner != rt) {
                    Value fn = rt.helpers.getMember(mode);
                    release = fn.execute(input.release().toString());
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
                g.pool.push(rt);
            } else {
                rt.close();
            }
        }
    }

    private Runtime borrow(Group g) {
        Runtime rt = g.pool.poll();
        while (rt != null && !rt.alive()) {
            rt.close();
            rt = g.pool.poll();
        }
        return rt != null ? rt : newRuntime(g);
    }

    /**
     * A new context for a source with its accepted modules loaded. A module that fails to load again
     * (it behaves differently on a second evaluation) fails its calls in that context; when its load
     * killed the context, the context is made again without it.
     */
    private Runtime newRuntime(Group g) {
        Map<String, PolicyFailure> skip = new HashMap<>();
        while (true) {
            Runtime rt = new Runtime(g, skip);
            all.add(rt);
            if (rt.alive() || rt.brokenAtLoad.size() == skip.size()) {
                return rt;
            }
            skip.putAll(rt.brokenAtLoad);
            rt.close();
        }
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

    /** The policies of one source (the built-in ones, or one team folder) and its pool of contexts. */
    private static final class Group {
        final String origin;
        final List<Policy> policies = new ArrayList<>();
        final List<Source> sources = new ArrayList<>();
        final ConcurrentLinkedDeque<Runtime> pool = new ConcurrentLinkedDeque<>();

        Group(String origin) {
            this.origin = origin;
        }

        void add(Policy p, Source s) {
            policies.add(p);
            sources.add(s);
        }
    }

    /** One sandboxed context holding the modules of one source. Used by one thread at a time. */
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
        /** Modules of the source that did not load again in this context, with why. */
        final Map<String, PolicyFailure> brokenAtLoad = new HashMap<>();
        /** Tells this runtime which policy of a {@code runAll} batch runs now (index into the batch). */
        final ProxyExecutable mark;

        volatile boolean dead;
        Value lastExports;
        volatile long startedNanos;
        volatile long allowedNanos;
        volatile long allocatedAtStart;
        volatile Thread thread;
        volatile String killReason;
        volatile int current;

        Runtime(Group g, Map<String, PolicyFailure> skip) {
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
                    // Guest recursion ends well before the Java stack does, so that a stack overflow
                    // can neither crash the JVM (a class initializer failing deep in the stack) nor be
                    // caught and retried by the policy for ever: over the limit the context is cancelled.
                    .option("sandbox.MaxStackFrames", String.valueOf(MAX_STACK_FRAMES))
                    .out(console)
                    .err(console)
                    .resourceLimits(resourceLimits)
                    .build();
            // The prelude freezes every intrinsic before it returns: no module has run yet.
            this.helpers = context.eval(prelude);
            this.dataFn = helpers.getMember("data");
            this.callFn = helpers.getMember("call");
            this.runAllFn = helpers.getMember("runAll");
            this.listFn = helpers.getMember("list");
            helpers.getMember("limits").executeVoid(limits.findings(), limits.textChars(), limits.paramsChars());
            this.mark = args -> {
                current = args[0].asInt();
                // Each policy of a batch gets the whole time and allocation budget.
                allocatedAtStart = Watchdog.allocatedBytes(Thread.currentThread());
                startedNanos = System.nanoTime();
                return null;
            };
            brokenAtLoad.putAll(skip);
            for (int i = 0; i < g.policies.size(); i++) {
                Policy p = g.policies.get(i);
                if (brokenAtLoad.containsKey(p.id())) {
                    continue;
                }
                if (!alive()) {
                    return;
                }
                Object loaded = load(new PolicyFile(p.file(), "", g.origin), g.sources.get(i));
                if (loaded instanceof PolicyFailure f) {
                    brokenAtLoad.put(
                            p.id(),
                            new PolicyFailure(
                                    p.id(),
                                    f.file(),
                                    f.line(),
                                    f.column(),
                                    f.message() + " (in a new context; it loaded the first time)",
                                    f.hint(),
                                    f.console()));
                } else {
                    checks.put(p.id(), lastExports.getMember("check"));
                }
            }
        }

        boolean alive() {
            return !dead;
        }

        /** Evaluates one module and reads its meta: a {@link Policy} or a {@link PolicyFailure}. */
        Object load(PolicyFile f, Source s) {
            // Top-level code is policy code: the same statement, time and allocation limits as check.
            long t0 = System.nanoTime();
            arm();
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
                                    + "and function check(release, ctx), within the limits in policies/README.md",
                            "");
                }
                JsonNode m = JSON.readTree(meta);
                return new Policy(
                        m.get("id").asString(),
                        Severity.parse(m.get("severity").asString()),
                        m.get("description").asString(),
                        (ObjectNode) m.get("params"),
                        f.displayName());
            } catch (PolyglotException | IllegalStateException e) {
                disarm();
                Policy unnamed = new Policy(f.baseName(), Severity.ERROR, "", JSON.createObjectNode(), f.displayName());
                PolicyFailure failure = failure(unnamed, e, t0, true).failure().orElseThrow();
                return failure;
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
            List<Integer> runnable = new ArrayList<>();
            for (int i : pending) {
                PolicyFailure broken = brokenAtLoad.get(calls.get(i).policy().id());
                if (broken != null) {
                    out[i] = new PolicyOutcome(calls.get(i).policy(), List.of(), Optional.of(broken), 0);
                } else {
                    runnable.add(i);
                }
            }
            if (runnable.isEmpty()) {
                return List.of();
            }
            Value[] checkValues = new Value[runnable.size()];
            Value[] paramValues = new Value[runnable.size()];
            long t0 = System.nanoTime();
            current = 0;
            arm();
            try {
                for (int k = 0; k < runnable.size(); k++) {
                    Call c = calls.get(runnable.get(k));
                    checkValues[k] = checks.get(c.policy().id());
                    paramValues[k] = params(c);
                }
                Value result = runAllFn.execute(
                        listFn.execute((Object[]) checkValues),
                        release,
                        ctxBase,
                        listFn.execute((Object[]) paramValues),
                        mark);
                disarm();
                long each = (System.nanoTime() - t0) / runnable.size();
                List<Integer> again = new ArrayList<>();
                int at = 0;
                for (int k = 0; k < runnable.size(); k++) {
                    int i = runnable.get(k);
                    if (result.getArrayElement(at++).asInt() == 1) {
                        again.add(i);
                        continue;
                    }
                    int n = result.getArrayElement(at++).asInt();
                    out[i] = outcome(calls.get(i).policy(), result, at, n, each);
                    at += n;
                }
                // Policies that threw or returned garbage run alone, for their error and location.
                for (int i : again) {
                    out[i] = call(calls.get(i), release, ctxBase);
                    if (!alive()) {
                        return new ArrayList<>(again.subList(again.indexOf(i) + 1, again.size()));
                    }
                }
                return List.of();
            } catch (PolyglotException | IllegalStateException e) {
                disarm();
                // A limit stopped the batch: blame the policy that was running (mark), report it, and
                // run the others again (in a new context: this one is dead when a limit hit).
                int k = Math.min(Math.max(current, 0), runnable.size() - 1);
                int culprit = runnable.get(k);
                out[culprit] = failure(calls.get(culprit).policy(), e, t0, false);
                dead = true;
                List<Integer> rest = new ArrayList<>();
                for (int i : runnable) {
                    if (i != culprit && out[i] == null) {
                        rest.add(i);
                    }
                }
                // Those before the culprit finished, but their results died with the batch: run them again.
                return rest;
            }
        }

        /**
         * The findings of one policy from {@code n} values of a result at {@code at}:
         * {@code [returned, textsCut, path, message, hint, severity, ...]}, plus a finding when the
         * output was cut to the limits.
         */
        private PolicyOutcome outcome(Policy p, Value result, int at, int n, long nanos) {
            long returned = result.getArrayElement(at).asLong();
            int textsCut = result.getArrayElement(at + 1).asInt();
            List<RawFinding> findings = new ArrayList<>((n - 2) / 4 + 2);
            for (int j = at + 2; j < at + n; j += 4) {
                String sev = result.getArrayElement(j + 3).asString();
                findings.add(new RawFinding(
                        result.getArrayElement(j).asString(),
                        result.getArrayElement(j + 1).asString(),
                        result.getArrayElement(j + 2).asString(),
                        sev.isEmpty() ? Optional.empty() : Optional.of(Severity.parse(sev))));
            }
            if (returned > limits.findings()) {
                findings.add(new RawFinding(
                        "",
                        "policy '" + p.id() + "' (" + p.file() + ") returned " + returned + " findings; only the first "
                                + limits.findings() + " are reported (the limit per policy and manifest)",
                        "report fewer, more general findings: one per problem, not one per item",
                        Optional.of(Severity.WARNING)));
            }
            if (textsCut > 0) {
                findings.add(new RawFinding(
                        "",
                        "policy '" + p.id() + "' (" + p.file() + ") returned " + textsCut + " texts longer than "
                                + limits.textChars() + " characters; they were cut at the limit",
                        "keep a finding's path, message and hint short: say what is wrong and how to fix it",
                        Optional.of(Severity.WARNING)));
            }
            return new PolicyOutcome(p, findings, Optional.empty(), nanos);
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
            PolicyFailure broken = brokenAtLoad.get(p.id());
            if (broken != null) {
                return new PolicyOutcome(p, List.of(), Optional.of(broken), 0);
            }
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
                disarm();
                return outcome(p, result, 0, (int) result.getArraySize(), System.nanoTime() - t0);
            } catch (PolyglotException | IllegalStateException e) {
                disarm();
                return failure(p, e, t0, false);
            } finally {
                disarm();
            }
        }

        /**
         * The failure of a policy from the exception that ended its call or its load; marks the context
         * dead when needed. Says which limit was hit, and where.
         */
        private PolicyOutcome failure(Policy p, RuntimeException ex, long t0, boolean loading) {
            String what = loading ? "the module's top-level code" : "check()";
            if (!(ex instanceof PolyglotException e)) {
                // The watchdog closed the context between two calls into it.
                dead = true;
                String reason = killReason != null ? killReason : "the context was closed";
                return failed(
                        p,
                        t0,
                        new PolicyFailure(
                                p.id(),
                                p.file(),
                                0,
                                0,
                                "policy stopped: " + reason,
                                "make " + what + " finish quickly and allocate little",
                                consoleText()));
            }
            Located at = locate(e, p.file());
            String reason = killReason;
            String message;
            String hint;
            if (reason != null) {
                message = "policy stopped" + at.where() + ": " + reason;
                hint = "make " + what + " finish quickly and allocate little; look at " + at;
            } else if (e.isResourceExhausted()
                    && !String.valueOf(e.getMessage()).contains("Statement count")) {
                message = "policy stopped" + at.where() + ": it nested calls more than " + MAX_STACK_FRAMES
                        + " deep (the stack-frame limit; an endless recursion?)";
                hint = "make " + what + " recurse less deeply: look for a recursion that never ends near " + at;
            } else if (e.isResourceExhausted()) {
                message = "policy stopped" + at.where() + ": it ran more than " + limits.statements()
                        + " statements (the statement limit; an endless loop?)";
                hint = "make " + what + " finish: look for a loop that never ends near " + at;
            } else if (e.isSyntaxError()) {
                message = "syntax error: " + describe(e);
                hint = "fix the syntax at " + at;
            } else if (e.isCancelled() || e.isInterrupted()) {
                message = "policy stopped" + at.where() + ": the engine cancelled it";
                hint = "make " + what + " finish quickly and allocate little; look at " + at;
            } else if (e.isHostException() || e.isInternalError()) {
                message = "policy failed inside the engine" + at.where();
                hint = "report this with the policy file";
            } else if (loading) {
                message = "the module failed to load: " + describe(e);
                hint = "fix the module's top-level code at " + at;
            } else {
                message = "policy threw " + describe(e);
                hint = "fix the error at " + at + ", or return a finding instead of throwing";
            }
            if (e.isCancelled()
                    || e.isInterrupted()
                    || e.isResourceExhausted()
                    || e.isInternalError()
                    || e.isHostException()
                    || reason != null) {
                dead = true;
            }
            return failed(p, t0, new PolicyFailure(p.id(), p.file(), at.line, at.column, message, hint, consoleText()));
        }

        private PolicyOutcome failed(Policy p, long t0, PolicyFailure failure) {
            return new PolicyOutcome(p, List.of(), Optional.of(failure), System.nanoTime() - t0);
        }

        private void arm() {
            allowedNanos = limits.wallClock().toNanos();
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

        /**
         * Called by the watchdog thread for the call that started at {@code started}. Never blocks the
         * watchdog: the context is stopped on a thread of its own ({@link Watchdog#stop}).
         */
        void kill(long started, String reason) {
            if (startedNanos != started) {
                return; // that call has already finished
            }
            killReason = reason;
            dead = true;
            watchdog.stop(this);
        }

        /** Whether a call is still running in this context (for the watchdog's stopper). */
        boolean running() {
            return startedNanos != 0;
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
        /** " at line:column" for a message, or nothing when unknown. */
        String where() {
            return line > 0 ? " at line " + line + ":" + column : "";
        }

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
