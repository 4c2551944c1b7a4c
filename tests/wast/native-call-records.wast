;; Native calls push no frame record: a native callee's frame reaches the
;; stack's records only when it does not return (an exit, a trap, a
;; switch), each frame writing its own as the calls unwind. These are the
;; places that read a native callee's frame other than through its
;; registers: the hooks that initialise a large frame and allocate a struct
;; from frame slots, the switch hook two calls deep (resume and suspend,
;; and one that fails), and traps below them. Run in every tier by
;; `crates/spindle-wast/tests/own_wast.rs` and CI.

(module
  (type $pair (struct (field $a i64) (field $b (ref null $pair))))

  ;; More locals than compiled code initialises inline: the `init` hook
  ;; zeroes them. Each call writes them all, so a frame that was not
  ;; zeroed would show the previous call's values.
  (func $big (param $x i64) (result i64)
    (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
    (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
    (local $sum i64)
    (local.set $sum
      (i64.add (i64.add (local.get 1) (local.get 16))
               (i64.add (local.get 31) (local.get 32))))
    (local.set 1 (local.get $x)) (local.set 16 (local.get $x))
    (local.set 31 (local.get $x)) (local.set 32 (local.get $x))
    (i64.add (local.get $sum) (local.get $x)))
  (func $mid-big (param i64) (result i64)
    (i64.add (call $big (local.get 0)) (call $big (i64.const 1))))
  (func (export "big") (param i64) (result i64)
    (i64.add (call $mid-big (local.get 0)) (call $mid-big (i64.const 2))))

  ;; A struct with a reference field, allocated two native calls deep
  ;; (through the `gc_new` hook, which reads its fields from the frame).
  (func $cons (param i64 (ref null $pair)) (result (ref $pair))
    (struct.new $pair (local.get 0) (local.get 1)))
  (func $list (param $n i64) (result (ref null $pair))
    (local $l (ref null $pair))
    (block $done
      (loop $next
        (br_if $done (i64.eqz (local.get $n)))
        (local.set $l (call $cons (local.get $n) (local.get $l)))
        (local.set $n (i64.sub (local.get $n) (i64.const 1)))
        (br $next)))
    (local.get $l))
  (func (export "list-sum") (param i64) (result i64)
    (local $l (ref null $pair)) (local $s i64)
    (local.set $l (call $list (local.get 0)))
    (block $done
      (loop $next
        (br_on_null $done (local.get $l))
        (local.set $s (i64.add (local.get $s) (struct.get $pair $a (local.get $l))))
        (local.set $l (struct.get $pair $b (local.get $l)))
        (br $next)))
    (local.get $s))
)

(assert_return (invoke "big" (i64.const 5)) (i64.const 9))
(assert_return (invoke "big" (i64.const 7)) (i64.const 11))
(assert_return (invoke "list-sum" (i64.const 100)) (i64.const 5050))
(assert_return (invoke "list-sum" (i64.const 3)) (i64.const 6))

;; `resume` two native calls deep, by a generator's consumer, and a
;; `resume` of a consumed continuation there (a trap).
(module
  (type $f (func (param i32) (result i32)))
  (type $k (cont $f))
  (tag $yield (param i32) (result i32))
  (global $k (mut (ref null $k)) (ref.null $k))
  (global $old (mut (ref null $k)) (ref.null $k))

  (func $gen (param $v i32) (result i32)
    (loop $l
      (local.set $v (suspend $yield (i32.add (local.get $v) (i32.const 1))))
      (br_if $l (i32.lt_u (local.get $v) (i32.const 1000))))
    (local.get $v))
  (elem declare func $gen)

  ;; One step of the generator: the value it yields (or returns).
  (func $step (param $v i32) (result i32)
    (local $r i32)
    (block $h (result i32 (ref $k))
      (local.set $r (resume $k (on $yield $h) (local.get $v) (global.get $k)))
      (global.set $k (ref.null $k))
      (return (local.get $r)))
    (global.set $old (global.get $k))
    (global.set $k)
    (return))
  (func $mid (param i32) (result i32)
    (i32.add (call $step (local.get 0)) (i32.const 0)))
  (func (export "steps") (param $n i32) (result i32)
    (local $v i32) (local $sum i32)
    (global.set $k (cont.new $k (ref.func $gen)))
    (block $done
      (loop $next
        (br_if $done (i32.eqz (local.get $n)))
        (local.set $v (call $mid (local.get $v)))
        (local.set $sum (i32.add (local.get $sum) (local.get $v)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $next)))
    (local.get $sum))

  ;; Resumes the continuation the last step consumed.
  (func $stale (result i32)
    (block $h (result i32 (ref $k))
      (return (resume $k (on $yield $h) (i32.const 0) (global.get $old))))
    (drop) (drop) (i32.const -1))
  (func $mid-stale (result i32) (i32.add (call $stale) (i32.const 1)))
  (func (export "stale") (result i32) (i32.add (call $mid-stale) (i32.const 1)))
)

;; Steps yield 1, 2, ..., n: their sum.
(assert_return (invoke "steps" (i32.const 10)) (i32.const 55))
(assert_return (invoke "steps" (i32.const 100)) (i32.const 5050))
(assert_trap (invoke "stale") "continuation already consumed")
(assert_return (invoke "steps" (i32.const 3)) (i32.const 6))
