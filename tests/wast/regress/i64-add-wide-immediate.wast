;; Found by the real-program corpus (flite, Lua, SQLite built by clang):
;; an `i64.add`/`i64.sub` whose constant operand does not fit 32 bits
;; failed to translate ("unsupported operator: I64Add"). The add-immediate
;; path must decline such constants and leave them to the general path.
(module
  (func (export "add-wide") (result i64) i64.const 1 i64.const 0x100000000 i64.add)
  (func (export "sub-wide") (result i64) i64.const 1 i64.const 0x100000000 i64.sub)
  (func (export "add-wide-param") (param i64) (result i64)
    local.get 0 i64.const 0x7fffffff_ffffffff i64.add)
  (func (export "sub-min") (param i64) (result i64)
    ;; -(-2^31) = 2^31 does not fit an i32 immediate
    local.get 0 i64.const -0x80000000 i64.sub)
  (func (export "add-min") (param i64) (result i64)
    ;; -2^31 fits
    local.get 0 i64.const -0x80000000 i64.add)
  (func (export "sub-edge") (param i64) (result i64)
    ;; subtracting 2^31 - 1 adds -(2^31 - 1), which fits
    local.get 0 i64.const 0x7fffffff i64.sub)
  (func (export "loop-wide") (param i32) (result i64) (local i64)
    ;; in a loop, where constants get slots
    (loop $l
      (local.set 1 (i64.add (local.get 1) (i64.const 0x100000001)))
      (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
      (br_if $l (local.get 0)))
    (local.get 1))
)

(assert_return (invoke "add-wide") (i64.const 0x100000001))
(assert_return (invoke "sub-wide") (i64.const -0xffffffff))
(assert_return (invoke "add-wide-param" (i64.const 1)) (i64.const 0x80000000_00000000))
(assert_return (invoke "sub-min" (i64.const 0)) (i64.const 0x80000000))
(assert_return (invoke "add-min" (i64.const 0)) (i64.const -0x80000000))
(assert_return (invoke "sub-edge" (i64.const 0)) (i64.const -0x7fffffff))
(assert_return (invoke "loop-wide" (i32.const 3)) (i64.const 0x300000003))
