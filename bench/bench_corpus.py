"""The real-module corpus, as a table (not a timed test).

    python bench/bench_corpus.py [--workers N] [--keep DIR] [mod_foo ...]

ProFTPD's own modules (Debian's DSOs found in /usr/lib/proftpd, plus mod_cap
built as a DSO), from Debian's unmodified sources (.ci/setup fetches them;
PRXS_CORPUS_SRC moves them), each through: prxs -c for the SDK, prxs -c for
the installed proftpd, a load in the shim (prxs shim -t), a load in the real
server (proftpd -t), Debian's prebuilt .so loaded in the shim, and each
module's scenario (tests/corpus/scenarios/) on the shim and proftpd, with the
SDK build and with Debian's .so.  Prints
module x step with the first error of each failure, the totals per step and
the wall time.  Naming modules runs only those (and their parents).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from prxs import corpus  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--workers", type=int, default=2, help="modules at once (default 2)")
    ap.add_argument("--keep", type=Path, help="keep the build directories under this directory")
    ap.add_argument("--warm", action="store_true",
                    help="use prxs's usual cache (default: a fresh one, as in CI)")
    ap.add_argument("--width", type=int, default=160, help="cut error lines to this width")
    ap.add_argument("modules", nargs="*", help="only these modules (and their parents)")
    args = ap.parse_args()

    try:
        tree = corpus.find_source_tree()
    except corpus.CorpusUnavailable as e:
        print(f"bench_corpus: {e}", file=sys.stderr)
        return 3
    modules = corpus.discover(tree)
    if args.modules:
        known = {m.name: m for m in modules}
        unknown = [n for n in args.modules if n not in known]
        if unknown:
            print(f"bench_corpus: not in the corpus: {', '.join(unknown)} "
                  f"(the corpus: {', '.join(known)})", file=sys.stderr)
            return 2
        wanted = set(args.modules)
        for n in args.modules:
            wanted |= set(known[n].parents)
        modules = [m for m in modules if m.name in wanted]

    print(f"corpus: {len(modules)} modules from {tree}, {args.workers} at a time, "
          f"{'warm' if args.warm else 'fresh'} prxs cache", flush=True)
    env = dict(os.environ)
    with tempfile.TemporaryDirectory(prefix="prxs-corpus-cache-") as cache:
        if not args.warm:
            env["PRXS_CACHE_DIR"] = cache
        start = time.monotonic()
        results = corpus.run_corpus(
            modules, tree, workers=args.workers, keep=args.keep, env=env,
            on_module=lambda name, _r: print(f"  done {name}", file=sys.stderr, flush=True))
        wall = time.monotonic() - start
    print(corpus.format_table(results, width=args.width))
    print()
    for step in corpus.STEPS:
        print(f"  {step:<9} {corpus.totals(results)[step]:>3} / {len(results)}  "
              f"{corpus.STEP_TITLES[step]}")
    print(f"wall time: {wall:.1f} s ({args.workers} workers, "
          f"{'warm' if args.warm else 'fresh'} prxs cache)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
