//! The heap of GC-proposal objects: arrays in a table with a free list
//! and generations, structs in an arena (`structs.rs`), their layouts by
//! canonical type, and the encoding of `anyref`/`eqref`/`i31ref` values
//! in a 64-bit slot.
//!
//! Encoding (the low bits tell the kinds apart, so no word of one kind is
//! ever taken for another):
//!
//! - `0`: null (of every hierarchy).
//! - `...1`: an `i31ref`, `(value << 1) | 1` with the 31-bit value in bits
//!   1..32 and nothing above, so equal values have equal words.
//! - `...10`: a heap object, `(generation << 32) | (index << 3) |
//!   (is_array << 2) | 2`; the generation (31 bits, never 0) moves on when
//!   the entry is freed, so a stale word never names the entry's next object.
//!   A struct's index is the word offset of its block in the struct arena
//!   (`structs.rs`), an array's its entry in `objects`.
//! - `...00` (not 0): an external reference made internal by
//!   `any.convert_extern`: the `externref` word shifted left by two.
//! - An `anyref` made external by `extern.convert_any` is its word with bit
//!   63 set (host `externref`s are `payload + 1`, below 2^33).
//!
//! Both conversions are exact inverses of each other, so `ref.eq` stays a
//! comparison of words across any number of round trips.

use super::structs::{block_words, Structs};
use crate::jit::AllocOffsets;
use crate::trap::TrapCode;
use crate::types::TypeId;

pub(crate) use crate::values::EXTERNALIZED;
pub(crate) use crate::values::GEN_MASK;
/// Arrays are at most this many (the index has 29 bits).
const MAX_OBJECTS: usize = 1 << 29;
/// An array holds at most this many elements (a larger `array.new` traps
/// rather than asking the allocator for gigabytes).
pub(crate) const MAX_ARRAY_LEN: u64 = 1 << 28;
/// Bytes allocated before the first collection (and the least between two).
pub(crate) const MIN_COLLECTION_BYTES: usize = 4 << 20;

/// `ref.i31`: the low 31 bits of `v`.
#[inline]
pub(crate) fn i31_new(v: u32) -> u64 {
    (((v & 0x7fff_ffff) as u64) << 1) | 1
}

/// `i31.get_s` of a non-null `i31ref`.
#[inline]
pub(crate) fn i31_get_s(w: u64) -> i32 {
    (w as u32 as i32) >> 1
}

/// `i31.get_u` of a non-null `i31ref`.
#[inline]
pub(crate) fn i31_get_u(w: u64) -> u32 {
    (w as u32) >> 1
}

#[inline]
pub(crate) fn is_i31(w: u64) -> bool {
    w & 1 == 1
}

/// Is `w` (an `anyref`) a heap object (struct or array)?
#[inline]
pub(crate) fn is_object(w: u64) -> bool {
    w & 3 == 2
}

#[inline]
pub(crate) fn is_struct(w: u64) -> bool {
    w & 7 == 2
}

#[inline]
pub(crate) fn is_array(w: u64) -> bool {
    w & 7 == 6
}

/// `any.convert_extern`.
#[inline]
pub(crate) fn internalize(e: u64) -> u64 {
    if e == 0 {
        0
    } else if e & EXTERNALIZED != 0 {
        e & !EXTERNALIZED
    } else {
        e << 2
    }
}

/// `extern.convert_any`.
#[inline]
pub(crate) fn externalize(a: u64) -> u64 {
    if a == 0 {
        0
    } else if a & 3 == 0 {
        a >> 2
    } else {
        a | EXTERNALIZED
    }
}

#[inline]
fn object_index(w: u64) -> usize {
    ((w as u32) >> 3) as usize
}

/// How a field or element is stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Storage {
    /// A packed `i8` (an `i8` array stores bytes).
    I8,
    /// A packed `i16`.
    I16,
    /// `i32`/`f32`: 4 bytes in a data segment, one word in the object.
    W32,
    /// `i64`/`f64`/references: one word.
    W64,
}

