//! wasm-smith configurations.

use arbitrary::Unstructured;
use wasm_smith::{Config, Module};

use crate::rng::Rng;

/// What the differential mode may generate: the features Spindle and
/// wasmi 2.0 share: SIMD (not relaxed SIMD, whose results may differ
/// between engines), memory64 and table64 (wasmi's `memory64` feature,
/// on by default); no threads, GC instructions, exceptions (wasmi 2.0 has
/// neither) or wide arithmetic; multi-value, bulk
/// memory, reference types, tail calls, sign extension, saturating
/// conversions, extended constants and multi-memory on. No imports, so
/// both engines instantiate with an empty linker. Memories and tables are
/// small and bounded, so that comparing them after every call is cheap and
/// `memory.grow` cannot ask either engine for gigabytes. With
/// `disallow_traps`, wasm-smith guards every trapping instruction, so that
/// calls run deeper instead of trapping early.
pub fn differential_config(canonicalize_nans: bool, disallow_traps: bool) -> Config {
    Config {
        disallow_traps,
        simd_enabled: true,
        relaxed_simd_enabled: false,
        threads_enabled: false,
        shared_everything_threads_enabled: false,
        memory64_enabled: true,
        gc_enabled: false,
        custom_descriptors_enabled: false,
        exceptions_enabled: false,
        wide_arithmetic_enabled: false,
        custom_page_sizes_enabled: false,
        multi_value_enabled: true,
        bulk_memory_enabled: true,
        reference_types_enabled: true,
        tail_call_enabled: true,
        sign_extension_ops_enabled: true,
        saturating_float_to_int_enabled: true,
        extended_const_enabled: true,
        canonicalize_nans,
        max_imports: 0,
        min_funcs: 3,
        max_funcs: 12,
        min_exports: 1,
        max_exports: 24,
        export_everything: true,
        max_memories: 2,
        max_tables: 2,
        max_memory32_bytes: 4 * 65536,
        max_memory64_bytes: 4 * 65536,
        memory_max_size_required: true,
        max_table_elements: 64,
        table_max_size_required: true,
        max_instructions: 400,
        max_data_segments: 8,
        max_element_segments: 8,
        max_elements: 16,
        max_globals: 16,
        max_types: 20,
        max_tags: 0,
        generate_custom_sections: false,
        ..Config::default()
    }
}

/// What the mutation mode starts from: everything Spindle validates
/// (including exceptions, tail calls, GC, memory64 and table64), so that
/// mutants reach deep into the validator and translator. (wasm-smith does
/// not generate legacy exceptions: they come from the spec scripts.)
pub fn mutation_base_config() -> Config {
    Config {
        simd_enabled: true,
        relaxed_simd_enabled: true,
        threads_enabled: false,
        shared_everything_threads_enabled: false,
        memory64_enabled: true,
        gc_enabled: true,
        custom_descriptors_enabled: false,
        exceptions_enabled: true,
        wide_arithmetic_enabled: false,
        custom_page_sizes_enabled: false,
        max_imports: 0,
        max_memory32_bytes: 2 * 65536,
        max_memory64_bytes: 2 * 65536,
        memory_max_size_required: true,
        max_table_elements: 64,
        table_max_size_required: true,
        max_instructions: 200,
        max_funcs: 10,
        export_everything: true,
        ..Config::default()
    }
}

/// What the GC mode generates: GC (structs, arrays, `i31`, casts, with
/// function references), exceptions, tail calls, SIMD if `simd` (not
/// relaxed SIMD, whose results a second engine may choose differently), memory64 and
/// table64, multi-value, bulk memory and extended constants. No imports;
/// small bounded memories and tables: [`differential_config`] with GC,
/// exceptions and more types and tags.
pub fn gc_config(canonicalize_nans: bool, simd: bool) -> Config {
    Config {
        gc_enabled: true,
        exceptions_enabled: true,
        simd_enabled: simd,
        max_memory32_bytes: 2 * 65536,
        max_memory64_bytes: 2 * 65536,
        min_types: 4,
        max_types: 16,
        max_tags: 4,
        ..differential_config(canonicalize_nans, false)
    }
}

/// A module from `config` and `len` random bytes of `rng`.
pub fn generate(config: Config, rng: &mut Rng, len: usize) -> arbitrary::Result<Vec<u8>> {
    let data = rng.bytes(len);
    let mut u = Unstructured::new(&data);
    Ok(Module::new(config, &mut u)?.to_bytes())
}
