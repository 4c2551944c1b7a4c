;; GC values crossing stack switches: structs, arrays, i31 and
;; externalized references as suspend payloads, resume arguments, switch
;; arguments, bound arguments and exception payloads, with enough garbage
;; allocated in between (8 KiB arrays, over the collector's 4 MiB
;; trigger many times) that collections run while the values live only
;; in a suspended continuation's slots, a bound argument or an exception.

(module
  (type $pt (struct (field $x i32) (field $next (ref null $pt))))
  (type $arr (array (mut i64)))
  (type $f (func))
  (type $k (cont $f))
  (tag $yield (param (ref $pt)))
  (elem declare func $gen)

  ;; Allocates and drops `n` arrays of 8 KiB.
  (func $churn (export "churn") (param $n i32)
    (loop $l
      (if (local.get $n)
        (then
          (drop (array.new_default $arr (i32.const 1024)))
          (local.set $n (i32.sub (local.get $n) (i32.const 1)))
          (br $l)))))

  (func $sum_list (param $p (ref null $pt)) (result i32)
    (local $s i32)
    (block $end
      (loop $l
        (br_if $end (ref.is_null (local.get $p)))
        (local.set $s (i32.add (local.get $s) (struct.get $pt $x (local.get $p))))
        (local.set $p (struct.get $pt $next (local.get $p)))
        (br $l)))
    (local.get $s))

  ;; Yields a list that grows by one node per step; the list lives only in
  ;; this continuation's local while it is suspended.
  (func $gen
    (local $prev (ref null $pt))
    (local $i i32)
    (loop $l
      (local.set $prev (struct.new $pt (local.get $i) (local.get $prev)))
      (call $churn (i32.const 100))
      (suspend $yield (ref.as_non_null (local.get $prev)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (i32.const 20)))))

  ;; Sums every yielded list: sum over i < 20 of i(i+1)/2 = 1330.
  (func (export "generate") (result i32)
    (local $k (ref null $k))
    (local $node (ref null $pt))
    (local $total i32)
    (local.set $k (cont.new $k (ref.func $gen)))
    (block $done
      (loop $l
        (block $on_yield (result (ref $pt) (ref $k))
          (resume $k (on $yield $on_yield) (local.get $k))
          (br $done))
        (local.set $k)
        (local.set $node)
        (call $churn (i32.const 50))
        (local.set $total (i32.add (local.get $total) (call $sum_list (local.get $node))))
        (br $l)))
    (local.get $total)))

(assert_return (invoke "generate") (i32.const 1330))

