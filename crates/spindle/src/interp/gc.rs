//! The GC proposal's operators (`Instr::Gc`, see `ir/gc.rs`), out of the
//! interpreter loop: the loop passes its frame's slots and turns an error
//! into a trap, then runs a collection if the allocations asked for one.

use std::sync::Arc;

use super::exec::Regs;
use crate::engine::Engine;
use crate::gc::{self as heap, Body, GcHeap, Shape};
use crate::ir::gc::{unpack_heap_type, GcOp};
use crate::store::{FuncEntity, InstanceEntity};
use crate::trap::TrapCode;
use crate::types::{HeapType, TypeId};

/// What the GC operators read besides the heap and the frame.
pub(super) struct Env<'a> {
    pub funcs: &'a [FuncEntity],
    pub engine: &'a Engine,
    pub elems: &'a [Vec<u64>],
    pub datas: &'a [Arc<[u8]>],
    pub inst: &'a InstanceEntity,
}

/// `[start, start + n)` if it lies within `len`.
fn range(start: u64, n: u64, len: usize) -> Option<std::ops::Range<usize>> {
    super::bulk::range_in(start, n, len)
}

/// A non-null array reference, or the trap.
fn array(v: u64) -> Result<u64, TrapCode> {
    if v == 0 {
        Err(TrapCode::NullArray)
    } else {
        Ok(v)
    }
}

/// Runs one GC operator on the frame `r`; `Ok(true)` asks the loop to
/// collect now (the allocations since the last collection added up). Not
/// inlined: the `execute` loop keeps one call in its arm.
#[inline(never)]
pub(super) fn exec(
    gc: &mut GcHeap,
    env: &Env<'_>,
    r: Regs,
    op: GcOp,
    base: u32,
    a: u32,
    b: u32,
) -> Result<bool, TrapCode> {
    run(gc, env, r, op, base, a, b)?;
    Ok(gc.wants_collection())
}

