//! Running a generated program on Spindle and comparing it with the
//! model: the host defines the suspension tags, `log`, the host functions
//! that suspend their caller (`Caller::suspend`) and `spin_start` (which
//! makes another thread interrupt the store); a split program is linked
//! from two instances; an `Entry::Host` program is driven by the host with
//! `ContRef::new`/`ContRef::resume`. Each program runs twice in the same
//! store: with `$spin` set (a `Spin` reached is interrupted) and, after
//! that, with it cleared.

use std::sync::mpsc;
use std::time::Duration;

use spindle::{
    Caller, Config, ContRef, Engine, Extern, FuncType, Instance, Linker, Module, Resumed, Store,
    Tag, Trap, TrapCode, Val, ValType, WasmException,
};

use super::emit::{Modules, COUNT_ADDR, LOG_WORDS};
use super::model::{self, End, Expected};
use super::{Entry, Program, Stmt};
use crate::panics::catch;
use crate::wasmtime_cli;

/// Why a check failed.
#[derive(Debug)]
pub enum Failure {
    /// Spindle disagrees with the model, panicked or rejected the program.
    Finding(String),
    /// Nothing to conclude.
    Inconclusive(String),
}

/// Fuel for a run: generated programs are short, so running out means
/// Spindle looped where it should not have.
const FUEL: u64 = 20_000_000;

/// Fuel for a run that reaches a `Spin`: the spin loop burns fuel until
/// another thread interrupts it, and on a loaded machine that thread may
/// be scheduled late (20,000,000 units lasted too little once, in a run
/// beside three builds: a false finding). This lasts seconds.
const SPIN_FUEL: u64 = 2_000_000_000;

struct HostState {
    log: Vec<i32>,
    spin: Option<mpsc::Sender<()>>,
}

fn finding<T>(msg: impl Into<String>) -> Result<T, Failure> {
    Err(Failure::Finding(msg.into()))
}

/// Validates a generated module with wasmparser (stack switching and
/// exceptions on), to tell generator bugs from Spindle bugs.
fn wasmparser_accepts(wat: &str) -> Result<(), String> {
    let bytes = wat::parse_str(wat).map_err(|e| e.to_string())?;
    let mut f = wasmparser::WasmFeatures::WASM3;
    f.insert(wasmparser::WasmFeatures::STACK_SWITCHING);
    wasmparser::Validator::new_with_features(f)
        .validate_all(&bytes)
        .map(|_| ())
        .map_err(|e| e.to_string())
}

fn compile(engine: &Engine, wat: &str, what: &str) -> Result<Module, Failure> {
    match catch(|| Module::new(engine, wat)) {
        Err(p) => finding(format!("Spindle panicked compiling {what}: {p}")),
        Ok(Ok(m)) => Ok(m),
        Ok(Err(e)) => match wasmparser_accepts(wat) {
            Ok(()) => finding(format!("Spindle rejects a valid {what}: {e:#}")),
            Err(w) => finding(format!(
                "generator bug: {what} is invalid (wasmparser: {w}; Spindle: {e:#})"
            )),
        },
    }
}

/// The instances: `lib` (the one with `log`, `mem`, the globals) and
/// `main` (with `run`); the same for a single module.
struct Linked {
    lib: Instance,
    main: Instance,
    tags: Option<[Tag; 2]>,
}

