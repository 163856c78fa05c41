#!/usr/bin/env python3
"""Seeds fuzz/corpus/{analyze,archive,metadata} from the repository's
defanged fixtures (corpus/, tests/). Re-runnable: names are fixed, files are
overwritten, entries libFuzzer added are left alone. Nothing here runs the
fixtures: they are only read as bytes and packed.

    python3 fuzz/seed.py
"""
import bz2
import gzip
import io
import lzma
import os
import shutil
import struct
import subprocess
import tarfile
import zipfile
from pathlib import Path

FUZZ = Path(__file__).resolve().parent
ROOT = FUZZ.parent
CORPUS = FUZZ / "corpus"

# The analyze target's first byte picks the path (index into its PATHS).
X_PY, SETUP_PY, X_PTH, X_IPYNB, SITECUSTOMIZE, X_TXT = range(6)
MAX_LEN = 65536  # the -max_len the README runs with


def write(target, name, data):
    d = CORPUS / target
    d.mkdir(parents=True, exist_ok=True)
    (d / name).write_bytes(data)


def flat(path):
    return str(path.relative_to(ROOT)).replace("/", "__")


def fixtures(*suffixes):
    for base in (ROOT / "corpus", ROOT / "tests"):
        for p in sorted(base.rglob("*")):
            if p.is_file() and (p.suffix in suffixes or p.name in suffixes):
                yield p


def seed_analyze():
    n = 0
    for p in fixtures(".py", ".pth", ".ipynb"):
        if not str(p).startswith(str(ROOT / "corpus")):
            continue
        data = p.read_bytes()[: MAX_LEN - 1]
        if p.suffix == ".pth":
            sel = X_PTH
        elif p.suffix == ".ipynb":
            sel = X_IPYNB
        elif p.name == "setup.py":
            sel = SETUP_PY
        elif p.name == "sitecustomize.py":
            sel = SITECUSTOMIZE
        else:
            sel = X_PY
        write("analyze", flat(p), bytes([sel]) + data)
        n += 1
        # Every .py also as a startup file and as plain text (signatures only).
        if p.suffix == ".py" and n % 4 == 0:
            write("analyze", flat(p) + ".as-sitecustomize", bytes([SITECUSTOMIZE]) + data)
            write("analyze", flat(p) + ".as-txt", bytes([X_TXT]) + data)
    print(f"analyze: {n} fixtures")


def zstd_raw(data):
    """A zstd frame of raw (stored) blocks: needs no compressor."""
    out = bytearray(b"\x28\xb5\x2f\xfd")
    out.append(0xA0)  # single segment, 4-byte frame content size
    out += struct.pack("<I", len(data))
    chunks = [data[i : i + 65536] for i in range(0, len(data), 65536)] or [b""]
    for i, c in enumerate(chunks):
        last = 1 if i == len(chunks) - 1 else 0
        header = last | (0 << 1) | (len(c) << 3)
        out += header.to_bytes(3, "little") + c
    return bytes(out)


def zstd_cli(data):
    if not shutil.which("zstd"):
        return None
    r = subprocess.run(["zstd", "-q", "-c", "-19"], input=data, capture_output=True)
    return r.stdout if r.returncode == 0 else None


def make_zip(files):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in files:
            z.writestr(zipfile.ZipInfo(name, (2024, 1, 1, 0, 0, 0)), data,
                       compress_type=zipfile.ZIP_DEFLATED)
    return buf.getvalue()


def make_zip_stored(files):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as z:
        for name, data in files:
            z.writestr(zipfile.ZipInfo(name, (2024, 1, 1, 0, 0, 0)), data)
    return buf.getvalue()


def make_tar(files, extra=()):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.USTAR_FORMAT) as t:
        for name, data in files:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            info.mtime = 1704067200
            t.addfile(info, io.BytesIO(data))
        for info in extra:
            t.addfile(info)
    return buf.getvalue()


def seed_archive():
    def rd(rel):
        return (ROOT / rel).read_bytes()

    sdist = [
        ("evil-1.0/PKG-INFO", b"Metadata-Version: 2.1\nName: evil\nVersion: 1.0\n"),
        ("evil-1.0/setup.py", rd("corpus/malicious/HS105-setup-install-hook/postinstall-dropper/setup.py")),
        ("evil-1.0/pyproject.toml", rd("corpus/malicious/HS105-setup-install-hook/in-tree-backend/pyproject.toml")),
    ]
    wheel = [
        ("evil/__init__.py", rd("corpus/malicious/HS101-decoded-payload-exec/fernet-campaign/setup.py")[:4000]),
        ("evil-1.0.dist-info/METADATA", b"Metadata-Version: 2.1\nName: evil\nVersion: 1.0\n"),
        ("evil-1.0.dist-info/RECORD", b"evil/__init__.py,,\n"),
        ("evil-1.0.pth", b"import os\n"),
    ]
    link = tarfile.TarInfo("evil-1.0/link")
    link.type = tarfile.SYMTYPE
    link.linkname = "../../etc/passwd"
    folder = tarfile.TarInfo("evil-1.0/pkg")
    folder.type = tarfile.DIRTYPE
    tar = make_tar(sdist, extra=(link, folder))
    seeds = {
        "wheel.zip": make_zip(wheel),
        "wheel-stored.zip": make_zip_stored(wheel),
        "empty.zip": make_zip([]),
        "sdist.tar": tar,
        "sdist.tar.gz": gzip.compress(tar, mtime=0),
        "sdist.tar.bz2": bz2.compress(tar),
        "sdist.tar.xz": lzma.compress(tar, format=lzma.FORMAT_XZ),
        "sdist-raw.tar.zst": zstd_raw(tar),
        "dot-dot.tar": make_tar([("../../x/./y\\z.py", b"print(1)\n")]),
        # Nested: a wheel inside an sdist, a .conda-like zip of .tar.zst.
        "nested.tar.gz": gzip.compress(make_tar([("evil-1.0/dist/evil.whl", make_zip(wheel))]), mtime=0),
        "conda-like.zip": make_zip([("info-evil.tar.zst", zstd_raw(make_tar(sdist[:1]))),
                                    ("pkg-evil.tar.zst", zstd_raw(make_tar(wheel)))]),
        "gz-not-tar.gz": gzip.compress(b"print('not a tar')\n", mtime=0),
    }
    z = zstd_cli(tar)
    if z:
        seeds["sdist.tar.zst"] = z
    for name, data in seeds.items():
        write("archive", name, data)
    print(f"archive: {len(seeds)} archives")


