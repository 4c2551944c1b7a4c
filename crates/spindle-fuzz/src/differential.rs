//! Differential mode: wasm-smith modules on Spindle and on wasmi.
//!
//! Per case: generate a module (no imports), validate it on both engines
//! (and, when they disagree, on wasmparser as a third opinion),
//! instantiate it on both with the same fuel, call every exported function
//! with deterministic arguments (zeros, then values drawn from the case
//! seed), and after each call compare the outcome (results, or the trap's
//! class) and the state of every exported memory, global and table.
//!
//! Fuel is counted differently (Spindle: calls and loop iterations; wasmi:
//! instructions), so running out of fuel — or stack — on either side is
//! inconclusive and ends the instance. A panic of wasmi is inconclusive, a
//! panic of Spindle a finding. A divergence in a module containing the
//! pattern of a known wasmi 2.0.0 bug (`select` whose condition is computed
//! by `i32.eqz`/`i64.eqz`/`ref.is_null` right before it) is inconclusive;
//! any other divergence is a finding, cross-checked with the `wasmtime`
//! CLI when it is on PATH.

use std::fmt;

use crate::panics::catch;
use crate::rng::Rng;
use crate::{smith, wasmtime_cli, Artifact, Case, Verdict};

/// Fuel for one call on Spindle (calls plus loop iterations).
pub const SPINDLE_FUEL: u64 = 200_000;
/// Fuel for one call on wasmi (about one unit per instruction).
pub const WASMI_FUEL: u64 = 20_000_000;

/// An argument, as both engines get it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Arg {
    /// `i32`.
    I32(i32),
    /// `i64`.
    I64(i64),
    /// `f32` bits.
    F32(u32),
    /// `f64` bits.
    F64(u64),
    /// `v128` bits.
    V128(u128),
    /// A null reference (funcref or externref).
    Null,
}

/// A result value, engine-neutral.
#[derive(Debug, Clone, Copy)]
pub enum Value {
    /// `i32`.
    I32(i32),
    /// `i64`.
    I64(i64),
    /// `f32` bits.
    F32(u32),
    /// `f64` bits.
    F64(u64),
    /// `v128` bits.
    V128(u128),
    /// A reference: null or not (identities are not comparable).
    Ref { null: bool },
    /// Something the other engine cannot have.
    Other,
}

fn f32_nan(bits: u32) -> bool {
    f32::from_bits(bits).is_nan()
}
fn f64_nan(bits: u64) -> bool {
    f64::from_bits(bits).is_nan()
}

/// Two `v128`s are equal if, read as four `f32` or as two `f64` lanes,
/// every lane is equal or both are NaN (the lane type is not known here).
pub(crate) fn v128_eq(a: u128, b: u128) -> bool {
    let lanes32 = (0..4).all(|i| {
        let (x, y) = ((a >> (32 * i)) as u32, (b >> (32 * i)) as u32);
        x == y || (f32_nan(x) && f32_nan(y))
    });
    let lanes64 = (0..2).all(|i| {
        let (x, y) = ((a >> (64 * i)) as u64, (b >> (64 * i)) as u64);
        x == y || (f64_nan(x) && f64_nan(y))
    });
    lanes32 || lanes64
}

impl PartialEq for Value {
    /// Integers and references exactly; floats bitwise, except that any
    /// NaN equals any NaN (the payload and sign of an arithmetic NaN are
    /// nondeterministic).
    fn eq(&self, other: &Value) -> bool {
        match (*self, *other) {
            (Value::I32(a), Value::I32(b)) => a == b,
            (Value::I64(a), Value::I64(b)) => a == b,
            (Value::F32(a), Value::F32(b)) => a == b || (f32_nan(a) && f32_nan(b)),
            (Value::F64(a), Value::F64(b)) => a == b || (f64_nan(a) && f64_nan(b)),
            (Value::V128(a), Value::V128(b)) => v128_eq(a, b),
            (Value::Ref { null: a }, Value::Ref { null: b }) => a == b,
            _ => false,
        }
    }
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Value::I32(v) => write!(f, "i32:{v}"),
            Value::I64(v) => write!(f, "i64:{v}"),
            Value::F32(v) => write!(f, "f32:{:#x}({})", v, f32::from_bits(v)),
            Value::F64(v) => write!(f, "f64:{:#x}({})", v, f64::from_bits(v)),
            Value::V128(v) => write!(f, "v128:{v:#034x}"),
            Value::Ref { null } => write!(f, "ref:{}", if null { "null" } else { "non-null" }),
            Value::Other => write!(f, "?"),
        }
    }
}

/// The classes of traps both engines tell apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TrapClass {
    /// `unreachable`.
    Unreachable,
    /// Out-of-bounds memory access (including bulk memory operations).
    Memory,
    /// Out-of-bounds table access or undefined element.
    Table,
    /// `call_indirect` to a null entry.
    NullElement,
    /// `call_indirect` signature mismatch.
    Signature,
    /// Integer division by zero.
    DivByZero,
    /// Integer overflow.
    Overflow,
    /// Invalid float-to-integer conversion.
    Conversion,
    /// A null reference.
    NullReference,
    /// Anything else (compared only as "trapped").
    Other,
}