fn link(
    store: &mut Store<HostState>,
    engine: &Engine,
    program: &Program,
    modules: &Modules,
) -> Result<Linked, Failure> {
    let mut linker: Linker<HostState> = Linker::new(engine);
    let mut tags = None;
    if program.host {
        let ty = FuncType::new([ValType::I32], [ValType::I32]);
        let y = [Tag::new(&mut *store, &ty), Tag::new(&mut *store, &ty)];
        tags = Some(y);
        let def = |linker: &mut Linker<HostState>, name: &str, e: Extern| {
            linker
                .define(&*store, "host", name, e)
                .map(|_| ())
                .map_err(|e| Failure::Finding(format!("Linker::define failed: {e:#}")))
        };
        def(&mut linker, "y0", Extern::Tag(y[0]))?;
        def(&mut linker, "y1", Extern::Tag(y[1]))?;
        let r = linker
            .func_wrap("host", "log", |mut c: Caller<'_, HostState>, v: i32| {
                c.data_mut().log.push(v);
            })
            .and_then(|l| {
                l.func_wrap("host", "spin_start", |c: Caller<'_, HostState>| {
                    if let Some(tx) = &c.data().spin {
                        let _ = tx.send(());
                    }
                })
            });
        if let Err(e) = r {
            return finding(format!("Linker::func_wrap failed: {e:#}"));
        }
        for (t, tag) in y.into_iter().enumerate() {
            let ty = FuncType::new([ValType::I32], [ValType::I32]);
            let r = linker.func_new(
                "host",
                &format!("suspend{t}"),
                ty,
                move |mut caller, args, _results| Err(caller.suspend(tag, &[args[0]])),
            );
            if let Err(e) = r {
                return finding(format!("Linker::func_new failed: {e:#}"));
            }
        }
    }
    let inst =
        |store: &mut Store<HostState>, linker: &Linker<HostState>, m: &Module, what: &str| {
            match catch(|| linker.instantiate(&mut *store, m)) {
                Err(p) => finding(format!("Spindle panicked instantiating {what}: {p}")),
                Ok(Err(e)) => finding(format!("instantiating {what} failed: {e:#}")),
                Ok(Ok(i)) => Ok(i),
            }
        };
    let main_module = compile(engine, &modules.main, "main module")?;
    match &modules.lib {
        None => {
            let main = inst(store, &linker, &main_module, "the module")?;
            Ok(Linked {
                lib: main,
                main,
                tags,
            })
        }
        Some(lib_text) => {
            let lib_module = compile(engine, lib_text, "lib module")?;
            let lib = inst(store, &linker, &lib_module, "lib")?;
            if let Err(e) = linker.instance(&mut *store, "lib", lib) {
                return finding(format!("Linker::instance failed: {e:#}"));
            }
            let main = inst(store, &linker, &main_module, "main")?;
            Ok(Linked { lib, main, tags })
        }
    }
}

/// What one run did.
#[derive(Debug, PartialEq)]
enum Got {
    Returned(i32),
    Trap(TrapCode),
    Exception,
    Error(String),
}

fn got_of_error(e: &anyhow::Error) -> Got {
    if let Some(t) = e.downcast_ref::<Trap>() {
        Got::Trap(t.code())
    } else if e.downcast_ref::<WasmException>().is_some() {
        Got::Exception
    } else {
        Got::Error(format!("{e:#}"))
    }
}

fn matches_end(got: &Got, end: End, host_entry: bool) -> bool {
    match (got, end) {
        (Got::Returned(a), End::Returned(b)) => *a == b,
        (Got::Trap(TrapCode::UnhandledTag), End::UnhandledTag) => true,
        // Suspending past a host-driven root with no handler for the tag
        // leaves through the host's frame.
        (Got::Trap(TrapCode::SuspendThroughHost), End::UnhandledTag) => host_entry,
        (Got::Trap(TrapCode::Interrupted), End::Interrupted) => true,
        (Got::Exception, End::Exception(_)) => true,
        _ => false,
    }
}

fn run_wasm(store: &mut Store<HostState>, linked: &Linked) -> Result<Got, Failure> {
    let run = linked
        .main
        .get_typed_func::<(), i32, _>(&mut *store, "run")
        .map_err(|e| Failure::Finding(format!("no `run`: {e:#}")))?;
    match catch(|| run.call(&mut *store, ())) {
        Err(p) => finding(format!("Spindle panicked in run: {p}")),
        Ok(Ok(v)) => Ok(Got::Returned(v)),
        Ok(Err(e)) => Ok(got_of_error(&e)),
    }
}

