;; The interpreter keeps the code, instance and memory of the function it
;; ran before its last reload, and takes them back when a switch returns to
;; that function (a generator and its consumer taking turns). These tests
;; make the two sides live in different instances, each with its own memory
;; and globals, so a context taken back for the wrong function would read
;; the other instance's data; and they rotate through three functions, so
;; the kept context is replaced while execution goes on.

(module $gen
  (type $f (func))
  (type $k (cont $f))
  (tag $yield (export "yield") (param i32))
  (memory 1)
  ;; 10, 20, 30 at 0, 4, 8.
  (data (i32.const 0) "\0a\00\00\00\14\00\00\00\1e\00\00\00")
  (global $calls (export "calls") (mut i32) (i32.const 0))
  (func $producer
    (local $i i32)
    (loop $next
      (global.set $calls (i32.add (global.get $calls) (i32.const 1)))
      (suspend $yield
        (i32.add
          (i32.load (i32.mul (local.get $i) (i32.const 4)))
          (global.get $calls)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $next (i32.lt_u (local.get $i) (i32.const 3)))))
  (elem declare func $producer)
  (func (export "make") (result (ref $k))
    (cont.new $k (ref.func $producer))))
(register "gen")

;; A second producer module (another instance, another memory): it yields
;; 100, 200, 300 plus its own call count.
(module $gen2
  (type $f (func))
  (type $k (cont $f))
  (import "gen" "yield" (tag $yield (param i32)))
  (memory 1)
  (data (i32.const 0) "\64\00\00\00\c8\00\00\00\2c\01\00\00")
  (global $calls (mut i32) (i32.const 0))
  (func $producer
    (local $i i32)
    (loop $next
      (global.set $calls (i32.add (global.get $calls) (i32.const 1)))
      (suspend $yield
        (i32.add
          (i32.load (i32.mul (local.get $i) (i32.const 4)))
          (global.get $calls)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $next (i32.lt_u (local.get $i) (i32.const 3)))))
  (elem declare func $producer)
  (func (export "make") (result (ref $k))
    (cont.new $k (ref.func $producer))))
(register "gen2")

(module
  (type $f (func))
  (type $k (cont $f))
  (import "gen" "yield" (tag $yield (param i32)))
  (import "gen" "make" (func $make (result (ref $k))))
  (import "gen2" "make" (func $make2 (result (ref $k))))
  (import "gen" "calls" (global $gen_calls (mut i32)))
  (memory 1)
  ;; Weights 1, 2, 3 at 0, 4, 8.
  (data (i32.const 0) "\01\00\00\00\02\00\00\00\03\00\00\00")
  (global $pulls (mut i32) (i32.const 0))

  ;; One generator: the sum of weight(i) * value(i), where value(i) is
  ;; gen's memory word i plus its call count (i + 1):
  ;; 1*11 + 2*22 + 3*33 = 154.
  (func (export "one") (result i32)
    (local $k (ref null $k)) (local $v i32) (local $sum i32) (local $i i32)
    (local.set $k (call $make))
    (block $done
      (loop $next
        (block $on_yield (result i32 (ref $k))
          (resume $k (on $yield $on_yield) (local.get $k))
          (br $done))
        (local.set $k)
        (local.set $v)
        (global.set $pulls (i32.add (global.get $pulls) (i32.const 1)))
        (local.set $sum
          (i32.add (local.get $sum)
            (i32.mul (local.get $v)
              (i32.load (i32.mul (local.get $i) (i32.const 4))))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (local.get $sum))

  (func (export "pulls") (result i32) (global.get $pulls))

  ;; Two generators in two instances, pulled in turn, so the loop rotates
  ;; through three functions: sum of weight(i) * (a_i + b_i) for i < 3,
  ;; a_i from gen (calls go on from 3: 10+4, 20+5, 30+6) and b_i from gen2
  ;; (100+1, 200+2, 300+3): 1*(14+101) + 2*(25+202) + 3*(36+303) = 1586.
  (func (export "two") (result i32)
    (local $a (ref null $k)) (local $b (ref null $k))
    (local $va i32) (local $vb i32) (local $sum i32) (local $i i32)
    (local.set $a (call $make))
    (local.set $b (call $make2))
    (block $done
      (loop $next
        (block $on_a (result i32 (ref $k))
          (resume $k (on $yield $on_a) (local.get $a))
          (br $done))
        (local.set $a)
        (local.set $va)
        (block $on_b (result i32 (ref $k))
          (resume $k (on $yield $on_b) (local.get $b))
          (unreachable))
        (local.set $b)
        (local.set $vb)
        (local.set $sum
          (i32.add (local.get $sum)
            (i32.mul (i32.add (local.get $va) (local.get $vb))
              (i32.load (i32.mul (local.get $i) (i32.const 4))))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (local.get $sum)))

(assert_return (invoke "one") (i32.const 154))
(assert_return (invoke "pulls") (i32.const 3))
(assert_return (invoke "two") (i32.const 1586))
(assert_return (get $gen "calls") (i32.const 6))
