(module
  (type (;0;) (func (param f32 i32) (result f64 f32 f32)))
  (type (;1;) (func (param funcref f32)))
  (table (;0;) 1 23 funcref)
  (table (;1;) 0 60 funcref)
  (global (;0;) (mut i32) i32.const 0)
  (global (;1;) (mut i32) i32.const 0)
  (global (;2;) (mut i64) i64.const 0)
  (global (;3;) (mut i64) i64.const 0)
  (export "\u{7f}\u{654}\u{0}" (func 0))
  (export "" (func 1))
  (export "2" (func 2))
  (export "3" (table 0))
  (export "4" (table 1))
  (export "$2" (global 0))
  (export "c" (global 1))
  (export "?" (global 2))
  (export "\u{4ae}olo#K" (global 3))
  (elem (;0;) declare externref)
  (elem (;1;) declare externref)
  (func (;0;) (type 0) (param f32 i32) (result f64 f32 f32)
    i32.const -1406303921
    i64.const 8653976220659288653
    i64.extend32_s
    f64.reinterpret_i64
    f64.sqrt
    data.drop 0
    f32.demote_f64
    f32.abs
    f32.trunc
    f32.const -nan:0x780000 (;=NaN;)
    i32.trunc_sat_f32_u
    f32.reinterpret_i32
    local.get 0
    f32.div
    f32.const 0x1.p-128 (;=0.000000000000000000000000000000000000002938736;)
    elem.drop 1
    f32.div
    block ;; label = @1
      i32.const 16843009
      ref.null extern
      local.get 0
      f32.ceil
      f32.abs
      f64.promote_f32
      local.get 1
      i64.const -8589934592
      i32.wrap_i64
      br_table 0 (;@1;) 0 (;@1;)
      f32.convert_i32_u
      f32.nearest
      local.set 0
      i32.trunc_f64_u
      i32.extend16_s
      ref.null func
      br 0 (;@1;)
      f32.const -0x1.555554p-42 (;=-0.00000000000030316488;)
      f64.promote_f32
      i64.trunc_f64_s
      table.size 1
      br 0 (;@1;)
      i64.extend_i32_u
      local.get 1
      br 0 (;@1;)
      f32.const -nan:0x7ffff0 (;=NaN;)
      i32.trunc_f32_u
      f32.convert_i32_s
      local.tee 0
      table.size 1
      ref.null func
      table.size 0
      table.fill 1
      block (result i64) ;; label = @2
        br 1 (;@1;)
        i32.const -1019902697
        i32.clz
        i32.clz
        f64.const -0x1.fffffffffffffp+1022 (;=-89884656743115790000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000;)
        f64.sqrt
        local.get 1
        table.get 1
        ref.is_null
        f32.const -0x1.c9add8p-6 (;=-0.027934514;)
        table.size 1
        i32.const 1027852954
        elem.drop 0
        f32.reinterpret_i32
        i32.trunc_f32_u
        f32.convert_i32_s
        local.get 0
        local.get 1
        f64.const -nan:0xfffc000000000 (;=NaN;)
        block (result i64) ;; label = @3
          loop (result externref) ;; label = @4
            ref.null func
            data.drop 0
            data.drop 0
            block (result f64) ;; label = @5
              ref.null extern
              data.drop 0
              f64.const 0x1p-959 (;=0.00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000020522684006491881;)
              i32.const 541191002
              i32.clz
              block ;; label = @6
                i64.const 574429848599080200
                local.get 0
                loop (result f32) ;; label = @7
                  loop (result funcref) ;; label = @8
                    elem.drop 0
                    data.drop 0
                    i32.const -650657032
                    table.size 0
                    i32.rotl
                    f32.convert_i32_s
                    data.drop 0
                    i32.trunc_sat_f32_u
                    f64.convert_i32_s
                    f64.neg
                    i32.trunc_sat_f64_s
                    i64.extend_i32_u
                    f64.convert_i64_s
                    f64.neg
                    i64.const 536870912
                    i64.extend8_s
                    i32.wrap_i64
                    f32.convert_i32_u
                    i64.const -4097
                    i32.wrap_i64
                    block (result i32) ;; label = @9
                      i32.const 753819261
                    end
                    global.get 0
                    i32.xor
                    global.set 0
                    global.get 0
                    i32.xor
                    global.set 0
                    i32.reinterpret_f32
                    global.get 1
                    i32.xor
                    global.set 1
                    i64.reinterpret_f64
                    global.get 2
                    i64.xor
                    global.set 2
                    ref.null func
                  end
                  drop
                  f32.const -0x1.0de06ap-55 (;=-0.00000000000000002926008;)
                end
                i32.reinterpret_f32
                global.get 1
                i32.xor
                global.set 1
                i32.reinterpret_f32
                global.get 1
                i32.xor
                global.set 1
                global.get 3
                i64.xor
                global.set 3
              end
              global.get 0
              i32.xor
              global.set 0
              i64.reinterpret_f64
              global.get 2
              i64.xor
              global.set 2
              drop
              f64.const -nan:0xffffffffffeff (;=NaN;)
            end
            i64.reinterpret_f64
            global.get 2
            i64.xor
            global.set 2
            drop
            ref.null extern
          end
          drop
          i64.const -35184372088832
        end
        global.get 3
        i64.xor
        global.set 3
        i64.reinterpret_f64
        global.get 2
        i64.xor
        global.set 2
        global.get 0
        i32.xor
        global.set 0
        i32.reinterpret_f32
        global.get 1
        i32.xor
        global.set 1
        i32.reinterpret_f32
        global.get 1
        i32.xor
        global.set 1
        global.get 0
        i32.xor
        global.set 0
        i32.reinterpret_f32
        global.get 1
        i32.xor
        global.set 1
        global.get 0
        i32.xor
        global.set 0
        i64.reinterpret_f64
        global.get 2
        i64.xor
        global.set 2
        global.get 0
        i32.xor
        global.set 0
        i64.const -17592186044416
      end
      global.get 3
      i64.xor
      global.set 3
      i32.reinterpret_f32
      global.get 1
      i32.xor
      global.set 1
      global.get 0
      i32.xor
      global.set 0
      global.get 3
      i64.xor
      global.set 3
      global.get 3
      i64.xor
      global.set 3
      drop
      global.get 0
      i32.xor
      global.set 0
      drop
      global.get 0
      i32.xor
      global.set 0
    end
    i32.reinterpret_f32
    global.get 1
    i32.xor
    global.set 1
    i32.reinterpret_f32
    global.get 1
    i32.xor
    global.set 1
    global.get 0
    i32.xor
    global.set 0
    f64.const 0x1.304ea2ddbdaf4p-257 (;=0.000000000000000000000000000000000000000000000000000000000000000000000000000005132906319235567;)
    f32.const 0x1.f39616p+59 (;=1124968300000000000;)
    f32.const 0x1.bf76bcp+76 (;=132068005000000000000000;)
  )
  (func (;1;) (type 0) (param f32 i32) (result f64 f32 f32)
    i32.const -1707122850
    local.tee 1
    f32.const -0x1.2a4092p+60 (;=-1343208600000000000;)
    f32.trunc
    f64.const -0x1.7201a39348b8p+42 (;=-6356661587234.875;)
    data.drop 0
    loop ;; label = @1
      ref.null func
      table.size 0
      i32.eqz
      ref.null func
      f64.const -0x1.15fea022c65bp-399 (;=-0.0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000008410623127349695;)
      i64.trunc_f64_s
      br 0 (;@1;)
      i64.extend8_s
      f32.convert_i64_s
      i64.trunc_f32_u
      f32.convert_i64_u
      i64.trunc_sat_f32_u
      f64.reinterpret_i64
      i32.trunc_sat_f64_s
      local.set 1
      elem.drop 0
      loop ;; label = @2
        local.get 0
        f32.const -0x1.6d35aap-99 (;=-0.000000000000000000000000000002250778;)
        local.get 1
        ref.null extern
        table.size 0
        f64.const 0x1.2a21228a3c75p-242 (;=0.00000000000000000000000000000000000000000000000000000000000000000000000016478054637522785;)
        data.drop 0
        br 0 (;@2;)
        block (result i32) ;; label = @3
          f32.const 0x1.7p-145 (;=0.000000000000000000000000000000000000000000032;)
          i64.trunc_f32_u
          loop (result f64) ;; label = @4
            block (result funcref) ;; label = @5
              block (result f64) ;; label = @6
                local.get 0
                nop
                loop ;; label = @7
                  loop (result i64) ;; label = @8
                    ref.null func
                    f32.const 0x1.fffffcp-127 (;=0.000000000000000000000000000000000000011754942;)
                    f64.promote_f32
                    f32.const -0x1.699cc6p+96 (;=-111913620000000000000000000000;)
                    i32.trunc_sat_f32_u
                    data.drop 0
                    if ;; label = @9
                      i32.const 8388607
                      f64.convert_i32_u
                      i64.trunc_sat_f64_s
                      i64.extend32_s
                      i32.const -16777217
                      f32.const -0x1.f2dd7ep+3 (;=-15.589538;)
                      i32.trunc_f32_u
                      i32.div_u
                      i32.clz
                      if (result externref) ;; label = @10
                        local.get 0
                        f32.abs
                        i32.trunc_f32_u
                        f32.convert_i32_s
                        local.get 0
                        f32.neg
                        i32.trunc_sat_f32_s
                        local.get 1
                        i32.and
                        table.size 0
                        i32.and
                        i32.clz
                        table.size 0
                        i32.lt_s
                        f32.convert_i32_u
                        i64.trunc_sat_f32_s
                        f32.convert_i64_u
                        i64.trunc_f32_s
                        f64.const 0x1.p-1047 (;=0.000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000663123685;)
                        i64.trunc_f64_u
                        i64.le_u
                        br_table 1 (;@9;) 2 (;@8;) 3 (;@7;) 6 (;@4;) 8 (;@2;) 9 (;@1;) 1 (;@9;)
                        f32.neg
                        table.size 1
                        f32.convert_i32_s
                        i64.const 8427120681891616125
                        elem.drop 0
                        f32.convert_i64_u
                        f32.ge
                        br 3 (;@7;)
                        i64.const 2251799813685247
                        i64.ctz
                        local.get 1
                        i64.extend_i32_u
                        local.get 0
                        f32.neg
                        i32.reinterpret_f32
                        elem.drop 1
                        local.set 1
                        block ;; label = @11
                          i64.const -2251799813685248
                          block (result funcref) ;; label = @12
                            block ;; label = @13
                              f64.const 0x1.6d28ba07b8466p+413 (;=30173824384208476000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000;)
                              i64.trunc_f64_s
                              elem.drop 1
                              i64.extend32_s
                              br 11 (;@2;)
                              br 6 (;@7;)
                              loop ;; label = @14
                                f64.const 0x1.3a24ef63fb0aap+774 (;=121928668723150890000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000;)
                                f64.sqrt
                                i64.trunc_f64_s
                                br 13 (;@1;)
                                i64.ctz
                                loop (result f32) ;; label = @15
                                  f32.const -0x1.9d4116p+40 (;=-1774913500000;)
                                  f32.floor
                                  i64.trunc_f32_s
                                  br 7 (;@8;)
                                  f64.reinterpret_i64
                                  i32.trunc_f64_u
                                  i64.const 2993210019991545587
                                  local.get 1
                                  i64.extend_i32_u
                                  br 11 (;@4;)
                                  f64.convert_i64_s
                                  i64.trunc_sat_f64_s
                                  i64.ne
                                  i32.lt_u
                                  f64.const 0x1.9aa64edad8a03p+494 (;=82044474920705630000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000;)
                                  i64.trunc_f64_u
                                  i32.wrap_i64
                                  br 7 (;@8;)
                                  i32.rem_s
                                  elem.drop 0
                                  elem.drop 1
                                  local.set 1
                                  i32.const -16777217
                                  br 12 (;@3;)
                                  br 14 (;@1;)
                                  i64.const -4294967296
                                  elem.drop 1
                                  i64.popcnt
                                  br 4 (;@11;)
                                  ref.null func
                                  block (result i32) ;; label = @16
                                    local.get 0
                                    ref.null func
                                    i64.const 16777216
                                    f64.reinterpret_i64
                                    i32.const 67108864
                                    local.set 1
                                    data.drop 0
                                    f64.abs
                                    elem.drop 1
                                    i64.reinterpret_f64
                                    loop ;; label = @17
                                      local.get 1
                                      br_table 0 (;@17;) 2 (;@15;) 3 (;@14;) 4 (;@13;) 6 (;@11;) 8 (;@9;) 9 (;@8;) 10 (;@7;) 13 (;@4;) 15 (;@2;) 16 (;@1;) 16 (;@1;)
                                      i32.const 2077466487
                                      f32.reinterpret_i32
                                      br 15 (;@2;)
                                      i32.trunc_sat_f32_u
                                      br_if 8 (;@9;)
                                      local.get 0
                                      f32.floor
                                      f64.const 0x1.8291aef30c40fp+608 (;=1604074398339279200000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000;)
                                      i64.const 6762579884810979875
                                      block (result f32) ;; label = @18
                                        i32.const 268435455
                                        block (result f32) ;; label = @19
                                          block (result f64) ;; label = @20
                                            loop (result f64) ;; label = @21
                                              loop ;; label = @22
                                                elem.drop 0
                                                loop ;; label = @23
                                                  f32.const -0x1.013b72p+92 (;=-4975594500000000000000000000;)
                                                  i32.trunc_f32_u
                                                  f64.const -nan:0xc000000000000 (;=NaN;)
                                                  local.get 0
                                                  elem.drop 0
                                                  i32.trunc_sat_f32_u
                                                  elem.drop 0
                                                  br 15 (;@8;)
                                                  f64.const 0x1.1575f12490b03p-745 (;=0.000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000005856184618076178;)
                                                  f64.neg
                                                  f64.const -nan:0xe000000000000 (;=NaN;)
                                                  loop (result externref) ;; label = @24
                                                    elem.drop 0
                                                    ref.null extern
                                                    block ;; label = @25
                                                      f32.const 0x1.fffffp-129 (;=0.000000000000000000000000000000000000002938734;)
                                                      block (result i64) ;; label = @26
                                                        f32.const -0x1.90418p+104 (;=-31711536000000000000000000000000;)
                                                        f32.ceil
                                                        local.set 0
                                                        elem.drop 0
                                                        f64.const 0x1.ad95688386ee7p+748 (;=2484531520034617000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000;)
                                                        f64.trunc
                                                        i32.trunc_f64_s
                                                        if (result externref) ;; label = @27
                                                          local.get 1
                                                          loop ;; label = @28
                                                            i64.const 7619978565789707407
                                                            f64.convert_i64_u
                                                            i32.trunc_sat_f64_s
                                                            i32.clz
                                                            elem.drop 1
                                                            f64.convert_i32_s
                                                            i64.trunc_sat_f64_u
                                                            i64.extend32_s
                                                            i64.ctz
                                                            i64.const 64
                                                            f32.convert_i64_s
                                                            f32.nearest
                                                            f32.abs
                                                            loop ;; label = @29
                                                              table.size 1
                                                              i32.extend8_s
                                                              loop (result f64) ;; label = @30
                                                                elem.drop 0
                                                                elem.drop 0
                                                                local.get 0
                                                                ref.null func
                                                                loop ;; label = @31
                                                                end
                                                                i64.const 5048447853220546818
                                                                i32.const 1599200555
                                                                elem.drop 0
                                                                br_table 0 (;@30;) 1 (;@29;) 2 (;@28;) 5 (;@25;) 6 (;@24;) 7 (;@23;) 8 (;@22;) 9 (;@21;) 13 (;@17;) 15 (;@15;) 16 (;@14;) 17 (;@13;) 19 (;@11;) 21 (;@9;) 22 (;@8;) 23 (;@7;) 26 (;@4;) 28 (;@2;) 29 (;@1;) 22 (;@8;)
                                                                i64.popcnt
                                                                loop (result f32) ;; label = @31
                                                                  i32.const 1850650416
                                                                  f32.convert_i32_s
                                                                  f32.trunc
                                                                  f32.ceil
                                                                  f32.sqrt
                                                                  f64.promote_f32
                                                                  i32.const -538208894
                                                                  i32.ctz
                                                                  f64.convert_i32_u
                                                                  f64.neg
                                                                  i32.const 1
                                                                  local.tee 1
                                                                  f64.convert_i32_s
                                                                  f64.eq
                                                                  f32.convert_i32_s
                                                                  table.size 0
                                                                  call 2
                                                                  br 16 (;@15;)
                                                                  f32.div
                                                                  f32.abs
                                                                  i64.trunc_sat_f32_s
                                                                  block (result i32) ;; label = @32
                                                                    i32.const 4096
                                                                    data.drop 0
                                                                    br_table 1 (;@31;) 2 (;@30;) 3 (;@29;) 4 (;@28;) 7 (;@25;) 8 (;@24;) 9 (;@23;) 10 (;@22;) 11 (;@21;) 15 (;@17;) 17 (;@15;) 18 (;@14;) 19 (;@13;) 21 (;@11;) 23 (;@9;) 24 (;@8;) 25 (;@7;) 28 (;@4;) 30 (;@2;) 31 (;@1;) 24 (;@8;)
                                                                    elem.drop 1
                                                                    i32.const -1793665112
                                                                    i64.extend_i32_u
                                                                    i32.wrap_i64
                                                                    table.size 1
                                                                    i64.const 36028797018963967
                                                                    elem.drop 1
                                                                    f64.convert_i64_u
                                                                    f64.trunc
                                                                    f32.demote_f64
                                                                    i64.trunc_f32_s
                                                                    i64.eqz
                                                                    br_if 3 (;@29;)
                                                                    local.set 1
                                                                    elem.drop 0
                                                                    table.size 0
                                                                    br 21 (;@11;)
                                                                    f64.const -0x1.3da93f280bf01p+816 (;=-542251246727477100000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000;)
                                                                    block (result externref) ;; label = @33
                                                                      loop (result externref) ;; label = @34
                                                                        f32.const 0x1.182b24p-93 (;=0.000000000000000000000000000110507;)
                                                                        f32.const 0x1p-23 (;=0.00000011920929;)
                                                                        f32.ceil
                                                                        i32.trunc_f32_s
                                                                        i32.extend8_s
                                                                        loop (type 0) (param f32 i32) (result f64 f32 f32) ;; label = @35
                                                                          loop (result f32) ;; label = @36
                                                                            br 32 (;@4;)
                                                                            ref.null func
                                                                            f64.const 0x1p-1022 (;=0.000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000022250738585072014;)
                                                                            i32.const 1811056267
                                                                            i32.clz
                                                                            br_if 5 (;@31;)
                                                                            i32.trunc_sat_f64_u
                                                                            i32.extend16_s
                                                                            i64.extend_i32_s
                                                                            ref.null extern
                                                                            table.size 1
                                                                            f32.convert_i32_u
                                                                            i64.trunc_f32_s
                                                                            loop (result f64) ;; label = @37
                                                                              nop
                                                                              ref.null extern
                                                                              nop
                                                                              i64.const -8959771119807087899
                                                                              ref.null extern
                                                                              table.size 1
                                                                              table.get 1
                                                                              table.size 0
                                                                              ref.null extern
                                                                              ref.null extern
                                                                              elem.drop 1
                                                                              data.drop 0
                                                                              f64.const -0x1.00411e7c0c437p-760 (;=-0.00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000016505725290953256;)
                                                                              f64.trunc
                                                                              table.size 1
                                                                              f32.const inf (;=inf;)
                                                                              loop (result i64) ;; label = @38
                                                                                i64.const -1125899906842625
                                                                                f32.const 0x1.p-147 (;=0.000000000000000000000000000000000000000000006;)
                                                                                i64.trunc_f32_u
                                                                                br 9 (;@29;)
                                                                                i64.shl
                                                                                f32.const -nan:0x600000 (;=NaN;)
                                                                                f32.sqrt
                                                                                f32.ceil
                                                                                f32.floor
                                                                                table.size 1
                                                                                br_if 37 (;@1;)
                                                                                f32.abs
                                                                                i64.trunc_sat_f32_u
                                                                                i64.xor
                                                                                i64.clz
                                                                                br 13 (;@25;)
                                                                                i64.clz
                                                                                i64.clz
                                                                              end
                                                                              block (result f32) ;; label = @38
                                                                                nop
                                                                                table.size 0
                                                                                i64.extend_i32_u
                                                                                f64.reinterpret_i64
                                                                                block (result f64) ;; label = @39
                                                                                  f32.const 0x1.38809p-45 (;=0.000000000000034694713;)
                                                                                  block ;; label = @40
                                                                                    f32.const 0x1.315864p+52 (;=5371691000000000;)
                                                                                    elem.drop 1
                                                                                    f32.ceil
                                                                                    f32.ceil
                                                                                    br 10 (;@30;)
                                                                                    i64.trunc_f32_s
                                                                                    i64.popcnt
                                                                                    f32.const 0x1.ffff8p-132 (;=0.00000000000000000000000000000000000000036734;)
                                                                                    local.set 0
                                                                                    i64.popcnt
                                                                                    i64.clz
                                                                                    f32.convert_i64_s
                                                                                    i64.trunc_f32_u
                                                                                    block ;; label = @41
                                                                                      loop ;; label = @42
                                                                                        i64.const 2139095039
                                                                                        i32.const -1048576
                                                                                        nop
                                                                                        i32.popcnt
                                                                                        br_if 18 (;@24;)
                                                                                        block (result f64) ;; label = @43
                                                                                          block (result i32) ;; label = @44
                                                                                            data.drop 0
                                                                                            i32.const -1232682091
                                                                                            i32.popcnt
                                                                                            f32.const nan:0x7fffff (;=NaN;)
                                                                                            i64.trunc_sat_f32_s
                                                                                            i64.popcnt
                                                                                            i64.const -1125899906842625
                                                                                            f32.const 0x1.a0f796p+68 (;=480730370000000000000;)
                                                                                            loop ;; label = @45
                                                                                              local.get 1
                                                                                              data.drop 0
                                                                                              elem.drop 1
                                                                                              i64.extend_i32_s
                                                                                              f64.convert_i64_u
                                                                                              i64.reinterpret_f64
                                                                                              i64.extend8_s
                                                                                              f32.convert_i64_u
                                                                                              i32.trunc_sat_f32_u
                                                                                              br_if 37 (;@8;)
                                                                                              i64.const -4778265429428640994
                                                                                              f64.const -0x1.711a0ddd0265bp+388 (;=-908959399232718900000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000;)
                                                                                              i64.const 72057594037927936
                                                                                              i64.clz
                                                                                              i64.popcnt
                                                                                              f32.convert_i64_u
                                                                                              f32.ceil
                                                                                              block (result i64) ;; label = @46
                                                                                                i32.const 16843009
                                                                                                i32.const -16777217
                                                                                                i32.popcnt
                                                                                                block (result f32) ;; label = @47
                                                                                                  i64.const -7530376591089984802
                                                                                                  f64.const -0x1.dde98ab255b34p-365 (;=-0.000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000024840469528146602;)
                                                                                                  f64.sqrt
                                                                                                  i32.trunc_sat_f64_u
                                                                                                  f64.const 0x1.10c5220382c9p-606 (;=0.000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000004012170182629944;)
                                                                                                  i64.reinterpret_f64
                                                                                                  global.get 2
                                                                                                  i64.xor
                                                                                                  global.set 2
                                                                                                  global.get 0
                                                                                                  i32.xor
                                                                                                  global.set 0
                                                                                                  global.get 3
                                                                                                  i64.xor
                                                                                                  global.set 3
                                                                                                  f32.const 0x1.fffffep-112 (;=0.00000000000000000000000000000000038518597;)
                                                                                                end
                                                                                                i32.reinterpret_f32
                                                                                                global.get 1
                                                                                                i32.xor
                                                                                                global.set 1
                                                                                                global.get 0
                                                                                                i32.xor
                                                                                                global.set 0
                                                                                                global.get 0
                                                                                                i32.xor
                                                                                                global.set 0
                                                                                                i64.const 4348544864329757348
                                                                                              end
                                                                                              global.get 3
                                                                                              i64.xor
                                                                                              global.set 3
                                                                                              i32.reinterpret_f32
                                                                                              global.get 1
                                                                                              i32.xor
                                                                                              global.set 1
                                                                                              i64.reinterpret_f64
                                                                                              global.get 2
                                                                                              i64.xor
                                                                                              global.set 2
                                                                                              global.get 3
                                                                                              i64.xor
                                                                                              global.set 3
                                                                                            end
                                                                                            i32.reinterpret_f32
                                                                                            global.get 1
                                                                                            i32.xor
                                                                                            global.set 1
                                                                                            global.get 3
                                                                                            i64.xor
                                                                                            global.set 3
                                                                                            global.get 3
                                                                                            i64.xor
                                                                                            global.set 3
                                                                                          end
                                                                                          global.get 0
                                                                                          i32.xor
                                                                                          global.set 0
                                                                                          f64.const -0x1.e583fd86bb359p+133 (;=-20651549150985415000000000000000000000000;)
                                                                                        end
                                                                                        i64.reinterpret_f64
                                                                                        global.get 2
                                                                                        i64.xor
                                                                                        global.set 2
                                                                                        global.get 3
                                                                                        i64.xor
                                                                                        global.set 3
                                                                                      end
                                                                                    end
                                                                                    global.get 3
                                                                                    i64.xor
                                                                                    global.set 3
                                                                                  end
                                                                                  i32.reinterpret_f32
                                                                                  global.get 1
                                                                                  i32.xor
                                                                                  global.set 1
                                                                                  f64.const -nan:0xfffffffffffbf (;=NaN;)
                                                                                end
                                                                                i64.reinterpret_f64
                                                                                global.get 2
                                                                                i64.xor
                                                                                global.set 2
                                                                                i64.reinterpret_f64
                                                                                global.get 2
                                                                                i64.xor
                                                                                global.set 2
                                                                                f32.const 0x1.a8a6c4p-7 (;=0.012959333;)
                                                                              end
                                                                              i32.reinterpret_f32
                                                                              global.get 1
                                                                              i32.xor
                                                                              global.set 1
                                                                              global.get 3
                                                                              i64.xor
                                                                              global.set 3
                                                                              i32.reinterpret_f32
                                                                              global.get 1
                                                                              i32.xor
                                                                              global.set 1
                                                                              global.get 0
                                                                              i32.xor
                                                                              global.set 0
                                                                              i64.reinterpret_f64
                                                                              global.get 2
                                                                              i64.xor
                                                                              global.set 2
                                                                              drop
                                                                              drop
                                                                              global.get 0
                                                                              i32.xor
                                                                              global.set 0
                                                                              drop
                                                                              drop
                                                                              global.get 3
                                                                              i64.xor
                                                                              global.set 3
                                                                              drop
                                                                              f64.const 0x1.p-1026 (;=0.000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000001390671161567;)
                                                                            end
                                                                            i64.reinterpret_f64
                                                                            global.get 2
                                                                            i64.xor
                                                                            global.set 2
                                                                            global.get 3
                                                                            i64.xor
                                                                            global.set 3
                                                                            drop
                                                                            global.get 3
                                                                            i64.xor
                                                                            global.set 3
                                                                            drop
                                                                            f32.const -0x1.4e2316p+0 (;=-1.3052229;)
                                                                          end
                                                                          i32.reinterpret_f32
                                                                          global.get 1
                                                                          i32.xor
                                                                          global.set 1
                                                                          global.get 0
                                                                          i32.xor
                                                                          global.set 0
                                                                          i32.reinterpret_f32
                                                                          global.get 1
                                                                          i32.xor
                                                                          global.set 1
                                                                          f64.const 0x1.0c6a654b522e8p+97 (;=166141214234884030000000000000;)
                                                                          f32.const -nan:0x7fdfff (;=NaN;)
                                                                          f32.const -0x1.73721cp+108 (;=-470863400000000000000000000000000;)
                                                                        end
                                                                        i32.reinterpret_f32
                                                                        global.get 1
                                                                        i32.xor
                                                                        global.set 1
                                                                        i32.reinterpret_f32
                                                                        global.get 1
                                                                        i32.xor
                                                                        global.set 1
                                                                        i64.reinterpret_f64
                                                                        global.get 2
                                                                        i64.xor
                                                                        global.set 2
                                                                        ref.null extern
                                                                      end
                                                                    end
                                                                    drop
                                                                    i64.reinterpret_f64
                                                                    global.get 2
                                                                    i64.xor
                                                                    global.set 2
                                                                    global.get 0
                                                                    i32.xor
                                                                    global.set 0
                                                                  end
                                                                  global.get 0
                                                                  i32.xor
                                                                  global.set 0
                                                                  global.get 3
                                                                  i64.xor
                                                                  global.set 3
                                                                  i64.reinterpret_f64
                                                                  global.get 2
                                                                  i64.xor
                                                                  global.set 2
                                                                  i64.reinterpret_f64
                                                                  global.get 2
                                                                  i64.xor
                                                                  global.set 2
                                                                  f32.const 0x1.3dd9d8p-92 (;=0.0000000000000000000000000002507402;)
                                                                end
                                                                i32.reinterpret_f32
                                                                global.get 1
                                                                i32.xor
                                                                global.set 1
                                                                global.get 3
                                                                i64.xor
                                                                global.set 3
                                                                drop
                                                                i32.reinterpret_f32
                                                                global.get 1
                                                                i32.xor
                                                                global.set 1
                                                                f64.const -0x1.fffffffffffffp+1022 (;=-89884656743115790000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000;)
                                                              end
                                                              i64.reinterpret_f64
                                                              global.get 2
                                                              i64.xor
                                                              global.set 2
                                                              global.get 0
                                                              i32.xor
                                                              global.set 0
                                                            end
                                                            i32.reinterpret_f32
                                                            global.get 1
                                                            i32.xor
                                                            global.set 1
                                                            global.get 3
                                                            i64.xor
                                                            global.set 3
                                                          end
                                                          global.get 0
                                                          i32.xor
                                                          global.set 0
                                                          ref.null extern
                                                        else
                                                          ref.null extern
                                                        end
                                                        drop
                                                        i64.const -35184372088832
                                                      end
                                                      global.get 3
                                                      i64.xor
                                                      global.set 3
                                                      i32.reinterpret_f32
                                                      global.get 1
                                                      i32.xor
                                                      global.set 1
                                                    end
                                                  end
                                                  drop
                                                  i64.reinterpret_f64
                                                  global.get 2
                                                  i64.xor
                                                  global.set 2
                                                  i64.reinterpret_f64
                                                  global.get 2
                                                  i64.xor
                                                  global.set 2
                                                  global.get 0
                                                  i32.xor
                                                  global.set 0
                                                  i64.reinterpret_f64
                                                  global.get 2
                                                  i64.xor
                                                  global.set 2
                                                  global.get 0
                                                  i32.xor
                                                  global.set 0
                                                end
                                              end
                                              f64.const 0x1.ffp-1043 (;=0.00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000002117851268;)
                                            end
                                          end
                                          i64.reinterpret_f64
                                          global.get 2
                                          i64.xor
                                          global.set 2
                                          f32.const 0x1p-125 (;=0.000000000000000000000000000000000000023509887;)
                                        end
                                        i32.reinterpret_f32
                                        global.get 1
                                        i32.xor
                                        global.set 1
                                        global.get 0
                                        i32.xor
                                        global.set 0
                                        f32.const 0x1.ffep-138 (;=0.000000000000000000000000000000000000000005738;)
                                      end
                                      i32.reinterpret_f32
                                      global.get 1
                                      i32.xor
                                      global.set 1
                                      global.get 3
                                      i64.xor
                                      global.set 3
                                      i64.reinterpret_f64
                                      global.get 2
                                      i64.xor
                                      global.set 2
                                      i32.reinterpret_f32
                                      global.get 1
                                      i32.xor
                                      global.set 1
                                    end
                                    global.get 3
                                    i64.xor
                                    global.set 3
                                    drop
                                    i32.reinterpret_f32
                                    global.get 1
                                    i32.xor
                                    global.set 1
                                    i32.const 128
                                  end
                                  global.get 0
                                  i32.xor
                                  global.set 0
                                  drop
                                  global.get 3
                                  i64.xor
                                  global.set 3
                                  f32.const -nan:0x7fdfff (;=NaN;)
                                end
                                i32.reinterpret_f32
                                global.get 1
                                i32.xor
                                global.set 1
                                global.get 3
                                i64.xor
                                global.set 3
                              end
                              global.get 3
                              i64.xor
                              global.set 3
                            end
                            ref.null func
                          end
                          drop
                          global.get 3
                          i64.xor
                          global.set 3
                        end
                        global.get 3
                        i64.xor
                        global.set 3
                        global.get 3
                        i64.xor
                        global.set 3
                        global.get 0
                        i32.xor
                        global.set 0
                        i32.reinterpret_f32
                        global.get 1
                        i32.xor
                        global.set 1
                        ref.null extern
                      else
                        ref.null extern
                      end
                      drop
                      global.get 3
                      i64.xor
                      global.set 3
                    end
                    i64.reinterpret_f64
                    global.get 2
                    i64.xor
                    global.set 2
                    drop
                    i64.const 8902176547863263987
                  end
                  global.get 3
                  i64.xor
                  global.set 3
                end
                i32.reinterpret_f32
                global.get 1
                i32.xor
                global.set 1
                f64.const 0x1.2d99d265cd4b9p+495 (;=120514824739974450000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000;)
              end
              i64.reinterpret_f64
              global.get 2
              i64.xor
              global.set 2
              ref.null func
            end
            drop
            f64.const -0x1.d22ea688faa17p+67 (;=-268735758222830040000;)
          end
          i64.reinterpret_f64
          global.get 2
          i64.xor
          global.set 2
          global.get 3
          i64.xor
          global.set 3
          i32.const -61594017
        end
        global.get 0
        i32.xor
        global.set 0
        i64.reinterpret_f64
        global.get 2
        i64.xor
        global.set 2
        global.get 0
        i32.xor
        global.set 0
        drop
        global.get 0
        i32.xor
        global.set 0
        i32.reinterpret_f32
        global.get 1
        i32.xor
        global.set 1
        i32.reinterpret_f32
        global.get 1
        i32.xor
        global.set 1
      end
      drop
      global.get 0
      i32.xor
      global.set 0
      drop
    end
    i64.reinterpret_f64
    global.get 2
    i64.xor
    global.set 2
    i32.reinterpret_f32
    global.get 1
    i32.xor
    global.set 1
    global.get 0
    i32.xor
    global.set 0
    f64.const 0x1.4b024d06c9226p+499 (;=2116253343546700000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000;)
    f32.const -0x1.66b45ep-17 (;=-0.000010690229;)
    f32.const 0x1.442548p-33 (;=0.00000000014740437;)
  )
  (func (;2;) (type 0) (param f32 i32) (result f64 f32 f32)
    block ;; label = @1
      f32.const -0x1.31ca5ep+104 (;=-24227220000000000000000000000000;)
      block (result f32) ;; label = @2
        local.get 1
        f32.const -nan:0x7fffe0 (;=NaN;)
        f32.abs
        i32.const -934675278
        i32.extend16_s
        f32.convert_i32_u
        local.tee 0
        f32.min
        br 0 (;@2;)
        i32.popcnt
        loop (result i32) ;; label = @3
          elem.drop 1
          local.get 0
          f32.floor
          f64.const -nan:0xffffffffffe00 (;=NaN;)
          i32.trunc_f64_u
          i32.extend16_s
          data.drop 0
          br 0 (;@3;)
          i32.clz
          i32.extend8_s
          call 2
          f32.floor
          i64.trunc_f32_u
          f64.const 0x1.p-1033 (;=0.00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000001086461844974;)
          f64.abs
          block ;; label = @4
            i64.const -3138814239385453221
            local.get 1
            i64.extend_i32_u
            i64.lt_u
            if ;; label = @5
              loop (result f32) ;; label = @6
                elem.drop 0
                i64.const 1073741824
                br 1 (;@5;)
                i64.extend16_s
                i32.const 661363848
                f64.const 0x1.391969c2e8b0ap+274 (;=37124524663448015000000000000000000000000000000000000000000000000000000000000000000;)
                i64.trunc_sat_f64_u
                f64.reinterpret_i64
                f64.const -0x1.9243dc97322ffp-750 (;=-0.0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000002653234437466955;)
                f64.gt
                i32.rem_s
                local.set 1
                f64.convert_i64_u
                f32.const -0x1.dddddcp+94 (;=-36973140000000000000000000000;)
                i32.trunc_f32_u
                block ;; label = @7
                  loop ;; label = @8
                    br 0 (;@8;)
                    loop (result f32) ;; label = @9
                      f64.const -nan:0xffffffeffffff (;=NaN;)
                      loop ;; label = @10
                        f64.const -0x1p+769 (;=-3105036184601418000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000;)
                        i64.trunc_f64_u
                        i64.const 35184372088832
                        table.size 1
                        br_table 0 (;@10;) 1 (;@9;) 2 (;@8;) 3 (;@7;) 4 (;@6;) 5 (;@5;) 6 (;@4;) 7 (;@3;) 9 (;@1;) 3 (;@7;)
                        i64.and
                        br 1 (;@9;)
                        i64.eqz
                        data.drop 0
                        i64.extend_i32_s
                        i64.extend32_s
                        loop ;; label = @11
                          i32.const 2113990684
                          if (result externref) ;; label = @12
                            f32.const 0x1.fffffep-124 (;=0.00000000000000000000000000000000000009403954;)
                            i64.const -650178747948363118
                            i64.extend32_s
                            i32.const 1781590360
                            data.drop 0
                            data.drop 0
                            i64.extend_i32_s
                            i64.le_u
                            f64.convert_i32_s
                            f64.floor
                            f64.floor
                            f64.trunc
                            f64.abs
                            f64.trunc
                            i32.trunc_f64_u
                            call 2
                            table.size 1
                            f32.const 0x1.cp-147 (;=0.00000000000000000000000000000000000000000001;)
                            i32.reinterpret_f32
                            i32.div_s
                            data.drop 0
                            i32.popcnt
                            if (result i32) ;; label = @13
                              block (result f32) ;; label = @14
                                table.size 0
                                i32.const -65537
                                local.get 0
                                f64.promote_f32
                                f64.neg
                                br 4 (;@10;)
                                loop ;; label = @15
                                  br 5 (;@10;)
                                  data.drop 0
                                  br 9 (;@6;)
                                end
                                f64.trunc
                                f64.trunc
                                loop (result f32) ;; label = @15
                                  ref.null func
                                  loop (result externref) ;; label = @16
                                    data.drop 0
                                    table.size 1
                                    f32.reinterpret_i32
                                    i64.trunc_f32_u
                                    i64.ctz
                                    i64.eqz
                                    table.get 0
                                    f32.const -0x1.f412fp+66 (;=-144136510000000000000;)
                                    f32.const 0x1.822da6p-53 (;=0.00000000000000016747815;)
                                    f32.lt
                                    f32.reinterpret_i32
                                    f64.const 0x1.fep-1067 (;=0.00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000126;)
                                    elem.drop 1
                                    f64.sqrt
                                    table.size 1
                                    f64.convert_i32_s
                                    f64.sub
                                    i32.trunc_f64_s
                                    i32.eqz
                                    local.set 1
                                    data.drop 0
                                    data.drop 0
                                    loop (result f64) ;; label = @17
                                      f32.const -0x1.95c48ap+47 (;=-223073170000000;)
                                      i32.trunc_f32_s
                                      br_if 13 (;@4;)
                                      block (result i64) ;; label = @18
                                        local.get 1
                                        f64.const -0x1.e8e25aace77fp-115 (;=-0.00000000000000000000000000000000004597444885745742;)
                                        loop ;; label = @19
                                          ref.null extern
                                          table.size 0
                                          i32.const -2019697169
                                          f32.convert_i32_u
                                          ref.null func
                                          elem.drop 1
                                          ref.null extern
                                          f32.const 0x1.e60298p+7 (;=243.00507;)
                                          local.get 1
                                          block ;; label = @20
                                          end
                                          i64.extend_i32_u
                                          i64.clz
                                          f64.const -nan:0xffffffffffe00 (;=NaN;)
                                          f64.floor
                                          f64.nearest
                                          f32.demote_f64
                                          f64.promote_f32
                                          i64.reinterpret_f64
                                          i64.sub
                                          local.get 1
                                          data.drop 0
                                          local.get 0
                                          block ;; label = @20
                                            loop ;; label = @21
                                              table.size 0
                                              loop (result f64) ;; label = @22
                                                elem.drop 0
                                                block ;; label = @23
                                                  i32.const 179595352
                                                  f32.convert_i32_s
                                                  i32.trunc_sat_f32_u
                                                  i64.extend_i32_s
                                                  i32.wrap_i64
                                                  f32.convert_i32_s
                                                  br 12 (;@11;)
                                                  i64.trunc_f32_s
                                                  loop ;; label = @24
                                                    br 7 (;@17;)
                                                    local.get 1
                                                    br 19 (;@5;)
                                                    i32.extend16_s
                                                    data.drop 0
                                                    i64.const 6761282805007507681
                                                    i64.eqz
                                                    i32.eqz
                                                    local.get 0
                                                    i32.trunc_f32_s
                                                    i32.gt_s
                                                    f32.const 0x1.9b92ccp+0 (;=1.6077087;)
                                                    i32.reinterpret_f32
                                                    f64.const -0x1.3801c2ada341dp-214 (;=-0.00000000000000000000000000000000000000000000000000000000000000004629191306002958;)
                                                    i64.reinterpret_f64
                                                    local.get 1
                                                    ref.null extern
                                                    ref.null extern
                                                    ref.null extern
                                                    ref.is_null
                                                    i32.clz
                                                    table.get 1
                                                    i32.const -135688425
                                                    i64.extend_i32_s
                                                    loop (result f64) ;; label = @25
                                                      f64.const 0x1.ffffffffffcp-1032 (;=0.000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000043458473798964;)
                                                      i64.trunc_f64_s
                                                      block (result i32) ;; label = @26
                                                        block (result i64) ;; label = @27
                                                          f32.const -0x1.937b46p+46 (;=-110908160000000;)
                                                          f32.neg
                                                          block ;; label = @28
                                                            table.size 1
                                                            f32.convert_i32_u
                                                            f32.floor
                                                            i32.trunc_sat_f32_u
                                                            i32.clz
                                                            f32.reinterpret_i32
                                                            i64.trunc_f32_s
                                                            i32.const -714511277
                                                            i32.clz
                                                            table.size 1
                                                            f64.const -0x1.2d683ecbcf642p+990 (;=-12319962228650324000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000;)
                                                            f32.demote_f64
                                                            i64.trunc_f32_u
                                                            f32.convert_i64_s
                                                            i32.trunc_f32_s
                                                            i32.le_u
                                                            i32.lt_u
                                                            br_table 0 (;@28;) 3 (;@25;) 4 (;@24;) 5 (;@23;) 6 (;@22;) 7 (;@21;) 8 (;@20;) 9 (;@19;) 11 (;@17;) 12 (;@16;) 13 (;@15;) 17 (;@11;) 18 (;@10;) 19 (;@9;) 20 (;@8;) 21 (;@7;) 22 (;@6;) 23 (;@5;) 24 (;@4;) 25 (;@3;) 27 (;@1;) 13 (;@15;)
                                                            loop (result f64) ;; label = @29
                                                              loop ;; label = @30
                                                                table.size 1
                                                                loop ;; label = @31
                                                                  block (result i32) ;; label = @32
                                                                    table.size 0
                                                                    i32.extend16_s
                                                                    block ;; label = @33
                                                                      br 8 (;@25;)
                                                                      block ;; label = @34
                                                                        local.get 0
                                                                        f32.const 0x1.020202p-125 (;=0.000000000000000000000000000000000000023694278;)
                                                                        data.drop 0
                                                                        i32.const 327944976
                                                                        if ;; label = @35
                                                                          i64.const 5022776261050967942
                                                                          local.get 0
                                                                          elem.drop 0
                                                                          i32.trunc_f32_u
                                                                          data.drop 0
                                                                          i32.clz
                                                                          elem.drop 0
                                                                          table.size 1
                                                                          block (result f32) ;; label = @36
                                                                            local.get 0
                                                                            local.set 0
                                                                            elem.drop 1
                                                                            ref.null func
                                                                            local.get 0
                                                                            i64.trunc_f32_s
                                                                            ref.null extern
                                                                            block (result f32) ;; label = @37
                                                                              i64.const 1125899906842623
                                                                              local.get 1
                                                                              i64.extend_i32_u
                                                                              i64.lt_s
                                                                              data.drop 0
                                                                              i32.eqz
                                                                              block ;; label = @38
                                                                                elem.drop 0
                                                                                local.get 1
                                                                                if ;; label = @39
                                                                                else
                                                                                  local.get 0
                                                                                  local.get 0
                                                                                  elem.drop 1
                                                                                  i32.reinterpret_f32
                                                                                  i32.ctz
                                                                                  loop ;; label = @40
                                                                                    block ;; label = @41
                                                                                      i64.const -887429658761057423
                                                                                      table.size 1
                                                                                      br 37 (;@4;)
                                                                                      i64.extend_i32_u
                                                                                      i64.or
                                                                                      i64.extend16_s
                                                                                      f64.reinterpret_i64
                                                                                      elem.drop 0
                                                                                      i64.reinterpret_f64
                                                                                      f32.convert_i64_u
                                                                                      f32.neg
                                                                                      ref.null func
                                                                                      ref.null func
                                                                                      loop ;; label = @42
                                                                                        loop (result externref) ;; label = @43
                                                                                          f64.const 0x1.fffffffffffffp-1020 (;=0.0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000001780059086805761;)
                                                                                          i32.const 1039535049
                                                                                          i32.eqz
                                                                                          loop (result i64) ;; label = @44
                                                                                            table.size 0
                                                                                            if ;; label = @45
                                                                                              block ;; label = @46
                                                                                                elem.drop 1
                                                                                                elem.drop 0
                                                                                                local.get 0
                                                                                                i32.trunc_sat_f32_s
                                                                                                data.drop 0
                                                                                                elem.drop 0
                                                                                                f32.convert_i32_u
                                                                                                i32.trunc_sat_f32_u
                                                                                                f32.convert_i32_u
                                                                                                i64.trunc_f32_s
                                                                                                i32.wrap_i64
                                                                                                f64.const 0x1.151903d748f24p-301 (;=0.00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000026568331665235517;)
                                                                                                i32.trunc_sat_f64_s
                                                                                                table.size 1
                                                                                                br_table 0 (;@46;) 1 (;@45;) 2 (;@44;) 3 (;@43;) 4 (;@42;) 5 (;@41;) 6 (;@40;) 7 (;@39;) 8 (;@38;) 11 (;@35;) 12 (;@34;) 13 (;@33;) 15 (;@31;) 16 (;@30;) 17 (;@29;) 18 (;@28;) 21 (;@25;) 22 (;@24;) 23 (;@23;) 24 (;@22;) 25 (;@21;) 26 (;@20;) 27 (;@19;) 29 (;@17;) 30 (;@16;) 31 (;@15;) 35 (;@11;) 36 (;@10;) 37 (;@9;) 38 (;@8;) 39 (;@7;) 40 (;@6;) 41 (;@5;) 42 (;@4;) 43 (;@3;) 45 (;@1;) 11 (;@35;)
                                                                                                i32.and
                                                                                                i32.clz
                                                                                                i64.const 4717630509399523484
                                                                                                f64.const 0x1.p-1055 (;=0.000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000002590327;)
                                                                                                elem.drop 1
                                                                                                i64.reinterpret_f64
                                                                                                i64.rotr
                                                                                                i64.clz
                                                                                                data.drop 0
                                                                                                i64.ctz
                                                                                                i64.ctz
                                                                                                i64.clz
                                                                                                f32.convert_i64_s
                                                                                                f32.sqrt
                                                                                                i32.trunc_f32_s
                                                                                                br_table 0 (;@46;) 1 (;@45;) 2 (;@44;) 3 (;@43;) 4 (;@42;) 5 (;@41;) 6 (;@40;) 7 (;@39;) 8 (;@38;) 11 (;@35;) 12 (;@34;) 13 (;@33;) 15 (;@31;) 16 (;@30;) 17 (;@29;) 18 (;@28;) 21 (;@25;) 22 (;@24;) 23 (;@23;) 24 (;@22;) 25 (;@21;) 26 (;@20;) 27 (;@19;) 29 (;@17;) 30 (;@16;) 31 (;@15;) 35 (;@11;) 36 (;@10;) 37 (;@9;) 38 (;@8;) 39 (;@7;) 40 (;@6;) 41 (;@5;) 42 (;@4;) 43 (;@3;) 45 (;@1;) 37 (;@9;)
                                                                                                if ;; label = @47
                                                                                                end
                                                                                                block ;; label = @47
                                                                                                  i64.const -8388608
                                                                                                  i32.wrap_i64
                                                                                                  i32.const 315883778
                                                                                                  br_if 26 (;@21;)
                                                                                                  i32.ctz
                                                                                                  i32.eqz
                                                                                                  f32.reinterpret_i32
                                                                                                  i32.trunc_f32_u
                                                                                                  ref.null extern
                                                                                                  block (result f32) ;; label = @48
                                                                                                    i32.const 749534160
                                                                                                    table.get 0
                                                                                                    table.size 1
                                                                                                    f32.convert_i32_u
                                                                                                    i32.trunc_sat_f32_s
                                                                                                    data.drop 0
                                                                                                    table.get 1
                                                                                                    f64.const 0x1.ffffffep-1047 (;=0.000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000001326247364;)
                                                                                                    i64.const 4322778487204020741
                                                                                                    ref.null extern
                                                                                                    nop
                                                                                                    f32.const -0x1.1d3474p-101 (;=-0.0000000000000000000000000000004394277;)
                                                                                                    local.get 1
                                                                                                    loop (type 0) (param f32 i32) (result f64 f32 f32) ;; label = @49
                                                                                                    table.get 1
                                                                                                    f64.const -0x1p+1009 (;=-5486124068793689000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000;)
                                                                                                    i64.trunc_sat_f64_s
                                                                                                    loop (result f32) ;; label = @50
                                                                                                    block (result externref) ;; label = @51
                                                                                                    i32.const 33554432
                                                                                                    f64.convert_i32_s
                                                                                                    i32.const -1120269462
                                                                                                    i32.popcnt
                                                                                                    i64.extend_i32_u
                                                                                                    i64.const 896785564005877169
                                                                                                    block ;; label = @52
                                                                                                    end
                                                                                                    i64.rem_u
                                                                                                    f64.const -0x1p+1017 (;=-1404447761611184300000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000;)
                                                                                                    f64.neg
                                                                                                    i32.trunc_sat_f64_u
                                                                                                    i32.const -1830446332
                                                                                                    i32.ge_s
                                                                                                    i64.extend_i32_u
                                                                                                    i64.rotr
                                                                                                    i64.extend8_s
                                                                                                    local.get 1
                                                                                                    table.size 1
                                                                                                    i32.gt_u
                                                                                                    loop (result externref) ;; label = @52
                                                                                                    block (result i32) ;; label = @53
                                                                                                    local.get 0
                                                                                                    i32.trunc_f32_u
                                                                                                    local.get 0
                                                                                                    f32.const 0x1.p-144 (;=0.000000000000000000000000000000000000000000045;)
                                                                                                    f32.le
                                                                                                    loop ;; label = @54
                                                                                                    elem.drop 0
                                                                                                    loop (result f32) ;; label = @55
                                                                                                    loop ;; label = @56
                                                                                                    end
                                                                                                    br 51 (;@4;)
                                                                                                    br 0 (;@55;)
                                                                                                    i32.const 4194304
                                                                                                    i32.extend16_s
                                                                                                    global.get 0
                                                                                                    i32.xor
                                                                                                    global.set 0
                                                                                                    f32.const 0x1.1febp+126 (;=95677160000000000000000000000000000000;)
                                                                                                    end
                                                                                                    i32.reinterpret_f32
                                                                                                    global.get 1
                                                                                                    i32.xor
                                                                                                    global.set 1
                                                                                                    end
                                                                                                    global.get 0
                                                                                                    i32.xor
                                                                                                    global.set 0
                                                                                                    end
                                                                                                    global.get 0
                                                                                                    i32.xor
                                                                                                    global.set 0
                                                                                                    ref.null extern
                                                                                                    end
                                                                                                    drop
                                                                                                    global.get 0
                                                                                                    i32.xor
                                                                                                    global.set 0
                                                                                                    global.get 3
                                                                                                    i64.xor
                                                                                                    global.set 3
                                                                                                    i64.reinterpret_f64
                                                                                                    global.get 2
                                                                                                    i64.xor
                                                                                                    global.set 2
                                                                                                    ref.null extern
                                                                                                    end
                                                                                                    drop
                                                                                                    f32.const -0x1.0f197ep+24 (;=-17766782;)
                                                                                                    end
                                                                                                    i32.reinterpret_f32
                                                                                                    global.get 1
                                                                                                    i32.xor
                                                                                                    global.set 1
                                                                                                    drop
                                                                                                    drop
                                                                                                    i32.reinterpret_f32
                                                                                                    global.get 1
                                                                                                    i32.xor
                                                                                                    global.set 1
                                                                                                    f64.const 0x1.ffffffp-1050 (;=0.000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000165780916;)
                                                                                                    f32.const -0x1.77da4ap-117 (;=-0.000000000000000000000000000000000008836254;)
                                                                                                    f32.const -0x1.aaee52p-70 (;=-0.000000000000000000001412596;)
                                                                                                    end
                                                                                                    i32.reinterpret_f32
                                                                                                    global.get 1
                                                                                                    i32.xor
                                                                                                    global.set 1
                                                                                                    i32.reinterpret_f32
                                                                                                    global.get 1
                                                                                                    i32.xor
                                                                                                    global.set 1
                                                                                                    i64.reinterpret_f64
                                                                                                    global.get 2
                                                                                                    i64.xor
                                                                                                    global.set 2
                                                                                                    drop
                                                                                                    global.get 3
                                                                                                    i64.xor
                                                                                                    global.set 3
                                                                                                    i64.reinterpret_f64
                                                                                                    global.get 2
                                                                                                    i64.xor
                                                                                                    global.set 2
                                                                                                    drop
                                                                                                    drop
                                                                                                    f32.const 0x1.76e89p-98 (;=0.0000000000000000000000000000046211034;)
                                                                                                  end
                                                                                                  i32.reinterpret_f32
                                                                                                  global.get 1
                                                                                                  i32.xor
                                                                                                  global.set 1
                                                                                                  drop
                                                                                                  global.get 0
                                                                                                  i32.xor
                                                                                                  global.set 0
                                                                                                end
                                                                                              end
                                                                                            end
                                                                                            i64.const -5122972230312597281
                                                                                          end
                                                                                          global.get 3
                                                                                          i64.xor
                                                                                          global.set 3
                                                                                          global.get 0
                                                                                          i32.xor
                                                                                          global.set 0
                                                                                          i64.reinterpret_f64
                                                                                          global.get 2
                                                                                          i64.xor
                                                                                          global.set 2
                                                                                          ref.null extern
                                                                                        end
                                                                                        drop
                                                                                      end
                                                                                      drop
                                                                                      drop
                                                                                      i32.reinterpret_f32
                                                                                      global.get 1
                                                                                      i32.xor
                                                                                      global.set 1
                                                                                    end
                                                                                  end
                                                                                  global.get 0
                                                                                  i32.xor
                                                                                  global.set 0
                                                                                  i32.reinterpret_f32
                                                                                  global.get 1
                                                                                  i32.xor
                                                                                  global.set 1
                                                                                end
                                                                              end
                                                                              global.get 0
                                                                              i32.xor
                                                                              global.set 0
                                                                              f32.const 0x1.p-141 (;=0.000000000000000000000000000000000000000000359;)
                                                                            end
                                                                            i32.reinterpret_f32
                                                                            global.get 1
                                                                            i32.xor
                                                                            global.set 1
                                                                            drop
                                                                            global.get 3
                                                                            i64.xor
                                                                            global.set 3
                                                                            drop
                                                                            f32.const 0x1.p-131 (;=0.000000000000000000000000000000000000000367342;)
                                                                          end
                                                                          i32.reinterpret_f32
                                                                          global.get 1
                                                                          i32.xor
                                                                          global.set 1
                                                                          global.get 0
                                                                          i32.xor
                                                                          global.set 0
                                                                          global.get 0
                                                                          i32.xor
                                                                          global.set 0
                                                                          global.get 3
                                                                          i64.xor
                                                                          global.set 3
                                                                        end
                                                                        i32.reinterpret_f32
                                                                        global.get 1
                                                                        i32.xor
                                                                        global.set 1
                                                                        i32.reinterpret_f32
                                                                        global.get 1
                                                                        i32.xor
                                                                        global.set 1
                                                                      end
                                                                    end
                                                                  end
                                                                  global.get 0
                                                                  i32.xor
                                                                  global.set 0
                                                                end
                                                                global.get 0
                                                                i32.xor
                                                                global.set 0
                                                              end
                                                              f64.const -0x1.c0b9749d673eap-706 (;=-0.000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000005206703126267211;)
                                                            end
                                                            i64.reinterpret_f64
                                                            global.get 2
                                                            i64.xor
                                                            global.set 2
                                                            global.get 3
                                                            i64.xor
                                                            global.set 3
                                                          end
                                                          i32.reinterpret_f32
                                                          global.get 1
                                                          i32.xor
                                                          global.set 1
                                                          i64.const 576460752303423488
                                                        end
                                                        global.get 3
                                                        i64.xor
                                                        global.set 3
                                                        i32.const 1501075769
                                                      end
                                                      drop
                                                      global.get 3
                                                      i64.xor
                                                      global.set 3
                                                      f64.const -0x1.16c200a5b301ep+55 (;=-39231675780661490;)
                                                    end
                                                    i64.reinterpret_f64
                                                    global.get 2
                                                    i64.xor
                                                    global.set 2
                                                    global.get 3
                                                    i64.xor
                                                    global.set 3
                                                    drop
                                                    drop
                                                    drop
                                                    global.get 0
                                                    i32.xor
                                                    global.set 0
                                                    global.get 3
                                                    i64.xor
                                                    global.set 3
                                                    global.get 0
                                                    i32.xor
                                                    global.set 0
                                                    global.get 0
                                                    i32.xor
                                                    global.set 0
                                                    global.get 0
                                                    i32.xor
                                                    global.set 0
                                                  end
                                                  global.get 3
                                                  i64.xor
                                                  global.set 3
                                                end
                                                f64.const -0x1.4a58176587c59p+775 (;=-256432601404183220000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000;)
                                              end
                                              i64.reinterpret_f64
                                              global.get 2
                                              i64.xor
                                              global.set 2
                                              global.get 0
                                              i32.xor
                                              global.set 0
                                            end
                                          end
                                          i32.reinterpret_f32
                                          global.get 1
                                          i32.xor
                                          global.set 1
                                          global.get 0
                                          i32.xor
                                          global.set 0
                                          global.get 3
                                          i64.xor
                                          global.set 3
                                          i32.reinterpret_f32
                                          global.get 1
                                          i32.xor
                                          global.set 1
                                          drop
                                          drop
                                          i32.reinterpret_f32
                                          global.get 1
                                          i32.xor
                                          global.set 1
                                          global.get 0
                                          i32.xor
                                          global.set 0
                                          drop
                                        end
                                        i64.reinterpret_f64
                                        global.get 2
                                        i64.xor
                                        global.set 2
                                        global.get 0
                                        i32.xor
                                        global.set 0
                                        i64.const -1848036686947029676
                                      end
                                      global.get 3
                                      i64.xor
                                      global.set 3
                                      f64.const nan:0xfffffffffffff (;=NaN;)
                                    end
                                    i64.reinterpret_f64
                                    global.get 2
                                    i64.xor
                                    global.set 2
                                    drop
                                    drop
                                    ref.null extern
                                  end
                                  drop
                                  drop
                                  f32.const -0x1p+121 (;=-2658456000000000000000000000000000000;)
                                end
                                i32.reinterpret_f32
                                global.get 1
                                i32.xor
                                global.set 1
                                i64.reinterpret_f64
                                global.get 2
                                i64.xor
                                global.set 2
                                global.get 0
                                i32.xor
                                global.set 0
                                global.get 0
                                i32.xor
                                global.set 0
                                f32.const -0x1p+125 (;=-42535296000000000000000000000000000000;)
                              end
                              i32.reinterpret_f32
                              global.get 1
                              i32.xor
                              global.set 1
                              i32.const 16777215
                            else
                              i32.const 1590055175
                            end
                            global.get 0
                            i32.xor
                            global.set 0
                            i32.reinterpret_f32
                            global.get 1
                            i32.xor
                            global.set 1
                            i32.reinterpret_f32
                            global.get 1
                            i32.xor
                            global.set 1
                            i64.reinterpret_f64
                            global.get 2
                            i64.xor
                            global.set 2
                            ref.null extern
                          else
                            ref.null extern
                          end
                          drop
                        end
                        global.get 3
                        i64.xor
                        global.set 3
                      end
                      i64.reinterpret_f64
                      global.get 2
                      i64.xor
                      global.set 2
                      f32.const -0x1.99e494p+76 (;=-120979030000000000000000;)
                    end
                    i32.reinterpret_f32
                    global.get 1
                    i32.xor
                    global.set 1
                  end
                end
                global.get 0
                i32.xor
                global.set 0
                i64.reinterpret_f64
                global.get 2
                i64.xor
                global.set 2
                f32.const -nan:0x7fffff (;=NaN;)
              end
              i32.reinterpret_f32
              global.get 1
              i32.xor
              global.set 1
            end
          end
          i64.reinterpret_f64
          global.get 2
          i64.xor
          global.set 2
          global.get 3
          i64.xor
          global.set 3
          i32.reinterpret_f32
          global.get 1
          i32.xor
          global.set 1
          i64.reinterpret_f64
          global.get 2
          i64.xor
          global.set 2
          i32.const 24
        end
        global.get 0
        i32.xor
        global.set 0
        global.get 0
        i32.xor
        global.set 0
        f32.const 0x1.904ad2p+64 (;=28844098000000000000;)
      end
      i32.reinterpret_f32
      global.get 1
      i32.xor
      global.set 1
      i32.reinterpret_f32
      global.get 1
      i32.xor
      global.set 1
    end
    f64.const 0x1.fep-1044 (;=0.000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000010568533725;)
    f32.const -0x1.fdfdfcp+126 (;=-169473950000000000000000000000000000000;)
    f32.const -nan:0x3fffff (;=NaN;)
  )
  (data (;0;) "\1d")
)