/// Plays `$f0 = [Run(spec)]` from the host with `ContRef`s.
fn run_host(
    store: &mut Store<HostState>,
    linked: &Linked,
    program: &Program,
) -> Result<Got, Failure> {
    let [Stmt::Run(spec)] = &program.funcs[0][..] else {
        return finding("generator bug: a host entry whose $f0 is not one Run");
    };
    let tags = linked
        .tags
        .ok_or_else(|| Failure::Finding("generator bug: host entry without host tags".into()))?;
    let get = |store: &mut Store<HostState>, inst: Instance, name: &str| {
        inst.get_func(&mut *store, name)
            .ok_or_else(|| Failure::Finding(format!("missing export {name}")))
    };
    let reset = get(store, linked.lib, "reset")?;
    let log = get(store, linked.lib, "log")?;
    let callee_inst = if program.split.is_some_and(|s| spec.callee >= s) {
        linked.lib
    } else {
        linked.main
    };
    let callee = get(store, callee_inst, &format!("f{}", spec.callee))?;
    let handled: Vec<Tag> = (0..2)
        .filter(|&t| spec.handles[t])
        .map(|t| tags[t])
        .collect();
    let body = |store: &mut Store<HostState>| -> anyhow::Result<i32> {
        reset.call(&mut *store, &[], &mut [])?;
        let mut x = program.x0;
        let mut arg = x;
        let mut n = 0;
        let mut k = ContRef::new(&mut *store, callee)?;
        while n < spec.max_resumes {
            n += 1;
            match k.resume(&mut *store, &[Val::I32(arg)], &handled)? {
                Resumed::Returned(vals) => {
                    let r = vals.first().and_then(Val::i32).unwrap_or_default();
                    log.call(&mut *store, &[Val::I32(r)], &mut [])?;
                    x = x.wrapping_mul(7).wrapping_add(r);
                    break;
                }
                Resumed::Suspended { tag, payload, cont } => {
                    let t = if tag == tags[0] { 0 } else { 1 };
                    let v = payload.first().and_then(Val::i32).unwrap_or_default();
                    log.call(&mut *store, &[Val::I32(v)], &mut [])?;
                    x = x.wrapping_mul(5).wrapping_add(v);
                    arg = v.wrapping_add(spec.responses[t]);
                    k = cont;
                }
            }
        }
        let acc = linked
            .lib
            .get_global(&mut *store, "acc")
            .and_then(|g| g.get(&*store).i32())
            .unwrap_or_default();
        Ok(acc.wrapping_mul(31).wrapping_add(x))
    };
    match catch(|| body(store)) {
        Err(p) => finding(format!("Spindle panicked in a host-driven run: {p}")),
        Ok(Ok(v)) => Ok(Got::Returned(v)),
        Ok(Err(e)) => Ok(got_of_error(&e)),
    }
}

/// Checks the memory and globals `log` wrote against the expected log.
fn check_state(
    store: &mut Store<HostState>,
    linked: &Linked,
    exp: &Expected,
    returned: bool,
) -> Result<(), String> {
    let cnt = linked
        .lib
        .get_global(&mut *store, "cnt")
        .and_then(|g| g.get(&*store).i32())
        .unwrap_or(-1);
    if cnt as usize != exp.log.len() {
        return Err(format!("log count {cnt}, expected {}", exp.log.len()));
    }
    let mem = linked
        .lib
        .get_memory(&mut *store, "mem")
        .ok_or("no exported memory")?;
    let data = mem.data(&*store);
    let word = |a: usize| i32::from_le_bytes(data[a..a + 4].try_into().unwrap());
    for i in 0..exp.log.len().min(LOG_WORDS) {
        let last = (i..exp.log.len())
            .step_by(LOG_WORDS)
            .next_back()
            .unwrap_or(i);
        if word(i * 4) != exp.log[last] {
            return Err(format!(
                "memory word {i} is {}, expected {}",
                word(i * 4),
                exp.log[last]
            ));
        }
    }
    if returned && word(COUNT_ADDR) != cnt {
        return Err(format!(
            "count stored through the imported memory is {}, expected {cnt}",
            word(COUNT_ADDR)
        ));
    }
    Ok(())
}