;; Arrays delivered by resume; i31 and packed arrays as payloads.
(module
  (type $arr (array (mut i64)))
  (type $bytes (array (mut i8)))
  (type $f0 (func (result i64)))
  (type $k0 (cont $f0))
  (type $f1 (func (param (ref $arr)) (result i64)))
  (type $k1 (cont $f1))
  (tag $ask (param i32) (result (ref $arr)))
  (tag $note (param i31ref (ref $bytes)))
  (elem declare func $asker $noter)

  (func $churn (param $n i32)
    (loop $l
      (if (local.get $n)
        (then
          (drop (array.new_default $arr (i32.const 1024)))
          (local.set $n (i32.sub (local.get $n) (i32.const 1)))
          (br $l)))))

  (func $sum (param $a (ref $arr)) (result i64)
    (local $i i32)
    (local $s i64)
    (block $end
      (loop $l
        (br_if $end (i32.ge_u (local.get $i) (array.len (local.get $a))))
        (local.set $s (i64.add (local.get $s) (array.get $arr (local.get $a) (local.get $i))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $l)))
    (local.get $s))

  ;; Asks for [1,1,1], keeps it across the second request, gets [2,2,2,2]:
  ;; 1000 * len(a) + 100 * sum(a) + sum(b) = 3308.
  (func $asker (result i64)
    (local $a (ref null $arr))
    (local $b (ref null $arr))
    (local.set $a (suspend $ask (i32.const 3)))
    (local.set $b (suspend $ask (i32.const 4)))
    (i64.add
      (i64.add
        (i64.mul (i64.extend_i32_u (array.len (local.get $a))) (i64.const 1000))
        (i64.mul (call $sum (ref.as_non_null (local.get $a))) (i64.const 100)))
      (call $sum (ref.as_non_null (local.get $b)))))

  (func (export "ask") (result i64)
    (local $k (ref null $k1))
    (local $n i32)
    (local $count i64)
    (block $h (result i32 (ref $k1))
      (return (resume $k0 (on $ask $h) (cont.new $k0 (ref.func $asker)))))
    (local.set $k)
    (local.set $n)
    (loop $l
      (local.set $count (i64.add (local.get $count) (i64.const 1)))
      (call $churn (i32.const 600))
      (block $h2 (result i32 (ref $k1))
        (return
          (resume $k1 (on $ask $h2)
            (array.new $arr (local.get $count) (local.get $n))
            (local.get $k))))
      (local.set $k)
      (local.set $n)
      (br $l))
    (unreachable))

  ;; Suspends with an i31 and a byte array ("hi" then -1 as bytes).
  (func $noter (result i64)
    (suspend $note (ref.i31 (i32.const -5)) (array.new_fixed $bytes 3 (i32.const 104) (i32.const 105) (i32.const -1)))
    (i64.const 0))

  ;; -5 * 1000000 + 104 * 10000 + 105 * 100 + 255 (array.get_u) - 1 (array.get_s + 256... see below)
  (func (export "note") (result i32)
    (local $b (ref null $bytes))
    (local $i i31ref)
    (block $h (result i31ref (ref $bytes) (ref $k0))
      (drop (resume $k0 (on $note $h) (cont.new $k0 (ref.func $noter))))
      (return (i32.const -1)))
    (drop)
    (local.set $b)
    (local.set $i)
    (call $churn (i32.const 600))
    (i32.add
      (i32.add
        (i32.mul (i31.get_s (local.get $i)) (i32.const 1000000))
        (i32.add
          (i32.mul (array.get_u $bytes (local.get $b) (i32.const 0)) (i32.const 10000))
          (i32.mul (array.get_u $bytes (local.get $b) (i32.const 1)) (i32.const 100))))
      (i32.add
        (array.get_u $bytes (local.get $b) (i32.const 2))
        (array.get_s $bytes (local.get $b) (i32.const 2))))))

(assert_return (invoke "ask") (i64.const 3308))
;; -5000000 + 1040000 + 10500 + 255 - 1
(assert_return (invoke "note") (i32.const -3949246))

;; switch: two players pass one mutable box back and forth; each turn
;; allocates garbage and a struct that the box then holds.
(module
  (type $cell (struct (field $v i32)))
  (type $box (struct (field $n (mut i32)) (field $last (mut (ref null $cell)))))
  (type $arr (array (mut i64)))
  (rec
    (type $ft (func (param (ref null $box) (ref null $ct)) (result i32)))
    (type $ct (cont $ft)))
  (type $pft (func (param i32 (ref null $box) (ref null $ct)) (result i32)))
  (type $pct (cont $pft))
  (tag $swap (result i32))
  (elem declare func $player)

  (func $churn (param $n i32)
    (loop $l
      (if (local.get $n)
        (then
          (drop (array.new_default $arr (i32.const 1024)))
          (local.set $n (i32.sub (local.get $n) (i32.const 1)))
          (br $l)))))

  (func $player (param $id i32) (param $b (ref null $box)) (param $other (ref null $ct)) (result i32)
    (loop $turn
      (call $churn (i32.const 200))
      (if (i32.ge_u (struct.get $box $n (local.get $b)) (i32.const 10))
        (then
          (return
            (i32.add
              (i32.mul (struct.get $box $n (local.get $b)) (i32.const 100))
              (struct.get $cell $v (struct.get $box $last (local.get $b)))))))
      (struct.set $box $n (local.get $b)
        (i32.add (struct.get $box $n (local.get $b)) (i32.const 1)))
      (struct.set $box $last (local.get $b) (struct.new $cell (local.get $id)))
      (switch $ct $swap (local.get $b) (local.get $other))
      (local.set $other)
      (local.set $b)
      (br $turn))
    (unreachable))

  (func $make (param $id i32) (result (ref $ct))
    (cont.bind $pct $ct (local.get $id) (cont.new $pct (ref.func $player))))

  ;; Ten turns, the last by player 2: 10 * 100 + 2.
  (func (export "run") (result i32)
    (resume $ct (on $swap switch)
      (struct.new $box (i32.const 0) (ref.null $cell))
      (call $make (i32.const 2))
      (call $make (i32.const 1)))))

(assert_return (invoke "run") (i32.const 1002))

;; Exceptions carrying GC values: thrown out of a continuation, raised
;; into one by resume_throw, kept as exnrefs across collections; a bound
;; argument that is a struct.
(module
  (type $pt (struct (field $x i32) (field $y i64)))
  (type $arr (array (mut i64)))
  (type $f (func (result i32)))
  (type $k (cont $f))
  (type $fp (func (param (ref $pt)) (result i32)))
  (type $kp (cont $fp))
  (tag $e (param (ref $pt) (ref $arr)))
  (tag $yield)
  (global $kept (mut exnref) (ref.null exn))
  (elem declare func $thrower $catcher $bound)

  (func $churn (param $n i32)
    (loop $l
      (if (local.get $n)
        (then
          (drop (array.new_default $arr (i32.const 1024)))
          (local.set $n (i32.sub (local.get $n) (i32.const 1)))
          (br $l)))))

  (func $thrower (result i32)
    (call $churn (i32.const 100))
    (throw $e (struct.new $pt (i32.const 7) (i64.const 8))
              (array.new $arr (i64.const 9) (i32.const 3))))

  ;; 7 + 8 + 9 * 3 = 42, read after more garbage.
  (func (export "throw_out") (result i32)
    (local $p (ref null $pt))
    (local $a (ref null $arr))
    (block $h (result (ref $pt) (ref $arr))
      (try_table (catch $e $h)
        (drop (resume $k (cont.new $k (ref.func $thrower)))))
      (return (i32.const -1)))
    (local.set $a)
    (local.set $p)
    (call $churn (i32.const 600))
    (i32.add
      (i32.add (struct.get $pt $x (local.get $p)) (i32.wrap_i64 (struct.get $pt $y (local.get $p))))
      (i32.wrap_i64
        (i64.mul (array.get $arr (local.get $a) (i32.const 2))
                 (i64.extend_i32_u (array.len (local.get $a)))))))

  ;; Suspends; the exception raised at the suspension carries a struct.
  (func $catcher (result i32)
    (block $h (result (ref $pt) (ref $arr))
      (try_table (catch $e $h)
        (suspend $yield)
        (return (i32.const -1)))
      (unreachable))
    (drop)
    (struct.get $pt $x))

  (func (export "throw_in") (result i32)
    (local $c (ref null $k))
    (block $h (result (ref $k))
      (drop (resume $k (on $yield $h) (cont.new $k (ref.func $catcher))))
      (return (i32.const -1)))
    (local.set $c)
    (call $churn (i32.const 600))
    (resume_throw $k $e
      (struct.new $pt (i32.const 31) (i64.const 0))
      (array.new_default $arr (i32.const 1))
      (local.get $c)))

  ;; An exception with GC values kept only as an exnref in a global.
  (func (export "keep") 
    (block $h (result exnref)
      (try_table (catch_all_ref $h)
        (throw $e (struct.new $pt (i32.const 5) (i64.const 6))
                  (array.new $arr (i64.const 10) (i32.const 2))))
      (unreachable))
    (global.set $kept)
    (call $churn (i32.const 600)))

  ;; 5 + 6 + 10 + 10 = 31
  (func (export "use_kept") (result i32)
    (local $a (ref null $arr))
    (block $h (result (ref $pt) (ref $arr))
      (try_table (catch $e $h) (throw_ref (global.get $kept)))
      (unreachable))
    (local.set $a)
    (i32.add
      (call $pt_sum)
      (i32.wrap_i64
        (i64.add (array.get $arr (local.get $a) (i32.const 0))
                 (array.get $arr (local.get $a) (i32.const 1))))))
  (func $pt_sum (param $p (ref $pt)) (result i32)
    (i32.add (struct.get $pt $x (local.get $p)) (i32.wrap_i64 (struct.get $pt $y (local.get $p)))))

  ;; A struct bound to a continuation with cont.bind survives collections
  ;; while the bound continuation waits.
  (func $bound (param $p (ref $pt)) (result i32)
    (struct.get $pt $x (local.get $p)))
  (func (export "bound") (result i32)
    (local $c (ref null $k))
    (local.set $c
      (cont.bind $kp $k (struct.new $pt (i32.const 77) (i64.const 0))
        (cont.new $kp (ref.func $bound))))
    (call $churn (i32.const 600))
    (resume $k (local.get $c))))

(assert_return (invoke "throw_out") (i32.const 42))
(assert_return (invoke "throw_in") (i32.const 31))
(invoke "keep")
(assert_return (invoke "use_kept") (i32.const 31))
(assert_return (invoke "bound") (i32.const 77))
