//! GC mode: wasm-smith modules with the GC proposal (structs, arrays,
//! `i31`, casts, function references), exceptions and tail calls, for which
//! no library oracle exists, run on Spindle alone with fuel. Properties:
//!
//! - never a panic, a hang or an abort (the supervisor catches the last);
//! - a self-oracle: the call sequence (instantiation, then every exported
//!   function with zeros, then with drawn arguments) runs twice, once
//!   translated lazily with a collection forced after every call, once
//!   translated up front with only the collections the heap triggers.
//!   Every step's outcome (values, with the contents of the structs and
//!   arrays they reach read through the host API; the trap; the uncaught
//!   exception) and the exported globals, memories and tables after it
//!   must be identical, and after a final collection both stores must hold
//!   as many GC objects, exceptions and continuations (a leak, or an object
//!   freed while reachable, shows here);
//! - the eager sequence once more on the compiled tier (`Tier::Compiled`,
//!   which runs struct, `i31` and cast operators itself and exits to the
//!   interpreter to collect): every step's outcome must be the eager
//!   interpreted run's in a module with NaN canonicalisation (without it,
//!   NaN payloads may differ between the tiers, see `tiers.rs`); live
//!   counts are not compared (the tiers leave different stale words in
//!   frames, which the conservative scan reads);
//! - for a sample of cases, when `wasmtime` is on PATH: every exported
//!   function with numeric parameters and results runs with zeros on a fresh
//!   instance on Spindle and on `wasmtime run -W all-proposals=y,gc=y
//!   --invoke`; results must match (NaNs match NaNs), and a trap or
//!   uncaught exception must be one on both.

use spindle::{Engine, ExternType, FuncType, Instance, Store, Val, ValType};

use crate::differential::{from_spindle, round_args, spindle_arg, zero_arg, Arg};
use crate::panics::catch;
use crate::rng::Rng;
use crate::wasmtime_cli::{self, CliOutcome};
use crate::{smith, Artifact, Case, Verdict};

/// Fuel per call (and for instantiation): calls plus loop iterations.
/// Less than the differential mode's: fuel does not count what an
/// iteration allocates, copies or collects, and a loop making a megabyte
/// array each time takes about a millisecond per unit.
pub const FUEL: u64 = 20_000;

/// One case in this many is cross-checked with wasmtime (each check
/// starts a process per export).
const WASMTIME_ONE_IN: u32 = 8;

/// The wasmtime flags: every proposal, generous fuel (Spindle's unit is a
/// call or a loop iteration, wasmtime's about an instruction) and a
/// time limit, so that a loop Spindle left in time cannot hang the run.
const WASMTIME_FLAGS: &[&str] = &[
    "-W",
    "all-proposals=y,gc=y,fuel=2000000000,timeout=20s,max-wasm-stack=4194304",
];

fn engine(lazy: bool, tier: spindle::Tier) -> Engine {
    let mut config = spindle::Config::new();
    config.tier(tier);
    config.consume_fuel(true);
    config.lazy_translation(lazy);
    config.max_call_depth(20_000);
    config.max_continuations(10_000);
    config.max_total_stack_bytes(256 << 20);
    Engine::new(&config)
}

/// How deep struct fields and array elements are followed.
const RENDER_DEPTH: u32 = 2;
/// How many fields or elements of one object are shown.
const RENDER_WIDTH: usize = 6;