impl Storage {
    /// Bytes per element in a data segment (`array.new_data`).
    pub(crate) fn bytes(self) -> usize {
        match self {
            Storage::I8 => 1,
            Storage::I16 => 2,
            Storage::W32 => 4,
            Storage::W64 => 8,
        }
    }

    /// The bits of slot value `v` that the storage keeps.
    #[inline]
    pub(crate) fn wrap(self, v: u64) -> u64 {
        match self {
            Storage::I8 => v & 0xff,
            Storage::I16 => v & 0xffff,
            Storage::W32 | Storage::W64 => v,
        }
    }

    pub(crate) fn of(s: &wasmparser::StorageType) -> Option<Storage> {
        use wasmparser::{StorageType as S, ValType as V};
        Some(match s {
            S::I8 => Storage::I8,
            S::I16 => Storage::I16,
            S::Val(V::I32 | V::F32) => Storage::W32,
            S::Val(V::I64 | V::F64 | V::Ref(_)) => Storage::W64,
            S::Val(V::V128) => return None,
        })
    }
}

/// What a canonical type is, as far as the heap needs to know.
#[derive(Debug, Clone)]
pub(crate) enum Shape {
    Struct(Box<[Storage]>),
    Array(Storage),
    /// A function or continuation type (for casts of `funcref`s).
    Other,
}

/// A type's shape and its chain of supertypes (root first, itself last):
/// `a <: b` iff `a.supers[depth(b)] == b`.
#[derive(Debug, Clone)]
pub(crate) struct Layout {
    pub shape: Shape,
    pub supers: Box<[TypeId]>,
    /// Can a field or element hold a reference? If not, the collector
    /// does not scan the object's words (`words_of`).
    pub refs: bool,
}

/// An object's contents.
#[derive(Debug)]
pub(crate) enum Body {
    /// A free entry; `next` is the next free one (`u32::MAX`: none).
    Free { next: u32 },
    /// An array of words (`i32`, `i64`, `f32`, `f64`, references).
    Words(Box<[u64]>),
    /// An `i8` array.
    I8(Box<[u8]>),
    /// An `i16` array.
    I16(Box<[u16]>),
}

impl Body {
    /// The array length.
    pub(crate) fn len(&self) -> usize {
        match self {
            Body::Free { .. } => 0,
            Body::Words(w) => w.len(),
            Body::I8(b) => b.len(),
            Body::I16(h) => h.len(),
        }
    }

    /// Array element `i` as a slot value (`signed`: sign-extend packed
    /// ones). (Struct fields are `GcHeap::field`.)
    #[inline]
    pub(crate) fn get(&self, i: usize, signed: bool) -> u64 {
        match self {
            Body::Words(w) => w[i],
            Body::I8(b) if signed => b[i] as i8 as i32 as u32 as u64,
            Body::I8(b) => b[i] as u64,
            Body::I16(h) if signed => h[i] as i16 as i32 as u32 as u64,
            Body::I16(h) => h[i] as u64,
            Body::Free { .. } => 0,
        }
    }

    /// Sets array element `i` from a slot value.
    #[inline]
    pub(crate) fn set(&mut self, i: usize, v: u64) {
        match self {
            Body::Words(w) => w[i] = v,
            Body::I8(b) => b[i] = v as u8,
            Body::I16(h) => h[i] = v as u16,
            Body::Free { .. } => {}
        }
    }

    /// Bytes of the object's contents on the Rust heap.
    pub(crate) fn bytes(&self) -> usize {
        match self {
            Body::Free { .. } => 0,
            Body::Words(w) => w.len() * 8,
            Body::I8(b) => b.len(),
            Body::I16(h) => h.len() * 2,
        }
    }
}

/// One entry of the array table.
#[derive(Debug)]
pub(crate) struct Object {
    /// Canonical type.
    pub ty: TypeId,
    pub gen: u32,
    pub body: Body,
}

/// What a live reference names (`GcHeap::resolve`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Obj {
    /// The struct whose block starts at this word of the struct arena.
    Struct(u32),
    /// The array at this index of the array table.
    Array(usize),
}