/// The outcome of a call (or of instantiation).
#[derive(Debug, Clone)]
pub enum Outcome {
    /// Returned these values.
    Values(Vec<Value>),
    /// Trapped.
    Trap(TrapClass, String),
    /// Out of fuel or stack: nothing to compare.
    Exhausted(String),
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Outcome::Values(v) => {
                write!(f, "[")?;
                for (i, x) in v.iter().enumerate() {
                    if i > 0 {
                        write!(f, ", ")?;
                    }
                    write!(f, "{x}")?;
                }
                write!(f, "]")
            }
            Outcome::Trap(c, m) => write!(f, "trap {c:?} ({m})"),
            Outcome::Exhausted(m) => write!(f, "exhausted ({m})"),
        }
    }
}

/// Which side ran out of what (no case-specific numbers).
fn exhausted_reason(s: &Outcome, w: &Outcome) -> String {
    let side = |o: &Outcome| match o {
        Outcome::Exhausted(m) => m
            .split(|c: char| c.is_ascii_digit())
            .next()
            .unwrap_or("")
            .trim()
            .to_string(),
        _ => "-".to_string(),
    };
    format!("exhausted: Spindle [{}], wasmi [{}]", side(s), side(w))
}

/// Do two outcomes agree? `None`: they cannot be compared.
fn agree(a: &Outcome, b: &Outcome) -> Option<bool> {
    match (a, b) {
        (Outcome::Exhausted(_), _) | (_, Outcome::Exhausted(_)) => None,
        (Outcome::Values(x), Outcome::Values(y)) => Some(x == y),
        (Outcome::Trap(x, _), Outcome::Trap(y, _)) => {
            Some(x == y || *x == TrapClass::Other || *y == TrapClass::Other)
        }
        _ => Some(false),
    }
}

fn spindle_trap_class(code: spindle::TrapCode) -> Result<TrapClass, String> {
    use spindle::TrapCode as T;
    Ok(match code {
        T::Unreachable => TrapClass::Unreachable,
        T::MemoryOutOfBounds => TrapClass::Memory,
        T::TableOutOfBounds | T::UndefinedElement => TrapClass::Table,
        T::IndirectCallToNull => TrapClass::NullElement,
        T::IndirectCallTypeMismatch => TrapClass::Signature,
        T::IntegerDivideByZero => TrapClass::DivByZero,
        T::IntegerOverflow => TrapClass::Overflow,
        T::InvalidConversionToInteger => TrapClass::Conversion,
        T::NullReference | T::NullFunctionReference => TrapClass::NullReference,
        T::OutOfFuel | T::StackExhausted | T::ContinuationLimit | T::Interrupted => {
            return Err(code.message().to_string())
        }
        _ => TrapClass::Other,
    })
}

fn spindle_outcome(r: anyhow::Result<Vec<Value>>) -> Outcome {
    match r {
        Ok(v) => Outcome::Values(v),
        Err(e) => match e.downcast_ref::<spindle::Trap>() {
            Some(t) => match spindle_trap_class(t.code()) {
                Ok(c) => Outcome::Trap(c, t.message().to_string()),
                Err(m) => Outcome::Exhausted(m),
            },
            None => Outcome::Trap(TrapClass::Other, format!("{e:#}")),
        },
    }
}

fn wasmi_outcome(r: Result<Vec<Value>, wasmi::Error>) -> Outcome {
    use wasmi::TrapCode as T;
    match r {
        Ok(v) => Outcome::Values(v),
        Err(e) => {
            let msg = e.to_string();
            let class = match e.as_trap_code() {
                Some(T::OutOfFuel) | Some(T::StackOverflow) | Some(T::OutOfSystemMemory) => {
                    return Outcome::Exhausted(msg)
                }
                Some(T::UnreachableCodeReached) => TrapClass::Unreachable,
                Some(T::MemoryOutOfBounds) => TrapClass::Memory,
                Some(T::TableOutOfBounds) => TrapClass::Table,
                Some(T::IndirectCallToNull) => TrapClass::NullElement,
                Some(T::BadSignature) => TrapClass::Signature,
                Some(T::IntegerDivisionByZero) => TrapClass::DivByZero,
                Some(T::IntegerOverflow) => TrapClass::Overflow,
                Some(T::BadConversionToInteger) => TrapClass::Conversion,
                _ => {
                    let m = msg.to_ascii_lowercase();
                    if m.contains("fuel") || m.contains("stack overflow") || m.contains("limit") {
                        return Outcome::Exhausted(msg);
                    } else if m.contains("bounds") && m.contains("memory") {
                        TrapClass::Memory
                    } else if m.contains("bounds") && (m.contains("table") || m.contains("elem")) {
                        TrapClass::Table
                    } else {
                        TrapClass::Other
                    }
                }
            };
            Outcome::Trap(class, msg)
        }
    }
}

/// Interesting `i32`s.
const I32S: &[i32] = &[
    0,
    1,
    -1,
    2,
    7,
    31,
    32,
    63,
    64,
    0x7f,
    0x80,
    0xff,
    0x100,
    0xffff,
    0x1_0000,
    0xfff0,
    0x1_fffc,
    i32::MIN,
    i32::MAX,
    i32::MIN + 1,
];

/// Interesting `f64`s (also used, narrowed, for `f32`).
const F64S: &[f64] = &[
    0.0,
    -0.0,
    1.0,
    -1.0,
    0.5,
    2.5,
    -2.5,
    1e10,
    -1e30,
    f64::INFINITY,
    f64::NEG_INFINITY,
    f64::NAN,
    f64::MIN_POSITIVE,
    4294967296.0,
    2147483648.0,
    -2147483649.0,
];

