//! The GC proposal's operators in the internal code: one `Instr::Gc`
//! variant whose `GcOp` says which (run out of line by `interp/gc.rs`),
//! and the packing of a cast's target heap type into a `u32`.

use crate::types::{HeapType, TypeId};

/// The flag of `GcOp::StructNew`'s `b`: every field is a plain word (no
/// packed field, no `v128`), so compiled code may allocate it inline.
pub const STRUCT_NEW_PLAIN: u32 = 1 << 31;

/// Which GC operator an `Instr::Gc { op, base, a, b }` is. Operands are in
/// the slots `base..` (in Wasm order), the result goes to `base`; `a` and
/// `b` are the immediates listed with each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum GcOp {
    /// `a`: canonical type, `b`: field count, with `STRUCT_NEW_PLAIN` set
    /// when no field is packed or a `v128`.
    StructNew,
    /// `a`: canonical type.
    StructNewDefault,
    /// `a`: field index.
    StructGet,
    /// `a`: field index, `b`: the packed width (8 or 16).
    StructGetS,
    /// `a`: field index.
    StructGetU,
    /// `a`: field index, `b`: the packed width (8, 16, or 0: not packed).
    StructSet,
    /// `a`: canonical type.
    ArrayNew,
    /// `a`: canonical type.
    ArrayNewDefault,
    /// `a`: canonical type, `b`: element count.
    ArrayNewFixed,
    /// `a`: canonical type, `b`: module data index.
    ArrayNewData,
    /// `a`: canonical type, `b`: module element index.
    ArrayNewElem,
    ArrayGet,
    ArrayGetS,
    ArrayGetU,
    ArraySet,
    ArrayLen,
    ArrayFill,
    ArrayCopy,
    /// `b`: module data index.
    ArrayInitData,
    /// `b`: module element index.
    ArrayInitElem,
    RefI31,
    I31GetS,
    I31GetU,
    /// `a`: target heap type (`pack_heap_type`), `b`: nullable. An `i32`.
    RefTest,
    /// As `RefTest`; traps `cast failure` or leaves the operand.
    RefCast,
    AnyConvertExtern,
    ExternConvertAny,
}

/// Abstract heap types are packed as `ABSTRACT + k`, concrete ones as
/// their canonical type index (always below it).
const ABSTRACT: u32 = 0xffff_ff00;

const ABSTRACTS: [HeapType; 14] = HeapType::ABSTRACT;

/// A heap type as an immediate.
pub fn pack_heap_type(h: HeapType) -> u32 {
    match h {
        HeapType::Concrete(id) => {
            assert!(id.0 < ABSTRACT, "type index out of range");
            id.0
        }
        h => ABSTRACT + ABSTRACTS.iter().position(|&a| a == h).expect("abstract") as u32,
    }
}

/// The inverse of `pack_heap_type`.
pub fn unpack_heap_type(x: u32) -> HeapType {
    if x >= ABSTRACT {
        ABSTRACTS[(x - ABSTRACT) as usize]
    } else {
        HeapType::Concrete(TypeId(x))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heap_types_round_trip() {
        for h in ABSTRACTS.into_iter().chain([
            HeapType::Concrete(TypeId(0)),
            HeapType::Concrete(TypeId(77)),
        ]) {
            assert_eq!(unpack_heap_type(pack_heap_type(h)), h);
        }
    }
}

/// A GC operator in a constant expression (type indices are the
/// module's; `gc::eval_const_op` runs it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ConstGc {
    StructNew(u32),
    StructNewDefault(u32),
    ArrayNew(u32),
    ArrayNewDefault(u32),
    ArrayNewFixed(u32, u32),
    RefI31,
    AnyConvertExtern,
    ExternConvertAny,
}

impl ConstGc {
    /// The constant GC operator `op` is, if it is one.
    pub(crate) fn of(op: &wasmparser::Operator<'_>) -> Option<ConstGc> {
        use wasmparser::Operator as O;
        Some(match *op {
            O::StructNew { struct_type_index } => ConstGc::StructNew(struct_type_index),
            O::StructNewDefault { struct_type_index } => {
                ConstGc::StructNewDefault(struct_type_index)
            }
            O::ArrayNew { array_type_index } => ConstGc::ArrayNew(array_type_index),
            O::ArrayNewDefault { array_type_index } => ConstGc::ArrayNewDefault(array_type_index),
            O::ArrayNewFixed {
                array_type_index,
                array_size,
            } => ConstGc::ArrayNewFixed(array_type_index, array_size),
            O::RefI31 => ConstGc::RefI31,
            O::AnyConvertExtern => ConstGc::AnyConvertExtern,
            O::ExternConvertAny => ConstGc::ExternConvertAny,
            _ => return None,
        })
    }
}