/// The store's GC heap.
#[derive(Debug)]
pub(crate) struct GcHeap {
    /// Arrays (one table entry each, contents boxed).
    pub(crate) objects: Vec<Object>,
    /// Structs, inline in one arena (`structs.rs`).
    pub(crate) structs: Structs,
    free: u32,
    live: usize,
    /// Layouts by canonical type index (registered at instantiation).
    layouts: Vec<Option<Layout>>,
    /// Bytes allocated since the last collection (compiled code adds to it:
    /// `ALLOC_OFFSETS`).
    allocated: usize,
    /// Bytes of the objects left by the last collection.
    live_bytes: usize,
    /// Collect when `allocated` reaches this.
    pub(crate) next_collection: usize,
}

impl GcHeap {
    /// Where compiled code finds what its inline `struct.new` updates
    /// (`CallHooks::gc_alloc`).
    pub(crate) const ALLOC_OFFSETS: AllocOffsets = AllocOffsets {
        allocated: std::mem::offset_of!(GcHeap, allocated) as i32,
        next_collection: std::mem::offset_of!(GcHeap, next_collection) as i32,
        dead_bits: std::mem::offset_of!(GcHeap, structs.cursor.dead_bits) as i32,
        dead_len: std::mem::offset_of!(GcHeap, structs.cursor.dead_len) as i32,
        dead_from: std::mem::offset_of!(GcHeap, structs.cursor.dead_from) as i32,
        live_bits: std::mem::offset_of!(GcHeap, structs.cursor.live_bits) as i32,
        live: std::mem::offset_of!(GcHeap, structs.cursor.live) as i32,
    };
}

impl Default for GcHeap {
    fn default() -> Self {
        GcHeap {
            objects: Vec::new(),
            structs: Structs::default(),
            free: u32::MAX,
            live: 0,
            layouts: Vec::new(),
            allocated: 0,
            live_bytes: 0,
            next_collection: MIN_COLLECTION_BYTES,
        }
    }
}

impl GcHeap {
    /// Registers the layouts of the module's types `types` (canonical ids).
    pub(crate) fn register_types(&mut self, engine: &crate::engine::Engine, types: &[TypeId]) {
        let reg = engine.types();
        for &t in types {
            self.register(&reg, t);
        }
    }

    fn register(&mut self, reg: &crate::registry::TypeRegistry, t: TypeId) {
        if self.layout(t).is_some() {
            return;
        }
        let rt = reg.get(t);
        let is_ref = |s: &wasmparser::StorageType| {
            matches!(s, wasmparser::StorageType::Val(wasmparser::ValType::Ref(_)))
        };
        let refs = match &rt.sub.composite_type.inner {
            wasmparser::CompositeInnerType::Struct(s) => {
                s.fields.iter().any(|f| is_ref(&f.element_type))
            }
            wasmparser::CompositeInnerType::Array(a) => is_ref(&a.0.element_type),
            _ => false,
        };
        let shape = match &rt.sub.composite_type.inner {
            wasmparser::CompositeInnerType::Struct(s) => Shape::Struct(
                s.fields
                    .iter()
                    .map(|f| Storage::of(&f.element_type).unwrap_or(Storage::W64))
                    .collect(),
            ),
            wasmparser::CompositeInnerType::Array(a) => {
                Shape::Array(Storage::of(&a.0.element_type).unwrap_or(Storage::W64))
            }
            _ => Shape::Other,
        };
        let mut supers = match rt.supertype {
            Some(s) => {
                self.register(reg, s);
                self.layout(s).expect("registered").supers.to_vec()
            }
            None => Vec::new(),
        };
        supers.push(t);
        let i = t.0 as usize;
        if self.layouts.len() <= i {
            self.layouts.resize(i + 1, None);
        }
        self.layouts[i] = Some(Layout {
            shape,
            supers: supers.into_boxed_slice(),
            refs,
        });
    }

    #[inline]
    pub(crate) fn layout(&self, t: TypeId) -> Option<&Layout> {
        self.layouts.get(t.0 as usize).and_then(Option::as_ref)
    }

