;; fiber.wat - fiber primitives for C programs, on typed continuations.
;;
;; Clang cannot emit the stack-switching instructions, so a C program
;; imports these functions from module "env" (see fiber.h / fiber.c) and the
;; runtime loads this module first:
;;
;;   spindle run --preload env=lib/fiber/fiber.wat prog.wasm
;;
;; This module also owns the program's indirect function table: the program
;; is linked with `-Wl,--import-table -Wl,--growable-table`, so it imports
;; `env.__indirect_function_table`, and a C function pointer is an index into
;; this table. A fiber starts with a `call_indirect` of such an index (from
;; `$body`, the function made into a continuation with `cont.new`), so no
;; funcref has to cross the module boundary.
;;
;; Fibers are small integer handles (1, 2, ...; 0 means "not a fiber", the
;; main stack). Each handle names a slot of the `$conts` table that holds
;; the fiber's continuation while it is not running (null while it runs or
;; after it finished), and a record in this module's memory (state, entry,
;; argument, free-list link).
;;
;; Continuations are recycled: when a fiber's entry function returns, its
;; continuation does not end but parks itself in a pool (suspending with the
;; result, which the resumer recognises by the fiber's state), and the next
;; fiber_new takes it from there instead of `cont.new`. Only when the pool is
;; full does the continuation return and end. Without this, an engine that
;; gives each continuation a native stack and keeps it until the store is
;; dropped could not run programs that make millions of short-lived fibers.
;;
;; Every fiber continuation has the one type $fc: it takes the value passed
;; to it and the continuation of the fiber that switched to it (null when it
;; was resumed, not switched to), and returns the fiber's final value. A
;; fresh fiber, a fiber suspended by `fiber_yield` and a fiber that switched
;; away with `fiber_switch_to` all have this type, so any of them can be
;; resumed or switched to.
;;
;; Exports (all values i32):
;;   fiber_new(entry, arg) -> handle    entry: table index of a C function
;;                                      (i32 arg, i32 first_value) -> i32
;;   fiber_resume(handle, v) -> v'      run the fiber until it yields (v' is
;;                                      the yielded value) or returns (v' is
;;                                      its result); traps if it is running
;;                                      or finished
;;   fiber_yield(v) -> v'               suspend the running fiber to the
;;                                      innermost fiber_resume; v' is the
;;                                      value of the next resume/switch
;;   fiber_switch_to(handle, v) -> v'   symmetric transfer from the running
;;                                      fiber straight to another one (no
;;                                      trip through the resumer); must run
;;                                      inside a fiber
;;   fiber_done(handle) -> 0/1          whether the fiber returned
;;   fiber_current() -> handle          the running fiber (0: none)
;;   fiber_free(handle)                 drop the fiber (suspended ones too)
;;                                      and recycle the handle
;;   fiber_live() -> n                  handles in use
;;   __indirect_function_table          the program's funcref table
;;
;; Each record is 16 bytes at h*16: state (0 free, 1 started, 2 done,
;; 3 not started yet), next free handle, entry (table index), argument.
;;
;; Invariant: the slot of a handle that is free, running (or resuming
;; another fiber) or finished is null, so resuming or switching to such a
;; handle traps on the null continuation (and an out-of-range handle traps
;; on the table access). The hot paths are written without helper calls.
(module
  (rec
    (type $ffn (func (param i32 (ref null $fc)) (result i32)))
    (type $fc (cont $ffn)))
  ;; A C fiber entry: (arg, first value) -> final value.
  (type $entry (func (param i32 i32) (result i32)))

  ;; fiber_yield (and parking): the value out; in, the next value and (when
  ;; the yielded fiber is later switched to rather than resumed) the
  ;; switcher.
  (tag $yield (param i32) (result i32 (ref null $fc)))
  ;; fiber_switch_to (the `switch` tag): delivers the final i32 of a fiber.
  (tag $switch (result i32))

  ;; The C program's function table. Its initial size must cover the
  ;; program's element segment; wasm-ld's `--growable-table` leaves the
  ;; import without a maximum, and the program may grow it.
  (table $funcs (export "__indirect_function_table") 16384 funcref)

  ;; Slot h: fiber h's continuation while it is suspended or not started.
  (table $conts 64 (ref null $fc))

  ;; Parked continuations, ready for reuse by fiber_new.
  (table $pool 4096 (ref null $fc))
  (global $pooled (mut i32) (i32.const 0))

  (memory $meta 1)

  (global $current (mut i32) (i32.const 0))     ;; running fiber, 0 = none
  (global $switch_from (mut i32) (i32.const 0)) ;; fiber that last switched away
  (global $free (mut i32) (i32.const 0))        ;; free-list head, 0 = empty
  (global $next (mut i32) (i32.const 1))        ;; next never-used handle
  (global $live (mut i32) (i32.const 0))

  ;; A handle never used before (the free list is empty); traps when the
  ;; table or the memory cannot grow.
  (func $new_handle (result i32)
    (local $h i32)
    (local.set $h (global.get $next))
    (global.set $next (i32.add (local.get $h) (i32.const 1)))
    (if (i32.ge_u (local.get $h) (table.size $conts))
      (then
        (if (i32.eq (table.grow $conts (ref.null $fc) (table.size $conts))
                    (i32.const -1))
          (then (unreachable)))))
    (if (i32.ge_u (i32.shl (i32.add (local.get $h) (i32.const 1)) (i32.const 4))
                  (i32.shl (memory.size) (i32.const 16)))
      (then
        (if (i32.eq (memory.grow (memory.size)) (i32.const -1))
          (then (unreachable)))))
    (local.get $h))

  ;; The body of every fiber continuation: runs the entry of the fiber that
  ;; is current when it starts, then parks for the next fiber.
  (func $body (type $ffn)
    (local $rec i32)
    (local $r i32)
    (loop $next_fiber
      ;; Keep the fiber that switched here (if any) resumable.
      (if (i32.eqz (ref.is_null (local.get 1)))
        (then (table.set $conts (global.get $switch_from) (local.get 1))))
      (local.set $rec (i32.shl (global.get $current) (i32.const 4)))
      (i32.store (local.get $rec) (i32.const 1))
      (local.set $r
        (call_indirect $funcs (type $entry)
          (i32.load offset=12 (local.get $rec))
          (local.get 0)
          (i32.load offset=8 (local.get $rec))))
      ;; The fiber returned (it may have switched: it is `current` now).
      (i32.store (i32.shl (global.get $current) (i32.const 4)) (i32.const 2))
      ;; Pool full: end this continuation; the resume returns r.
      (if (i32.ge_u (global.get $pooled) (table.size $pool))
        (then (return (local.get $r))))
      ;; Park: the resumer sees a yield from a finished fiber and pools
      ;; this continuation; fiber_new hands it to a new fiber.
      (suspend $yield (local.get $r))
      (local.set 1)
      (local.set 0)
      (br $next_fiber))
    (unreachable))
  (elem declare func $body)

  (func (export "fiber_new") (param $entry i32) (param $arg i32) (result i32)
    (local $h i32)
    (local $rec i32)
    (local $k (ref null $fc))
    (if (global.get $free)
      (then
        (local.set $h (global.get $free))
        (global.set $free (i32.load offset=4 (i32.shl (local.get $h) (i32.const 4)))))
      (else (local.set $h (call $new_handle))))
    (local.set $rec (i32.shl (local.get $h) (i32.const 4)))
    (i32.store (local.get $rec) (i32.const 3))
    (i32.store offset=8 (local.get $rec) (local.get $entry))
    (i32.store offset=12 (local.get $rec) (local.get $arg))
    (global.set $live (i32.add (global.get $live) (i32.const 1)))
    (if (global.get $pooled)
      (then
        (global.set $pooled (i32.sub (global.get $pooled) (i32.const 1)))
        (local.set $k (table.get $pool (global.get $pooled)))
        (table.set $pool (global.get $pooled) (ref.null $fc)))
      (else
        (local.set $k (cont.new $fc (ref.func $body)))))
    (table.set $conts (local.get $h) (local.get $k))
    (local.get $h))

  (func (export "fiber_resume") (param $h i32) (param $v i32) (result i32)
    (local $me i32)
    (local $k (ref null $fc))
    (local.set $k (table.get $conts (local.get $h)))
    (table.set $conts (local.get $h) (ref.null $fc))
    (local.set $me (global.get $current))
    (global.set $current (local.get $h))
    (block $yielded (result i32 (ref $fc))
      ;; Returned: the fiber running at that point finished (pool full).
      (local.set $v
        (resume $fc (on $yield $yielded) (on $switch switch)
          (local.get $v) (ref.null $fc) (local.get $k)))
      (global.set $current (local.get $me))
      (return (local.get $v)))
    ;; Yielded, by the fiber current now (which differs from h if h
    ;; switched to another fiber). If that fiber has finished, this is its
    ;; continuation parking.
    (local.set $k)
    (if (i32.eq (i32.load (i32.shl (global.get $current) (i32.const 4))) (i32.const 2))
      (then
        (table.set $pool (global.get $pooled) (local.get $k))
        (global.set $pooled (i32.add (global.get $pooled) (i32.const 1))))
      (else
        (table.set $conts (global.get $current) (local.get $k))))
    (global.set $current (local.get $me)))

  (func (export "fiber_yield") (param $v i32) (result i32)
    (local $prev (ref null $fc))
    (suspend $yield (local.get $v))
    (local.set $prev)
    (if (i32.eqz (ref.is_null (local.get $prev)))
      (then (table.set $conts (global.get $switch_from) (local.get $prev)))))

  (func (export "fiber_switch_to") (param $h i32) (param $v i32) (result i32)
    (local $k (ref null $fc))
    (local.set $k (table.get $conts (local.get $h)))
    (table.set $conts (local.get $h) (ref.null $fc))
    (global.set $switch_from (global.get $current))
    (global.set $current (local.get $h))
    (switch $fc $switch (local.get $v) (local.get $k))
    (local.set $k)
    (if (i32.eqz (ref.is_null (local.get $k)))
      (then (table.set $conts (global.get $switch_from) (local.get $k)))))

  ;; Traps unless h is a handle in use; its record's address.
  (func $check (param $h i32) (result i32)
    (if (i32.or (i32.eqz (local.get $h))
                (i32.ge_u (local.get $h) (global.get $next)))
      (then (unreachable)))
    (if (i32.eqz (i32.load (i32.shl (local.get $h) (i32.const 4))))
      (then (unreachable)))
    (i32.shl (local.get $h) (i32.const 4)))

  (func (export "fiber_done") (param $h i32) (result i32)
    (i32.eq (i32.load (call $check (local.get $h))) (i32.const 2)))

  (func (export "fiber_current") (result i32)
    (global.get $current))

  (func (export "fiber_live") (result i32)
    (global.get $live))

  (func (export "fiber_free") (param $h i32)
    (local $rec i32)
    (local $state i32)
    (local.set $rec (call $check (local.get $h)))
    (local.set $state (i32.load (local.get $rec)))
    ;; Freeing the running fiber (or one of its resumers) is an error.
    (if (i32.and (i32.eq (local.get $state) (i32.const 1))
                 (ref.is_null (table.get $conts (local.get $h))))
      (then (unreachable)))
    ;; A fiber that never ran holds a continuation (fresh or parked) that
    ;; another fiber can use.
    (if (i32.and (i32.eq (local.get $state) (i32.const 3))
                 (i32.lt_u (global.get $pooled) (table.size $pool)))
      (then
        (table.set $pool (global.get $pooled) (table.get $conts (local.get $h)))
        (global.set $pooled (i32.add (global.get $pooled) (i32.const 1)))))
    (table.set $conts (local.get $h) (ref.null $fc))
    (i32.store (local.get $rec) (i32.const 0))
    (i32.store offset=4 (local.get $rec) (global.get $free))
    (global.set $free (local.get $h))
    (global.set $live (i32.sub (global.get $live) (i32.const 1)))))
