//! Stack-switching generator: random valid programs of nested
//! `resume`/`suspend`, `cont.bind`, dropped continuations, exceptions
//! thrown across handlers and `resume_throw`, whose expected output the
//! generator computes itself.
//!
//! A [`Program`] is a list of functions, each `(param i32) (result i32)`
//! over one local `x`, whose bodies are trees of [`Stmt`]s. [`emit`] writes
//! it as WAT (one module, or a `lib` module and a `main` module importing
//! its tags, functions, table, memory and globals); [`model`] interprets
//! the same tree in Rust, with explicit stacks, to compute the expected log
//! (every value passed to `log`), the final checksum and how the run ends.
//! [`host`] runs it on Spindle, optionally driving the top-level
//! continuation from the host (`ContRef::resume`), suspending from host
//! functions (`Caller::suspend`) and interrupting a spinning continuation
//! from another thread, then compares; when `wasmtime` is on PATH,
//! programs without host features are cross-checked with it too.

pub mod emit;
pub mod host;
pub mod model;

use crate::rng::Rng;
use crate::{Artifact, Case, Verdict};

/// Which of the two suspension tags, `$y0` or `$y1` (both
/// `(param i32) (result i32)`).
pub type TagIx = usize;

/// A statement of a function body; `x` is the function's one local (its
/// parameter), an `i32`.
#[derive(Debug, Clone, PartialEq)]
pub enum Stmt {
    /// `x = x * 3 + c`.
    Add(i32),
    /// `log(x)`.
    Log,
    /// `x = suspend $y<t> (x)`.
    Suspend(TagIx),
    /// `x = call $host_suspend<t> (x)`: a host function that suspends its
    /// caller with `Caller::suspend` (same effect as `Suspend`).
    HostSuspend(TagIx),
    /// `x = call $f<j> (x)`.
    Call(usize),
    /// `throw $e (x + c)`.
    Throw(i32),
    /// `try_table (catch $e)` around the body; on a catch of payload `p`:
    /// `x = p * 5 + c; log(x)`.
    Try(Vec<Stmt>, i32),
    /// `if ((x >> 2) & 1)` then the first body, else the second.
    If(Vec<Stmt>, Vec<Stmt>),
    /// Run function `callee` as a continuation under a handler loop.
    Run(RunSpec),
    /// If the global `$spin` is set: tell the host, then loop forever
    /// (the host interrupts the store from another thread).
    Spin,
    /// Two players pass a token with `switch` under one
    /// `resume (on $swap switch)`; see [`RingSpec`].
    Ring(RingSpec),
}

/// Two players (continuations of type `$sc`) under
/// `r = resume $sc (on $swap switch) (x, B, A)`: player `p` starts with
/// the token; each turn it does `tok = tok * 3 + adds[p]; log(tok)`, returns
/// `tok` once it has had `turns[p]` turns, else switches to the other one
/// (passing `tok` and receiving it back with the other's continuation).
/// Afterwards `log(r); x = x * 7 + r`; the player still suspended is
/// dropped.
#[derive(Debug, Clone, PartialEq)]
pub struct RingSpec {
    /// Per player: added to the token each turn.
    pub adds: [i32; 2],
    /// Per player: turns before it returns.
    pub turns: [u32; 2],
    /// Start player A through `cont.bind` of both arguments.
    pub bind: bool,
}

/// A handler loop around a continuation of `callee`:
///
/// ```text
/// k = cont.new callee; arg = x; n = 0
/// loop:
///   if n >= max_resumes: drop k, done
///   n += 1
///   r = if n - 1 == throw_at { resume_throw $e (x) k } else { resume k (arg) }
///   returned r:          log(r); x = x * 7 + r; done
///   suspended (t, v, k): log(v); x = x * 5 + v; arg = v + responses[t]; loop
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct RunSpec {
    /// The function run as a continuation.
    pub callee: usize,
    /// Which tags this `resume` handles (`(on $y<t> $label)`).
    pub handles: [bool; 2],
    /// Added to a suspended value to make the next resume's argument.
    pub responses: [i32; 2],
    /// Resumes before the continuation is dropped.
    pub max_resumes: u32,
    /// Which resume (0-based) is a `resume_throw` instead.
    pub throw_at: Option<u32>,
    /// Pass the argument with `cont.bind` and resume the bound
    /// continuation without arguments.
    pub bind: bool,
    /// Take the function from the table (`table.get`) instead of `ref.func`.
    pub via_table: bool,
}

