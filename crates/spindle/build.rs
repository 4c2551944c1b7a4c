//! `SPINDLE_BUILD_ID`: a number new with every build of the crate (Cargo
//! runs this script again whenever a file of the package changes), which
//! keys the compiled-code cache (`module/code_cache.rs`): machine code
//! compiled by one build is never linked by another.

fn main() {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    println!("cargo:rustc-env=SPINDLE_BUILD_ID={nanos}");
}
