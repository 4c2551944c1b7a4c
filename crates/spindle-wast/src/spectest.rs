//! The `spectest` host module that the spec scripts import from.

use anyhow::Result;
use spindle::{
    Func, FuncType, Global, GlobalType, Linker, Memory, MemoryType, Mutability, RefType, Store,
    Table, TableType, Val, ValType,
};

/// Defines `spectest` in `linker`. With `print`, the print functions write
/// their arguments to stdout; otherwise they do nothing.
pub(crate) fn define(linker: &mut Linker<()>, store: &mut Store<()>, print: bool) -> Result<()> {
    use ValType::{F32, F64, I32, I64};
    let funcs: [(&str, &[ValType]); 7] = [
        ("print", &[]),
        ("print_i32", &[I32]),
        ("print_i64", &[I64]),
        ("print_f32", &[F32]),
        ("print_f64", &[F64]),
        ("print_i32_f32", &[I32, F32]),
        ("print_f64_f64", &[F64, F64]),
    ];
    for (name, params) in funcs {
        let ty = FuncType::new(params.iter().copied(), []);
        let func = Func::new(&mut *store, ty, move |_caller, args: &[Val], _results| {
            if print {
                let parts: Vec<String> = args.iter().map(crate::values::show).collect();
                println!("{}", parts.join(" "));
            }
            Ok(())
        });
        linker.define(&*store, "spectest", name, func)?;
    }

    let globals = [
        ("global_i32", I32, Val::I32(666)),
        ("global_i64", I64, Val::I64(666)),
        ("global_f32", F32, Val::F32(666.6f32.to_bits())),
        ("global_f64", F64, Val::F64(666.6f64.to_bits())),
    ];
    for (name, content, val) in globals {
        let ty = GlobalType {
            content,
            mutability: Mutability::Const,
        };
        let global = Global::new(&mut *store, ty, val)?;
        linker.define(&*store, "spectest", name, global)?;
    }

    for (name, table64) in [("table", false), ("table64", true)] {
        let table = Table::new(
            &mut *store,
            TableType {
                element: RefType::FUNCREF,
                min: 10,
                max: Some(20),
                table64,
            },
            Val::FuncRef(None),
        )?;
        linker.define(&*store, "spectest", name, table)?;
    }

    let memory = Memory::new(&mut *store, MemoryType::new(1, Some(2)))?;
    linker.define(&*store, "spectest", "memory", memory)?;
    Ok(())
}