def seed_metadata():
    n = 0
    for p in fixtures("PKG-INFO", "METADATA", "pyproject.toml", "setup.cfg", ".ipynb"):
        write("metadata", flat(p), p.read_bytes())
        n += 1
    # setup.py: what Hooks::from_files reads for imports, cmdclass, scripts.
    for p in fixtures("setup.py"):
        if "HS105" in str(p) or "HS113" in str(p) or "HS114" in str(p):
            write("metadata", flat(p), p.read_bytes())
            n += 1
    synthetic = {
        "PKG-INFO": b"Metadata-Version: 2.1\nName: evil\nVersion: 1.0\nSummary: x\n\nlong description\n",
        "METADATA": b"Metadata-Version: 2.1\nName: fastx\nVersion: 3.0\nRequires-Dist: requests\n",
        "setup.cfg": b"[metadata]\nname = x\n[options]\ncmdclass =\n    develop = devhooks.Develop\n    install = pkg.commands:Install\n",
        "pyproject-cmdclass.toml": b"[tool.setuptools.cmdclass]\ninstall = \"build_tools.cmds.Install\"\n",
        "pyproject-backend.toml": b"[build-system]\nrequires = []\nbuild-backend = \"hooks.backend:build\"\nbackend-path = [\n    \"_custom_build\",\n]\n",
        # pyproject.toml NUL setup.cfg NUL setup.py, all three at once.
        "all-three": b"[tool.setuptools.cmdclass]\ninstall = \"a.b.C\"\n\0"
                     b"[options]\ncmdclass =\n  x = d.e.F\n\0"
                     b"from setuptools import setup\nfrom pkg.commands import Install\n"
                     b"import subprocess, sys\nsubprocess.call([sys.executable, '-m', 'tools.build'])\n"
                     b"setup(cmdclass={'install': Install})\n",
        "nbformat3.ipynb": b'{"worksheets":[{"cells":[{"cell_type":"code","input":["!ls\\n","%%bash\\n","x=1"]}]}]}',
        "shell-cell.ipynb": b'{"cells":[{"cell_type":"code","source":["%%bash\\n","curl x | sh\\n"]},'
                            b'{"cell_type":"code","source":"import os\\nos.getcwd()?\\n"}]}',
    }
    for name, data in synthetic.items():
        write("metadata", "synthetic-" + name, data)
    print(f"metadata: {n} fixtures + {len(synthetic)} synthetic")


def seed_config():
    """Settings files (first byte: 0 hiss.toml, 1 pyproject.toml): the
    README's example, the cases tests/config.rs writes, and every
    pyproject.toml fixture."""
    readme = (ROOT / "README.md").read_text()
    start = readme.index("```toml\nfail-on")
    example = readme[start + len("```toml\n"):readme.index("```", start + 8)]
    cases = {
        "readme": b"\0" + example.encode(),
        "allow-sha": b"\0[[allow]]\nrule = \"HS101\"\nsha256 = \"" + b"ab" * 32
                     + b"\"\nreason = \"x\"\nexpires = 2020-01-31\n",
        "globs": b"\0include = [\"src\", \"*.py\", \"a/**/b\"]\nexclude = [\"vendor\", \"./x/\", \"/y\"]\n",
        "limits": b"\0[limits]\nfile-timeout = 0.5\nmax-file-size = 10\nmax-parse-memory = 0\n",
        "severity": b"\0fail-on = \"never\"\ndisable = [\"HS214\"]\n[severity]\nHS101 = \"low\"\n",
        "pyproject": b"\1[project]\nname = \"app\"\n\n[tool.hiss]\ndisable = [\"HS101\"]\n"
                     b"[[tool.hiss.allow]]\nrule = \"HS1\"\npath = \"a\"\nreason = \"r\"\n",
    }
    for name, data in cases.items():
        write("config", "synthetic-" + name, data)
    n = 0
    for p in fixtures("pyproject.toml"):
        write("config", flat(p), b"\1" + p.read_bytes())
        n += 1
    print(f"config: {len(cases)} synthetic + {n} pyproject fixtures")


if __name__ == "__main__":
    seed_analyze()
    seed_archive()
    seed_metadata()
    seed_config()
