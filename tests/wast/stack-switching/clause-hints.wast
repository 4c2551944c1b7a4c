;; Each resume table remembers the clause that last handled a suspension
;; (a hint for the next one). Whatever the hint, a suspension must reach
;; the first clause for its tag: these tests change the hint from one
;; suspension to the next, repeat a tag in a table, and share one resume
;; site between a `suspend` and a `switch` on the same tag.
(module
  (type $f (func))
  (type $k (cont $f))
  (type $gen_f (func (param i32 i32)))
  (type $gen_k (cont $gen_f))
  (tag $a (param i32))
  (tag $b (param i32))

  ;; Suspends with $a or $b by the bits of $pattern, n times.
  (func $gen (param $pattern i32) (param $n i32)
    (local $i i32)
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (if (i32.and (i32.shr_u (local.get $pattern) (i32.and (local.get $i) (i32.const 31)))
                     (i32.const 1))
          (then (suspend $b (local.get $i)))
          (else (suspend $a (local.get $i))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $l))))
  (elem declare func $gen)

  ;; Sum over suspensions: 1000 * index + 1 for $a, + 2 for $b, + 3 for
  ;; the repeated $b clause (never taken: the first $b clause wins).
  (func (export "run") (param $pattern i32) (param $n i32) (result i32)
    (local $k (ref null $k)) (local $sum i32) (local $v i32)
    (local.set $k
      (cont.bind $gen_k $k
        (local.get $pattern) (local.get $n)
        (cont.new $gen_k (ref.func $gen))))
    (block $finished
      (loop $next
        (block $on_b2 (result i32 (ref $k))
          (block $on_b (result i32 (ref $k))
            (block $on_a (result i32 (ref $k))
              (resume $k (on $a $on_a) (on $b $on_b) (on $b $on_b2) (local.get $k))
              (br $finished))
            (local.set $k)
            (local.set $v)
            (local.set $sum (i32.add (local.get $sum)
              (i32.add (i32.mul (local.get $v) (i32.const 1000)) (i32.const 1))))
            (br $next))
          (local.set $k)
          (local.set $v)
          (local.set $sum (i32.add (local.get $sum)
            (i32.add (i32.mul (local.get $v) (i32.const 1000)) (i32.const 2))))
          (br $next))
        (local.set $k)
        (local.set $v)
        (local.set $sum (i32.add (local.get $sum)
          (i32.add (i32.mul (local.get $v) (i32.const 1000)) (i32.const 3))))
        (br $next)))
    (local.get $sum)))

;; all $a: sum 1000*i + 1 for i < 4 = 6004
(assert_return (invoke "run" (i32.const 0) (i32.const 4)) (i32.const 6004))
;; all $b: + 2 each = 6008
(assert_return (invoke "run" (i32.const -1) (i32.const 4)) (i32.const 6008))
;; a b a b: 1 + 2 + 1 + 2 = 6 over 6000
(assert_return (invoke "run" (i32.const 0xa) (i32.const 4)) (i32.const 6006))
;; b b a a b: (0,b) (1,b) (2,a) (3,a) (4,b): 10000 + 2+2+1+1+2
(assert_return (invoke "run" (i32.const 0x13) (i32.const 5)) (i32.const 10008))
;; The same module instantiated again shares the code (and its hints).
(module $again
  (type $f (func))
  (type $k (cont $f))
  (type $g_f (func (param i32)))
  (type $g_k (cont $g_f))
  (tag $t (param i32))
  (tag $u)
  (func $only_t (param $n i32)
    (block $d (loop $l
      (br_if $d (i32.eqz (local.get $n)))
      (suspend $t (local.get $n))
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br $l))))
  (func $only_u (param $n i32)
    (block $d (loop $l
      (br_if $d (i32.eqz (local.get $n)))
      (suspend $u)
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br $l))))
  (elem declare func $only_t $only_u)
  ;; One resume site serves a generator of $t and one of $u: the hint
  ;; flips between the clauses each time the other generator runs.
  (func (export "mix") (param $n i32) (result i32)
    (local $kt (ref null $k)) (local $ku (ref null $k)) (local $count i32) (local $turn i32)
    (local.set $kt (cont.bind $g_k $k (local.get $n) (cont.new $g_k (ref.func $only_t))))
    (local.set $ku (cont.bind $g_k $k (local.get $n) (cont.new $g_k (ref.func $only_u))))
    (loop $l
      (block $done
        (block $on_u (result (ref $k))
          (block $on_t (result i32 (ref $k))
            (resume $k (on $t $on_t) (on $u $on_u)
              (if (result (ref null $k)) (local.get $turn)
                (then (local.get $ku)) (else (local.get $kt))))
            (br $done))
          (local.set $kt)
          (local.set $count (i32.add (local.get $count)))
          (local.set $turn (i32.const 1))
          (br $l))
        (local.set $ku)
        (local.set $count (i32.add (local.get $count) (i32.const 1000)))
        (local.set $turn (i32.const 0))
        (br $l)))
    (local.get $count)))
;; n = 3: $t yields 3, 2, 1 (sum 6), $u suspends 3 times (3000); the
;; first finish ends the loop: t(3) u t(2) u t(1) u t-finishes.
(assert_return (invoke "mix" (i32.const 3)) (i32.const 3006))