pub(crate) fn draw_arg(ty: &spindle::ValType, rng: &mut Rng) -> Arg {
    use spindle::ValType as V;
    let wild = rng.chance(1, 4);
    match ty {
        V::I32 if wild => Arg::I32(rng.next_u32() as i32),
        V::I32 => Arg::I32(*rng.pick(I32S)),
        V::I64 if wild => Arg::I64(rng.next_u64() as i64),
        V::I64 => {
            let base = i64::from(*rng.pick(I32S));
            Arg::I64(match rng.below(3) {
                0 => base,
                1 => base << 32,
                _ => base.wrapping_mul(0x1_0000_0001),
            })
        }
        V::F32 if wild => Arg::F32(rng.next_u32()),
        V::F32 => Arg::F32((*rng.pick(F64S) as f32).to_bits()),
        V::F64 if wild => Arg::F64(rng.next_u64()),
        V::F64 => Arg::F64(rng.pick(F64S).to_bits()),
        V::V128 if wild => Arg::V128((rng.next_u64() as u128) << 64 | rng.next_u64() as u128),
        V::V128 => {
            // The same lane pattern in every 32-bit lane, or two f64s.
            let x = *rng.pick(I32S) as u32 as u128;
            Arg::V128(match rng.below(3) {
                0 => x * 0x0000_0001_0000_0001_0000_0001_0000_0001,
                1 => rng.pick(F64S).to_bits() as u128 | (rng.pick(F64S).to_bits() as u128) << 64,
                _ => x,
            })
        }
        _ => Arg::Null,
    }
}

/// The arguments of a call in `round` of a call sequence: zeros in the
/// first round, random values after it.
pub(crate) fn round_args(params: &[spindle::ValType], round: u32, rng: &mut Rng) -> Vec<Arg> {
    params
        .iter()
        .map(|t| {
            if round == 0 {
                zero_arg(t)
            } else {
                draw_arg(t, rng)
            }
        })
        .collect()
}

pub(crate) fn zero_arg(ty: &spindle::ValType) -> Arg {
    use spindle::ValType as V;
    match ty {
        V::I32 => Arg::I32(0),
        V::I64 => Arg::I64(0),
        V::F32 => Arg::F32(0),
        V::F64 => Arg::F64(0),
        V::V128 => Arg::V128(0),
        _ => Arg::Null,
    }
}

pub(crate) fn spindle_arg(a: Arg, ty: &spindle::ValType) -> spindle::Val {
    match a {
        Arg::I32(v) => spindle::Val::I32(v),
        Arg::I64(v) => spindle::Val::I64(v),
        Arg::F32(v) => spindle::Val::F32(v),
        Arg::F64(v) => spindle::Val::F64(v),
        Arg::V128(v) => spindle::Val::V128(v),
        Arg::Null => spindle::Val::default_for(ty),
    }
}

fn wasmi_arg(a: Arg, ty: wasmi::ValType) -> wasmi::Val {
    match a {
        Arg::I32(v) => wasmi::Val::I32(v),
        Arg::I64(v) => wasmi::Val::I64(v),
        Arg::F32(v) => wasmi::Val::F32(wasmi::F32::from_bits(v)),
        Arg::F64(v) => wasmi::Val::F64(wasmi::F64::from_bits(v)),
        Arg::V128(v) => wasmi::Val::V128(v.into()),
        Arg::Null => wasmi::Val::default_for_ty(ty),
    }
}

pub(crate) fn from_spindle(v: &spindle::Val) -> Value {
    match v {
        spindle::Val::I32(x) => Value::I32(*x),
        spindle::Val::I64(x) => Value::I64(*x),
        spindle::Val::F32(x) => Value::F32(*x),
        spindle::Val::F64(x) => Value::F64(*x),
        spindle::Val::V128(x) => Value::V128(*x),
        r => Value::Ref { null: r.is_null() },
    }
}

fn from_wasmi(v: &wasmi::Val) -> Value {
    match v {
        wasmi::Val::I32(x) => Value::I32(*x),
        wasmi::Val::I64(x) => Value::I64(*x),
        wasmi::Val::F32(x) => Value::F32(x.to_bits()),
        wasmi::Val::F64(x) => Value::F64(x.to_bits()),
        wasmi::Val::V128(x) => Value::V128(x.as_u128()),
        wasmi::Val::FuncRef(r) => Value::Ref { null: r.is_null() },
        wasmi::Val::ExternRef(r) => Value::Ref { null: r.is_null() },
    }
}

/// Spindle's side of a case.
struct SpindleSide {
    store: spindle::Store<()>,
    instance: spindle::Instance,
}

/// wasmi's side of a case.
struct WasmiSide {
    store: wasmi::Store<()>,
    instance: wasmi::Instance,
}

fn spindle_engine() -> spindle::Engine {
    spindle_engine_with(true, spindle::Tier::Interp)
}

fn spindle_engine_with(fuel: bool, tier: spindle::Tier) -> spindle::Engine {
    let mut config = spindle::Config::new();
    config.consume_fuel(fuel);
    config.tier(tier);
    if tier == spindle::Tier::Tiered {
        // Switches tiers within the first calls and loops (`tiers.rs`).
        config
            .tier_threshold(crate::tiers::TIERED_THRESHOLD)
            .tier_background(false);
    }
    // Deep recursion is inconclusive anyway (wasmi stops far earlier):
    // keep it cheap.
    config.max_call_depth(100_000);
    spindle::Engine::new(&config)
}