    /// Is registered type `a` a subtype of registered type `b`?
    pub(crate) fn is_subtype(&self, a: TypeId, b: TypeId) -> Option<bool> {
        let (la, lb) = (self.layout(a)?, self.layout(b)?);
        Some(la.supers.get(lb.supers.len() - 1) == Some(&b))
    }

    /// The field storages of struct type `t`.
    pub(crate) fn struct_fields(&self, t: TypeId) -> &[Storage] {
        match self.layout(t).map(|l| &l.shape) {
            Some(Shape::Struct(f)) => f,
            _ => &[],
        }
    }

    /// The element storage of array type `t`.
    pub(crate) fn array_elem(&self, t: TypeId) -> Storage {
        match self.layout(t).map(|l| &l.shape) {
            Some(Shape::Array(e)) => *e,
            _ => Storage::W64,
        }
    }

    /// Number of live objects.
    pub fn live(&self) -> usize {
        self.live + self.structs.live()
    }

    /// Has enough been allocated since the last collection to run one?
    #[inline]
    pub(crate) fn wants_collection(&self) -> bool {
        self.allocated >= self.next_collection
    }

    /// What an array with contents `body` costs, as the trigger counts it.
    pub(crate) fn object_bytes(body: &Body) -> usize {
        std::mem::size_of::<Object>() + body.bytes()
    }

    /// What a struct with `len` fields costs, as the trigger counts it.
    #[inline]
    pub(crate) fn struct_bytes(len: usize) -> usize {
        8 * block_words(len)
    }

    #[inline]
    fn alloc(&mut self, ty: TypeId, array: bool, body: Body) -> Result<u64, TrapCode> {
        self.allocated += Self::object_bytes(&body);
        let index = if self.free != u32::MAX {
            let i = self.free;
            let o = &mut self.objects[i as usize];
            let Body::Free { next } = o.body else {
                unreachable!("free list entry in use")
            };
            self.free = next;
            o.ty = ty;
            o.body = body;
            i as usize
        } else {
            if self.objects.len() >= MAX_OBJECTS {
                return Err(TrapCode::AllocationTooLarge);
            }
            self.objects.push(Object { ty, gen: 1, body });
            self.objects.len() - 1
        };
        self.live += 1;
        let gen = self.objects[index].gen as u64;
        Ok((gen << 32) | ((index as u64) << 3) | ((array as u64) << 2) | 2)
    }

    /// A struct of type `ty` whose field `i` is `field(i)` (wrapped to its
    /// storage): a block of the struct arena.
    #[inline]
    pub(crate) fn new_struct(
        &mut self,
        ty: TypeId,
        field: impl Fn(usize) -> u64,
    ) -> Result<u64, TrapCode> {
        Ok(self
            .new_struct_with(ty, field, true)?
            .expect("the arena may grow"))
    }

    /// `new_struct` for compiled code, which never collects and holds the
    /// arena's address: `None` (and nothing allocated) if the allocation
    /// would ask for a collection or move the arena (or trap); the
    /// interpreter then runs the instruction.
    #[inline]
    pub(crate) fn new_struct_in_place(
        &mut self,
        ty: TypeId,
        field: impl Fn(usize) -> u64,
    ) -> Option<u64> {
        self.new_struct_with(ty, field, false).ok().flatten()
    }

    /// `new_struct`; without `grow`, `Ok(None)` rather than moving the
    /// arena or reaching the trigger.
    #[inline]
    fn new_struct_with(
        &mut self,
        ty: TypeId,
        field: impl Fn(usize) -> u64,
        grow: bool,
    ) -> Result<Option<u64>, TrapCode> {
        let layouts = &self.layouts;
        let fields_of = |t: TypeId| -> &[Storage] {
            match layouts.get(t.0 as usize) {
                Some(Some(Layout {
                    shape: Shape::Struct(st),
                    ..
                })) => st,
                _ => &[],
            }
        };
        let storages = fields_of(ty);
        let len = storages.len();
        if !grow && self.allocated + Self::struct_bytes(len) >= self.next_collection {
            return Ok(None);
        }
        let Some((at, gen)) = self.structs.alloc(ty, len, |t| fields_of(t).len(), grow)? else {
            return Ok(None);
        };
        for (i, (w, s)) in self
            .structs
            .fields_mut(at, len)
            .iter_mut()
            .zip(storages)
            .enumerate()
        {
            *w = s.wrap(field(i));
        }
        self.allocated += Self::struct_bytes(len);
        Ok(Some((gen << 32) | ((at as u64) << 3) | 2))
    }