/// A value as text, exact to the bit, GC objects with their contents (a
/// few levels deep: cycles end there). Reference identities are not
/// shown: they depend on when objects were freed.
fn render(store: &Store<()>, v: &Val, depth: u32) -> String {
    let opt = |name: &str, null: bool| format!("{name}:{}", if null { "null" } else { "ref" });
    match v {
        Val::I32(x) => format!("i32:{x}"),
        Val::I64(x) => format!("i64:{x}"),
        Val::F32(x) => format!("f32:{x:#x}"),
        Val::F64(x) => format!("f64:{x:#x}"),
        Val::V128(x) => format!("v128:{x:#x}"),
        Val::FuncRef(f) => opt("func", f.is_none()),
        Val::ExternRef(e) => opt("extern", e.is_none()),
        Val::ExnRef(e) => opt("exn", e.is_none()),
        Val::ContRef(c) => opt("cont", c.is_none()),
        Val::NullRef => "null".into(),
        Val::AnyRef(a) => {
            if let Some(i) = a.i31() {
                return format!("i31:{i}");
            }
            if a.as_extern().is_some() {
                return "extern:host".into();
            }
            let kind = if a.is_struct() {
                "struct"
            } else if a.is_array() {
                "array"
            } else {
                return "any:?".into();
            };
            if depth == 0 {
                return kind.into();
            }
            let items: Vec<Val> = if a.is_struct() {
                (0..RENDER_WIDTH).map_while(|i| a.field(store, i)).collect()
            } else {
                let len = a.array_len(store).unwrap_or(0);
                (0..len.min(RENDER_WIDTH as u32))
                    .filter_map(|i| a.element(store, i))
                    .collect()
            };
            let len = a
                .array_len(store)
                .map(|n| format!("#{n}"))
                .unwrap_or_default();
            let inner: Vec<String> = items.iter().map(|x| render(store, x, depth - 1)).collect();
            format!("{kind}{len}{{{}}}", inner.join(","))
        }
    }
}

/// An error as text: the trap's message and detail, or an uncaught
/// exception's tag and payload (first line: no backtrace).
fn render_error(e: &anyhow::Error) -> String {
    if let Some(t) = e.downcast_ref::<spindle::Trap>() {
        return format!("trap:{}", t.code().message());
    }
    let text = format!("{e:#}");
    format!("error:{}", text.lines().next().unwrap_or(""))
}

/// FNV-1a: memories are compared by hash.
fn hash(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    })
}

/// The exported globals, memories and tables as text.
fn render_state(
    store: &mut Store<()>,
    inst: &Instance,
    exports: &[(String, ExternType)],
) -> String {
    let mut out = Vec::new();
    for (name, ty) in exports {
        match ty {
            ExternType::Global(_) => {
                if let Some(g) = inst.get_global(&mut *store, name) {
                    let v = g.get(&*store);
                    out.push(format!("g {}", render(store, &v, RENDER_DEPTH)));
                }
            }
            ExternType::Memory(_) => {
                if let Some(m) = inst.get_memory(&mut *store, name) {
                    let d = m.data(&*store);
                    out.push(format!("m {} {:x}", d.len(), hash(d)));
                }
            }
            ExternType::Table(_) => {
                if let Some(t) = inst.get_table(&mut *store, name) {
                    let n = t.size(&*store);
                    let items: Vec<String> = (0..n.min(64))
                        .map(|i| match t.get(&*store, i) {
                            Some(v) => render(store, &v, 1),
                            None => "?".into(),
                        })
                        .collect();
                    out.push(format!("t {n} [{}]", items.join(" ")));
                }
            }
            _ => {}
        }
    }
    out.join("; ")
}

/// What one run of the call sequence did.
struct Run {
    /// Per step (instantiation first): the outcome and the state after it.
    steps: Vec<String>,
    /// Live GC objects, exceptions and continuations after a final
    /// collection.
    live: [usize; 3],
}

/// The arguments of every call of the sequence (the same for both runs).
fn sequence_args(exports: &[(String, ExternType)], arg_seed: u64) -> Vec<(String, Vec<Arg>)> {
    let mut rng = Rng::new(arg_seed);
    let mut calls = Vec::new();
    for round in 0..2 {
        for (name, ty) in exports {
            let ExternType::Func(fty) = ty else { continue };
            let args = round_args(fty.params(), round, &mut rng);
            calls.push((name.clone(), args));
        }
    }
    calls
}