fn wasmi_engine() -> wasmi::Engine {
    let mut config = wasmi::Config::default();
    config.consume_fuel(true);
    config.compilation_mode(wasmi::CompilationMode::Eager);
    wasmi::Engine::new(&config)
}

/// The module's exports, in order: (name, kind).
pub(crate) fn export_names(module: &spindle::Module) -> Vec<(String, spindle::ExternType)> {
    module.exports().map(|(n, t)| (n.to_string(), t)).collect()
}

/// Everything observable of the exported state, engine-neutral.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum StateItem {
    Memory(Vec<u8>),
    Global(Value),
    Table(Vec<bool>),
}

fn spindle_state(
    side: &mut SpindleSide,
    exports: &[(String, spindle::ExternType)],
) -> Vec<StateItem> {
    let mut out = Vec::new();
    for (name, ty) in exports {
        match ty {
            spindle::ExternType::Memory(_) => {
                if let Some(m) = side.instance.get_memory(&mut side.store, name) {
                    out.push(StateItem::Memory(m.data(&side.store).to_vec()));
                }
            }
            spindle::ExternType::Global(_) => {
                if let Some(g) = side.instance.get_global(&mut side.store, name) {
                    out.push(StateItem::Global(from_spindle(&g.get(&side.store))));
                }
            }
            spindle::ExternType::Table(_) => {
                if let Some(t) = side.instance.get_table(&mut side.store, name) {
                    let n = t.size(&side.store);
                    let items = (0..n)
                        .map(|i| t.get(&side.store, i).is_none_or(|v| v.is_null()))
                        .collect();
                    out.push(StateItem::Table(items));
                }
            }
            _ => {}
        }
    }
    out
}

fn wasmi_state(side: &mut WasmiSide, exports: &[(String, spindle::ExternType)]) -> Vec<StateItem> {
    let mut out = Vec::new();
    for (name, ty) in exports {
        match ty {
            spindle::ExternType::Memory(_) => {
                if let Some(m) = side.instance.get_memory(&side.store, name) {
                    out.push(StateItem::Memory(m.data(&side.store).to_vec()));
                }
            }
            spindle::ExternType::Global(_) => {
                if let Some(g) = side.instance.get_global(&side.store, name) {
                    out.push(StateItem::Global(from_wasmi(&g.get(&side.store))));
                }
            }
            spindle::ExternType::Table(_) => {
                if let Some(t) = side.instance.get_table(&side.store, name) {
                    let n = t.size(&side.store);
                    let items = (0..n)
                        .map(|i| t.get(&side.store, i).is_none_or(|r| r.is_null()))
                        .collect();
                    out.push(StateItem::Table(items));
                }
            }
            _ => {}
        }
    }
    out
}

/// Could the bytes that differ between two memories be float NaNs (whose
/// payloads may differ)? Checks every 4- and 8-byte window around each
/// difference.
fn nan_explains(a: &[u8], b: &[u8]) -> bool {
    let window_nan = |m: &[u8], start: usize, len: usize| -> bool {
        if start + len > m.len() {
            return false;
        }
        if len == 4 {
            f32_nan(u32::from_le_bytes(m[start..start + 4].try_into().unwrap()))
        } else {
            f64_nan(u64::from_le_bytes(m[start..start + 8].try_into().unwrap()))
        }
    };
    a.iter().zip(b).enumerate().all(|(i, (x, y))| {
        x == y
            || [4usize, 8].iter().any(|&len| {
                (i.saturating_sub(len - 1)..=i)
                    .any(|s| window_nan(a, s, len) && window_nan(b, s, len))
            })
    })
}

/// Compares two states; a description of the first difference.
pub(crate) fn compare_state(
    s: &[StateItem],
    w: &[StateItem],
    canonical_nans: bool,
) -> Result<(), String> {
    if s.len() != w.len() {
        return Err(format!("{} exported items vs {}", s.len(), w.len()));
    }
    for (i, (a, b)) in s.iter().zip(w).enumerate() {
        match (a, b) {
            (StateItem::Memory(x), StateItem::Memory(y)) => {
                if x.len() != y.len() {
                    return Err(format!("memory #{i}: {} bytes vs {}", x.len(), y.len()));
                }
                if x != y && (canonical_nans || !nan_explains(x, y)) {
                    let at = x.iter().zip(y).position(|(p, q)| p != q).unwrap_or(0);
                    return Err(format!(
                        "memory #{i} differs at {at:#x}: {:#04x} vs {:#04x}",
                        x[at], y[at]
                    ));
                }
            }
            (StateItem::Global(x), StateItem::Global(y)) => {
                if x != y {
                    return Err(format!("global #{i}: {x} vs {y}"));
                }
            }
            (StateItem::Table(x), StateItem::Table(y)) => {
                if x != y {
                    return Err(format!(
                        "table #{i}: {} entries ({} null) vs {} ({} null)",
                        x.len(),
                        x.iter().filter(|n| **n).count(),
                        y.len(),
                        y.iter().filter(|n| **n).count()
                    ));
                }
            }
            _ => return Err(format!("exported item #{i} has different kinds")),
        }
    }
    Ok(())
}

