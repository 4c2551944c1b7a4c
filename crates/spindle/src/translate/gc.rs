//! Translation of the GC proposal's operators (`struct.*`, `array.*`,
//! `i31`, casts, `br_on_cast(_fail)`, `any.convert_extern`,
//! `extern.convert_any`) into `Instr::Gc` (see `ir/gc.rs`).

use super::*;
use crate::ir::gc::{pack_heap_type, GcOp, STRUCT_NEW_PLAIN};
use crate::types::HeapType;

impl Translator<'_> {
    /// Canonical type of module type `idx`.
    fn canon(&self, idx: u32) -> u32 {
        self.module.types[idx as usize].0
    }

    /// A heap type of an operator, with its concrete index canonicalised.
    fn canon_heap(&self, h: wasmparser::HeapType) -> Result<HeapType> {
        use wasmparser::UnpackedIndex as U;
        Ok(match h {
            wasmparser::HeapType::Concrete(i) | wasmparser::HeapType::Exact(i) => {
                HeapType::Concrete(match i {
                    U::Module(i) => self.module.types[i as usize],
                    U::Id(id) => crate::registry::type_id(id),
                    U::RecGroup(_) => bail!("unexpected rec-group type index"),
                })
            }
            h => crate::convert::heap_type(h),
        })
    }

    /// The width of a packed field (8 or 16; 0 if not packed).
    fn field_width(&self, ty: u32, field: u32) -> u32 {
        let st = &self.sub_type(ty).unwrap_struct().fields[field as usize].element_type;
        match st {
            wasmparser::StorageType::I8 => 8,
            wasmparser::StorageType::I16 => 16,
            _ => 0,
        }
    }

    fn gc(&mut self, op: GcOp, base: Slot, a: u32, b: u32) {
        self.emit(Instr::Gc { op, base, a, b });
    }

    /// `n` operands in, one result out, at the lowest operand's slot (or at
    /// the new top when there are none).
    fn gc_n_to_1(&mut self, op: GcOp, n: u32, a: u32, b: u32) {
        let base = self.slot(self.h - n);
        self.gc(op, base, a, b);
        self.pop(n);
        self.push(1);
    }

    /// `n` operands in, nothing out.
    fn gc_n_to_0(&mut self, op: GcOp, n: u32, a: u32, b: u32) {
        let base = self.slot(self.h - n);
        self.gc(op, base, a, b);
        self.pop(n);
    }

    /// `struct.get` of a field that is neither packed nor a `v128`, as an
    /// `Instr::StructGet` that reads the struct where it is (a local's slot
    /// for a pending `local.get`) and whose result `local.set` can retarget.
    /// Returns `false` for other operators.
    pub(super) fn lazy_gc_op(&mut self, op: &Operator<'_>) -> bool {
        let Operator::StructGet {
            struct_type_index,
            field_index,
        } = *op
        else {
            return false;
        };
        let st = &self.sub_type(struct_type_index).unwrap_struct().fields[field_index as usize];
        if !matches!(
            st.element_type,
            wasmparser::StorageType::Val(v) if v != wasmparser::ValType::V128
        ) {
            return false;
        }
        let src = self.use_slot(0);
        self.pop(1);
        self.push(1);
        let dst = self.slot(self.h - 1);
        self.emit_producer(Instr::StructGet {
            dst,
            src,
            field: field_index,
        });
        true
    }

    /// GC operators. Returns `false` for other operators.
    pub(super) fn gc_op(&mut self, op: &Operator<'_>) -> Result<bool> {
        use Operator as O;
        match *op {
            O::StructNew { struct_type_index } => {
                let fields = &self.sub_type(struct_type_index).unwrap_struct().fields;
                let n = fields.len() as u32;
                use wasmparser::{StorageType as S, ValType as V};
                let plain = fields.iter().all(|f| {
                    matches!(
                        f.element_type,
                        S::Val(V::I32 | V::I64 | V::F32 | V::F64 | V::Ref(_))
                    )
                });
                let flag = if plain { STRUCT_NEW_PLAIN } else { 0 };
                let ty = self.canon(struct_type_index);
                self.gc_n_to_1(GcOp::StructNew, n, ty, n | flag);
            }
            O::StructNewDefault { struct_type_index } => {
                let ty = self.canon(struct_type_index);
                self.gc_n_to_1(GcOp::StructNewDefault, 0, ty, 0);
            }
            O::StructGet {
                struct_type_index: _,
                field_index,
            } => self.gc_n_to_1(GcOp::StructGet, 1, field_index, 0),
            O::StructGetS {
                struct_type_index,
                field_index,
            } => {
                let w = self.field_width(struct_type_index, field_index);
                self.gc_n_to_1(GcOp::StructGetS, 1, field_index, w);
            }
            O::StructGetU { field_index, .. } => {
                self.gc_n_to_1(GcOp::StructGetU, 1, field_index, 0)
            }
            O::StructSet {
                struct_type_index,
                field_index,
            } => {
                let w = self.field_width(struct_type_index, field_index);
                self.gc_n_to_0(GcOp::StructSet, 2, field_index, w);
            }
            O::ArrayNew { array_type_index } => {
                let ty = self.canon(array_type_index);
                self.gc_n_to_1(GcOp::ArrayNew, 2, ty, 0);
            }
            O::ArrayNewDefault { array_type_index } => {
                let ty = self.canon(array_type_index);
                self.gc_n_to_1(GcOp::ArrayNewDefault, 1, ty, 0);
            }
            O::ArrayNewFixed {
                array_type_index,
                array_size,
            } => {
                let ty = self.canon(array_type_index);
                self.gc_n_to_1(GcOp::ArrayNewFixed, array_size, ty, array_size);
            }
            O::ArrayNewData {
                array_type_index,
                array_data_index,
            } => {
                let ty = self.canon(array_type_index);
                self.gc_n_to_1(GcOp::ArrayNewData, 2, ty, array_data_index);
            }
            O::ArrayNewElem {
                array_type_index,
                array_elem_index,
            } => {
                let ty = self.canon(array_type_index);
                self.gc_n_to_1(GcOp::ArrayNewElem, 2, ty, array_elem_index);
            }
            O::ArrayGet { .. } => self.gc_n_to_1(GcOp::ArrayGet, 2, 0, 0),
            O::ArrayGetS { .. } => self.gc_n_to_1(GcOp::ArrayGetS, 2, 0, 0),
            O::ArrayGetU { .. } => self.gc_n_to_1(GcOp::ArrayGetU, 2, 0, 0),
            O::ArraySet { .. } => self.gc_n_to_0(GcOp::ArraySet, 3, 0, 0),
            O::ArrayLen => self.gc_n_to_1(GcOp::ArrayLen, 1, 0, 0),
            O::ArrayFill { .. } => self.gc_n_to_0(GcOp::ArrayFill, 4, 0, 0),
            O::ArrayCopy { .. } => self.gc_n_to_0(GcOp::ArrayCopy, 5, 0, 0),
            O::ArrayInitData {
                array_data_index, ..
            } => self.gc_n_to_0(GcOp::ArrayInitData, 4, 0, array_data_index),
            O::ArrayInitElem {
                array_elem_index, ..
            } => self.gc_n_to_0(GcOp::ArrayInitElem, 4, 0, array_elem_index),
            O::RefI31 => self.gc_n_to_1(GcOp::RefI31, 1, 0, 0),
            O::I31GetS => self.gc_n_to_1(GcOp::I31GetS, 1, 0, 0),
            O::I31GetU => self.gc_n_to_1(GcOp::I31GetU, 1, 0, 0),
            O::AnyConvertExtern => self.gc_n_to_1(GcOp::AnyConvertExtern, 1, 0, 0),
            O::ExternConvertAny => self.gc_n_to_1(GcOp::ExternConvertAny, 1, 0, 0),
            O::RefTestNonNull { hty } | O::RefTestNullable { hty } => {
                let nullable = matches!(op, O::RefTestNullable { .. });
                let h = pack_heap_type(self.canon_heap(hty)?);
                self.gc_n_to_1(GcOp::RefTest, 1, h, nullable as u32);
            }
            O::RefCastNonNull { hty } | O::RefCastNullable { hty } => {
                let nullable = matches!(op, O::RefCastNullable { .. });
                let h = pack_heap_type(self.canon_heap(hty)?);
                self.gc_n_to_1(GcOp::RefCast, 1, h, nullable as u32);
            }
            O::BrOnCast {
                relative_depth,
                to_ref_type,
                ..
            }
            | O::BrOnCastFail {
                relative_depth,
                to_ref_type,
                ..
            } => {
                let on_fail = matches!(op, O::BrOnCastFail { .. });
                let h = pack_heap_type(self.canon_heap(to_ref_type.heap_type())?);
                self.br_on_cast(relative_depth, h, to_ref_type.is_nullable(), on_fail);
            }
            _ => return Ok(false),
        }
        Ok(true)
    }

    /// `br_on_cast` (`on_fail`: `br_on_cast_fail`): a `ref.test` into the
    /// slot above the operand, then a branch on it; the operand stays
    /// where it is, for the label or the code after.
    fn br_on_cast(&mut self, depth: u32, heap: u32, nullable: bool, on_fail: bool) {
        let src = self.top(0);
        self.push(1);
        let test = self.top(0);
        // The test reads its operand from `base`: a copy of it.
        self.emit(Instr::Copy { dst: test, src });
        self.gc(GcOp::RefTest, test, heap, nullable as u32);
        self.pop(1);
        if self.needs_copies(depth) || self.leaves_held(depth) {
            let skip = if on_fail {
                self.emit(Instr::BrIfNez {
                    cond: test,
                    target: u32::MAX,
                })
            } else {
                self.emit(Instr::BrIfEqz {
                    cond: test,
                    target: u32::MAX,
                })
            };
            self.br(depth);
            let here = self.pc();
            self.patch(Patch::Instr(skip), here);
        } else if on_fail {
            self.branch_to(depth, |target| Instr::BrIfEqz { cond: test, target });
        } else {
            self.branch_to(depth, |target| Instr::BrIfNez { cond: test, target });
        }
    }
}