fn run(
    gc: &mut GcHeap,
    env: &Env<'_>,
    r: Regs,
    op: GcOp,
    base: u32,
    a: u32,
    b: u32,
) -> Result<(), TrapCode> {
    let arg = |k: u32| r.get(base + k);
    let v = match op {
        GcOp::StructNew => gc.new_struct(TypeId(a), |i| arg(i as u32))?,
        GcOp::StructNewDefault => gc.new_struct_default(TypeId(a))?,
        GcOp::StructGet | GcOp::StructGetU | GcOp::StructGetS => {
            let s = arg(0);
            if s == 0 {
                return Err(TrapCode::NullStructure);
            }
            let x = gc.field(s, a);
            match (op, b) {
                (GcOp::StructGetS, 8) => x as u8 as i8 as i32 as u32 as u64,
                (GcOp::StructGetS, 16) => x as u16 as i16 as i32 as u32 as u64,
                _ => x,
            }
        }
        GcOp::StructSet => {
            let s = arg(0);
            if s == 0 {
                return Err(TrapCode::NullStructure);
            }
            let x = match b {
                8 => arg(1) & 0xff,
                16 => arg(1) & 0xffff,
                _ => arg(1),
            };
            gc.set_field(s, a, x);
            return Ok(());
        }
        GcOp::ArrayNew => gc.new_array(TypeId(a), arg(1), heap_wrap(gc, a, arg(0)))?,
        GcOp::ArrayNewDefault => gc.new_array(TypeId(a), arg(0), 0)?,
        GcOp::ArrayNewFixed => gc.new_array_with(TypeId(a), b as usize, |i| arg(i as u32))?,
        GcOp::ArrayNewData => {
            let data = &env.datas[env.inst.datas[b as usize] as usize];
            let size = gc.array_elem(TypeId(a)).bytes() as u64;
            let (s, n) = (arg(0), arg(1));
            let bytes = n
                .checked_mul(size)
                .and_then(|len| range(s, len, data.len()))
                .ok_or(TrapCode::MemoryOutOfBounds)?;
            gc.new_array_data(TypeId(a), &data[bytes])?
        }
        GcOp::ArrayNewElem => {
            let seg = &env.elems[env.inst.elems[b as usize] as usize];
            let items = range(arg(0), arg(1), seg.len()).ok_or(TrapCode::TableOutOfBounds)?;
            gc.new_array_from(TypeId(a), &seg[items])?
        }
        GcOp::ArrayGet | GcOp::ArrayGetS | GcOp::ArrayGetU => {
            let body = &gc.object(array(arg(0))?).body;
            let i = arg(1);
            if i >= body.len() as u64 {
                return Err(TrapCode::ArrayOutOfBounds);
            }
            body.get(i as usize, op == GcOp::ArrayGetS)
        }
        GcOp::ArraySet => {
            let body = &mut gc.object_mut(array(arg(0))?).body;
            let i = arg(1);
            if i >= body.len() as u64 {
                return Err(TrapCode::ArrayOutOfBounds);
            }
            body.set(i as usize, arg(2));
            return Ok(());
        }
        GcOp::ArrayLen => gc.object(array(arg(0))?).body.len() as u64,
        GcOp::ArrayFill => {
            let body = &mut gc.object_mut(array(arg(0))?).body;
            let (d, x, n) = (arg(1), arg(2), arg(3));
            let dst = range(d, n, body.len()).ok_or(TrapCode::ArrayOutOfBounds)?;
            match body {
                Body::Words(w) => w[dst].fill(x),
                Body::I8(w) => w[dst].fill(x as u8),
                Body::I16(w) => w[dst].fill(x as u16),
                Body::Free { .. } => {}
            }
            return Ok(());
        }
        GcOp::ArrayCopy => {
            let (dr, d, sr, s, n) = (array(arg(0))?, arg(1), array(arg(2))?, arg(3), arg(4));
            let dst_len = gc.object(dr).body.len();
            let src_len = gc.object(sr).body.len();
            let (Some(dst), Some(src)) = (range(d, n, dst_len), range(s, n, src_len)) else {
                return Err(TrapCode::ArrayOutOfBounds);
            };
            if dr == sr {
                match &mut gc.object_mut(dr).body {
                    Body::Words(w) => w.copy_within(src, dst.start),
                    Body::I8(w) => w.copy_within(src, dst.start),
                    Body::I16(w) => w.copy_within(src, dst.start),
                    Body::Free { .. } => {}
                }
            } else {
                let (to, from) = gc.pair_mut(dr, sr);
                match (&mut to.body, &from.body) {
                    (Body::Words(t), Body::Words(f)) => t[dst].copy_from_slice(&f[src]),
                    (Body::I8(t), Body::I8(f)) => t[dst].copy_from_slice(&f[src]),
                    (Body::I16(t), Body::I16(f)) => t[dst].copy_from_slice(&f[src]),
                    _ => {}
                }
            }
            return Ok(());
        }
        GcOp::ArrayInitData => {
            let ar = array(arg(0))?;
            let (d, s, n) = (arg(1), arg(2), arg(3));
            let data = &env.datas[env.inst.datas[b as usize] as usize];
            let o = gc.object(ar);
            let size = gc.array_elem(o.ty).bytes() as u64;
            let dst = range(d, n, o.body.len()).ok_or(TrapCode::ArrayOutOfBounds)?;
            let bytes = n
                .checked_mul(size)
                .and_then(|len| range(s, len, data.len()))
                .ok_or(TrapCode::MemoryOutOfBounds)?;
            let body = &mut gc.object_mut(ar).body;
            for (k, c) in data[bytes].chunks_exact(size as usize).enumerate() {
                let mut w = [0u8; 8];
                w[..c.len()].copy_from_slice(c);
                body.set(dst.start + k, u64::from_le_bytes(w));
            }
            return Ok(());
        }
        GcOp::ArrayInitElem => {
            let ar = array(arg(0))?;
            let (d, s, n) = (arg(1), arg(2), arg(3));
            let seg = &env.elems[env.inst.elems[b as usize] as usize];
            let body = &mut gc.object_mut(ar).body;
            let dst = range(d, n, body.len()).ok_or(TrapCode::ArrayOutOfBounds)?;
            let src = range(s, n, seg.len()).ok_or(TrapCode::TableOutOfBounds)?;
            if let Body::Words(w) = body {
                w[dst].copy_from_slice(&seg[src]);
            }
            return Ok(());
        }
        GcOp::RefI31 => heap::i31_new(arg(0) as u32),
        GcOp::I31GetS | GcOp::I31GetU => {
            let x = arg(0);
            if x == 0 {
                return Err(TrapCode::NullI31);
            }
            if op == GcOp::I31GetS {
                heap::i31_get_s(x) as u32 as u64
            } else {
                heap::i31_get_u(x) as u64
            }
        }
        GcOp::RefTest => ref_test(gc, env, arg(0), a, b != 0) as u64,
        GcOp::RefCast => {
            if !ref_test(gc, env, arg(0), a, b != 0) {
                return Err(TrapCode::CastFailure);
            }
            return Ok(());
        }
        GcOp::AnyConvertExtern => heap::internalize(arg(0)),
        GcOp::ExternConvertAny => heap::externalize(arg(0)),
    };
    r.set(base, v);
    Ok(())
}