/// How the program starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entry {
    /// The exported `run` calls `$f0`.
    Wasm,
    /// The host plays `$f0`, whose body is one `Run`: it creates the
    /// continuation with `ContRef::new` and drives it with
    /// `ContRef::resume`, handling the tags itself.
    Host,
}

/// A generated program.
#[derive(Debug, Clone)]
pub struct Program {
    /// Function bodies; `funcs[0]` is the entry.
    pub funcs: Vec<Vec<Stmt>>,
    /// The entry's argument.
    pub x0: i32,
    /// How it starts.
    pub entry: Entry,
    /// Functions from this index on live in a separate `lib` instance
    /// (with the tags, table, memory and globals), imported by `main`.
    pub split: Option<usize>,
    /// Host imports (`log` to the host, host suspends, spin) are used.
    pub host: bool,
}

impl Program {
    /// Does any statement satisfy `f`?
    pub fn any(&self, f: &impl Fn(&Stmt) -> bool) -> bool {
        fn walk(stmts: &[Stmt], f: &impl Fn(&Stmt) -> bool) -> bool {
            stmts.iter().any(|s| {
                f(s) || match s {
                    Stmt::Try(b, _) => walk(b, f),
                    Stmt::If(a, b) => walk(a, f) || walk(b, f),
                    _ => false,
                }
            })
        }
        self.funcs.iter().any(|b| walk(b, f))
    }

    /// The first function that lives in `lib` (or the table's first).
    pub fn lib_start(&self) -> usize {
        self.split.unwrap_or(0)
    }
}

struct Gen<'r> {
    rng: &'r mut Rng,
    nfuncs: usize,
    host: bool,
    lib_start: usize,
}

impl Gen<'_> {
    fn run_spec(&mut self, from: usize, host_driven: bool) -> RunSpec {
        let callee = self.rng.range(from + 1, self.nfuncs - 1);
        let max_resumes = if self.rng.chance(1, 12) {
            0
        } else {
            self.rng.range(1, 6) as u32
        };
        RunSpec {
            callee,
            handles: [self.rng.chance(19, 20), self.rng.chance(2, 3)],
            responses: [
                self.rng.range(0, 100) as i32,
                self.rng.range(0, 100) as i32 - 50,
            ],
            max_resumes,
            throw_at: (!host_driven && max_resumes > 0 && self.rng.chance(1, 4))
                .then(|| self.rng.below(max_resumes as usize) as u32),
            bind: !host_driven && self.rng.chance(1, 3),
            via_table: callee >= self.lib_start && self.rng.chance(1, 3),
        }
    }

    fn block(&mut self, f: usize, depth: usize, in_try: bool) -> Vec<Stmt> {
        let len = self.rng.range(1, 6usize.saturating_sub(depth * 2).max(1));
        let mut out = Vec::with_capacity(len);
        for _ in 0..len {
            // `$f0` runs outside any continuation: it neither suspends nor
            // calls (a callee's suspend would have no handler).
            let inner = f > 0;
            let can_run = f + 1 < self.nfuncs;
            let tag = |rng: &mut Rng| if rng.chance(3, 4) { 0 } else { 1 };
            let s = match self.rng.below(100) {
                0..=14 => Stmt::Add(self.rng.next_u32() as i32 % 1000),
                15..=29 => Stmt::Log,
                30..=47 if inner => Stmt::Suspend(tag(self.rng)),
                48..=53 if inner && self.host => Stmt::HostSuspend(tag(self.rng)),
                54..=61 if inner && can_run => Stmt::Call(self.rng.range(f + 1, self.nfuncs - 1)),
                // Mostly where a `try_table` of the same function catches.
                62..=67 if in_try || self.rng.chance(1, 6) => {
                    Stmt::Throw(self.rng.range(0, 50) as i32)
                }
                68..=77 if depth < 3 => {
                    Stmt::Try(self.block(f, depth + 1, true), self.rng.range(0, 9) as i32)
                }
                78..=83 if depth < 3 => Stmt::If(
                    self.block(f, depth + 1, in_try),
                    self.block(f, depth + 1, in_try),
                ),
                84..=93 if can_run => Stmt::Run(self.run_spec(f, false)),
                94..=99 => Stmt::Ring(RingSpec {
                    adds: [self.rng.range(0, 20) as i32, self.rng.range(0, 20) as i32],
                    turns: [self.rng.range(0, 4) as u32, self.rng.range(0, 4) as u32],
                    bind: self.rng.chance(1, 3),
                }),
                _ => Stmt::Log,
            };
            out.push(s);
        }
        out
    }
}