/// Does the module contain the pattern of wasmi 2.0.0's `select` bug: a
/// `select` whose condition is computed by `i32.eqz`, `i64.eqz` or
/// `ref.is_null` right before it (only `nop`s between)?
pub fn has_wasmi_select_pattern(wasm: &[u8]) -> bool {
    use wasmparser::{Operator, Parser, Payload};
    for payload in Parser::new(0).parse_all(wasm) {
        let Ok(Payload::CodeSectionEntry(body)) = payload else {
            continue;
        };
        let Ok(mut ops) = body.get_operators_reader() else {
            continue;
        };
        let mut prev_eqz = false;
        while !ops.eof() {
            let Ok(op) = ops.read() else { break };
            match op {
                Operator::Nop => {}
                Operator::Select
                | Operator::TypedSelect { .. }
                | Operator::TypedSelectMulti { .. }
                    if prev_eqz =>
                {
                    return true
                }
                Operator::I32Eqz | Operator::I64Eqz | Operator::RefIsNull => {
                    prev_eqz = true;
                    continue;
                }
                _ => {}
            }
            if !matches!(op, Operator::Nop) {
                prev_eqz = false;
            }
        }
    }
    false
}

/// Does the module turn float bits into integers (`i32.reinterpret_f32`,
/// `i64.reinterpret_f64`)? Then, without NaN canonicalisation, an
/// arithmetic NaN's payload (nondeterministic by the spec) can reach
/// integer results and globals, and their differences prove nothing.
pub fn has_float_to_int_reinterpret(wasm: &[u8]) -> bool {
    use wasmparser::{Operator, Parser, Payload};
    Parser::new(0).parse_all(wasm).any(|payload| {
        let Ok(Payload::CodeSectionEntry(body)) = payload else {
            return false;
        };
        let Ok(mut ops) = body.get_operators_reader() else {
            return false;
        };
        while !ops.eof() {
            match ops.read() {
                Ok(Operator::I32ReinterpretF32 | Operator::I64ReinterpretF64) => return true,
                Ok(_) => {}
                Err(_) => break,
            }
        }
        false
    })
}

/// Validates `wasm` with wasmparser 0.263 under the differential feature
/// set: the third opinion when the engines disagree on validity.
fn wasmparser_accepts(wasm: &[u8]) -> bool {
    use wasmparser::WasmFeatures as F;
    let mut features = F::WASM2;
    features.insert(
        F::TAIL_CALL | F::EXTENDED_CONST | F::MULTI_MEMORY | F::GC_TYPES | F::SIMD | F::MEMORY64,
    );
    wasmparser::Validator::new_with_features(features)
        .validate_all(wasm)
        .is_ok()
}

/// The module of a case and how to run it.
pub(crate) struct Generated {
    pub wasm: Vec<u8>,
    /// Whether wasm-smith canonicalised NaNs (then NaN bits must agree).
    pub canonical_nans: bool,
    /// The seed of the drawn call arguments.
    pub arg_seed: u64,
}

/// Generates the case's module (also recorded as the one running), or the
/// inconclusive verdict when wasm-smith could not build one.
pub(crate) fn generate(case: &Case) -> Result<Generated, Verdict> {
    generate_with(case, false)
}

/// The case's module generated again with wasm-smith's NaN
/// canonicalisation forced on (a `select` of the canonical NaN after every
/// float arithmetic result: `add` ... `sqrt`, `min`, `max`, rounding, and
/// their `f32x4`/`f64x2` forms), from the same random bytes and with the
/// same call arguments. wasm-smith counts the inserted instructions
/// against its budget, so the twin starts like the module and then
/// differs: it is a related module, not the same one. A divergence in a
/// module without canonicalisation counts only if the twin diverges too;
/// otherwise it may be a NaN payload the spec leaves nondeterministic.
pub(crate) fn generate_canonical_twin(case: &Case) -> Result<Generated, Verdict> {
    generate_with(case, true)
}

fn generate_with(case: &Case, force_canonical: bool) -> Result<Generated, Verdict> {
    let mut rng = Rng::new(case.seed);
    let canonical_nans = rng.chance(3, 4) || force_canonical;
    let disallow_traps = rng.chance(1, 2);
    let len = rng.range(2048, 32768);
    let wasm = smith::generate(
        smith::differential_config(canonical_nans, disallow_traps),
        &mut rng,
        len,
    )
    .map_err(|_| Verdict::Inconclusive("wasm-smith could not build a module".into()))?;
    case.running(&Artifact {
        wasm: wasm.clone(),
        wat: None,
    });
    Ok(Generated {
        wasm,
        canonical_nans,
        arg_seed: rng.next_u64(),
    })
}

