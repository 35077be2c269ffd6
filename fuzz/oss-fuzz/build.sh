#!/bin/bash -eu
# Builds every cargo-fuzz target and installs it in $OUT the way OSS-Fuzz and
# ClusterFuzzLite expect: the binary, TARGET.dict, TARGET.options (dictionary
# and max_len) and TARGET_seed_corpus.zip (fuzz/seeds/TARGET). The same file
# runs unchanged inside gcr.io/oss-fuzz-base/base-builder-rust (see the
# Dockerfile next to it) and locally:
#
#   OUT=/tmp/threeds-fuzz-out bash fuzz/oss-fuzz/build.sh
#
# FUZZ_TARGETS (space-separated) limits the build to some targets;
# FUZZ_BUILD_FLAGS replaces the cargo-fuzz flags (default: -O --debug-assertions).
fuzz="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
: "${OUT:?set OUT to the directory that receives the fuzz targets}"
mkdir -p "$OUT"
cd "$fuzz"
# shellcheck source=../targets.sh
source "$fuzz/targets.sh"

# The builder image's default toolchain is nightly; elsewhere ask for it.
cargo_fuzz=(cargo fuzz)
if ! rustc --version | grep -q nightly; then cargo_fuzz=(cargo +nightly fuzz); fi

targets="${FUZZ_TARGETS:-$("${cargo_fuzz[@]}" list)}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$fuzz/target}"
triple="$(rustc -vV | sed -n 's/^host: //p')"
for t in $targets; do
  # OSS-Fuzz sets SANITIZER (address by default); cargo fuzz builds with ASan.
  read -r -a flags <<<"${FUZZ_BUILD_FLAGS:--O --debug-assertions}"
  "${cargo_fuzz[@]}" build "${flags[@]}" "$t"
  cp "$CARGO_TARGET_DIR/$triple/release/$t" "$OUT/"
  dict="$(dict_of "$t")"
  {
    echo "[libfuzzer]"
    echo "max_len = $(max_len_of "$t")"
    if [ -n "$dict" ]; then echo "dict = $t.dict"; fi
  } >"$OUT/$t.options"
  if [ -n "$dict" ]; then cp "dicts/$dict.dict" "$OUT/$t.dict"; fi
  rm -f "$OUT/${t}_seed_corpus.zip"
  if command -v zip >/dev/null; then
    zip -q -j "$OUT/${t}_seed_corpus.zip" "seeds/$t"/*
  else
    python3 - "$OUT/${t}_seed_corpus.zip" "seeds/$t" <<'PY'
import pathlib, sys, zipfile
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
    for f in sorted(pathlib.Path(sys.argv[2]).iterdir()):
        z.write(f, f.name)
PY
  fi
done
