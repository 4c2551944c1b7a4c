//! Script values: converting `invoke` arguments and checking `assert_return`
//! results.

use spindle::{AnyRef, ExternRef, Val, ValType};
use wast::core::{AbstractHeapType, HeapType, NanPattern, V128Pattern, WastArgCore, WastRetCore};
use wast::token::{F32, F64};
use wast::{WastArg, WastRet};

/// Converts an argument. `ty` is the parameter's type, if known (it picks the
/// right kind of null for `ref.null` of a concrete type).
pub(crate) fn arg(a: &WastArg<'_>, ty: Option<&ValType>) -> Result<Val, String> {
    let WastArg::Core(a) = a else {
        return Err("unsupported: component-model argument".into());
    };
    Ok(match a {
        WastArgCore::I32(v) => Val::I32(*v),
        WastArgCore::I64(v) => Val::I64(*v),
        WastArgCore::F32(v) => Val::F32(v.bits),
        WastArgCore::F64(v) => Val::F64(v.bits),
        WastArgCore::V128(v) => Val::V128(u128::from_le_bytes(v.to_le_bytes())),
        WastArgCore::RefNull(ht) => match ty {
            Some(t @ ValType::Ref(_)) => Val::default_for(t),
            _ => null_of(ht),
        },
        WastArgCore::RefExtern(n) => Val::ExternRef(Some(ExternRef(*n))),
        WastArgCore::RefHost(n) => Val::AnyRef(AnyRef::from_extern(ExternRef(*n))),
    })
}

fn null_of(ht: &HeapType<'_>) -> Val {
    use AbstractHeapType as A;
    match ht {
        HeapType::Abstract { ty, .. } => match ty {
            A::Func | A::NoFunc => Val::FuncRef(None),
            A::Extern | A::NoExtern => Val::ExternRef(None),
            A::Exn | A::NoExn => Val::ExnRef(None),
            A::Cont | A::NoCont => Val::ContRef(None),
            _ => Val::NullRef,
        },
        _ => Val::NullRef,
    }
}

/// Checks one result against its expected pattern. `Err` says why not.
pub(crate) fn check(actual: &Val, expected: &WastRet<'_>) -> Result<(), String> {
    let WastRet::Core(expected) = expected else {
        return Err("unsupported: component-model result".into());
    };
    check_core(actual, expected)
}

fn check_core(actual: &Val, expected: &WastRetCore<'_>) -> Result<(), String> {
    let ok = match (expected, actual) {
        (WastRetCore::I32(e), Val::I32(a)) => e == a,
        (WastRetCore::I64(e), Val::I64(a)) => e == a,
        (WastRetCore::F32(e), Val::F32(a)) => f32_matches(e, *a),
        (WastRetCore::F64(e), Val::F64(a)) => f64_matches(e, *a),
        (WastRetCore::V128(e), Val::V128(a)) => v128_matches(e, *a),
        (WastRetCore::RefNull(_), a) => a.is_null(),
        (WastRetCore::RefExtern(None), Val::ExternRef(Some(_))) => true,
        (WastRetCore::RefExtern(Some(n)), Val::ExternRef(Some(ExternRef(a)))) => n == a,
        (WastRetCore::RefExtern(None), Val::AnyRef(a)) => a.is_externalized(),
        (WastRetCore::RefFunc(_), Val::FuncRef(Some(_))) => true,
        (WastRetCore::Either(alts), a) => alts.iter().any(|e| check_core(a, e).is_ok()),
        (WastRetCore::RefHost(n), Val::AnyRef(a)) => a.as_extern() == Some(ExternRef(*n)),
        (WastRetCore::RefAny, Val::AnyRef(a)) => !a.is_externalized(),
        (WastRetCore::RefEq, Val::AnyRef(a)) => a.is_eq(),
        (WastRetCore::RefArray, Val::AnyRef(a)) => a.is_array(),
        (WastRetCore::RefStruct, Val::AnyRef(a)) => a.is_struct(),
        (WastRetCore::RefI31, Val::AnyRef(a)) => a.i31().is_some(),
        (
            WastRetCore::RefHost(_)
            | WastRetCore::RefAny
            | WastRetCore::RefEq
            | WastRetCore::RefArray
            | WastRetCore::RefStruct
            | WastRetCore::RefI31,
            _,
        ) => false,
        (WastRetCore::RefI31Shared, _) => {
            return Err(format!(
                "unsupported: expected {} (shared references), got {}",
                show_expected(expected),
                show(actual)
            ))
        }
        _ => false,
    };
    if ok {
        Ok(())
    } else {
        Err(format!(
            "expected {}, got {}",
            show_expected(expected),
            show(actual)
        ))
    }
}

fn f32_matches(e: &NanPattern<F32>, a: u32) -> bool {
    match e {
        NanPattern::CanonicalNan => a & 0x7fff_ffff == 0x7fc0_0000,
        NanPattern::ArithmeticNan => a & 0x7fc0_0000 == 0x7fc0_0000,
        NanPattern::Value(v) => v.bits == a,
    }
}

