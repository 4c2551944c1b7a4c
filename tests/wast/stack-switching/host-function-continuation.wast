;; A continuation whose body is an imported host function: `resume` calls it
;; with the arguments and returns its results, and its stack is released.
(module
  (type $f (func (param i32)))
  (type $k (cont $f))
  (type $f0 (func))
  (type $k0 (cont $f0))
  (import "spectest" "print_i32" (func $print (type $f)))
  (elem declare func $print)
  (func (export "run") (result i32)
    (resume $k (i32.const 1) (cont.new $k (ref.func $print)))
    (i32.const 5))
  ;; the same through cont.bind
  (func (export "bound") (result i32)
    (resume $k0 (cont.bind $k $k0 (i32.const 2) (cont.new $k (ref.func $print))))
    (i32.const 6)))
(assert_return (invoke "run") (i32.const 5))
(assert_return (invoke "bound") (i32.const 6))