/// Runs the sequence on one configuration. `Err`: Spindle panicked.
fn run_sequence(
    wasm: &[u8],
    lazy: bool,
    collect_each: bool,
    tier: spindle::Tier,
    calls: &[(String, Vec<Arg>)],
) -> Result<Run, String> {
    let engine = &engine(lazy, tier);
    let module = match catch(|| spindle::Module::new(engine, wasm))? {
        Ok(m) => m,
        Err(e) => {
            return Ok(Run {
                steps: vec![format!("invalid: {e:#}")],
                live: [0; 3],
            })
        }
    };
    let exports: Vec<(String, ExternType)> =
        module.exports().map(|(n, t)| (n.to_string(), t)).collect();
    let mut store = Store::new(engine, ());
    let _ = store.set_fuel(FUEL);
    let inst = catch(|| spindle::Linker::new(engine).instantiate(&mut store, &module))?;
    let inst = match inst {
        Ok(i) => i,
        Err(e) => {
            return Ok(Run {
                steps: vec![format!("instantiation {}", render_error(&e))],
                live: [0; 3],
            })
        }
    };
    let mut steps = vec![format!(
        "instantiated; {}",
        render_state(&mut store, &inst, &exports)
    )];
    for (name, args) in calls {
        let Some(f) = inst.get_func(&mut store, name) else {
            return Err(format!("lost export {name}"));
        };
        let fty: FuncType = f.ty(&store);
        let vals: Vec<Val> = args
            .iter()
            .zip(fty.params())
            .map(|(a, t)| spindle_arg(*a, t))
            .collect();
        let mut results = vec![Val::I32(0); fty.results().len()];
        let _ = store.set_fuel(FUEL);
        let r = catch(|| f.call(&mut store, &vals, &mut results))?;
        let outcome = match r {
            Ok(()) => {
                let vs: Vec<String> = results
                    .iter()
                    .map(|v| render(&store, v, RENDER_DEPTH))
                    .collect();
                format!("[{}]", vs.join(", "))
            }
            Err(e) => render_error(&e),
        };
        if collect_each {
            catch(|| store.collect_garbage())?;
        }
        let state = catch(|| render_state(&mut store, &inst, &exports))?;
        steps.push(format!("{name}: {outcome}; {state}"));
    }
    catch(|| store.collect_garbage())?;
    Ok(Run {
        steps,
        live: [
            store.live_gc_objects(),
            store.live_exceptions(),
            store.live_continuations(),
        ],
    })
}

/// Runs one GC case.
pub fn run_case(case: &Case) -> Verdict {
    let mut rng = Rng::new(case.seed);
    let canonical_nans = rng.chance(1, 2);
    // With SIMD, wasm-smith often gives a struct or array `v128` fields,
    // which Spindle refuses: most cases go without.
    let simd = rng.chance(1, 4);
    // Rec groups and subtypes take much of the input: more than the
    // differential mode's, so that functions remain.
    let len = rng.range(8192, 65536);
    let wasm = match smith::generate(smith::gc_config(canonical_nans, simd), &mut rng, len) {
        Ok(w) => w,
        Err(_) => return Verdict::Inconclusive("wasm-smith could not build a module".into()),
    };
    let art = Artifact {
        wasm: wasm.clone(),
        wat: None,
    };
    case.running(&art);
    let arg_seed = rng.next_u64();
    let cross_check = rng.below(WASMTIME_ONE_IN as usize) == 0;
    match check(&wasm, arg_seed, canonical_nans) {
        Ok(()) => {}
        Err(Check::Finding(r)) => return Verdict::Finding(r, art),
        Err(Check::Inconclusive(r)) => return Verdict::Inconclusive(r),
    }
    if cross_check && wasmtime_cli::path().is_some() {
        let reinterpret = crate::differential::has_float_to_int_reinterpret(&wasm);
        match with_wasmtime(&wasm, !canonical_nans && reinterpret) {
            Ok(()) => {}
            Err(Check::Finding(r)) => return Verdict::Finding(r, art),
            Err(Check::Inconclusive(r)) => return Verdict::Inconclusive(r),
        }
    }
    Verdict::Pass
}

/// What a check found.
enum Check {
    Finding(String),
    Inconclusive(String),
}