fn f64_matches(e: &NanPattern<F64>, a: u64) -> bool {
    match e {
        NanPattern::CanonicalNan => a & 0x7fff_ffff_ffff_ffff == 0x7ff8_0000_0000_0000,
        NanPattern::ArithmeticNan => a & 0x7ff8_0000_0000_0000 == 0x7ff8_0000_0000_0000,
        NanPattern::Value(v) => v.bits == a,
    }
}

fn v128_matches(e: &V128Pattern, a: u128) -> bool {
    let b = a.to_le_bytes();
    let lane = |i: usize, n: usize| -> u64 {
        let mut x = [0u8; 8];
        x[..n].copy_from_slice(&b[i * n..i * n + n]);
        u64::from_le_bytes(x)
    };
    match e {
        V128Pattern::I8x16(v) => v
            .iter()
            .enumerate()
            .all(|(i, x)| lane(i, 1) == *x as u8 as u64),
        V128Pattern::I16x8(v) => v
            .iter()
            .enumerate()
            .all(|(i, x)| lane(i, 2) == *x as u16 as u64),
        V128Pattern::I32x4(v) => v
            .iter()
            .enumerate()
            .all(|(i, x)| lane(i, 4) == *x as u32 as u64),
        V128Pattern::I64x2(v) => v.iter().enumerate().all(|(i, x)| lane(i, 8) == *x as u64),
        V128Pattern::F32x4(v) => v
            .iter()
            .enumerate()
            .all(|(i, x)| f32_matches(x, lane(i, 4) as u32)),
        V128Pattern::F64x2(v) => v
            .iter()
            .enumerate()
            .all(|(i, x)| f64_matches(x, lane(i, 8))),
    }
}

/// A value as text, for messages: `i32:5`, `f32:1.5`, `funcref:null`, ...
pub(crate) fn show(v: &Val) -> String {
    match v {
        Val::I32(x) => format!("i32:{x}"),
        Val::I64(x) => format!("i64:{x}"),
        Val::F32(b) => format!("f32:{} (0x{b:08x})", f32::from_bits(*b)),
        Val::F64(b) => format!("f64:{} (0x{b:016x})", f64::from_bits(*b)),
        Val::V128(x) => format!("v128:0x{x:032x}"),
        Val::FuncRef(None) => "funcref:null".into(),
        Val::FuncRef(Some(_)) => "funcref".into(),
        Val::ExternRef(None) => "externref:null".into(),
        Val::ExternRef(Some(ExternRef(n))) => format!("ref.extern {n}"),
        Val::ExnRef(None) => "exnref:null".into(),
        Val::ExnRef(Some(_)) => "exnref".into(),
        Val::ContRef(None) => "contref:null".into(),
        Val::ContRef(Some(_)) => "contref".into(),
        Val::AnyRef(a) if a.is_externalized() => "externref (extern.convert_any)".into(),
        Val::AnyRef(a) => match (a.i31(), a.as_extern()) {
            (Some(x), _) => format!("ref.i31 {x}"),
            (_, Some(ExternRef(n))) => format!("ref.host {n}"),
            _ if a.is_struct() => "ref.struct".into(),
            _ => "ref.array".into(),
        },
        Val::NullRef => "ref.null".into(),
    }
}

fn show_nan<T>(p: &NanPattern<T>, bits: impl Fn(&T) -> String) -> String {
    match p {
        NanPattern::CanonicalNan => "nan:canonical".into(),
        NanPattern::ArithmeticNan => "nan:arithmetic".into(),
        NanPattern::Value(v) => bits(v),
    }
}

fn show_expected(e: &WastRetCore<'_>) -> String {
    match e {
        WastRetCore::I32(x) => format!("i32:{x}"),
        WastRetCore::I64(x) => format!("i64:{x}"),
        WastRetCore::F32(p) => {
            let s = show_nan(p, |v| {
                format!("{} (0x{:08x})", f32::from_bits(v.bits), v.bits)
            });
            format!("f32:{s}")
        }
        WastRetCore::F64(p) => {
            let s = show_nan(p, |v| {
                format!("{} (0x{:016x})", f64::from_bits(v.bits), v.bits)
            });
            format!("f64:{s}")
        }
        WastRetCore::V128(p) => format!("v128:{p:?}"),
        WastRetCore::RefNull(Some(HeapType::Abstract { ty, .. })) => {
            format!("ref.null {ty:?}").to_lowercase()
        }
        WastRetCore::RefNull(_) => "ref.null".into(),
        WastRetCore::RefExtern(Some(n)) => format!("ref.extern {n}"),
        WastRetCore::RefExtern(None) => "ref.extern".into(),
        WastRetCore::RefHost(n) => format!("ref.host {n}"),
        WastRetCore::RefFunc(_) => "ref.func".into(),
        WastRetCore::RefAny => "ref.any".into(),
        WastRetCore::RefEq => "ref.eq".into(),
        WastRetCore::RefArray => "ref.array".into(),
        WastRetCore::RefStruct => "ref.struct".into(),
        WastRetCore::RefI31 => "ref.i31".into(),
        WastRetCore::RefI31Shared => "ref.i31_shared".into(),
        WastRetCore::Either(alts) => {
            let parts: Vec<String> = alts.iter().map(show_expected).collect();
            format!("either({})", parts.join(", "))
        }
    }
}
