//! The engine's registry of canonical types: what each `TypeId` (a
//! canonical `CoreTypeId` of the engine's shared validator) is, its
//! declared supertype, subtyping, and the interning of function types that
//! the host writes (host functions, host tags).

use anyhow::{bail, Result};
use wasmparser::types::{CoreTypeId, TypeIdentifier, Types};
use wasmparser::SubType;

use crate::types::{FuncType, HeapType, TypeId, ValType};

/// A type as the engine knows it: its definition and direct supertype.
#[derive(Debug, Clone)]
pub(crate) struct RegisteredType {
    pub sub: SubType,
    pub supertype: Option<TypeId>,
}

#[derive(Default)]
pub(crate) struct TypeRegistry {
    types: Vec<Option<RegisteredType>>,
}

impl TypeRegistry {
    pub fn get(&self, id: TypeId) -> &RegisteredType {
        self.types[id.0 as usize]
            .as_ref()
            .expect("type registered by its module")
    }

    pub fn insert(&mut self, id: TypeId, ty: RegisteredType) {
        let i = id.0 as usize;
        if self.types.len() <= i {
            self.types.resize(i + 1, None);
        }
        if self.types[i].is_none() {
            self.types[i] = Some(ty);
        }
    }

    /// Is `a` the same type as `b` or declared (transitively) as its subtype?
    pub fn is_subtype(&self, mut a: TypeId, b: TypeId) -> bool {
        loop {
            if a == b {
                return true;
            }
            match self.get(a).supertype {
                Some(s) => a = s,
                None => return false,
            }
        }
    }
}

pub(crate) fn type_id(id: CoreTypeId) -> TypeId {
    TypeId(id.index() as u32)
}

/// Registers type `id` of a validated module (`types`), its whole rec
/// group and its supertypes.
pub(crate) fn register(reg: &mut TypeRegistry, types: &Types, id: CoreTypeId) {
    let tref = types.as_ref();
    // Register the whole rec group, so every member is known.
    let group = tref.rec_group_id_of(id);
    for member in tref.rec_group_elements(group) {
        let sub = types[member].clone();
        let supertype = tref.supertype_of(member).map(type_id);
        reg.insert(type_id(member), RegisteredType { sub, supertype });
    }
    if let Some(s) = tref.supertype_of(id) {
        register(reg, types, s);
    }
}

/// A module of one type section holding function type `ty`, in the binary
/// format: what the engine's validator canonicalises to `ty`'s id. An error
/// for a concrete reference type, which a host type cannot name yet (the
/// module would have to repeat the referenced type's whole rec group).
pub(crate) fn func_type_module(ty: &FuncType) -> Result<Vec<u8>> {
    let mut body = vec![1, 0x60]; // one type: `func`
    for list in [ty.params(), ty.results()] {
        leb_u32(&mut body, list.len() as u32);
        for v in list {
            val_type(&mut body, v)?;
        }
    }
    let mut bytes = b"\0asm\x01\0\0\0".to_vec();
    bytes.push(1); // the type section
    leb_u32(&mut bytes, body.len() as u32);
    bytes.extend_from_slice(&body);
    Ok(bytes)
}

fn val_type(out: &mut Vec<u8>, v: &ValType) -> Result<()> {
    match v {
        ValType::I32 => out.push(0x7f),
        ValType::I64 => out.push(0x7e),
        ValType::F32 => out.push(0x7d),
        ValType::F64 => out.push(0x7c),
        ValType::V128 => out.push(0x7b),
        ValType::Ref(r) => {
            out.push(if r.nullable { 0x63 } else { 0x64 });
            out.push(match r.heap_type {
                HeapType::Func => 0x70,
                HeapType::NoFunc => 0x73,
                HeapType::Extern => 0x6f,
                HeapType::NoExtern => 0x72,
                HeapType::Any => 0x6e,
                HeapType::Eq => 0x6d,
                HeapType::I31 => 0x6c,
                HeapType::Struct => 0x6b,
                HeapType::Array => 0x6a,
                HeapType::None => 0x71,
                HeapType::Exn => 0x69,
                HeapType::NoExn => 0x74,
                HeapType::Cont => 0x68,
                HeapType::NoCont => 0x75,
                HeapType::Concrete(_) => {
                    bail!(
                        "host function types with concrete reference types ({v}) are not supported"
                    )
                }
            });
        }
    }
    Ok(())
}

fn leb_u32(out: &mut Vec<u8>, mut n: u32) {
    loop {
        let byte = (n & 0x7f) as u8;
        n >>= 7;
        if n == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

#[cfg(test)]
mod tests {
    use crate::convert::func_type_of;
    use crate::types::{FuncType, HeapType, RefType, TypeId, ValType};
    use crate::Engine;

    fn reference(nullable: bool, heap_type: HeapType) -> ValType {
        ValType::Ref(RefType {
            nullable,
            heap_type,
        })
    }

    #[test]
    fn interned_types_read_back_as_given() {
        let engine = Engine::default();
        let heaps = HeapType::ABSTRACT;
        let mut params = vec![ValType::I32, ValType::I64, ValType::F32, ValType::F64];
        params.push(ValType::V128);
        for h in heaps {
            params.push(reference(true, h));
            params.push(reference(false, h));
        }
        // Over 127 parameters: a two-byte count.
        params.extend(std::iter::repeat_n(ValType::I32, 100));
        let ty = FuncType::new(params, [ValType::F64, reference(true, HeapType::Exn)]);
        let id = engine.intern_func_type(&ty).unwrap();
        assert_eq!(func_type_of(&engine, id), ty);
        assert_eq!(engine.intern_func_type(&ty).unwrap(), id, "interned once");
        let empty = FuncType::new([], []);
        let e = engine.intern_func_type(&empty).unwrap();
        assert_ne!(e, id);
        assert_eq!(func_type_of(&engine, e), empty);
    }

    #[test]
    fn a_concrete_reference_type_is_an_error_not_another_type() {
        let engine = Engine::default();
        let ty = FuncType::new([reference(true, HeapType::Concrete(TypeId(0)))], []);
        let err = engine.intern_func_type(&ty).unwrap_err();
        assert!(
            err.to_string().contains("concrete reference types"),
            "{err}"
        );
    }

    #[test]
    fn a_host_function_of_a_concrete_type_fails_instantiation_with_a_reason() {
        let engine = Engine::default();
        let module = crate::Module::new(
            &engine,
            r#"(module (type $t (func)) (import "h" "f" (func (param (ref null $t)))))"#,
        )
        .unwrap();
        let Some((_, _, crate::ExternType::Func(ty))) = module.imports().next() else {
            panic!("a function import")
        };
        let mut linker = crate::Linker::new(&engine);
        linker.func_new("h", "f", ty, |_, _, _| Ok(())).unwrap();
        let mut store = crate::Store::new(&engine, ());
        let err = linker.instantiate(&mut store, &module).unwrap_err();
        assert!(err.to_string().contains("import `h::f`"), "{err}");
        assert!(
            format!("{err:#}").contains("concrete reference types"),
            "{err:#}"
        );
        assert!(linker.get(&mut store, "h", "f").is_none());
    }
}
