;; Exceptions: throw, catch with try_table, and an uncaught exception.
(module
  (tag $e (param i32))
  (func $throw (export "throw") (param i32) (throw $e (local.get 0)))
  (func (export "catch") (param i32) (result i32)
    (block $h (result i32)
      (try_table (catch $e $h)
        (call $throw (local.get 0)))
      (i32.const -1)))
)

(assert_return (invoke "catch" (i32.const 42)) (i32.const 42))
(assert_exception (invoke "throw" (i32.const 1)))
