"""`make bench`: time and peak memory against document size. Each document is one text made by
joining real news from ../shared/data (factRuEval devset, NEREL dev and train) up to a size in
characters, and goes through `svodka extract` in a fresh process, so its peak RSS is its own.

Prints a table: size, seconds (extraction, and the process's whole life with models loading),
peak RSS, and each row's cost per MB over the row before it (the slope: flat when linear).

    python bench/size.py --shared ../shared [--sizes 10k,100k,1M,5M] [--timeout 900]
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")
UNITS = {"k": 1_000, "M": 1_000_000}


def news(shared: Path) -> list[str]:
    dirs = [shared / "data" / "factrueval-2016" / "devset", shared / "data" / "nerel" / "dev",
            shared / "data" / "nerel" / "train"]
    return [f.read_text(encoding="utf-8") for d in dirs if d.is_dir() for f in sorted(d.glob("*.txt"))]


def make_text(texts: list[str], size: int, sep: str = "\n\n") -> str:
    """Real news joined with ``sep`` up to ``size`` characters (going round again if need be)."""
    parts, n, i = [], 0, 0
    while n < size:
        t = texts[i % len(texts)].strip()
        parts.append(t)
        n += len(t) + len(sep)
        i += 1
    return sep.join(parts)[:size]


def cases(texts: list[str], sizes: list[str]) -> list[tuple[str, str]]:
    out = [(f"news {s}", make_text(texts, parse_size(s))) for s in sizes]
    big = parse_size(sizes[-1])
    out.append((f"one line {sizes[-1]}", make_text(texts, big, sep=" ").replace("\n", " ").replace("\r", " ")))
    out.append(("letters, punct. 1 line", garble(1_000_000)))
    out.append(("«Москва» ×100k lines", "Москва\n" * 100_000))
    return out


def garble(size: int) -> str:
    """One line of random Cyrillic letters and punctuation, no spaces: every word new to the
    morphology, no sentence end razdel believes (the issue's 2 MB line took 7.8 GB)."""
    import random
    r = random.Random(12)
    alphabet = "абвгдежзийклмнопрстуфхцчшщыэюяАБВГДЕЖЗИКЛМНОПРСТ.,!?;:-«»()"
    return "".join(r.choice(alphabet) for _ in range(size))


def parse_size(s: str) -> int:
    return int(float(s[:-1]) * UNITS[s[-1]]) if s[-1] in UNITS else int(s)


def measure(text: str, timeout: float) -> dict:
    """`svodka extract` on one document in a fresh process: wall time and peak RSS (wait4)."""
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "doc.txt"
        path.write_text(text, encoding="utf-8")
        t0 = time.perf_counter()
        child = subprocess.Popen([sys.executable, str(Path(__file__).resolve()), "--child", str(path)],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT)
        try:
            out, err = child.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            child.kill()
            _, _, usage = os.wait4(child.pid, 0)
            return {"timeout": True, "total": time.perf_counter() - t0, "rss": usage.ru_maxrss / 1024}
        total = time.perf_counter() - t0
        usage = os.wait4(child.pid, 0)[2] if child.returncode is None else None
    rss = (usage.ru_maxrss / 1024) if usage else None
    result = json.loads(out.decode().strip().splitlines()[-1]) if child.returncode == 0 else {"error": err.decode()[-300:]}
    result.setdefault("rss", rss)
    result["total"] = total
    return result


def child(path: str) -> None:
    """In the fresh process: load the models on a short text, then time the one document."""
    import resource

    sys.path.insert(0, str(ROOT))
    from svodka.pipeline import Pipeline
    from svodka.read import Source
    p = Pipeline()
    p.process(Source("warm", "warm", "Президент России Владимир Путин прибыл в Москву 5 мая."))
    text = Path(path).read_text(encoding="utf-8")
    src = Source("doc", path, text)
    t0, c0 = time.perf_counter(), time.process_time()
    doc = p.process(src)
    record = json.dumps(doc.to_dict(), ensure_ascii=False, allow_nan=False)
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "cpu": cpu, "rss": rss, "out_chars": len(record),
                      "error": getattr(doc, "error", None)}))


def table(rows: list[tuple[str, int, dict]]) -> str:
    """One row a document; the slopes are over the previous news row (CPU seconds and RSS per MB
    more): flat when time and memory grow linearly. CPU time is shown beside wall time because
    the machine is shared: wall time then says more about the neighbours than about svodka."""
    lines = [f"{'document':<24}{'chars':>10}{'wall s':>9}{'CPU s':>9}{'process s':>11}{'peak RSS MB':>13}"
             f"{'CPU s/MB':>10}{'RSS MB/MB':>11}",
             "-" * 97]
    prev = None
    for name, size, r in rows:
        secs, cpu = r.get("seconds"), r.get("cpu")
        shown = f"{secs:.1f}" if secs is not None else (">timeout" if r.get("timeout") else "error")
        slope = rss_slope = ""
        if prev and cpu is not None and name.startswith("news") and size > prev[0]:
            mb = (size - prev[0]) / 1e6
            slope = f"{(cpu - prev[1]) / mb:.1f}"
            rss_slope = f"{(r['rss'] - prev[2]) / mb:.0f}"
        cpu_shown = f"{cpu:.1f}" if cpu is not None else ""
        lines.append(f"{name:<24}{size:>10,}{shown:>9}{cpu_shown:>9}{r['total']:>11.1f}{r['rss']:>13.0f}"
                     f"{slope:>10}{rss_slope:>11}")
        if name.startswith("news") and cpu is not None:
            prev = (size, cpu, r["rss"])
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--sizes", default="10k,100k,1M,5M")
    ap.add_argument("--timeout", type=float, default=900)
    ap.add_argument("--child")
    ap.add_argument("--cases", help="only the cases whose name contains one of these (comma-separated)")
    args = ap.parse_args()
    if args.child:
        child(args.child)
        return
    texts = news(Path(args.shared))
    if not texts:
        sys.exit(f"no news texts under {args.shared}/data")
    rows = []
    for name, text in cases(texts, args.sizes.split(",")):
        if args.cases and not any(c in name for c in args.cases.split(",")):
            continue
        rows.append((name, len(text), measure(text, args.timeout)))
        print(f"  {name}: {rows[-1][2]}", file=sys.stderr, flush=True)
    print(table(rows))


if __name__ == "__main__":
    main()