fn insert_spin(stmts: &mut Vec<Stmt>, rng: &mut Rng) {
    let at = rng.below(stmts.len() + 1);
    stmts.insert(at, Stmt::Spin);
}

/// Generates a program. `pure`: no host features (single module, no host
/// imports), so that another engine can run it alone.
pub fn generate(rng: &mut Rng, pure: bool) -> Program {
    let nfuncs = rng.range(2, 7);
    let host = !pure;
    let split = (host && nfuncs >= 3 && rng.chance(1, 2)).then(|| rng.range(2, nfuncs - 1));
    let mut g = Gen {
        rng,
        nfuncs,
        host,
        lib_start: split.unwrap_or(0),
    };
    let mut funcs: Vec<Vec<Stmt>> = (0..nfuncs).map(|f| g.block(f, 0, false)).collect();
    // Make sure the entry starts at least one continuation.
    if !funcs[0].iter().any(|s| matches!(s, Stmt::Run(_))) {
        let spec = g.run_spec(0, false);
        let at = g.rng.below(funcs[0].len() + 1);
        funcs[0].insert(at, Stmt::Run(spec));
    }
    let entry = if host && g.rng.chance(1, 4) {
        funcs[0] = vec![Stmt::Run(g.run_spec(0, true))];
        Entry::Host
    } else {
        Entry::Wasm
    };
    if host && g.rng.chance(1, 5) {
        let f = g.rng.below(nfuncs);
        if !(entry == Entry::Host && f == 0) {
            insert_spin(&mut funcs[f], g.rng);
        }
    }
    Program {
        funcs,
        x0: rng.range(0, 1000) as i32,
        entry,
        split,
        host,
    }
}

/// Runs one stack-switching case.
pub fn run_case(case: &Case) -> Verdict {
    let mut rng = Rng::new(case.seed);
    // A third of the programs use no host features (and are cross-checked
    // with wasmtime when it is on PATH).
    let pure = rng.chance(1, 3);
    let mut program = generate(&mut rng, pure);
    let mut expected = model::expect(&program, true);
    // Programs whose run would be too long are regenerated.
    for _ in 0..8 {
        if expected.is_some() {
            break;
        }
        program = generate(&mut rng, pure);
        expected = model::expect(&program, true);
    }
    let Some(expected) = expected else {
        return Verdict::Inconclusive("generated programs ran too long".into());
    };
    let modules = emit::emit(&program);
    let art = Artifact {
        wasm: modules.binary_of_main().unwrap_or_default(),
        wat: Some(modules.text()),
    };
    case.running(&art);
    match host::check(&program, &modules, &expected) {
        Ok(()) => {}
        Err(host::Failure::Finding(r)) => return Verdict::Finding(r, art),
        Err(host::Failure::Inconclusive(r)) => return Verdict::Inconclusive(r),
    }
    if pure {
        if let Some(r) = host::cross_check_wasmtime(&modules, &expected) {
            return Verdict::Finding(r, art);
        }
    }
    Verdict::Pass
}
