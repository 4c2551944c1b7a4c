//! The steps of `Module::from_binary`: decode and validate the sections
//! (`Sections::decode`, one method per section), register the module's
//! types with the engine (`register_types`), assemble the `ModuleInner`
//! with canonical types (`assemble`); the function bodies go to
//! `ModuleCode` (`module/code.rs`), which translates them.

use std::collections::HashMap;

use anyhow::{anyhow, bail, Result};
use wasmparser::types::{EntityType, Types};
use wasmparser::{
    DataKind, ElementItems, ElementKind, ExternalKind, FuncToValidate, FunctionBody, Parser,
    Payload, TableInit, TypeRef, ValidPayload, ValidatorResources,
};

use super::{
    canon_entity, canon_global, const_expr, ConstOp, DataDecl, DataMode, ElemDecl, ElemMode,
    FuncCode, GlobalDecl, ImportDecl, ModuleInner, TableDecl,
};
use crate::engine::{type_id, Engine};
use crate::types::TypeId;

/// A function body with its validator, as the validator hands it out.
pub(super) type Body<'a> = (FuncToValidate<ValidatorResources>, FunctionBody<'a>);

/// What the sections of a module hold, as decoded: module-relative types,
/// before `assemble` canonicalises them.
#[derive(Default)]
pub(super) struct Sections<'a> {
    imports_raw: Vec<(String, String, wasmparser::Import<'a>)>,
    /// The initialiser of each defined table.
    tables: Vec<Option<super::ConstExpr>>,
    memories: Vec<wasmparser::MemoryType>,
    num_local_tags: u32,
    /// Defined globals (their types canonicalised by `assemble`).
    globals: Vec<GlobalDecl>,
    exports: Vec<(String, ExternalKind, u32)>,
    start: Option<u32>,
    elems: Vec<ElemDecl>,
    datas: Vec<DataDecl>,
    func_bodies: Vec<Body<'a>>,
    func_names: HashMap<u32, String>,
    tag_names: HashMap<u32, String>,
    module_name: Option<String>,
}

impl<'a> Sections<'a> {
    /// Validates `bytes` (under the engine's shared validator, so that
    /// equal rec groups get the same canonical ids in every module) and
    /// collects their sections.
    pub(super) fn decode(engine: &Engine, bytes: &'a [u8]) -> Result<(Sections<'a>, Types)> {
        let mut s = Sections::default();
        // Validate with a fresh validator first: the engine's shared one
        // (which canonicalises types across modules) cannot be reset after
        // a failed validation.
        wasmparser::Validator::new_with_features(crate::engine::features()).validate_all(bytes)?;
        let mut validator = engine.validator();
        validator.reset();
        let mut end_types = None;
        for payload in Parser::new(0).parse_all(bytes) {
            let payload = payload?;
            match validator.payload(&payload)? {
                ValidPayload::Func(func, body) => s.func_bodies.push((func, body)),
                ValidPayload::End(t) => end_types = Some(t),
                _ => {}
            }
            match payload {
                Payload::ImportSection(reader) => s.import_section(reader)?,
                Payload::TableSection(reader) => s.table_section(reader)?,
                Payload::MemorySection(reader) => s.memory_section(reader)?,
                Payload::TagSection(reader) => s.tag_section(reader)?,
                Payload::GlobalSection(reader) => s.global_section(reader)?,
                Payload::ExportSection(reader) => s.export_section(reader)?,
                Payload::StartSection { func, .. } => s.start = Some(func),
                Payload::ElementSection(reader) => s.element_section(reader)?,
                Payload::DataSection(reader) => s.data_section(reader)?,
                Payload::CustomSection(c) => s.custom_section(c)?,
                _ => {}
            }
        }
        let types = end_types.ok_or_else(|| anyhow!("unexpected end of module"))?;
        Ok((s, types))
    }

    /// The import section.
    fn import_section(&mut self, reader: wasmparser::ImportSectionReader<'a>) -> Result<()> {
        for imp in reader.into_imports() {
            let imp = imp?;
            self.imports_raw
                .push((imp.module.to_string(), imp.name.to_string(), imp));
        }
        Ok(())
    }

    /// The table section: each table's initialiser.
    fn table_section(&mut self, reader: wasmparser::TableSectionReader<'a>) -> Result<()> {
        for t in reader {
            let t = t?;
            let init = match t.init {
                TableInit::RefNull => None,
                TableInit::Expr(e) => Some(const_expr(&e)?),
            };
            self.tables.push(init);
        }
        Ok(())
    }

    /// The memory section.
    fn memory_section(&mut self, reader: wasmparser::MemorySectionReader<'a>) -> Result<()> {
        for m in reader {
            self.memories.push(m?);
        }
        Ok(())
    }

    /// The tag section: how many tags the module defines.
    fn tag_section(&mut self, reader: wasmparser::TagSectionReader<'a>) -> Result<()> {
        for t in reader {
            t?;
            self.num_local_tags += 1;
        }
        Ok(())
    }