/// Runs one differential case.
pub fn run_case(case: &Case) -> Verdict {
    let Generated {
        wasm,
        canonical_nans,
        arg_seed,
    } = match generate(case) {
        Ok(g) => g,
        Err(v) => return v,
    };
    let art = Artifact {
        wasm: wasm.clone(),
        wat: None,
    };
    match compare_module(&wasm, canonical_nans, arg_seed) {
        Compared::Agree => Verdict::Pass,
        Compared::Inconclusive(r) => Verdict::Inconclusive(r),
        Compared::Diverge(d)
            if d.oracle_suspect && !canonical_nans && has_float_to_int_reinterpret(&wasm) =>
        {
            Verdict::Inconclusive(
                "divergence where NaN payloads may reach integers (no canonicalisation, reinterpret)"
                    .into(),
            )
        }
        Compared::Diverge(_) if !canonical_nans => {
            // NaN payloads also reach integers through memory, `v128`
            // lanes and `copysign`: the twin with canonical NaNs decides.
            let twin = match generate_canonical_twin(case) {
                Ok(t) => t,
                Err(v) => return v,
            };
            match compare_module(&twin.wasm, true, twin.arg_seed) {
                Compared::Agree | Compared::Inconclusive(_) => Verdict::Inconclusive(
                    "divergence without NaN canonicalisation, none in the canonicalised twin"
                        .into(),
                ),
                Compared::Diverge(t) => {
                    let art = Artifact {
                        wasm: twin.wasm.clone(),
                        wat: None,
                    };
                    let text = format!("{} (module with NaN canonicalisation)", t.text);
                    classify_divergence(&twin.wasm, Divergence { text, ..t }, art)
                }
            }
        }
        Compared::Diverge(r) => classify_divergence(&wasm, r, art),
    }
}

/// A divergence is Spindle's unless the module has the known wasmi bug's
/// pattern or the `wasmtime` CLI (when present) sides with Spindle.
fn classify_divergence(wasm: &[u8], reason: Divergence, art: Artifact) -> Verdict {
    if reason.oracle_suspect && has_wasmi_select_pattern(wasm) {
        return Verdict::Inconclusive(
            "divergence in a module with wasmi's select-after-eqz bug pattern".into(),
        );
    }
    if let Some(first) = &reason.first_call {
        if let Some(wt) = wasmtime_cli::invoke(wasm, &first.name, &first.args, &[]) {
            let spindle_side = first.spindle.to_string();
            match wt {
                wasmtime_cli::CliOutcome::Values(vals) => {
                    if let Outcome::Values(s) = &first.spindle {
                        if wasmtime_cli::matches(s, &vals) {
                            return Verdict::Inconclusive(
                                "wasmi diverges; wasmtime agrees with Spindle".into(),
                            );
                        }
                    }
                    return Verdict::Finding(
                        format!(
                            "{} (confirmed: wasmtime returns values, Spindle: {spindle_side})",
                            reason.text
                        ),
                        art,
                    );
                }
                wasmtime_cli::CliOutcome::Trap(msg) => {
                    if matches!(first.spindle, Outcome::Trap(..)) {
                        return Verdict::Inconclusive(
                            "wasmi diverges; wasmtime traps like Spindle".into(),
                        );
                    }
                    return Verdict::Finding(
                        format!("{} (confirmed: wasmtime traps: {msg})", reason.text),
                        art,
                    );
                }
                wasmtime_cli::CliOutcome::Unusable => {}
            }
        }
    }
    Verdict::Finding(reason.text, art)
}

/// What a comparison found.
enum Compared {
    Agree,
    Inconclusive(String),
    Diverge(Divergence),
}

/// A divergence: text, whether wasmi could be the one that is wrong, and
/// (when it is the instance's first call) the call to re-check elsewhere.
struct Divergence {
    text: String,
    oracle_suspect: bool,
    first_call: Option<FirstCall>,
}

struct FirstCall {
    name: String,
    args: Vec<Arg>,
    spindle: Outcome,
}

fn diverge(text: String) -> Compared {
    Compared::Diverge(Divergence {
        text,
        oracle_suspect: true,
        first_call: None,
    })
}

/// Compares one module on both engines.
fn compare_module(wasm: &[u8], canonical_nans: bool, arg_seed: u64) -> Compared {
    let s_engine = spindle_engine();
    let w_engine = wasmi_engine();
    let s_module = match catch(|| spindle::Module::new(&s_engine, wasm)) {
        Err(p) => {
            return Compared::Diverge(Divergence {
                text: format!("Spindle panicked compiling the module: {p}"),
                oracle_suspect: false,
                first_call: None,
            })
        }
        Ok(m) => m,
    };
    let w_module = match catch(|| wasmi::Module::new(&w_engine, wasm)) {
        Err(_) => return Compared::Inconclusive("wasmi panicked compiling the module".into()),
        Ok(m) => m,
    };
    let (s_module, w_module) = match (s_module, w_module) {
        (Ok(s), Ok(w)) => (s, w),
        (Err(_), Err(_)) => return Compared::Agree,
        (Err(e), Ok(_)) => {
            return diverge(format!("Spindle rejects a module wasmi accepts: {e:#}"))
        }
        (Ok(_), Err(e)) => {
            if wasmparser_accepts(wasm) {
                return Compared::Inconclusive("wasmi rejects a module wasmparser accepts".into());
            }
            return diverge(format!(
                "Spindle accepts a module wasmi and wasmparser reject: {e}"
            ));
        }
    };
    let exports = export_names(&s_module);

    // Call every exported function, with zeros and then with drawn values,
    // on fresh instances. An export that exhausts fuel or stack ends that
    // pair of instances; the sequence restarts on new ones without it.
    let mut skip: Vec<String> = Vec::new();
    loop {
        match call_sequence(
            (&s_engine, &s_module),
            (&w_engine, &w_module),
            &exports,
            &skip,
            canonical_nans,
            arg_seed,
        ) {
            // Exports skipped for exhausting fuel or stack were not
            // compared; everything else was.
            Sequence::Done(Compared::Agree) => {
                return without_fuel(wasm, &exports, &skip, canonical_nans, arg_seed)
            }
            Sequence::Done(c) => return c,
            Sequence::Exhausted(name, reason) => {
                if skip.len() >= 3 {
                    return Compared::Inconclusive(reason);
                }
                skip.push(name);
            }
        }
    }
}