/// An `array.new` initial value wrapped to the element storage of array
/// type `ty`.
fn heap_wrap(gc: &GcHeap, ty: u32, v: u64) -> u64 {
    gc.array_elem(TypeId(ty)).wrap(v)
}

/// `ref.test`: does reference `v` have type `(ref null? heap)`?
/// Validation has already placed `v` in the heap type's hierarchy.
pub(crate) fn ref_test(gc: &GcHeap, env: &Env<'_>, v: u64, heap: u32, nullable: bool) -> bool {
    if let Some(r) = ref_test_gc(gc, v, heap, nullable) {
        return r;
    }
    let HeapType::Concrete(t) = unpack_heap_type(heap) else {
        unreachable!("abstract heap types are tested by the heap alone")
    };
    let reg = env.engine.types();
    match reg.get(t).sub.composite_type.inner {
        wasmparser::CompositeInnerType::Func(_) => {
            let f = env.funcs[(v - 1) as usize].ty;
            gc.is_subtype(f, t).unwrap_or_else(|| reg.is_subtype(f, t))
        }
        // A continuation's own type is not recorded: any non-null contref
        // passes a cast to a concrete continuation type of its static
        // hierarchy.
        _ => true,
    }
}

/// `ref_test` as far as the heap alone answers it (compiled code's hook):
/// `None` for a non-null reference and a concrete type that is not a
/// struct or array type (a function or continuation type).
pub(crate) fn ref_test_gc(gc: &GcHeap, v: u64, heap: u32, nullable: bool) -> Option<bool> {
    if v == 0 {
        return Some(nullable);
    }
    Some(match unpack_heap_type(heap) {
        HeapType::Any | HeapType::Func | HeapType::Extern | HeapType::Exn | HeapType::Cont => true,
        HeapType::Eq => heap::is_i31(v) || heap::is_object(v),
        HeapType::I31 => heap::is_i31(v),
        HeapType::Struct => heap::is_struct(v),
        HeapType::Array => heap::is_array(v),
        HeapType::None
        | HeapType::NoFunc
        | HeapType::NoExtern
        | HeapType::NoExn
        | HeapType::NoCont => false,
        HeapType::Concrete(t) => match gc.layout(t).map(|l| &l.shape) {
            Some(Shape::Struct(_) | Shape::Array(_)) => {
                heap::is_object(v) && gc.is_subtype(gc.type_of(v), t) == Some(true)
            }
            _ => return None,
        },
    })
}