    /// Field `i` of struct `w` (non-null).
    #[inline]
    pub(crate) fn field(&self, w: u64, i: u32) -> u64 {
        self.structs.get(object_index(w) as u32, i)
    }

    /// Sets field `i` of struct `w` (non-null) to `v` (already wrapped).
    #[inline]
    pub(crate) fn set_field(&mut self, w: u64, i: u32, v: u64) {
        self.structs.set(object_index(w) as u32, i, v);
    }

    /// The canonical type of the struct or array `w` (non-null, live).
    #[inline]
    pub(crate) fn type_of(&self, w: u64) -> TypeId {
        if is_struct(w) {
            self.structs.ty(object_index(w) as u32)
        } else {
            self.object(w).ty
        }
    }

    /// The words of `o` that may hold references (the collector): none if
    /// its type has no reference field or element, so that an array of
    /// numbers costs nothing to mark however long it is.
    pub(crate) fn words_of(&self, o: Obj) -> &[u64] {
        let ty = match o {
            Obj::Struct(at) => self.structs.ty(at),
            Obj::Array(i) => self.objects[i].ty,
        };
        if !self.layout(ty).is_none_or(|l| l.refs) {
            return &[];
        }
        match o {
            Obj::Struct(at) => self.structs.fields(at, self.struct_fields(ty).len()),
            Obj::Array(i) => match &self.objects[i].body {
                Body::Words(w) => w,
                _ => &[],
            },
        }
    }

    /// Frees every struct whose header is not set in `marks` (one bit per
    /// word of the arena, from `structs.take_marks()`), lazily (`structs.rs`); `marked_words` are the
    /// words of the marked structs' blocks. Returns their bytes.
    pub(crate) fn sweep_structs(&mut self, marks: Vec<u64>, marked_words: usize) -> usize {
        self.structs.sweep(marks);
        8 * marked_words
    }

    /// The words of the block of the live struct at `at` (the collector
    /// counts what it marks).
    #[inline]
    pub(crate) fn struct_block_words(&self, at: u32) -> usize {
        block_words(self.struct_fields(self.structs.ty(at)).len())
    }

    /// A struct of type `ty` with default (zero) fields.
    pub(crate) fn new_struct_default(&mut self, ty: TypeId) -> Result<u64, TrapCode> {
        self.new_struct(ty, |_| 0)
    }

    /// An array of type `ty` of `len` copies of `init`.
    pub(crate) fn new_array(&mut self, ty: TypeId, len: u64, init: u64) -> Result<u64, TrapCode> {
        if len > MAX_ARRAY_LEN {
            return Err(TrapCode::AllocationTooLarge);
        }
        let n = len as usize;
        let body = match self.array_elem(ty) {
            Storage::I8 => Body::I8(vec![init as u8; n].into_boxed_slice()),
            Storage::I16 => Body::I16(vec![init as u16; n].into_boxed_slice()),
            Storage::W32 | Storage::W64 => Body::Words(vec![init; n].into_boxed_slice()),
        };
        self.alloc(ty, true, body)
    }

    /// An array of type `ty` of `n` elements, element `i` being `elem(i)`
    /// (a slot value).
    pub(crate) fn new_array_with(
        &mut self,
        ty: TypeId,
        n: usize,
        elem: impl Fn(usize) -> u64,
    ) -> Result<u64, TrapCode> {
        let body = match self.array_elem(ty) {
            Storage::I8 => Body::I8((0..n).map(|i| elem(i) as u8).collect()),
            Storage::I16 => Body::I16((0..n).map(|i| elem(i) as u16).collect()),
            Storage::W32 | Storage::W64 => Body::Words((0..n).map(elem).collect()),
        };
        self.alloc(ty, true, body)
    }

