#!/usr/bin/env bash
# No-panic probe: for each threeds-core entry point, links a thumbv7em image
# calling only that function on opaque input (LTO, panic=abort, gc-sections)
# and reports whether the panic handler survived, i.e. whether the optimizer
# could NOT prove every panic path dead. Exit status: number of entry points
# with a reachable panic (0 = all proven).
#
#   fuzz/no-panic/check.sh [feature...]   (default: the control, then every entry point)
set -uo pipefail
cd "$(dirname "$0")"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/../target/no-panic}"
target=thumbv7em-none-eabihf
features=("$@")
[ "${#features[@]}" -eq 0 ] && features=(control base64url json jwk jwe_dir jws_parse erro acs_signed_payload ares cres xpath config transaction)
nm="$(command -v llvm-nm || find "$(rustc --print sysroot)" -name llvm-nm -type f | head -n 1)"
[ -z "$nm" ] && nm=nm
reachable=0
panics='core::panicking|panic_bounds_check|slice_index_fail|slice_(start|end)_index|str::slice_error|unwrap_failed|expect_failed|rust_begin_unwind'
for f in "${features[@]}"; do
  # --unresolved-symbols lets the image link; the undefined marker then shows in nm.
  if ! out="$(cargo build --quiet --release --target "$target" --features "$f" \
        --config "target.$target.rustflags=['-C','link-arg=--unresolved-symbols=ignore-all']" 2>&1)"; then
    echo "$f: BUILD FAILED"; echo "$out" | tail -n 20; reachable=$((reachable + 1)); continue
  fi
  image="$CARGO_TARGET_DIR/$target/release/threeds-no-panic-probe"
  size="$(stat -c %s "$image")"
  if "$nm" "$image" | grep -q 'threeds_probe_panic_reachable'; then
    sites="$("$nm" -C "$image" | grep -cE "$panics" || true)"
    [ "$f" = control ] && { echo "control: panic detected, as it must be"; continue; }
    echo "$f: panic REACHABLE ($sites panicking helpers kept, image $size bytes)"
    if command -v arm-none-eabi-objdump >/dev/null; then
      # Direct callers of the panicking helpers: where to look.
      arm-none-eabi-objdump -d -C "$image" \
        | awk -v pat="$panics" '/^[0-9a-f]+ <.*>:$/ { fn = $0 } $0 ~ "bl.*(" pat ")" && fn !~ pat { print "    called from " fn }' \
        | sort -u
    fi
    reachable=$((reachable + 1))
  else
    [ "$f" = control ] && { echo "control: probe FAILED to see a panic"; reachable=$((reachable + 1)); continue; }
    echo "$f: no panic path (image $size bytes)"
  fi
done
exit "$reachable"