    /// The global section: each global's initialiser.
    fn global_section(&mut self, reader: wasmparser::GlobalSectionReader<'a>) -> Result<()> {
        for g in reader {
            let g = g?;
            self.globals.push(GlobalDecl {
                ty: g.ty,
                init: const_expr(&g.init_expr)?,
            });
        }
        Ok(())
    }

    /// The export section.
    fn export_section(&mut self, reader: wasmparser::ExportSectionReader<'a>) -> Result<()> {
        for e in reader {
            let e = e?;
            self.exports.push((e.name.to_string(), e.kind, e.index));
        }
        Ok(())
    }

    /// The element section.
    fn element_section(&mut self, reader: wasmparser::ElementSectionReader<'a>) -> Result<()> {
        for e in reader {
            let e = e?;
            let mode = match e.kind {
                ElementKind::Passive => ElemMode::Passive,
                ElementKind::Declared => ElemMode::Declared,
                ElementKind::Active {
                    table_index,
                    offset_expr,
                } => ElemMode::Active {
                    table: table_index.unwrap_or(0),
                    offset: const_expr(&offset_expr)?,
                },
            };
            let items = match e.items {
                ElementItems::Functions(r) => r
                    .into_iter()
                    .map(|f| f.map(|f| vec![ConstOp::RefFunc(f)]))
                    .collect::<Result<Vec<_>, _>>()?,
                ElementItems::Expressions(_, r) => r
                    .into_iter()
                    .map(|e| const_expr(&e?))
                    .collect::<Result<Vec<_>>>()?,
            };
            self.elems.push(ElemDecl { mode, items });
        }
        Ok(())
    }

    /// The data section.
    fn data_section(&mut self, reader: wasmparser::DataSectionReader<'a>) -> Result<()> {
        for d in reader {
            let d = d?;
            let mode = match d.kind {
                DataKind::Passive => DataMode::Passive,
                DataKind::Active {
                    memory_index,
                    offset_expr,
                } => DataMode::Active {
                    memory: memory_index,
                    offset: const_expr(&offset_expr)?,
                },
            };
            self.datas.push(DataDecl {
                mode,
                bytes: d.data.into(),
            });
        }
        Ok(())
    }

    /// A custom section: names from the name section.
    fn custom_section(&mut self, c: wasmparser::CustomSectionReader<'a>) -> Result<()> {
        if let wasmparser::KnownCustom::Name(names) = c.as_known() {
            // A malformed name section is ignored, as the spec allows.
            for name in names.into_iter().flatten() {
                match name {
                    wasmparser::Name::Function(map) => {
                        for n in map.into_iter().flatten() {
                            self.func_names.insert(n.index, n.name.to_string());
                        }
                    }
                    wasmparser::Name::Tag(map) => {
                        for n in map.into_iter().flatten() {
                            self.tag_names.insert(n.index, n.name.to_string());
                        }
                    }
                    wasmparser::Name::Module { name, .. } => {
                        self.module_name = Some(name.to_string())
                    }
                    _ => {}
                }
            }
        }
        Ok(())
    }
}

/// Registers every type of the module with the engine.
/// Refuses what Spindle's GC heap cannot hold: struct fields and array
/// elements of type `v128` (its fields are one word each, `gc/heap.rs`).
pub(super) fn check_supported_types(types: &Types) -> Result<()> {
    use wasmparser::{CompositeInnerType as C, StorageType as S, ValType as V};
    let tref = types.as_ref();
    for i in 0..tref.core_type_count_in_module() {
        let id = tref.core_type_at_in_module(i);
        let has_v128 = match &types[id].composite_type.inner {
            C::Struct(st) => st.fields.iter().any(|f| f.element_type == S::Val(V::V128)),
            C::Array(a) => a.0.element_type == S::Val(V::V128),
            _ => false,
        };
        if has_v128 {
            bail!("type {i}: struct fields and array elements of type v128 are not supported");
        }
    }
    Ok(())
}

pub(super) fn register_types(engine: &Engine, types: &Types) {
    let tref = types.as_ref();
    let mut reg = engine.types_mut();
    for i in 0..tref.core_type_count_in_module() {
        let id = tref.core_type_at_in_module(i);
        crate::registry::register(&mut reg, types, id);
    }
}