    /// An array of type `ty` holding `elems` (slot values).
    pub(crate) fn new_array_from(&mut self, ty: TypeId, elems: &[u64]) -> Result<u64, TrapCode> {
        self.new_array_with(ty, elems.len(), |i| elems[i])
    }

    /// An array of type `ty` of `len` elements read from `bytes` (little
    /// endian, at the element type's size).
    pub(crate) fn new_array_data(&mut self, ty: TypeId, bytes: &[u8]) -> Result<u64, TrapCode> {
        let st = self.array_elem(ty);
        let size = st.bytes();
        let body = match st {
            Storage::I8 => Body::I8(bytes.into()),
            Storage::I16 => Body::I16(
                bytes
                    .chunks_exact(2)
                    .map(|c| u16::from_le_bytes([c[0], c[1]]))
                    .collect(),
            ),
            Storage::W32 | Storage::W64 => Body::Words(
                bytes
                    .chunks_exact(size)
                    .map(|c| {
                        let mut w = [0u8; 8];
                        w[..size].copy_from_slice(c);
                        u64::from_le_bytes(w)
                    })
                    .collect(),
            ),
        };
        self.alloc(ty, true, body)
    }

    /// The object a non-null, non-i31 reference names. References that
    /// Wasm holds always resolve (the collector keeps what they name).
    #[inline]
    pub(crate) fn object(&self, w: u64) -> &Object {
        let o = &self.objects[object_index(w)];
        debug_assert_eq!(o.gen as u64, (w >> 32) & GEN_MASK as u64, "stale reference");
        o
    }

    #[inline]
    pub(crate) fn object_mut(&mut self, w: u64) -> &mut Object {
        let o = &mut self.objects[object_index(w)];
        debug_assert_eq!(o.gen as u64, (w >> 32) & GEN_MASK as u64, "stale reference");
        o
    }

    /// Two distinct objects, mutably (for `array.copy`).
    pub(crate) fn pair_mut(&mut self, a: u64, b: u64) -> (&mut Object, &mut Object) {
        let (i, j) = (object_index(a), object_index(b));
        debug_assert_ne!(i, j);
        if i < j {
            let (lo, hi) = self.objects.split_at_mut(j);
            (&mut lo[i], &mut hi[0])
        } else {
            let (lo, hi) = self.objects.split_at_mut(i);
            (&mut hi[0], &mut lo[j])
        }
    }

    /// The live struct or array word `w` names (bit 63 ignored), for the
    /// collector and the host: `None` for anything else, including stale
    /// words and words into the middle of a struct's block.
    #[inline]
    pub(crate) fn resolve(&self, w: u64) -> Option<Obj> {
        let w = w & !EXTERNALIZED;
        let i = object_index(w);
        if is_struct(w) {
            return self.structs.resolve(i, w >> 32).map(Obj::Struct);
        }
        if !is_array(w) {
            return None;
        }
        let o = self.objects.get(i)?;
        let live = !matches!(o.body, Body::Free { .. });
        (live && o.gen as u64 == w >> 32).then_some(Obj::Array(i))
    }

    /// Frees array `i` (the collector's sweep).
    pub(crate) fn free(&mut self, i: usize) {
        let o = &mut self.objects[i];
        o.body = Body::Free { next: self.free };
        o.gen = if o.gen >= GEN_MASK { 1 } else { o.gen + 1 };
        self.free = i as u32;
        self.live -= 1;
    }

    /// After a collection: the bytes left (`live_bytes`, counted by the
    /// sweep with `object_bytes`) decide the next trigger.
    pub(crate) fn collected(&mut self, live_bytes: usize) {
        self.live_bytes = live_bytes;
        self.allocated = 0;
        self.next_collection = (2 * self.live_bytes).max(MIN_COLLECTION_BYTES);
    }
}