/// What Spindle alone did in a sequence: each call's outcome and the
/// state after it (instantiation first).
pub(crate) type Trace = Vec<(Outcome, Vec<StateItem>)>;

/// Runs the call sequence on Spindle alone, in `tier`. `Err`: a panic.
pub(crate) fn spindle_trace(
    fuel: bool,
    tier: spindle::Tier,
    wasm: &[u8],
    exports: &[(String, spindle::ExternType)],
    skip: &[String],
    arg_seed: u64,
) -> Result<Trace, String> {
    let engine = &spindle_engine_with(fuel, tier);
    let module = catch(|| spindle::Module::new(engine, wasm))?.map_err(|e| format!("{e:#}"))?;
    let mut store = spindle::Store::new(engine, ());
    if fuel {
        let _ = store.set_fuel(SPINDLE_FUEL);
    }
    let inst = catch(|| spindle::Linker::new(engine).instantiate(&mut store, &module))?;
    let instance = match inst {
        Ok(i) => i,
        Err(e) => return Ok(vec![(spindle_outcome(Err(e)), Vec::new())]),
    };
    let mut side = SpindleSide { store, instance };
    let mut trace = vec![(
        Outcome::Values(Vec::new()),
        spindle_state(&mut side, exports),
    )];
    let mut rng = Rng::new(arg_seed);
    for round in 0..3 {
        for (name, ty) in exports {
            let spindle::ExternType::Func(fty) = ty else {
                continue;
            };
            let args: Vec<Arg> = round_args(fty.params(), round, &mut rng);
            if skip.contains(name) {
                continue;
            }
            if fuel {
                let _ = side.store.set_fuel(SPINDLE_FUEL);
            }
            let Some(f) = side.instance.get_func(&mut side.store, name) else {
                return Err(format!("lost export {name}"));
            };
            let s_args: Vec<spindle::Val> = args
                .iter()
                .zip(fty.params())
                .map(|(a, t)| spindle_arg(*a, t))
                .collect();
            let mut results = vec![spindle::Val::I32(0); fty.results().len()];
            let r = catch(|| f.call(&mut side.store, &s_args, &mut results))?;
            let o = spindle_outcome(r.map(|()| results.iter().map(from_spindle).collect()));
            trace.push((o, spindle_state(&mut side, exports)));
        }
    }
    Ok(trace)
}

/// Spindle without fuel has no `Tick` instructions, so its translated code
/// differs (loop headers, counted loops): the sequence that terminated
/// with fuel is run again without, and must do the same.
fn without_fuel(
    wasm: &[u8],
    exports: &[(String, spindle::ExternType)],
    skip: &[String],
    canonical_nans: bool,
    arg_seed: u64,
) -> Compared {
    let interp = spindle::Tier::Interp;
    let fueled = spindle_trace(true, interp, wasm, exports, skip, arg_seed);
    let free = spindle_trace(false, interp, wasm, exports, skip, arg_seed);
    let (fueled, free) = match (fueled, free) {
        (Ok(a), Ok(b)) => (a, b),
        (Err(p), _) | (_, Err(p)) => {
            return Compared::Diverge(Divergence {
                text: format!("Spindle panicked (fuel/no-fuel pass): {p}"),
                oracle_suspect: false,
                first_call: None,
            })
        }
    };
    if fueled.len() != free.len() {
        return Compared::Diverge(Divergence {
            text: format!(
                "Spindle with and without fuel made {} vs {} steps",
                fueled.len(),
                free.len()
            ),
            oracle_suspect: false,
            first_call: None,
        });
    }
    for (i, ((o1, s1), (o2, s2))) in fueled.iter().zip(&free).enumerate() {
        let same = match (o1, o2) {
            // The fueled run may stop where the other goes on only for
            // exhaustion, which the sequence skipped.
            (Outcome::Exhausted(a), Outcome::Exhausted(b)) => a == b,
            _ => agree(o1, o2) == Some(true),
        };
        let state = compare_state(s1, s2, canonical_nans);
        if !same || state.is_err() {
            return Compared::Diverge(Divergence {
                text: format!(
                    "Spindle with fuel vs without, step {i}: {o1} vs {o2}{}",
                    state.err().map(|e| format!("; {e}")).unwrap_or_default()
                ),
                oracle_suspect: false,
                first_call: None,
            });
        }
    }
    Compared::Agree
}

/// How a sequence of calls ended.
enum Sequence {
    Done(Compared),
    /// This export exhausted fuel or stack (the reason).
    Exhausted(String, String),
}