/// Runs `program` on Spindle and compares with the model.
pub fn check(program: &Program, modules: &Modules, expected: &Expected) -> Result<(), Failure> {
    let has_spin = program.any(&|s| matches!(s, Stmt::Spin));
    let mut config = Config::new();
    config.consume_fuel(true);
    config.interruptible(has_spin);
    let engine = Engine::new(&config);
    let mut store = Store::new(
        &engine,
        HostState {
            log: Vec::new(),
            spin: None,
        },
    );
    // The interrupter: interrupts the store a moment after `spin_start`.
    if has_spin {
        let (tx, rx) = mpsc::channel::<()>();
        let handle = store.interrupt_handle();
        std::thread::spawn(move || {
            while rx.recv().is_ok() {
                std::thread::sleep(Duration::from_millis(1));
                handle.interrupt();
            }
        });
        store.data_mut().spin = Some(tx);
    }
    let linked = link(&mut store, &engine, program, modules)?;
    let host_entry = program.entry == Entry::Host;
    let mut without_spin = None;
    for (pass, exp) in [(0, Some(expected)), (1, None)] {
        let exp = match exp {
            Some(e) => e,
            None => {
                // The second run, with `$spin` cleared.
                let g = linked
                    .lib
                    .get_global(&mut store, "spin")
                    .ok_or_else(|| Failure::Finding("no exported `spin`".into()))?;
                g.set(&mut store, Val::I32(0))
                    .map_err(|e| Failure::Finding(format!("Global::set failed: {e:#}")))?;
                let e = model::expect(program, false)
                    .ok_or_else(|| Failure::Inconclusive("program too long without spin".into()))?;
                &*without_spin.insert(e)
            }
        };
        store.data_mut().log.clear();
        let _ = store.set_fuel(if has_spin && pass == 0 {
            SPIN_FUEL
        } else {
            FUEL
        });
        let got = match program.entry {
            Entry::Wasm => run_wasm(&mut store, &linked)?,
            Entry::Host => run_host(&mut store, &linked, program)?,
        };
        let label = if pass == 0 {
            "first run"
        } else {
            "second run (no spin)"
        };
        if got == Got::Trap(TrapCode::OutOfFuel) {
            return finding(format!(
                "{label}: ran out of fuel (the model's run is short)"
            ));
        }
        if !matches_end(&got, exp.end, host_entry) {
            return finding(format!("{label}: Spindle {got:?}, expected {:?}", exp.end));
        }
        if program.host && store.data().log != exp.log {
            let got_log = &store.data().log;
            let at = got_log
                .iter()
                .zip(&exp.log)
                .position(|(a, b)| a != b)
                .unwrap_or(got_log.len().min(exp.log.len()));
            return finding(format!(
                "{label}: host log differs at entry {at} (Spindle {} entries, expected {}): {:?} vs {:?}",
                got_log.len(),
                exp.log.len(),
                got_log.get(at),
                exp.log.get(at)
            ));
        }
        let returned = matches!(got, Got::Returned(_)) && program.entry == Entry::Wasm;
        if let Err(e) = check_state(&mut store, &linked, exp, returned) {
            return finding(format!("{label}: {e}"));
        }
    }
    Ok(())
}

/// Runs a single-module program without host features on the `wasmtime`
/// CLI; a disagreement with the model (which Spindle matched) is a
/// finding's reason.
pub fn cross_check_wasmtime(modules: &Modules, expected: &Expected) -> Option<String> {
    if modules.lib.is_some() {
        return None;
    }
    let got = wasmtime_cli::run_checksum(&modules.main)?;
    match (got, expected.end) {
        (Ok(v), End::Returned(c)) if v as i32 == c => None,
        (Err(_), End::UnhandledTag | End::Exception(_)) => None,
        (got, end) => Some(format!(
            "wasmtime disagrees with the model and Spindle: wasmtime {got:?}, expected {end:?}"
        )),
    }
}