/// The module (without code yet) from its sections, with every type
/// rewritten to canonical ids; and the bodies to translate.
pub(super) fn assemble<'a>(
    engine: &Engine,
    mut s: Sections<'a>,
    types: Types,
) -> Result<(ModuleInner, Vec<Body<'a>>)> {
    let tref = types.as_ref();
    let module_types: Vec<TypeId> = (0..tref.core_type_count_in_module())
        .map(|i| type_id(tref.core_type_at_in_module(i)))
        .collect();
    let mut imports = Vec::new();
    let (mut nf, mut nt, mut nm, mut ng, mut ntag) = (0, 0, 0, 0, 0);
    for (module, name, imp) in &s.imports_raw {
        let ty = tref
            .entity_type_from_import(imp)
            .ok_or_else(|| anyhow!("bad import type"))?;
        match imp.ty {
            TypeRef::Func(_) | TypeRef::FuncExact(_) => nf += 1,
            TypeRef::Table(_) => nt += 1,
            TypeRef::Memory(_) => nm += 1,
            TypeRef::Global(_) => ng += 1,
            TypeRef::Tag(_) => ntag += 1,
        }
        imports.push(ImportDecl {
            module: module.clone(),
            name: name.clone(),
            ty: canon_entity(&types, ty),
        });
    }
    let funcs: Vec<TypeId> = (0..tref.function_count())
        .map(|i| type_id(tref.core_function_at(i)))
        .collect();
    let table_decls = (0..tref.table_count())
        .map(|i| TableDecl {
            ty: match canon_entity(&types, EntityType::Table(tref.table_at(i))) {
                EntityType::Table(t) => t,
                _ => unreachable!(),
            },
            init: if i >= nt {
                s.tables[(i - nt) as usize].clone()
            } else {
                None
            },
        })
        .collect();
    let memory_types = (0..tref.memory_count())
        .map(|i| tref.memory_at(i))
        .collect();
    let mut global_decls: Vec<GlobalDecl> = (0..ng)
        .map(|i| GlobalDecl {
            ty: canon_global(&types, tref.global_at(i)),
            init: Vec::new(),
        })
        .collect();
    for (i, mut g) in s.globals.into_iter().enumerate() {
        g.ty = canon_global(&types, tref.global_at(ng + i as u32));
        global_decls.push(g);
    }
    let tags: Vec<TypeId> = (0..tref.tag_count())
        .map(|i| type_id(tref.tag_at(i)))
        .collect();
    debug_assert_eq!(tags.len() as u32, ntag + s.num_local_tags);

    // Exported functions without a name-section name are known by their
    // export name in backtraces.
    for (name, kind, index) in &s.exports {
        if matches!(kind, ExternalKind::Func | ExternalKind::FuncExact) {
            s.func_names.entry(*index).or_insert_with(|| name.clone());
        }
        if matches!(kind, ExternalKind::Tag) {
            s.tag_names.entry(*index).or_insert_with(|| name.clone());
        }
    }
    let inner = ModuleInner {
        engine: engine.clone(),
        name: s.module_name,
        types: module_types,
        imports,
        funcs,
        num_imported_funcs: nf,
        tables: table_decls,
        num_imported_tables: nt,
        memories: memory_types,
        num_imported_memories: nm,
        globals: global_decls,
        num_imported_globals: ng,
        tags,
        num_imported_tags: ntag,
        exports: s.exports,
        start: s.start,
        elems: s.elems,
        datas: s.datas,
        code: Default::default(),
        func_names: s.func_names,
        tag_names: s.tag_names,
        validator_types: types,
        code_cache: None,
    };
    Ok((inner, s.func_bodies))
}

/// The `SPINDLE_DUMP_IR` listing of function `index`: a header line, then
/// `pc: Instr` lines and the resume tables.
pub(crate) fn dump_ir(index: u32, code: &FuncCode) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "func {index}: {} params, {} locals, {} slots",
        code.num_params, code.num_locals, code.max_slots
    );
    for (pc, i) in code.instrs.iter().enumerate() {
        let _ = writeln!(out, "  {pc:4}: {i:?}");
    }
    for (i, t) in code.resume_tables.iter().enumerate() {
        let _ = writeln!(out, "  resume table {i}: {:?}", t.clauses);
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::{Engine, Module};

    /// ARCHITECTURE.md's IR listing of `examples/fib.wat` is what
    /// `SPINDLE_DUMP_IR` prints for it; `SPINDLE_BLESS=1` rewrites it.
    #[test]
    fn architecture_ir_listing() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let doc_path = root.join("ARCHITECTURE.md");
        let doc = std::fs::read_to_string(&doc_path).unwrap();
        let open = "<!-- ir-listing examples/fib.wat -->\n";
        let start = doc.find(open).expect("the listing's marker") + open.len();
        let end = doc
            .find("<!-- /ir-listing -->")
            .expect("the listing's end marker");

        // The interpreter tier's code: no `HotCount`s.
        let mut config = crate::Config::new();
        config.tier(crate::Tier::Interp);
        let module =
            Module::from_file(&Engine::new(&config), root.join("examples/fib.wat")).unwrap();
        let m = &module.inner;
        let mut listing = String::from("```text\n");
        for i in 0..m.code.len() {
            let code = m.code.translate(m, i).unwrap();
            listing += &super::dump_ir(m.num_imported_funcs + i as u32, &code);
        }
        listing += "```\n";

        if std::env::var_os("SPINDLE_BLESS").is_some() {
            let new = format!("{}{listing}{}", &doc[..start], &doc[end..]);
            std::fs::write(&doc_path, new).unwrap();
        } else {
            assert_eq!(
                doc[start..end],
                listing,
                "ARCHITECTURE.md's IR listing is stale: run \
                 SPINDLE_BLESS=1 cargo test -p spindle --lib architecture_ir_listing"
            );
        }
    }
}