/// Instantiates on both engines and calls the exports not in `skip`.
fn call_sequence(
    (s_engine, s_module): (&spindle::Engine, &spindle::Module),
    (w_engine, w_module): (&wasmi::Engine, &wasmi::Module),
    exports: &[(String, spindle::ExternType)],
    skip: &[String],
    canonical_nans: bool,
    arg_seed: u64,
) -> Sequence {
    let done = Sequence::Done;
    let mut s_store = spindle::Store::new(s_engine, ());
    let _ = s_store.set_fuel(SPINDLE_FUEL);
    let mut w_store = wasmi::Store::new(w_engine, ());
    let _ = w_store.set_fuel(WASMI_FUEL);
    let s_inst = match catch(|| spindle::Linker::new(s_engine).instantiate(&mut s_store, s_module))
    {
        Err(p) => {
            return done(Compared::Diverge(Divergence {
                text: format!("Spindle panicked instantiating: {p}"),
                oracle_suspect: false,
                first_call: None,
            }))
        }
        Ok(r) => r,
    };
    let w_inst = match catch(|| {
        wasmi::Linker::<()>::new(w_engine).instantiate_and_start(&mut w_store, w_module)
    }) {
        Err(_) => {
            return done(Compared::Inconclusive(
                "wasmi panicked instantiating".into(),
            ))
        }
        Ok(r) => r,
    };
    let (s_inst, w_inst) = match (s_inst, w_inst) {
        (Ok(s), Ok(w)) => (s, w),
        (s, w) => {
            let so = spindle_outcome(s.map(|_| Vec::new()));
            let wo = wasmi_outcome(w.map(|_| Vec::new()));
            return done(match agree(&so, &wo) {
                None => {
                    Compared::Inconclusive(format!("instantiation: {}", exhausted_reason(&so, &wo)))
                }
                Some(true) => Compared::Agree,
                Some(false) => diverge(format!("instantiation: Spindle {so}, wasmi {wo}")),
            });
        }
    };
    let mut s = SpindleSide {
        store: s_store,
        instance: s_inst,
    };
    let mut w = WasmiSide {
        store: w_store,
        instance: w_inst,
    };
    if let Err(d) = compare_state(
        &spindle_state(&mut s, exports),
        &wasmi_state(&mut w, exports),
        canonical_nans,
    ) {
        return done(diverge(format!("after instantiation: {d}")));
    }
    let mut rng = Rng::new(arg_seed);
    let mut first = true;
    for round in 0..3 {
        for (name, ty) in exports {
            let spindle::ExternType::Func(fty) = ty else {
                continue;
            };
            // Arguments are drawn for skipped exports too, so that the
            // others get the same ones on every attempt.
            let args: Vec<Arg> = round_args(fty.params(), round, &mut rng);
            if skip.contains(name) {
                continue;
            }
            let (so, wo) = match call_both(&mut s, &mut w, name, fty, &args) {
                Ok(pair) => pair,
                Err(c) => return done(c),
            };
            match agree(&so, &wo) {
                None => return Sequence::Exhausted(name.clone(), exhausted_reason(&so, &wo)),
                Some(true) => {}
                Some(false) => {
                    return done(Compared::Diverge(Divergence {
                        text: format!(
                            "call {name}({}) : Spindle {so}, wasmi {wo}",
                            args.iter()
                                .map(|a| format!("{a:?}"))
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                        oracle_suspect: true,
                        first_call: first.then(|| FirstCall {
                            name: name.clone(),
                            args: args.clone(),
                            spindle: so.clone(),
                        }),
                    }))
                }
            }
            first = false;
            if let Err(d) = compare_state(
                &spindle_state(&mut s, exports),
                &wasmi_state(&mut w, exports),
                canonical_nans,
            ) {
                return done(diverge(format!("after call {name}: {d}")));
            }
        }
    }
    done(Compared::Agree)
}

/// Calls `name` on both sides with fresh fuel. `Err`: stop the case.
fn call_both(
    s: &mut SpindleSide,
    w: &mut WasmiSide,
    name: &str,
    fty: &spindle::FuncType,
    args: &[Arg],
) -> Result<(Outcome, Outcome), Compared> {
    let _ = s.store.set_fuel(SPINDLE_FUEL);
    let _ = w.store.set_fuel(WASMI_FUEL);
    let s_func = s
        .instance
        .get_func(&mut s.store, name)
        .ok_or_else(|| diverge(format!("Spindle lost export {name}")))?;
    let s_args: Vec<spindle::Val> = args
        .iter()
        .zip(fty.params())
        .map(|(a, t)| spindle_arg(*a, t))
        .collect();
    let mut s_results = vec![spindle::Val::I32(0); fty.results().len()];
    let so = match catch(|| s_func.call(&mut s.store, &s_args, &mut s_results)) {
        Err(p) => {
            return Err(Compared::Diverge(Divergence {
                text: format!("Spindle panicked in call {name}: {p}"),
                oracle_suspect: false,
                first_call: None,
            }))
        }
        Ok(r) => spindle_outcome(r.map(|()| s_results.iter().map(from_spindle).collect())),
    };
    let Some(w_func) = w.instance.get_func(&w.store, name) else {
        return Err(Compared::Inconclusive("wasmi lacks an export".into()));
    };
    let w_ty = w_func.ty(&w.store);
    let w_args: Vec<wasmi::Val> = args
        .iter()
        .zip(w_ty.params())
        .map(|(a, t)| wasmi_arg(*a, *t))
        .collect();
    let mut w_results: Vec<wasmi::Val> = w_ty
        .results()
        .iter()
        .map(|t| wasmi::Val::default_for_ty(*t))
        .collect();
    let wo = match catch(|| w_func.call(&mut w.store, &w_args, &mut w_results)) {
        Err(_) => return Err(Compared::Inconclusive("wasmi panicked in a call".into())),
        Ok(r) => wasmi_outcome(r.map(|()| w_results.iter().map(from_wasmi).collect())),
    };
    Ok((so, wo))
}
