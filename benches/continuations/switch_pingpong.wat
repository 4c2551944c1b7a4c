;; switch_pingpong.wat - symmetric `switch` between two continuations.
;;
;; Measures the cost of one `switch`: two player continuations, A and B,
;; hand control to each other directly with `switch $ct $swap`, n times in
;; all, without going back to a handler. The first player is started by a
;; `resume` with an `(on $swap switch)` clause; every switch passes a turn
;; counter and a running checksum to the other player, which receives them
;; together with the continuation of the player that switched. A adds
;; `turn` to the checksum and B adds `turn * 3`, both in wrapping i32
;; arithmetic; the player that sees turn = n returns the checksum (masked to
;; 31 bits so that it prints the same on every engine). Time per switch is
;; about (wall time - start-up) / n.
;;
;; Export:   run(n: i32) -> i32      checksum after n switches:
;;           (sum over t < n of (t even ? t : 3t)) mod 2^32, & 0x7fffffff
;; Default:  n = 10000000            (10,000,000 switches)
;; Expected: run(10000000) = 271447232
;; Others:   run(0) = 0, run(1) = 0, run(2) = 3, run(10) = 95,
;;           run(1000) = 999500
(module
  ;; A player takes (turn, checksum, the other player) and returns the
  ;; final checksum; `switch` hands the same three values to the other.
  (rec
    (type $ft (func (param i32 i32 (ref null $ct)) (result i32)))
    (type $ct (cont $ft)))

  ;; The switch tag: [] -> [the players' result type].
  (tag $swap (result i32))

  (global $turns (mut i32) (i32.const 0))

  ;; $mul is 1 for A (turns 0, 2, 4, ...) and 3 for B (turns 1, 3, ...).
  (func $player (param $mul i32) (param $turn i32) (param $sum i32)
                (param $other (ref null $ct)) (result i32)
    (loop $play
      (if (i32.ge_u (local.get $turn) (global.get $turns))
        (then (return (i32.and (local.get $sum) (i32.const 0x7fffffff)))))
      (switch $ct $swap
        (i32.add (local.get $turn) (i32.const 1))
        (i32.add (local.get $sum) (i32.mul (local.get $turn) (local.get $mul)))
        (local.get $other))
      ;; Resumed by the other player: [turn, sum, its continuation].
      (local.set $other)
      (local.set $sum)
      (local.set $turn)
      (br $play))
    (unreachable))

  (func $a (type $ft)
    (call $player (i32.const 1) (local.get 0) (local.get 1) (local.get 2)))
  (func $b (type $ft)
    (call $player (i32.const 3) (local.get 0) (local.get 1) (local.get 2)))
  (elem declare func $a $b)

  (func (export "run") (param $n i32) (result i32)
    (global.set $turns (local.get $n))
    (resume $ct (on $swap switch)
      (i32.const 0) (i32.const 0) (cont.new $ct (ref.func $b))
      (cont.new $ct (ref.func $a)))))
