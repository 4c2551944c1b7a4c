;; A long loop allocating and dropping cyclic structures through
;; continuations: each iteration makes a struct, starts a continuation
;; with it as argument, lets it suspend (its stack now holds the struct),
;; and stores the suspended continuation in the struct's field: a cycle
;; struct -> continuation -> struct that nothing else refers to. The one
;; collector (objects, continuations and exceptions together) must free
;; them for memory to stay flat. `run(n)` returns n.
(module
  (type $f0 (func))
  (type $k0 (cont $f0))
  (type $holder (struct (field $k (mut (ref null $k0))) (field $n (mut i32))))
  (type $f (func (param (ref null $holder))))
  (type $k (cont $f))
  (tag $park)
  (func $body (param $h (ref null $holder))
    (suspend $park)
    (drop (struct.get $holder $n (local.get $h))))
  (elem declare func $body)
  (func (export "run") (param $n i32) (result i32)
    (local $i i32)
    (local $h (ref null $holder))
    (local $c (ref null $k0))
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $h (struct.new $holder (ref.null $k0) (local.get $i)))
        (block $on_park (result (ref $k0))
          (resume $k (on $park $on_park) (local.get $h) (cont.new $k (ref.func $body)))
          (unreachable))
        (local.set $c)
        (struct.set $holder $k (local.get $h) (local.get $c))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $l)))
    (local.get $i)))