/// The self-oracle: lazy with forced collections vs. up front without.
fn check(wasm: &[u8], arg_seed: u64, canonical_nans: bool) -> Result<(), Check> {
    let exports: Vec<(String, ExternType)> = {
        let engine = engine(false, spindle::Tier::Interp);
        match catch(|| spindle::Module::new(&engine, wasm)) {
            Err(p) => return Err(Check::Finding(format!("Spindle panicked compiling: {p}"))),
            Ok(Err(e)) => {
                let e = format!("{e:#}");
                if e.contains("of type v128 are not supported") {
                    return Err(Check::Inconclusive(
                        "v128 struct fields or array elements (not supported)".into(),
                    ));
                }
                return Err(Check::Finding(format!(
                    "Spindle rejects a wasm-smith module: {e}"
                )));
            }
            Ok(Ok(m)) => m.exports().map(|(n, t)| (n.to_string(), t)).collect(),
        }
    };
    let calls = sequence_args(&exports, arg_seed);
    if calls.is_empty() {
        // wasm-smith defines functions only if some type is a function type.
        return Err(Check::Inconclusive("no exported functions".into()));
    }
    let panicked =
        |p: String, what: &str| Check::Finding(format!("Spindle panicked ({what}): {p}"));
    let interp = spindle::Tier::Interp;
    let lazy = run_sequence(wasm, true, true, interp, &calls).map_err(|p| panicked(p, "lazy"))?;
    let eager =
        run_sequence(wasm, false, false, interp, &calls).map_err(|p| panicked(p, "eager"))?;
    if let Some(i) = (0..lazy.steps.len().max(eager.steps.len()))
        .find(|&i| lazy.steps.get(i) != eager.steps.get(i))
    {
        let show = |r: &Run| r.steps.get(i).cloned().unwrap_or_else(|| "<none>".into());
        return Err(Check::Finding(format!(
            "lazy + collections vs eager, step {i}: {} vs {}",
            show(&lazy),
            show(&eager)
        )));
    }
    let compiled = run_sequence(wasm, false, false, spindle::Tier::Compiled, &calls)
        .map_err(|p| panicked(p, "compiled"))?;
    if let Some(i) = (0..compiled.steps.len().max(eager.steps.len()))
        .find(|&i| compiled.steps.get(i) != eager.steps.get(i))
    {
        // Without NaN canonicalisation, NaN payloads may differ between
        // the tiers (`tiers.rs`) and reach integer globals and memory.
        if !canonical_nans {
            return Err(Check::Inconclusive(
                "the tiers differ in a module without NaN canonicalisation".into(),
            ));
        }
        let show = |r: &Run| r.steps.get(i).cloned().unwrap_or_else(|| "<none>".into());
        return Err(Check::Finding(format!(
            "eager interpreted vs compiled, step {i}: {} vs {}",
            show(&eager),
            show(&compiled)
        )));
    }
    if lazy.live != eager.live {
        // Forced collections reuse object slots in another order, and a
        // stale non-reference word (an `i64` global) may then match a
        // live object in one run only: the same run without them decides.
        let plain =
            run_sequence(wasm, true, false, interp, &calls).map_err(|p| panicked(p, "lazy"))?;
        if plain.live != eager.live {
            return Err(Check::Finding(format!(
                "live objects/exceptions/continuations after collection: lazy {:?}, eager {:?}",
                plain.live, eager.live
            )));
        }
        return Err(Check::Inconclusive(
            "live counts differ only with forced collections".into(),
        ));
    }
    Ok(())
}

/// Are `ty`'s parameters and results all numbers (which the CLI reads and
/// prints)?
fn invokable(ty: &FuncType) -> bool {
    let numeric = |t: &ValType| {
        matches!(
            t,
            ValType::I32 | ValType::I64 | ValType::F32 | ValType::F64 | ValType::V128
        )
    };
    ty.params().iter().all(numeric) && ty.results().iter().all(numeric)
}

/// Is Spindle's error one that proves nothing against another engine
/// (fuel, stack, limits)?
fn spindle_exhausted(e: &anyhow::Error) -> bool {
    use spindle::TrapCode as T;
    e.downcast_ref::<spindle::Trap>().is_some_and(|t| {
        matches!(
            t.code(),
            T::OutOfFuel
                | T::StackExhausted
                | T::ContinuationLimit
                | T::StackMemoryLimit
                | T::AllocationTooLarge
                | T::Interrupted
        )
    })
}

