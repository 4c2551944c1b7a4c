;; Runaway recursion must trap with "call stack exhausted", not crash the
;; process, and the store must stay usable afterwards.
(module
  (func $loop (export "runaway") (call $loop))
  (func $mutual_a (export "mutual") (param i64) (result i64)
    (call $mutual_b (i64.add (local.get 0) (i64.const 1))))
  (func $mutual_b (param i64) (result i64)
    (call $mutual_a (local.get 0)))
  (func (export "ok") (result i32) (i32.const 1))
)

(assert_exhaustion (invoke "runaway") "call stack exhausted")
(assert_exhaustion (invoke "mutual" (i64.const 0)) "call stack exhausted")
(assert_return (invoke "ok") (i32.const 1))