/// Each invokable export on a fresh instance, on Spindle and on wasmtime.
/// `int_nans`: NaN payloads may reach integers (compare nothing then).
fn with_wasmtime(wasm: &[u8], int_nans: bool) -> Result<(), Check> {
    if int_nans {
        return Ok(());
    }
    let engine = &engine(true, spindle::Tier::Interp);
    let module = match spindle::Module::new(engine, wasm) {
        Ok(m) => m,
        Err(_) => return Ok(()),
    };
    let names: Vec<String> = module
        .exports()
        .filter_map(|(n, t)| match t {
            ExternType::Func(f) if invokable(&f) => Some(n.to_string()),
            _ => None,
        })
        .collect();
    for name in names.iter().take(6) {
        let mut store = Store::new(engine, ());
        let _ = store.set_fuel(FUEL);
        let Ok(Ok(inst)) = catch(|| spindle::Linker::new(engine).instantiate(&mut store, &module))
        else {
            return Ok(());
        };
        let Some(f) = inst.get_func(&mut store, name) else {
            continue;
        };
        let ty = f.ty(&store);
        let args: Vec<Arg> = ty.params().iter().map(zero_arg).collect();
        let vals: Vec<Val> = args
            .iter()
            .zip(ty.params())
            .map(|(a, t)| spindle_arg(*a, t))
            .collect();
        let mut results = vec![Val::I32(0); ty.results().len()];
        let _ = store.set_fuel(FUEL);
        let r = catch(|| f.call(&mut store, &vals, &mut results))
            .map_err(|p| Check::Finding(format!("Spindle panicked in call {name}: {p}")))?;
        if r.as_ref().is_err_and(spindle_exhausted) {
            continue;
        }
        let Some(cli) = wasmtime_cli::invoke(wasm, name, &args, WASMTIME_FLAGS) else {
            return Ok(());
        };
        let spindle_side = match &r {
            Ok(()) => format!("{:?}", results.iter().map(from_spindle).collect::<Vec<_>>()),
            Err(e) => render_error(e),
        };
        match (&r, cli) {
            (_, CliOutcome::Unusable) => {}
            (Ok(()), CliOutcome::Values(vals)) => {
                let mine: Vec<_> = results.iter().map(from_spindle).collect();
                if !wasmtime_cli::matches(&mine, &vals) {
                    return Err(Check::Finding(format!(
                        "call {name}(zeros): Spindle {spindle_side}, wasmtime {vals:?}"
                    )));
                }
            }
            // wasmtime stopped on a limit (its timeout, say) where Spindle
            // trapped: no more exports, so that one case never spends
            // more than one wasmtime timeout (the run's hang limit).
            (Err(_), CliOutcome::Trap(msg)) if wasmtime_limit(&msg) => return Ok(()),
            (Err(_), CliOutcome::Trap(_)) => {}
            (Ok(()), CliOutcome::Trap(msg)) => {
                if wasmtime_limit(&msg) {
                    return Err(Check::Inconclusive(
                        "wasmtime ran out of fuel, stack, time or memory".into(),
                    ));
                }
                return Err(Check::Finding(format!(
                    "call {name}(zeros): Spindle {spindle_side}, wasmtime traps: {msg}"
                )));
            }
            (Err(_), CliOutcome::Values(vals)) => {
                return Err(Check::Finding(format!(
                    "call {name}(zeros): Spindle {spindle_side}, wasmtime returns {vals:?}"
                )))
            }
        }
    }
    Ok(())
}

/// Did wasmtime stop on one of its limits rather than on the program?
fn wasmtime_limit(msg: &str) -> bool {
    let m = msg.to_ascii_lowercase();
    [
        "fuel",
        "stack exhausted",
        "stack overflow",
        "interrupt",
        "out of memory",
        "allocation",
        "gc heap",
    ]
    .iter()
    .any(|k| m.contains(k))
}
